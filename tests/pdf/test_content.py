"""The content reader: the one-pass scanner reads what the complete tokenizer reads."""

from __future__ import annotations

import io

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pypdf import PageObject, PdfReader
from pypdf.generic import DecodedStreamObject, DictionaryObject, NameObject

from hocbaso.pdf._content import (
    MarkedValue,
    _Fonts,
    iter_marked_values,
    iter_text_heights,
    read_marked_values,
)
from tests.pdf._helpers import Rendered

_LATIN_1 = (
    b"/CIDInit /ProcSet findresource begin 12 dict begin begincmap\n"
    b"1 begincodespacerange <00> <FF> endcodespacerange\n"
    b"1 beginbfrange <00> <FF> <0000> endbfrange\n"
    b"endcmap CMapName currentdict /CMap defineresource pop end end"
)


def _page() -> PageObject:
    """Return a blank page whose font ``/F1`` maps every code to Latin-1."""
    page = PageObject.create_blank_page(width=100, height=100)
    cmap = DecodedStreamObject()
    cmap.set_data(_LATIN_1)
    font = DictionaryObject(
        {
            NameObject("/Type"): NameObject("/Font"),
            NameObject("/Subtype"): NameObject("/Type1"),
            NameObject("/ToUnicode"): cmap,
        }
    )
    fonts = DictionaryObject({NameObject("/F1"): font})
    page[NameObject("/Resources")] = DictionaryObject({NameObject("/Font"): fonts})
    return page


def _read(data: bytes) -> tuple[list[MarkedValue], list[MarkedValue]]:
    """Read ``data`` with the scanner and with the tokenizer."""
    page = _page()
    fast = read_marked_values(data, _Fonts(page, {}))
    slow = read_marked_values(data, _Fonts(page, {}), tokenize=True)
    return fast, slow


def _texts(data: bytes) -> list[tuple[str, str]]:
    fast, slow = _read(data)
    assert fast == slow
    return [(value.path, value.text) for value in fast]


def _mark(path: str, body: bytes, key: str = "identity") -> bytes:
    return (
        f"/Span <</HBPage ({key}) /HBPath ({path})>> BDC\n".encode() + body + b"\nEMC\n"
    )


def test_plain_value_is_read() -> None:
    data = b"BT /F1 10 Tf " + _mark("a", b"(Hello) Tj") + b"ET"

    assert _texts(data) == [("a", "Hello")]


@pytest.mark.parametrize(
    ("shown", "text"),
    [
        (rb"(a\(b\)c) Tj", "a(b)c"),
        (rb"(back\\slash) Tj", "back\\slash"),
        (rb"(\101\102\103) Tj", "ABC"),
        (rb"(\0053) Tj", "\x053"),
        (b"(line\\\ncontinued) Tj", "linecontinued"),
        (b"(line\\\r\ncontinued) Tj", "linecontinued"),
        (rb"(\q) Tj", "q"),
        (b"(a\r\nb) Tj", "a\nb"),
        (b"(a(nested)b) Tj", "a(nested)b"),
        (b"<48 65 6C6C 6F> Tj", "Hello"),
        (b"<486> Tj", "H`"),
        (b"[(He) -120 (l) 20 <6C6F>] TJ", "Hello"),
        (b"[(a(b)c)] TJ", "a(b)c"),
        (b"(one) Tj T* (two) Tj", "one two"),
        (b"(one) Tj (two) '", "one two"),
        (b'(one) Tj 1 2 (two) "', "one two"),
        (b"(one) Tj 0 -12 Td (two) Tj", "one two"),
        (b"(EMC BDC) Tj", "EMC BDC"),
        (b"% a comment with (a parenthesis\n(x) Tj", "x"),
    ],
)
def test_strings_and_text_operators(shown: bytes, text: str) -> None:
    data = b"BT /F1 10 Tf " + _mark("v", shown) + b"ET"

    assert _texts(data) == [("v", text)]


