"""
Exceptions raised by hocbaso.

Everything the public API raises derives from :class:`HocbasoError`, so a caller
(or the command line) can catch one class. Subclasses also derive from the
builtin exception with the same meaning, so code that already catches
``ValueError`` keeps working.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = [
    "HocbasoError",
    "HocbasoNotSupportedError",
    "HocbasoValueError",
    "InputFileError",
    "InputTooLargeError",
    "PDFAttachmentNotFoundError",
    "PDFReadError",
    "Problem",
    "RuleInputError",
    "SignatureFormatError",
    "SigningError",
    "TranscriptInvalidError",
    "TransferMismatchError",
    "TransferRefusedError",
    "TrustMaterialError",
    "UnknownVariantError",
    "UnsupportedAlgorithmError",
    "VariantDetectionError",
    "VariantNotApplicableError",
    "VariantReadError",
    "XMLReadError",
]


class HocbasoError(Exception):
    """Root of every exception raised by hocbaso."""


class HocbasoValueError(HocbasoError, ValueError):
    """A value given to hocbaso is not acceptable."""


class HocbasoNotSupportedError(HocbasoError, NotImplementedError):
    """An input is recognised, but the feature it needs is not supported."""


@dataclass(frozen=True, slots=True)
class Problem:
    """
    One problem found in an input, with where it is and what was expected.

    Problems carry no transcript content beyond the offending value, so they
    can be logged by callers that choose to; hocbaso itself never logs them.
    """

    code: str
    """Stable identifier of the kind of problem, e.g. ``'xml.schema'``."""

    reason: str
    """One plain sentence saying what is wrong and what was expected."""

    path: str = ""
    """Where the problem is: an XPath in a document, or a model location."""

    line: int | None = None
    """The line in the input document, when known."""

    def __str__(self) -> str:
        """Render as ``line N, PATH: reason [code]``."""
        where = []
        if self.line is not None:
            where.append(f"line {self.line}")
        if self.path:
            where.append(self.path)
        prefix = ", ".join(where)
        return (
            f"{prefix}: {self.reason} [{self.code}]"
            if prefix
            else (f"{self.reason} [{self.code}]")
        )


class XMLReadError(HocbasoValueError):
    """A document could not be read as a transcript; ``problems`` says why."""

    def __init__(self, problems: list[Problem]) -> None:
        """
        Create the error from the problems found.

        :param problems: at least one problem; the first is the message.
        """
        self.problems = problems
        super().__init__(str(problems[0]) if problems else "The document is unusable.")


class TranscriptInvalidError(HocbasoValueError):
    """A transcript model was built from values that contradict each other."""


class SignatureFormatError(HocbasoValueError):
    """An XML signature is malformed or uses a construct that is refused."""


class UnsupportedAlgorithmError(HocbasoNotSupportedError):
    """An algorithm or transform URI is unknown, or known and refused."""


class TrustMaterialError(HocbasoValueError):
    """A certificate, CRL or key given as trust material could not be read."""


class SigningError(HocbasoValueError):
    """A document could not be signed with the inputs given."""


class RuleInputError(HocbasoValueError):
    """A value given to a rule computation is outside what the regulation defines."""


class PDFReadError(HocbasoValueError):
    """A PDF could not be read: it is corrupt, encrypted or not a PDF at all."""


class PDFAttachmentNotFoundError(HocbasoError, LookupError):
    """A PDF was read, but it carries no attachment that could be the one asked for."""


class UnknownVariantError(HocbasoError, LookupError):
    """No template variant is registered under the name asked for."""


class VariantDetectionError(HocbasoValueError):
    """
    Input matches no registered template variant, or more than one equally well.

    ``candidates`` names the variants that matched best (empty when none did).
    """

    def __init__(self, message: str, candidates: tuple[str, ...] = ()) -> None:
        """
        Create the error.

        :param message: one sentence saying what was found and what was expected.
        :param candidates: the variants that matched equally well, if any.
        """
        self.candidates = candidates
        super().__init__(message)


class VariantReadError(HocbasoValueError):
    """A file in a template variant could not be read; ``problems`` says where and why."""

    def __init__(self, variant: str, problems: list[Problem]) -> None:
        """
        Create the error from the problems found.

        :param variant: the name of the variant being read.
        :param problems: at least one problem; the first is the message.
        """
        self.variant = variant
        self.problems = problems
        first = str(problems[0]) if problems else "The file is unusable."
        super().__init__(f"{variant}: {first}")


class VariantNotApplicableError(HocbasoNotSupportedError):
    """A template variant cannot hold this transcript at all (e.g. the wrong level)."""


class TransferRefusedError(HocbasoValueError):
    """
    A transferred transcript was not accepted: its signatures did not verify.

    ``report`` holds the verification report when there was one (a
    :class:`hocbaso.signature.DocumentReport`), so the caller can show why.
    """

    def __init__(self, message: str, report: object | None = None) -> None:
        """
        Create the error.

        :param message: one sentence saying what was refused and how to proceed.
        :param report: the verification report, if any.
        """
        self.report = report
        super().__init__(message)


class TransferMismatchError(TransferRefusedError):
    """A converted copy does not say what the signed original says."""


class InputFileError(HocbasoValueError):
    """A file named by the user cannot be read: missing, not a regular file, too large."""


class InputTooLargeError(InputFileError):
    """A file is larger than the limit; ``size`` and ``limit`` say by how much."""

    def __init__(self, message: str, *, size: int, limit: int) -> None:
        """
        Create the error.

        :param message: the sentence shown to the user.
        :param size: the file's size, or a lower bound of it.
        :param limit: the limit it exceeds.
        """
        super().__init__(message)
        self.size = size
        self.limit = limit
