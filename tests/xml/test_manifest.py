"""The bad (and good) inputs of tests/data/xml/manifest.json, one parametrised test."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from hocbaso.errors import XMLReadError
from hocbaso.xml import DEFAULT_MAX_BYTES, DEFAULT_MAX_DEPTH, inspect_xml, read_xml

DATA = Path(__file__).resolve().parents[1] / "data" / "xml"
CASES: list[dict[str, Any]] = json.loads((DATA / "manifest.json").read_text("utf-8"))[
    "cases"
]


def _source(case: dict[str, Any]) -> bytes:
    if case.get("generate") == "oversize":
        return b"<a>" + b" " * DEFAULT_MAX_BYTES + b"</a>"
    if case.get("generate") == "deep":
        depth = DEFAULT_MAX_DEPTH + 1
        return b"<a>\n" * depth + b"</a>" * depth
    return (DATA / str(case["file"])).read_bytes()


def _name(case: dict[str, Any]) -> str:
    return str(case.get("file") or case.get("generate"))


@pytest.mark.parametrize("case", CASES, ids=_name)
def test_problems_match_manifest(case: dict[str, Any]) -> None:
    result = inspect_xml(_source(case))

    assert (result.transcript is not None) == case["transcript"]
    assert len(result.problems) == len(case["problems"]), result.problems
    for found, expected in zip(result.problems, case["problems"], strict=True):
        assert found.code == expected["code"]
        assert found.path == expected["path"]
        assert re.search(expected["message"], found.reason), found.reason
        assert found.reason.endswith(".")
        if "line" in expected:
            assert found.line == expected["line"]


@pytest.mark.parametrize("case", [c for c in CASES if c["problems"]], ids=_name)
def test_strict_read_raises_with_first_problem(case: dict[str, Any]) -> None:
    expected = case["problems"][0]

    with pytest.raises(XMLReadError, match=re.escape(expected["code"])) as caught:
        read_xml(_source(case))

    assert caught.value.problems[0].code == expected["code"]
    assert caught.value.problems[0].path == expected["path"]
    assert caught.value.__cause__ is None or not _is_pydantic(caught.value.__cause__)


def _is_pydantic(exc: BaseException) -> bool:
    return type(exc).__module__.startswith("pydantic")
