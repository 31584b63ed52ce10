"""Reading the files users name, safely: regular files only, and a size bound."""

from __future__ import annotations

import os
import stat

from hocbaso.errors import InputFileError, InputTooLargeError

__all__ = ["MAX_INPUT_BYTES", "MAX_XML_BYTES", "read_input", "starts_as_pdf"]

MAX_INPUT_BYTES = 20_000_000
"""The largest file read by default: a transcript PDF is a few hundred kilobytes."""

MAX_XML_BYTES = 5_000_000
"""The largest XML document parsed by default; a real transcript is about 40 KB."""


def starts_as_pdf(data: bytes) -> bool:
    """
    Whether ``data`` begins as a PDF does: ``%PDF-``, after whitespace at most.

    Only the first kilobyte is looked at, so a large file is not copied to
    answer.
    """
    return data[:1024].lstrip().startswith(b"%PDF-")


def read_input(
    path: str | os.PathLike[str], *, max_bytes: int = MAX_INPUT_BYTES
) -> bytes:
    """
    Read a whole file, refusing what is not a regular file or is too large.

    A named pipe or a device would block or never end, and an oversized file
    would cost memory before anything could be said about it.

    :param path: the file.
    :param max_bytes: the size limit.
    :returns: the file's bytes.
    :raises InputFileError: if the file is missing, unreadable, not a regular
        file, or larger than ``max_bytes``.
    """
    name = os.fspath(path)
    try:
        info = os.stat(name)
        _check_kind(name, info)
        _check_size(name, info.st_size, max_bytes)
        with open(name, "rb") as handle:
            data = handle.read(max_bytes + 1)  # one more byte shows growth
    except OSError as exc:
        raise InputFileError(
            f"The file {name!r} cannot be read: {exc.strerror or exc}."
        ) from exc
    _check_size(name, len(data), max_bytes)
    return data


def _check_kind(name: str, info: os.stat_result) -> None:
    if stat.S_ISDIR(info.st_mode):
        raise InputFileError(f"{name!r} is a folder; expected a file.")
    if not stat.S_ISREG(info.st_mode):
        raise InputFileError(f"{name!r} is not a regular file (a pipe or a device?).")


def _check_size(name: str, size: int, max_bytes: int) -> None:
    if size > max_bytes:
        raise InputTooLargeError(
            f"The file {name!r} has {size:,} bytes or more; the limit is {max_bytes:,}.",
            size=size,
            limit=max_bytes,
        )
