"""
Drawing the planned pages with reportlab.

Each :class:`~hocbaso.pdf._layout.Page` becomes one A4 page. Its blocks become
platypus paragraphs and tables, shrunk to fit the page if a long comment would
overflow, so the page plan never depends on the length of the text. Every
printed value is drawn inside a marked-content sequence::

    /Span <</HBPage (year[2020-2021].1) /HBPath (years[2020-2021].result)>> BDC
      ... the text of the value ...
    EMC

which is how the agreement check finds each value again without guessing from
the layout (ISO 32000-1 §14.6: marked content with a property list).
"""

# reportlab ships no type information; the project's mypy configuration should
# list it under ignore_missing_imports, after which this line can go.

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import Any
from xml.sax.saxutils import escape

from reportlab.lib.enums import TA_CENTER, TA_LEFT, TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import getAscentDescent, stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    Flowable,
    KeepInFrame,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

from hocbaso.pdf._fonts import BOLD, REGULAR, register_fonts
from hocbaso.pdf._layout import Cell, Field, Grid, Heading, Inline, Page, Stack
from hocbaso.pdf._sign_off import SIGN_OFF_GAP, SIGN_OFF_PAGE, SIGN_OFF_TOP

__all__ = ["PAGE_SIZE", "draw_pages", "marked_content_start"]

logger = logging.getLogger(__name__)

PAGE_SIZE = A4
"""Every page is A4 portrait."""

_MARGIN = 18 * mm
_FOOTER = 10 * mm
_WIDTH = PAGE_SIZE[0] - 2 * _MARGIN
_HEIGHT = PAGE_SIZE[1] - 2 * _MARGIN - _FOOTER
_ALIGN = {"left": TA_LEFT, "center": TA_CENTER, "right": TA_RIGHT}


def _style(name: str, font: str, size: float, align: str = "left") -> ParagraphStyle:
    return ParagraphStyle(
        name, fontName=font, fontSize=size, leading=size * 1.25, alignment=_ALIGN[align]
    )


_LABEL = _style("label", REGULAR, 10)
_VALUE = {a: _style(f"value-{a}", BOLD, 10, a) for a in _ALIGN}
_CELL = _style("cell", REGULAR, 9.5)
_HEADER = _style("header", BOLD, 9, "center")
_LABELS = {a: _style(f"label-{a}", REGULAR, 10, a) for a in _ALIGN}
_HEADINGS = {
    "cover": _style("cover", BOLD, 40, "center"),
    "title": _style("title", BOLD, 15, "center"),
    "subtitle": _style("subtitle", BOLD, 12, "center"),
    "section": _style("section", BOLD, 11),
    "subsection": _style("subsection", BOLD, 10),
    "note": _style("note", REGULAR, 8.5),
}


def marked_content_start(page_key: str, path: str) -> str:
    """
    Return the ``BDC`` operator that opens the marked content of one value.

    :param page_key: the key of the page in the plan.
    :param path: the model path of the value.
    :returns: the content-stream text.
    """
    return f"/Span <</HBPage ({_pdf_text(page_key)}) /HBPath ({_pdf_text(path)})>> BDC"


def _pdf_text(value: str) -> str:
    return value.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")


class _Text(Flowable):  # type: ignore[misc]  # reportlab's classes are untyped
    """
    Plain text in one style: one line when it fits, else a wrapped paragraph.

    Almost every cell of the form (a mark, a label, a date) fits on one line,
    and measuring and drawing it directly costs a fraction of what reportlab's
    Paragraph does (markup parsing, line breaking, fragment drawing), which the
    longer texts still get.  The line is drawn where the paragraph would draw
    it, with the paragraph's whitespace rules (runs of spaces become one).
    """

    def __init__(self, text: str, style: ParagraphStyle) -> None:
        super().__init__()
        self.text = " ".join(text.split())
        self.style = style
        self.line_width = stringWidth(self.text, style.fontName, style.fontSize)
        self.paragraph: Paragraph | None = None
        self.wrapped: Paragraph | None = None

    def wrap(
        self, available_width: float, available_height: float
    ) -> tuple[float, float]:
        if self.line_width <= available_width:
            self.wrapped = None
            lines = 1 if self.text else 0
            self.width, self.height = available_width, lines * self.style.leading
            return self.width, self.height
        if self.paragraph is None:
            self.paragraph = Paragraph(escape(self.text), self.style)
        self.wrapped = self.paragraph
        self.width, self.height = self.paragraph.wrap(available_width, available_height)
        return self.width, self.height

    def draw(self) -> None:
        if self.wrapped is not None:
            self.wrapped.drawOn(self.canv, 0, 0)
            return
        if not self.text:
            return
        style = self.style
        ascent, _ = getAscentDescent(style.fontName, style.fontSize)
        baseline = self.height - ascent
        self.canv.setFont(style.fontName, style.fontSize)
        if style.alignment == TA_CENTER:
            self.canv.drawCentredString(self.width / 2, baseline, self.text)
        elif style.alignment == TA_RIGHT:
            self.canv.drawRightString(self.width, baseline, self.text)
        else:
            self.canv.drawString(0, baseline, self.text)


