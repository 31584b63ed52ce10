"""The ``hocbaso`` command. Library modules never import this package."""
