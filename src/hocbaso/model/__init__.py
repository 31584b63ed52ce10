"""
The typed transcript model and the evaluation rules.

Build a :class:`Transcript` from its parts; every value is validated on
construction, text is normalised to NFC, and the models are immutable.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from hocbaso.model.ethnicity import EthnicGroup
    from hocbaso.model.identity import Guardian, Pupil, check_personal_id
    from hocbaso.model.places import AdministrativeAddress, School, Transfer
    from hocbaso.model.provenance import (
        LossCounts,
        Provenance,
        SignatureResult,
        SourceFile,
        Verification,
        VerificationIndication,
        VerificationSubIndication,
    )
    from hocbaso.model.subjects import CATALOGUE, Offering, Subject, offering
    from hocbaso.model.transcript import (
        Attendance,
        Certificate,
        Issuance,
        Mark,
        PeriodResults,
        PrimarySubjectResult,
        PrimaryYear,
        Score,
        ScoreComponents,
        SecondarySubjectResult,
        SecondaryYear,
        Signer,
        Transcript,
        YearRecord,
    )
    from hocbaso.model.vocabulary import (
        AchievementLevel,
        AssessmentKind,
        CommendationTitle,
        Competency,
        CompetencyLevel,
        Level,
        PassFail,
        PrimaryRating,
        PrimaryYearResult,
        Quality,
        Sex,
        SignerRole,
        SubjectStatus,
        TranscriptStatus,
    )

__all__ = [
    "CATALOGUE",
    "AchievementLevel",
    "AdministrativeAddress",
    "AssessmentKind",
    "Attendance",
    "Certificate",
    "CommendationTitle",
    "Competency",
    "CompetencyLevel",
    "EthnicGroup",
    "Guardian",
    "Issuance",
    "Level",
    "LossCounts",
    "Mark",
    "Offering",
    "PassFail",
    "PeriodResults",
    "PrimaryRating",
    "PrimarySubjectResult",
    "PrimaryYear",
    "PrimaryYearResult",
    "Provenance",
    "Pupil",
    "Quality",
    "School",
    "Score",
    "ScoreComponents",
    "SecondarySubjectResult",
    "SecondaryYear",
    "Sex",
    "SignatureResult",
    "Signer",
    "SignerRole",
    "SourceFile",
    "Subject",
    "SubjectStatus",
    "Transcript",
    "TranscriptStatus",
    "Transfer",
    "Verification",
    "VerificationIndication",
    "VerificationSubIndication",
    "YearRecord",
    "check_personal_id",
    "offering",
]

# The names are imported on first use: verifying a signature needs the role
# vocabulary, not the pydantic models, and a command should not pay for them.
_SUBPACKAGES = frozenset({"rules"})

_WHERE = {
    "CATALOGUE": "hocbaso.model.subjects",
    "AchievementLevel": "hocbaso.model.vocabulary",
    "AdministrativeAddress": "hocbaso.model.places",
    "AssessmentKind": "hocbaso.model.vocabulary",
    "Attendance": "hocbaso.model.transcript",
    "Certificate": "hocbaso.model.transcript",
    "CommendationTitle": "hocbaso.model.vocabulary",
    "Competency": "hocbaso.model.vocabulary",
    "CompetencyLevel": "hocbaso.model.vocabulary",
    "EthnicGroup": "hocbaso.model.ethnicity",
    "Guardian": "hocbaso.model.identity",
    "Issuance": "hocbaso.model.transcript",
    "Level": "hocbaso.model.vocabulary",
    "LossCounts": "hocbaso.model.provenance",
    "Mark": "hocbaso.model.transcript",
    "Offering": "hocbaso.model.subjects",
    "PassFail": "hocbaso.model.vocabulary",
    "PeriodResults": "hocbaso.model.transcript",
    "PrimaryRating": "hocbaso.model.vocabulary",
    "PrimarySubjectResult": "hocbaso.model.transcript",
    "PrimaryYear": "hocbaso.model.transcript",
    "PrimaryYearResult": "hocbaso.model.vocabulary",
    "Provenance": "hocbaso.model.provenance",
    "Pupil": "hocbaso.model.identity",
    "Quality": "hocbaso.model.vocabulary",
    "School": "hocbaso.model.places",
    "Score": "hocbaso.model.transcript",
    "ScoreComponents": "hocbaso.model.transcript",
    "SecondarySubjectResult": "hocbaso.model.transcript",
    "SecondaryYear": "hocbaso.model.transcript",
    "Sex": "hocbaso.model.vocabulary",
    "SignatureResult": "hocbaso.model.provenance",
    "Signer": "hocbaso.model.transcript",
    "SignerRole": "hocbaso.model.vocabulary",
    "SourceFile": "hocbaso.model.provenance",
    "Subject": "hocbaso.model.subjects",
    "SubjectStatus": "hocbaso.model.vocabulary",
    "Transcript": "hocbaso.model.transcript",
    "TranscriptStatus": "hocbaso.model.vocabulary",
    "Transfer": "hocbaso.model.places",
    "Verification": "hocbaso.model.provenance",
    "VerificationIndication": "hocbaso.model.provenance",
    "VerificationSubIndication": "hocbaso.model.provenance",
    "YearRecord": "hocbaso.model.transcript",
    "check_personal_id": "hocbaso.model.identity",
    "offering": "hocbaso.model.subjects",
}


def __getattr__(name: str) -> Any:
    """Import a public name from the module that defines it, on first use."""
    if name not in _WHERE:
        if name in _SUBPACKAGES:
            return importlib.import_module(f"{__name__}.{name}")
        raise AttributeError(f"module 'hocbaso.model' has no attribute {name!r}")
    value = getattr(importlib.import_module(_WHERE[name]), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    """List the public names, for completion and ``dir()``."""
    return sorted(__all__)