def test_nested_marked_content() -> None:
    inner = _mark("inner", b"(in) Tj")
    artifact = b"/Artifact BMC (hidden) Tj EMC "
    data = b"BT /F1 9 Tf " + _mark("outer", b"(out) Tj " + artifact + inner) + b"ET"

    assert _texts(data) == [("inner", "in"), ("outer", "out")]


def test_marks_in_any_form_are_read() -> None:
    data = (
        b"BT /F1 9 Tf /P<</HBPath(b)/HBPage(p)>>BDC (x) Tj EMC "
        b"/Span <</HBPath <6320> /MCID 3>> BDC (y) Tj EMC "
        b"/Span /Props1 BDC (z) Tj EMC ET"
    )

    fast, _ = _read(data)

    assert [(v.page_key, v.path, v.text) for v in fast] == [
        ("p", "b", "x"),
        ("", "c ", "y"),
    ]


def test_mark_inside_a_string_is_not_a_mark() -> None:
    decoy = b"(/Span <</HBPage (identity) /HBPath (fake)>> BDC) Tj"
    data = b"BT /F1 9 Tf " + decoy + b" " + _mark("real", b"(r) Tj") + b"ET"

    assert _texts(data) == [("real", "r")]


def test_inline_image_data_is_stepped_over() -> None:
    image = b"BI /W 2 /H 1 /BPC 8 /CS /G ID \x28EMC\x29 EI\n"
    data = b"BT /F1 9 Tf " + _mark("v", b"(a) Tj ET " + image + b"BT (b) Tj") + b"ET"

    assert _texts(data) == [("v", "ab")]


def test_unclosed_mark_ends_with_the_page() -> None:
    data = b"BT /F1 9 Tf /Span <</HBPath (v)>> BDC (open) Tj ET"

    assert _texts(data) == [("v", "open")]


def test_property_list_with_nested_dictionary_goes_to_the_tokenizer() -> None:
    data = b"BT /F1 9 Tf /Span <</HBPath (v) /X <</Y 1>>>> BDC (t) Tj EMC ET"

    assert _texts(data) == [("v", "t")]


def _cmap(entries: bytes) -> DecodedStreamObject:
    cmap = DecodedStreamObject()
    cmap.set_data(b"begincmap\n1 beginbfchar\n" + entries + b"\nendbfchar\nendcmap")
    return cmap


def _font(subtype: str, cmap: DecodedStreamObject | None) -> DictionaryObject:
    font = DictionaryObject({NameObject("/Subtype"): NameObject(subtype)})
    if cmap is not None:
        font[NameObject("/ToUnicode")] = cmap
    return font


def _fonts_page() -> PageObject:
    """Return a page with a partial one-byte font, a two-byte font and a bare one."""
    page = _page()
    resources = page["/Resources"]
    assert isinstance(resources, DictionaryObject)
    fonts = resources["/Font"]
    assert isinstance(fonts, DictionaryObject)
    fonts[NameObject("/Part")] = _font(
        "/TrueType", _cmap(b"<41> <0041>\n<66> <00660069>")
    )
    fonts[NameObject("/Wide")] = _font("/Type0", _cmap(b"<0041> <1EA0>"))
    fonts[NameObject("/Bare")] = _font("/Type1", None)
    return page


@pytest.mark.parametrize(
    ("shown", "text"),
    [
        (b"/Part 9 Tf (Af) Tj", "Afi"),
        (b"/Part 9 Tf (AB) Tj", "A\ufffd"),
        (b"/Part 9 Tf <41FF00> Tj", "A\ufffd\ufffd"),
        (b"/Wide 9 Tf <00410042> Tj", "\u1ea0\ufffd"),
        (b"/Wide 9 Tf <004100> Tj", "\u1ea0\ufffd"),
        (b"/Wide 9 Tf [<0041> -20 (\000A)] TJ", "\u1ea0\u1ea0"),
        (b"/Bare 9 Tf (AB) Tj", "\ufffd\ufffd"),
        (b"/Missing 9 Tf (A) Tj", "\ufffd"),
        (b"/Part 9 Tf (A) Tj /Wide 9 Tf <0041> Tj /F1 9 Tf (\351) Tj", "A\u1ea0\xe9"),
    ],
)
def test_text_is_decoded_with_each_fonts_table(shown: bytes, text: str) -> None:
    page = _fonts_page()
    data = b"BT " + _mark("v", shown) + b" ET"

    fast = read_marked_values(data, _Fonts(page, {}))
    slow = read_marked_values(data, _Fonts(page, {}), tokenize=True)

    assert fast == slow == [MarkedValue("identity", "v", text)]