class _Marked(Flowable):  # type: ignore[misc]  # reportlab's classes are untyped
    """A flowable drawn inside one marked-content sequence."""

    def __init__(self, inner: Flowable, opening: str) -> None:
        super().__init__()
        self.inner = inner
        self.opening = opening

    def wrap(
        self, available_width: float, available_height: float
    ) -> tuple[float, float]:
        self.width, self.height = self.inner.wrap(available_width, available_height)
        return self.width, self.height

    def draw(self) -> None:
        self.canv.addLiteral(self.opening)
        self.inner.drawOn(self.canv, 0, 0)
        self.canv.addLiteral("EMC")


def _inline_font(opening: str | None) -> str:
    return REGULAR if opening is None else BOLD


class _Inline(Flowable):  # type: ignore[misc]  # reportlab's classes are untyped
    """Form text and values on one line, each value in its marked content."""

    def __init__(self, parts: Sequence[tuple[str, str | None]], align: str) -> None:
        super().__init__()
        self.parts = parts
        self.align = align
        self.widths = [
            stringWidth(text, _inline_font(opening), 10) for text, opening in parts
        ]

    def wrap(
        self, available_width: float, available_height: float
    ) -> tuple[float, float]:
        self.available = available_width
        self.width, self.height = available_width, 12.5
        return self.width, self.height

    def draw(self) -> None:
        x = {"left": 0.0, "right": self.available - sum(self.widths)}.get(
            self.align, (self.available - sum(self.widths)) / 2
        )
        for (text, opening), width in zip(self.parts, self.widths, strict=True):
            self.canv.setFont(_inline_font(opening), 10)
            if opening:
                self.canv.addLiteral(opening)
            self.canv.drawString(x, 3, text)
            if opening:
                self.canv.addLiteral("EMC")
            x += width


class _Context:
    """What converting one page needs: its key and whether to mark values."""

    def __init__(self, page: Page, *, marked: bool) -> None:
        self.page = page
        self.marked = marked

    def value(self, printed: Field, align: str) -> Flowable:
        text = _Text(printed.text, _VALUE[align])
        if not self.marked:
            return text
        return _Marked(text, marked_content_start(self.page.key, printed.path))

    def inline(self, line: Inline, align: str) -> Flowable:
        parts = [
            (
                part.text,
                marked_content_start(self.page.key, part.path) if self.marked else "",
            )
            if isinstance(part, Field)
            else (part, None)
            for part in line.parts
        ]
        return _Inline(parts, align)


def _cell(cell: Cell, context: _Context, *, header: bool, align: str) -> Any:
    if cell is None:
        return ""
    if isinstance(cell, Field):
        return context.value(cell, align)
    if isinstance(cell, Stack):
        return [
            context.inline(line, cell.align)
            if isinstance(line, Inline)
            else _cell(line, context, header=header, align=cell.align)
            for line in cell.lines
        ]
    style = _HEADER if header else (_CELL if align == "left" else _VALUE[align])
    if not header and align != "left":
        style = _LABELS[align]
    return _Text(cell, style)


