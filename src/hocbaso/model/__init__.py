"""
The typed transcript model and the evaluation rules.

Build a :class:`Transcript` from its parts; every value is validated on
construction, text is normalised to NFC, and the models are immutable.
"""

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
