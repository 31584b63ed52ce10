"""
Sphinx configuration for the hocbaso documentation.

Build the site with warnings as errors and every reference checked::

    python -m sphinx -W -n -b html docs docs/_build/html
    python -m sphinx -W -n -b doctest docs docs/_build/doctest

Nothing is fetched while building: intersphinx is off, so references to types
outside hocbaso cannot resolve; the few that appear are listed one by one in
``nitpick_ignore`` below, with the reason.
"""

from __future__ import annotations

import sys
from pathlib import Path

DOCS = Path(__file__).resolve().parent
ROOT = DOCS.parent
sys.path.insert(0, str(DOCS / "_ext"))

from hocbaso import __version__  # noqa: E402  (after the path set-up above)

project = "hocbaso"
author = "the hocbaso authors"
copyright = "2025–2026, the hocbaso authors"
version = release = __version__
language = "en"

extensions = [
    "sphinx.ext.autodoc",
    "sphinx.ext.doctest",
    "myst_parser",
    "hocbaso_refs",
    "hocbaso_models",
    "hocbaso_xsd",
    "hocbaso_cli",
]

source_suffix = {".rst": "restructuredtext", ".md": "markdown"}
root_doc = "index"
exclude_patterns = ["_build", "Thumbs.db", ".DS_Store"]
templates_path: list[str] = []

# MyST: the hand-written pages use GitHub-style tables and fenced code; headings
# down to level 3 get anchors so pages can link to each other's sections.
myst_enable_extensions = ["colon_fence", "deflist"]
myst_heading_anchors = 3

# autodoc: the API reference is a curated list (api.rst); docstrings are reST
# field lists, so no napoleon. Signatures show the types; the descriptions stay
# in the docstrings.
autodoc_member_order = "bysource"
autodoc_typehints = "signature"
autodoc_typehints_format = "short"
autodoc_preserve_defaults = True
autodoc_inherit_docstrings = True
autodoc_default_options = {
    "exclude-members": "model_config, model_fields, model_computed_fields"
}

# Doctests: every guide example runs; the transcripts are built once per page.
doctest_global_setup = """
import datetime as dt
from decimal import Decimal
"""
doctest_test_doctest_blocks = "default"

# -n: every cross-reference must resolve. Offline there is no intersphinx, so
# the types below (outside hocbaso) cannot resolve; each is listed by name.
nitpicky = True
nitpick_ignore: list[tuple[str, str]] = [
    # The standard library (docs.python.org's inventory is not fetched).
    ("py:class", "datetime.date"),
    ("py:class", "datetime.datetime"),
    ("py:class", "datetime.timedelta"),
    ("py:class", "decimal.Decimal"),
    ("py:class", "pathlib.Path"),
    ("py:class", "os.PathLike"),
    ("py:class", "collections.Counter"),
    ("py:class", "collections.abc.Callable"),
    ("py:class", "collections.abc.Iterable"),
    ("py:class", "collections.abc.Iterator"),
    ("py:class", "collections.abc.Generator"),
    ("py:class", "collections.abc.Mapping"),
    ("py:class", "collections.abc.Sequence"),
    # Third-party types in hocbaso's signatures (no inventories offline).
    ("py:class", "pydantic.main.BaseModel"),
    ("py:class", "lxml.etree.XMLSchema"),
    ("py:class", "lxml.etree._Element"),
    ("py:class", "pypdf._reader.PdfReader"),
    ("py:class", "cryptography.hazmat.bindings._rust.x509.Certificate"),
    ("py:class", "cryptography.hazmat.bindings._rust.x509.CertificateRevocationList"),
    ("py:class", "pyhanko.sign.timestamps.api.TimeStamper"),
    # A private module named with :mod: in hocbaso.signature.pdf_verify's
    # docstring; private modules are not documented. Drop this entry when the
    # docstring names it as ``hocbaso.signature._chain`` (plain literal).
    ("py:mod", "hocbaso.signature._chain"),
    # The TEST-ONLY demonstration PKI's fields: a private key-and-certificate
    # pair, and the signer the signatures guide documents (PrivateKeySigner).
    ("py:class", "hocbaso.demo._pki._Issued"),
    ("py:class", "hocbaso.signature.pkcs12.PrivateKeySigner"),
]

# Illustrative snippets in the hand-written pages elide parts with "…", which
# Pygments cannot lex as XML or JSON; they are then shown unhighlighted, which
# is what a reader needs. Nothing else is suppressed.
suppress_warnings = ["misc.highlighting_failure"]

html_theme = "alabaster"
html_title = f"hocbaso {release}"
html_static_path: list[str] = []
html_theme_options = {
    "description": "Vietnam's digital school transcripts (học bạ số) in Python",
    "fixed_sidebar": True,
}
