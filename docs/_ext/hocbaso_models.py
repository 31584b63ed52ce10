"""
Document hocbaso's pydantic models by their fields, as a reader needs them.

autodoc sees a pydantic model's constructor as ``(*, name: Annotated[str,
AfterValidator(...), StringConstraints(...)], ...)``: validator internals that
say nothing to a user and name pydantic's private classes. For every model
class this extension instead

* shows the constructor as its keyword names (``(*, as_of, province,
  district=None, ...)``),
* appends a *Fields* list to the class docstring: each field's name, its type
  as the model holds it after validation (pydantic's ``FieldInfo.annotation``,
  the constraints stripped), whether it is required, and its docstring;
* leaves the fields out of the member list, where they would appear a second
  time with the raw annotations.
"""

from __future__ import annotations

import types
import typing
from typing import Any

from pydantic import BaseModel
from pydantic_core import PydanticUndefined
from sphinx.application import Sphinx
from sphinx.util.typing import restify

__all__ = ["field_lines", "setup"]


def _is_model(obj: object) -> bool:
    return isinstance(obj, type) and issubclass(obj, BaseModel) and obj is not BaseModel


def _default(value: object) -> str:
    if value is None or isinstance(value, bool | int | str):
        return repr(value)
    if isinstance(value, tuple) and not value:
        return "()"
    return "…"


PUBLIC_ALIASES = (
    "hocbaso.model.Score",
    "hocbaso.model.Mark",
    "hocbaso.model.YearRecord",
)
"""Annotated aliases that are public: shown by name, linked to their entry."""


def _public_aliases() -> dict[int, str]:
    import importlib

    found: dict[int, str] = {}
    for dotted in PUBLIC_ALIASES:
        module, _, name = dotted.rpartition(".")
        found[id(getattr(importlib.import_module(module), name))] = dotted
    return found


def type_rest(annotation: Any) -> str:
    """
    Render a type as reST, without pydantic's validation metadata.

    ``Annotated[str, AfterValidator(...), StringConstraints(...)]`` becomes
    ``str``; a public alias such as :data:`hocbaso.model.Score` is shown by its
    name; unions and generic containers are rendered part by part.

    :param annotation: the type, as pydantic holds it.
    :returns: reST with cross-references.
    """
    alias = _public_aliases().get(id(annotation))
    if alias is not None:
        return f":py:data:`~{alias}`"
    origin = typing.get_origin(annotation)
    args = typing.get_args(annotation)
    if origin is typing.Annotated:
        return type_rest(args[0])
    if origin is typing.Union or origin is types.UnionType:
        return " | ".join(type_rest(arg) for arg in args)
    if origin is not None and args:
        inner = ", ".join("…" if arg is Ellipsis else type_rest(arg) for arg in args)
        return f"{restify(origin, mode='smart')}\\ [{inner}]"
    if annotation is type(None):
        return "``None``"
    return restify(annotation, mode="smart")


def _unaliased(alias: Any) -> str:
    if typing.get_origin(alias) is typing.Annotated:
        return type_rest(typing.get_args(alias)[0])
    args = typing.get_args(alias)
    return " | ".join(type_rest(arg) for arg in args) if args else type_rest(alias)


def _is_builtin_doc(obj: object, lines: list[str]) -> bool:
    # A constant re-exported by a package has no attribute docstring there, so
    # autodoc falls back to its type's docstring (``int([x]) -> integer`` …).
    doc = (type(obj).__doc__ or "").strip()
    return bool(doc) and bool(lines) and doc.startswith(lines[0].strip())


def _attribute_doc(name: str, obj: object) -> list[str]:
    """Find the docstring of ``name`` in the hocbaso module that defines it."""
    import sys

    from sphinx.pycode import ModuleAnalyzer

    attr = name.rpartition(".")[2]
    for module_name, module in sorted(sys.modules.items()):
        if (
            not module_name.startswith("hocbaso.")
            or getattr(module, attr, None) is not obj
        ):
            continue
        try:
            docs = ModuleAnalyzer.for_module(module_name).find_attr_docs()
        except Exception:  # noqa: BLE001  (a compiled or odd module: look further)
            continue
        found = docs.get(("", attr))
        if found:
            return list(found)
    return []


def field_lines(model: type[BaseModel]) -> list[str]:
    """
    Return reST describing each field of ``model``.

    :param model: a pydantic model class.
    :returns: lines of a ``Fields`` rubric and a definition list, empty when the
        model has no fields.
    """
    fields = model.model_fields
    if not fields:
        return []
    lines = ["", ".. rubric:: Fields", ""]
    for name, info in fields.items():
        kind = type_rest(info.annotation)
        if info.is_required():
            presence = "required"
        elif info.default is PydanticUndefined:
            presence = "optional"
        else:
            presence = f"default ``{_default(info.default)}``"
        lines.append(f"``{name}`` ({kind}; {presence})")
        description = (info.description or "").strip()
        for text in description.splitlines() or ["—"]:
            lines.append(f"   {text.strip()}" if text.strip() else "")
        lines.append("")
    return lines


