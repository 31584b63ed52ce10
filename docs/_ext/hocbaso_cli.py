"""
The command-line reference, generated from the click commands themselves.

``.. click-commands:: hocbaso.cli.main:cli`` writes one section per command
with the exact text of ``hocbaso COMMAND --help``, so the page always says what
the installed command says. (sphinx-click would do the same with one more
dependency; this is all hocbaso needs.)
"""

from __future__ import annotations

import importlib
from typing import Any

import click
from docutils import nodes
from docutils.statemachine import StringList
from sphinx.application import Sphinx
from sphinx.util.docutils import SphinxDirective
from sphinx.util.nodes import nested_parse_with_titles

__all__ = ["ClickCommands", "command_help", "setup"]

WIDTH = 88


def _load(spec: str) -> click.Group:
    module_name, _, attribute = spec.partition(":")
    group = getattr(importlib.import_module(module_name), attribute)
    if not isinstance(group, click.Group):
        raise TypeError(f"{spec} is not a click group.")
    return group


def command_help(group: click.Group, prog: str) -> dict[str, str]:
    """
    Return the ``--help`` text of the group and of each of its commands.

    :param group: the click group.
    :param prog: the program name shown in the usage lines.
    :returns: ``{"": group help, "validate": its help, …}``, commands sorted.
    """
    settings = {
        **group.context_settings,
        "terminal_width": WIDTH,
        "max_content_width": WIDTH,
    }
    root = click.Context(group, info_name=prog, **settings)
    texts = {"": group.get_help(root)}
    for name in sorted(group.list_commands(root)):
        command = group.get_command(root, name)
        if command is None or command.hidden:
            continue
        context = click.Context(
            command,
            info_name=name,
            parent=root,
            terminal_width=WIDTH,
            max_content_width=WIDTH,
        )
        texts[name] = command.get_help(context)
    return texts


class ClickCommands(SphinxDirective):
    """``.. click-commands:: module:group``: a section per command."""

    required_arguments = 1
    option_spec = {"prog": str}  # noqa: RUF012  (docutils' own class attribute)

    def run(self) -> list[nodes.Node]:
        """Render each command's help as a titled literal block."""
        prog = str(self.options.get("prog", "hocbaso"))
        texts = command_help(_load(self.arguments[0]), prog)
        lines: list[str] = []
        for name, text in texts.items():
            title = f"{prog} {name}".strip()
            lines += [
                f".. _cli-{name or prog}:",
                "",
                f"``{title}``",
                "~" * (len(title) + 4),
                "",
            ]
            lines += ["::", ""] + [
                f"   {line}" if line else "" for line in text.splitlines()
            ]
            lines.append("")
        container = nodes.section()
        container.document = self.state.document
        nested_parse_with_titles(
            self.state, StringList(lines, source="click"), container
        )
        return list(container.children)


def setup(app: Sphinx) -> dict[str, Any]:
    """Register the directive; called by Sphinx."""
    app.add_directive("click-commands", ClickCommands)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
