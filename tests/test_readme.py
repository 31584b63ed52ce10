"""The README's library example runs as written."""

import re

import pytest

from tests.conftest import REPO


def test_the_readme_library_example_runs(capsys: pytest.CaptureFixture[str]) -> None:
    text = (REPO / "README.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```python\n(.*?)```", text, re.S)
    assert len(blocks) == 2, "the README's two Python examples were not found"

    for block in blocks:
        exec(compile(block, "README.md", "exec"), {})

    printed = capsys.readouterr().out
    assert "valid" in printed
    assert (
        "tt27.art9.year-result years[2020-2021].result excellent -> well-completed"
        in printed
    )