def strip_annotated(text: str) -> str:
    """
    Replace every ``Annotated[T, metadata…]`` in a rendered signature by ``T``.

    Public aliases are named first (``hocbaso.model.Score``), so only private
    constraint aliases lose their name; their constraints are in the docstrings.

    :param text: a signature or annotation as autodoc rendered it.
    :returns: the text without ``Annotated`` wrappers.
    """
    for rendered, dotted in _rendered_aliases():
        text = text.replace(rendered, dotted)
    while (start := text.find("Annotated[")) >= 0:
        prefix = start
        while prefix > 0 and (text[prefix - 1].isalnum() or text[prefix - 1] in "._~"):
            prefix -= 1
        depth, index, first_end = 0, start + len("Annotated["), -1
        while index < len(text):
            char = text[index]
            if char in "[(":
                depth += 1
            elif char in "])":
                if depth == 0:
                    break
                depth -= 1
            elif char == "," and depth == 0 and first_end < 0:
                first_end = index
            index += 1
        inner = text[start + len("Annotated[") : first_end if first_end >= 0 else index]
        text = text[:prefix] + inner.strip() + text[index + 1 :]
    return text


def _rendered_aliases() -> list[tuple[str, str]]:
    import importlib

    from sphinx.util.typing import stringify_annotation

    pairs: list[tuple[str, str]] = []
    for dotted in PUBLIC_ALIASES:
        module, _, name = dotted.rpartition(".")
        alias = getattr(importlib.import_module(module), name)
        for mode in ("fully-qualified-except-typing", "smart", "fully-qualified"):
            pairs.append((stringify_annotation(alias, mode), dotted))
    return pairs


def _signature(
    app: Sphinx,
    what: str,
    name: str,
    obj: object,
    options: Any,
    signature: str | None,
    return_annotation: str | None,
) -> tuple[str | None, str | None] | None:
    if what != "class" or not _is_model(obj):
        if signature is None and return_annotation is None:
            return None
        return (
            strip_annotated(signature) if signature else signature,
            strip_annotated(return_annotation)
            if return_annotation
            else return_annotation,
        )
    assert isinstance(obj, type) and issubclass(obj, BaseModel)
    parts = ["*"]
    for field, info in obj.model_fields.items():
        parts.append(field if info.is_required() else f"{field}=…")
    return f"({', '.join(parts)})", None


def _docstring(
    app: Sphinx, what: str, name: str, obj: object, options: Any, lines: list[str]
) -> None:
    if what == "class" and _is_model(obj):
        assert isinstance(obj, type) and issubclass(obj, BaseModel)
        lines.extend(field_lines(obj))
    elif what == "data" and _is_builtin_doc(obj, lines):
        lines[:] = _attribute_doc(name, obj)
    elif what == "data" and id(obj) in _public_aliases():
        # autodoc's "alias of Annotated[…]" repeats the validator internals;
        # say what the alias stands for, without them.
        kept = [line for line in lines if not line.startswith("alias of ")]
        lines[:] = [*kept, "", f"Stands for {_unaliased(obj)}."]


def _field_names(app: Sphinx) -> set[str]:
    names: set[str] = app.config.hocbaso_model_fields
    return names


def _skip(
    app: Sphinx, what: str, name: str, obj: object, skip: bool, options: Any
) -> bool | None:
    # Annotation-only members (autodoc's INSTANCE_ATTR sentinel) that are
    # pydantic fields are documented in the Fields list instead.
    if what == "class" and repr(obj) == "INSTANCE_ATTR" and name in _field_names(app):
        return True
    return None


def _collect(app: Sphinx, config: Any) -> None:
    # Runs after hocbaso_refs has listed the public names (priority 600 > 500).
    import importlib

    names: set[str] = set()
    for public in config.hocbaso_aliases.values():
        module_name, _, export = str(public).rpartition(".")
        obj = getattr(importlib.import_module(module_name), export)
        if _is_model(obj):
            names.update(obj.model_fields)
    config.hocbaso_model_fields = names


def setup(app: Sphinx) -> dict[str, Any]:
    """Register the model handlers; called by Sphinx."""
    app.add_config_value("hocbaso_model_fields", set(), "env", types=frozenset({set}))
    app.connect("config-inited", _collect, priority=600)
    app.connect("autodoc-process-signature", _signature)
    app.connect("autodoc-process-docstring", _docstring)
    app.connect("autodoc-skip-member", _skip)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
