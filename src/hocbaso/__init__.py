"""
hocbaso: Vietnam's digital school transcripts (học bạ số) in one typed core.

The model lives in :mod:`hocbaso.model`, the evaluation rules in
:mod:`hocbaso.model.rules`, the canonical XML in :mod:`hocbaso.xml`.
"""

from hocbaso._version import __version__

__all__ = ["__version__"]
