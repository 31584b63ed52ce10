"""The reader's API: sources, strictness, limits, and what it never does."""

from __future__ import annotations

import logging
import threading
from pathlib import Path

import pytest

from hocbaso.errors import HocbasoError, XMLReadError
from hocbaso.examples import primary_example
from hocbaso.xml import inspect_xml, iter_problems, read_xml, write_xml

DATA = Path(__file__).resolve().parents[1] / "data" / "xml"


def test_reads_bytes_text_and_paths_alike(tmp_path: Path) -> None:
    written = write_xml(primary_example())
    path = tmp_path / "t.xml"
    path.write_bytes(written)

    assert read_xml(written) == read_xml(written.decode("utf-8")) == read_xml(path)


def test_a_str_is_never_taken_for_a_file_name(tmp_path: Path) -> None:
    path = tmp_path / "t.xml"
    path.write_bytes(write_xml(primary_example()))

    # Never read as a file, even one that exists; the error says what to pass.
    with pytest.raises(XMLReadError, match=r"looks like a file name") as caught:
        read_xml(str(path))
    assert caught.value.problems[0].code == "xml.not-well-formed"


def test_missing_file_is_a_read_error(tmp_path: Path) -> None:
    with pytest.raises(XMLReadError, match=r"cannot be read") as caught:
        read_xml(tmp_path / "absent.xml")

    assert caught.value.problems[0].code == "xml.unreadable"


def test_file_over_the_limit_is_refused_before_reading(tmp_path: Path) -> None:
    path = tmp_path / "big.xml"
    path.write_bytes(write_xml(primary_example()))

    with pytest.raises(XMLReadError, match=r"the limit is 1,000 ") as caught:
        read_xml(path, max_bytes=1000)

    assert caught.value.problems[0].code == "xml.too-large"


def test_text_over_the_limit_is_refused() -> None:
    with pytest.raises(XMLReadError, match=r"xml\.too-large"):
        read_xml("<a/>" * 100, max_bytes=50)


def test_tag_mismatch_is_not_taken_for_truncation() -> None:
    problems = inspect_xml(b"<a>\n<b>\n</a>\n<!-- the last line -->\n").problems
    on_last_line = inspect_xml(b"<a><b></a>").problems

    for problem in (*problems, *on_last_line):
        assert problem.code == "xml.not-well-formed"
        assert "truncated" not in problem.reason
        assert "not well-formed XML: Opening and ending tag mismatch" in problem.reason
    assert problems[0].line == 3


def test_depth_limit_is_a_parameter() -> None:
    written = write_xml(primary_example())

    with pytest.raises(XMLReadError, match=r"more than 4 levels deep"):
        read_xml(written, max_depth=4)
    assert read_xml(written, max_depth=7) == primary_example()


def test_lenient_read_accepts_nfd_and_returns_nfc(
    caplog: pytest.LogCaptureFixture,
) -> None:
    nfd = (DATA / "nfd_text.xml").read_bytes()

    with caplog.at_level(logging.WARNING, logger="hocbaso.xml.reader"):
        transcript = read_xml(nfd, strict=False)

    assert transcript == primary_example()
    assert "xml.not-nfc" in caplog.text
    assert "Nguy" not in caplog.text  # The warning names codes, never content.


def test_lenient_read_still_raises_without_a_transcript() -> None:
    with pytest.raises(XMLReadError, match=r"xml\.schema"):
        read_xml((DATA / "test_score_10_5.xml").read_bytes(), strict=False)


def test_strict_read_raises_a_hocbaso_value_error() -> None:
    with pytest.raises(ValueError, match=r"xml\.not-nfc") as caught:
        read_xml((DATA / "nfd_text.xml").read_bytes())

    assert isinstance(caught.value, HocbasoError)
    assert str(caught.value).startswith("line 8, /Transcript/Pupil/FullName: ")


def test_iter_problems_is_empty_for_a_valid_file() -> None:
    assert list(iter_problems(DATA / "valid_primary.xml")) == []
    assert inspect_xml(DATA / "valid_primary.xml").ok


def test_model_errors_never_leak_pydantic() -> None:
    with pytest.raises(XMLReadError) as caught:
        read_xml((DATA / "personal_id_mismatch.xml").read_bytes())

    assert caught.value.__cause__ is None
    assert caught.value.__context__ is None


def test_reader_logs_no_content(caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.DEBUG, logger="hocbaso"):
        read_xml((DATA / "valid_primary.xml").read_bytes())
        inspect_xml((DATA / "personal_id_mismatch.xml").read_bytes())

    assert "Nguy" not in caplog.text
    assert "037" not in caplog.text


def test_readers_in_threads_keep_their_own_errors() -> None:
    good = (DATA / "valid_primary.xml").read_bytes()
    bad = (DATA / "test_score_10_5.xml").read_bytes()
    failures: list[str] = []

    def work(data: bytes, problems: int) -> None:
        for _ in range(20):
            if len(inspect_xml(data).problems) != problems:
                failures.append("mixed")

    threads = [threading.Thread(target=work, args=(good, 0)) for _ in range(3)]
    threads += [threading.Thread(target=work, args=(bad, 1)) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert failures == []


def test_a_declared_encoding_other_than_utf8_is_refused() -> None:
    # A UTF-8 file that declares Latin-1 would decode as mojibake and pass.
    utf8 = write_xml(primary_example())
    latin = utf8.replace(b'encoding="UTF-8"', b'encoding="ISO-8859-1"', 1)
    assert latin != utf8

    problems = inspect_xml(latin).problems

    assert [(p.code, p.line) for p in problems] == [("xml.encoding-not-utf8", 1)]
    assert "'ISO-8859-1'" in problems[0].reason
    assert read_xml(utf8.replace(b'encoding="UTF-8"', b'encoding="utf-8"', 1))


@pytest.mark.parametrize(
    ("old", "new", "where"),
    [
        ("<PersonalId>037314000123</PersonalId>",
         "<PersonalId>03731400012X</PersonalId>", "PersonalId"),
        ("<PersonalId>037314000123</PersonalId>",
         "<PersonalId>037214000123</PersonalId>", "Pupil"),
        ("<BirthDate>2014-03-12</BirthDate>", "<BirthDate>2014-13-12</BirthDate>",
         "BirthDate"),
        ("<Sex>female</Sex>", "<Sex>nữ-x</Sex>", "Sex"),
    ],
)  # fmt: skip
def test_problems_in_the_pupils_identity_quote_no_value(
    old: str, new: str, where: str
) -> None:
    # Problems land in reports and audit files; a minor's identifier, birth
    # date or sex is named by its path, never quoted.
    document = write_xml(primary_example()).decode()
    assert old in document
    bad = document.replace(old, new).encode()

    problems = list(iter_problems(bad))
    text = " ".join(str(p) for p in problems)

    assert problems and problems[0].path.endswith(where)
    value = new.split(">")[1].split("<")[0]
    assert value not in text
    assert "037314000123" not in text and "2014" not in text


def test_problems_elsewhere_still_quote_the_value() -> None:
    document = write_xml(primary_example()).decode()
    bad = document.replace("<TestScore>8</TestScore>", "<TestScore>8x</TestScore>", 1)

    problems = list(iter_problems(bad.encode()))

    assert "'8x'" in str(problems[0])