def _auto_widths(grid: Grid) -> list[float]:
    columns = len(grid.rows[0])
    labels = [
        max(stringWidth(str(row[i] or ""), REGULAR, 10) + 8 for row in grid.rows)
        for i in range(0, columns, 2)
    ]
    rest = max(_WIDTH - sum(labels), _WIDTH * 0.2) / max(columns // 2, 1)
    return [labels[i // 2] if i % 2 == 0 else rest for i in range(columns)]


def _widths(grid: Grid) -> list[float]:
    if not grid.widths:
        return _auto_widths(grid)
    total = sum(grid.widths)
    return [_WIDTH * w / total for w in grid.widths]


def _table_style(grid: Grid) -> TableStyle:
    commands: list[tuple[Any, ...]] = [
        # Empty cells are drawn with the table's own font: keep it embedded.
        ("FONTNAME", (0, 0), (-1, -1), REGULAR),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE" if grid.ruled else "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), 3 if grid.ruled else 0),
        ("RIGHTPADDING", (0, 0), (-1, -1), 3 if grid.ruled else 2),
        ("TOPPADDING", (0, 0), (-1, -1), 2 if grid.ruled else 1),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 3 if grid.ruled else 1),
    ]
    if grid.ruled:
        commands.append(("GRID", (0, 0), (-1, -1), 0.5, (0, 0, 0)))
    if grid.header_rows:
        commands.append(
            ("BACKGROUND", (0, 0), (-1, grid.header_rows - 1), (0.93, 0.93, 0.93))
        )
    commands += [("SPAN", (c0, r0), (c1, r1)) for c0, r0, c1, r1 in grid.spans]
    return TableStyle(commands)


def _grid(grid: Grid, context: _Context) -> Table:
    data = []
    for index, row in enumerate(grid.rows):
        header = index < grid.header_rows
        data.append(
            [
                _cell(
                    cell,
                    context,
                    header=header,
                    align="center" if column in grid.centred_columns else "left",
                )
                for column, cell in enumerate(row)
            ]
        )
    table = Table(data, colWidths=_widths(grid), hAlign="LEFT")
    table.setStyle(_table_style(grid))
    return table


def _heading(heading: Heading) -> Flowable:
    if heading.size == "gap":
        return Spacer(1, 14)
    style = _HEADINGS[heading.size]
    if heading.align != "left" and style.alignment != _ALIGN[heading.align]:
        style = _style(
            f"{heading.size}-{heading.align}",
            style.fontName,
            style.fontSize,
            heading.align,
        )
    return Paragraph(
        escape(heading.text),
        style,
    )


def _flowables(page: Page, context: _Context) -> list[Flowable]:
    story: list[Flowable] = []
    for block in page.blocks:
        story.append(
            _heading(block) if isinstance(block, Heading) else _grid(block, context)
        )
        story.append(Spacer(1, 4))
    return story


def _draw_footer(canvas: Canvas, page: Page, *, marked: bool) -> None:
    canvas.setFont(REGULAR, 8)
    canvas.setStrokeColorRGB(0.5, 0.5, 0.5)
    canvas.line(_MARGIN, _MARGIN + 4 * mm, PAGE_SIZE[0] - _MARGIN, _MARGIN + 4 * mm)
    canvas.drawString(_MARGIN, _MARGIN, page.footer)
    printed = page.footer_field
    if marked:
        canvas.addLiteral(marked_content_start(page.key, printed.path))
    canvas.drawRightString(PAGE_SIZE[0] - _MARGIN, _MARGIN, printed.text)
    if marked:
        canvas.addLiteral("EMC")


def _room(index: int) -> float:
    # The identity page keeps its foot free for the PDF signature blocks.
    # TODO(identity-overflow): a page whose content is taller than its room is
    # shrunk to fit (KeepInFrame), so many transfers make small print on the
    # identity page; flowing the rest onto a continuation page would fix it,
    # with the page plan, the page keys and the sign-off page following.
    if index != SIGN_OFF_PAGE:
        return float(_HEIGHT)
    return float(PAGE_SIZE[1] - _MARGIN - SIGN_OFF_TOP - SIGN_OFF_GAP)


def _draw_page(canvas: Canvas, page: Page, room: float, *, marked: bool) -> None:
    context = _Context(page, marked=marked)
    frame = KeepInFrame(_WIDTH, room, _flowables(page, context), mode="shrink")
    _, height = frame.wrapOn(canvas, _WIDTH, room)
    frame.drawOn(canvas, _MARGIN, PAGE_SIZE[1] - _MARGIN - height)
    _draw_footer(canvas, page, marked=marked)


def draw_pages(canvas: Canvas, pages: list[Page], *, marked: bool = True) -> None:
    """
    Draw every page of the plan on ``canvas``, one PDF page each.

    :param canvas: a reportlab canvas of :data:`PAGE_SIZE`.
    :param pages: the plan from :func:`~hocbaso.pdf._layout.plan_pages`.
    :param marked: wrap each value in marked content; only the benchmark of the
        bare engine turns this off.
    """
    register_fonts()
    for index, page in enumerate(pages):
        _draw_page(canvas, page, _room(index), marked=marked)
        canvas.showPage()
    logger.debug("Drew %d pages", len(pages))
