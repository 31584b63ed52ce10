"""
Resolve references to hocbaso's classes by the names users import them by.

hocbaso defines its classes in private or inner modules
(``hocbaso.model.transcript.PrimaryYear``) and exports them from a few public
packages (``hocbaso.model.PrimaryYear``). The API reference documents each
object once, under its public name, but type annotations in signatures name the
defining module. This extension maps a missing reference to the public name of
the same object, so ``-n`` stays on and still catches genuinely broken links.
"""

from __future__ import annotations

import importlib
from typing import Any

from docutils import nodes
from docutils.nodes import Element
from sphinx.addnodes import pending_xref
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment

__all__ = ["public_aliases", "setup"]

PUBLIC_MODULES = (
    "hocbaso.model",
    "hocbaso.model.rules",
    "hocbaso.xml",
    "hocbaso.validation",
    "hocbaso.errors",
    "hocbaso.pdf",
    "hocbaso.signature",
    "hocbaso.variants",
    "hocbaso.audit",
    "hocbaso.examples",
    "hocbaso.demo",
)
"""The packages whose ``__all__`` is the public API, in order of preference."""


def public_aliases(modules: tuple[str, ...] = PUBLIC_MODULES) -> dict[str, str]:
    """
    Map each exported object's defining name to its public name.

    :param modules: the public packages, most preferred first; an object
        exported by several keeps the first public name.
    :returns: ``{"hocbaso.model.transcript.PrimaryYear": "hocbaso.model.PrimaryYear", …}``.
    """
    aliases: dict[str, str] = {}
    for module_name in modules:
        module = importlib.import_module(module_name)
        for name in getattr(module, "__all__", ()):
            obj = getattr(module, name)
            defining = getattr(obj, "__module__", None)
            qualname = getattr(obj, "__qualname__", None)
            if not isinstance(defining, str) or not isinstance(qualname, str):
                continue
            if not defining.startswith("hocbaso"):
                continue
            aliases.setdefault(f"{defining}.{qualname}", f"{module_name}.{name}")
    return aliases


def short_names(aliases: dict[str, str]) -> dict[str, str]:
    """
    Map each unambiguous short public name to its public dotted name.

    Docstrings say :class:`PassFail` from modules where that name is imported,
    not defined; Sphinx resolves such names only in the current module.

    :param aliases: the result of :func:`public_aliases`.
    :returns: ``{"PassFail": "hocbaso.model.PassFail", …}``; a name exported
        as two different objects (``Signer``) is left out.
    """
    found: dict[str, set[str]] = {}
    for defining, public in aliases.items():
        found.setdefault(public.rpartition(".")[2], set()).add(defining)
    return {
        name: aliases[next(iter(defining))]
        for name, defining in found.items()
        if len(defining) == 1
    }


def _resolve(
    app: Sphinx, env: BuildEnvironment, node: pending_xref, contnode: Element
) -> nodes.reference | None:
    if node.get("refdomain") != "py":
        return None
    target = str(node.get("reftarget", ""))
    aliases: dict[str, str] = app.config.hocbaso_aliases
    public = aliases.get(target)
    if public is None and "." not in target:
        public = short_names(aliases).get(target)
    domain = env.get_domain("py")
    if public is None and not target.startswith("hocbaso."):
        # A short name (``Provenance.to_json``) used in a docstring outside its
        # own module: accept it when exactly one documented object has it.
        matches = [
            name for name, *_ in domain.get_objects() if name.endswith(f".{target}")
        ]
        public = matches[0] if len(matches) == 1 else None
    if public is None:
        return None
    fromdocname = str(node.get("refdoc", env.docname))
    resolved = domain.resolve_xref(
        env, fromdocname, app.builder, str(node["reftype"]), public, node, contnode
    )
    return resolved if isinstance(resolved, nodes.reference) else None


def _fill_aliases(app: Sphinx, config: Any) -> None:
    config.hocbaso_aliases = public_aliases()


def setup(app: Sphinx) -> dict[str, Any]:
    """Register the resolver; called by Sphinx."""
    app.add_config_value("hocbaso_aliases", {}, "env", types=frozenset({dict}))
    app.connect("config-inited", _fill_aliases)
    app.connect("missing-reference", _resolve)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