def test_font_chosen_outside_a_value_decodes_it() -> None:
    data = b"BT /Wide 9 Tf (label) Tj " + _mark("v", b"<0041> Tj") + b" ET"

    fast, slow = (
        read_marked_values(data, _Fonts(_fonts_page(), {}), tokenize=tokenize)
        for tokenize in (False, True)
    )

    assert fast == slow == [MarkedValue("identity", "v", "\u1ea0")]


_PIECES = st.sampled_from(
    [
        b"(plain) Tj ",
        rb"(esc\(aped\)\\ \101) Tj ",
        b"(nest(ed)) Tj ",
        b"<48 49> Tj ",
        b"[(a) -20 <62> 3 (c)] TJ ",
        b"(q) ' ",
        b'1 2 (dq) " ',
        b"T* ",
        b"0 -10 Td ",
        b"/F1 8 Tf ",
        b"/Artifact BMC ",
        b"/Span <</HBPage (k) /HBPath (p)>> BDC ",
        b"/Span <</HBPath (other)>> BDC ",
        b"EMC ",
        b"q 1 0 0 1 5 5 cm Q ",
        b"% comment (\n",
        b"(EMC) Tj ",
    ]
)


@settings(max_examples=200, deadline=None)
@given(st.lists(_PIECES, max_size=30))
def test_scanner_and_tokenizer_agree(pieces: list[bytes]) -> None:
    data = b"BT /F1 10 Tf " + b"".join(pieces) + b"ET"

    fast, slow = _read(data)

    assert fast == slow


def test_rendered_pdf_reads_the_same_both_ways(primary: Rendered) -> None:
    reader = PdfReader(io.BytesIO(primary.pdf))
    for page in reader.pages:
        contents = page.get_contents()
        assert contents is not None
        data = contents.get_data()
        fast = read_marked_values(data, _Fonts(page, {}))
        slow = read_marked_values(data, _Fonts(page, {}), tokenize=True)
        assert fast == slow
        assert fast == list(iter_marked_values(page))


def test_text_heights_are_those_pypdf_extracts(rendered: Rendered) -> None:
    reader = PdfReader(io.BytesIO(rendered.pdf))
    for page in reader.pages:
        extracted: list[float] = []

        def visit(text: str, cm: list[float], tm: list[float], *_: object) -> None:
            if text.strip():
                extracted.append(tm[4] * cm[1] + tm[5] * cm[3] + cm[5])  # noqa: B023

        page.extract_text(visitor_text=visit)
        ours = [y for y, text in iter_text_heights(page) if text.strip()]
        assert min(ours) == pytest.approx(min(extracted))
        assert sorted(set(map(round, ours))) == sorted(set(map(round, extracted)))


def test_text_heights_follow_the_matrices() -> None:
    page = _page()
    data = (
        b"q 1 0 0 1 0 100 cm BT /F1 10 Tf 12 TL 1 0 0 1 5 20 Tm (a) Tj T* (b) Tj "
        b"0 -3 TD (c) Tj (d) ' ET Q BT 2 0 0 2 0 0 Tm 0 5 Td (e) Tj ET"
    )
    stream = DecodedStreamObject()
    stream.set_data(data)
    page[NameObject("/Contents")] = stream

    heights = list(iter_text_heights(page))

    assert heights == [
        (120.0, "a"),
        (108.0, "b"),
        (105.0, "c"),
        (102.0, "d"),
        (10.0, "e"),
    ]
