"""
Hypothesis strategies for every model class of :mod:`hocbaso.model`.

Generated values satisfy the model's validators (so construction never fails),
not the evaluation rules: a stated result may disagree with the scores. Text
mixes Vietnamese with every tone mark, markup characters, line breaks and
arbitrary Unicode, sometimes decomposed (NFD) so that the model's NFC
normalisation is exercised. Optional fields are sometimes ``None`` or empty.

Use :func:`transcripts` for any level, or :func:`primary_transcripts` and
:func:`secondary_transcripts` for one.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from decimal import Decimal
from typing import Literal, TypeVar

from hypothesis import strategies as st

from hocbaso.model import (
    AchievementLevel,
    Attendance,
    Certificate,
    CommendationTitle,
    Competency,
    CompetencyLevel,
    EthnicGroup,
    Guardian,
    Issuance,
    Level,
    LossCounts,
    PassFail,
    PeriodResults,
    PrimaryRating,
    PrimarySubjectResult,
    PrimaryYear,
    PrimaryYearResult,
    Provenance,
    Pupil,
    Quality,
    School,
    ScoreComponents,
    SecondarySubjectResult,
    SecondaryYear,
    Sex,
    SignatureResult,
    Signer,
    SignerRole,
    SourceFile,
    Subject,
    Transcript,
    TranscriptStatus,
    Transfer,
    Verification,
    VerificationIndication,
    VerificationSubIndication,
)
from hocbaso.model.places import (
    PROVINCES_UNTIL_2025,
    REORGANISATION_DATE,
    AdministrativeAddress,
    provinces_on,
)
from hocbaso.model.provenance import decide_indication
from hocbaso.model.subjects import CATALOGUE
from hocbaso.model.vocabulary import AssessmentKind, SubjectStatus

__all__ = [
    "addresses",
    "attendances",
    "certificates",
    "guardians",
    "period_results",
    "primary_transcripts",
    "primary_years",
    "provenances",
    "pupils",
    "schools",
    "score_components",
    "scores",
    "secondary_transcripts",
    "secondary_years",
    "signature_results",
    "signers",
    "source_files",
    "texts",
    "timestamps",
    "transcripts",
]

T = TypeVar("T")

_BASES = "aăâeêioôơuưyAĂÂEÊIOÔƠUƯY"
_TONES = "\u0300\u0301\u0309\u0303\u0323"  # huyền, sắc, hỏi, ngã, nặng
_VIETNAMESE = sorted(
    {unicodedata.normalize("NFC", base + tone) for base in _BASES for tone in _TONES}
    | set(_BASES)
    | set("đĐbcdghklmnpqrstvxBCDGHKLMNPQRSTVX ")
)
_MARKUP = list("&<>\"' \t\n\r]")
# XML 1.0 cannot carry these (and the model refuses them); surrogates are not text.
_UNWRITABLE = (
    "".join(chr(c) for c in range(0x20) if chr(c) not in "\t\n\r")
    + "\ufffe\uffff"
    # What the model refuses as invisible: DEL, C1 controls, zero-width characters.
    + "".join(chr(c) for c in range(0x7F, 0xA0))
    + "\u200b\u200c\u200d\u2060\ufeff"
)

_CHARACTERS = st.one_of(
    st.sampled_from(_VIETNAMESE),
    st.sampled_from(_MARKUP),
    st.characters(exclude_categories=["Cs"], exclude_characters=_UNWRITABLE),
)


_FORMS: dict[str, Literal["NFC", "NFD"]] = {"NFC": "NFC", "NFD": "NFD"}


def texts(max_size: int = 12) -> st.SearchStrategy[str]:
    """Text with something visible: Vietnamese letters, markup, any Unicode, NFC or NFD."""
    raw = st.text(_CHARACTERS, min_size=1, max_size=max_size).filter(
        lambda text: bool(text.split())
    )
    form = st.sampled_from(["NFC", "NFD", "none"])  # "none": as drawn
    return st.tuples(raw, form).map(
        lambda pair: (
            pair[0]
            if pair[1] == "none"
            else unicodedata.normalize(_FORMS[pair[1]], pair[0])
        )
    )


def _maybe(strategy: st.SearchStrategy[T]) -> st.SearchStrategy[T | None]:
    return st.none() | strategy


def _optional_text() -> st.SearchStrategy[str | None]:
    return _maybe(texts())


def _tuples(
    strategy: st.SearchStrategy[T], max_size: int = 2
) -> st.SearchStrategy[tuple[T, ...]]:
    return st.lists(strategy, max_size=max_size).map(tuple)


def _code(pattern: str) -> st.SearchStrategy[str]:
    return st.from_regex(pattern, fullmatch=True)


_LOOKUP_CODES = _code(r"[A-Za-z0-9][A-Za-z0-9_.\-]{3,20}")
_SCHOOL_IDS = _code(r"[A-Za-z_][A-Za-z0-9_.\-]{0,12}")


def scores() -> st.SearchStrategy[Decimal]:
    """Scores from 0.0 to 10.0 in steps of 0.1."""
    return st.integers(0, 100).map(lambda tenths: Decimal(tenths).scaleb(-1))


def guardians() -> st.SearchStrategy[Guardian]:
    """Parents or guardians, with or without an occupation."""
    return st.builds(Guardian, name=texts(), occupation=_optional_text())


@st.composite
def pupils(draw: st.DrawFn) -> Pupil:
    """Pupils whose personal identifier, if any, agrees with sex and birth date."""
    sex = draw(st.sampled_from(Sex))
    birth = draw(st.dates(dt.date(1990, 1, 1), dt.date(2024, 12, 31)))
    return Pupil(
        full_name=draw(texts()),
        sex=sex,
        birth_date=birth,
        ethnicity=draw(st.sampled_from(EthnicGroup)),
        nationality=draw(texts()),
        personal_id=draw(_maybe(_personal_ids(sex, birth))),
        learner_code=draw(_maybe(_code(r"[A-Za-z0-9]{4,20}"))),
        policy_category=draw(_optional_text()),
        birth_place=draw(_optional_text()),
        hometown=draw(_optional_text()),
        residence=draw(_optional_text()),
        father=draw(_maybe(guardians())),
        mother=draw(_maybe(guardians())),
        guardian=draw(_maybe(guardians())),
    )


def _personal_ids(sex: Sex, birth: dt.date) -> st.SearchStrategy[str]:
    century = (0 if birth.year < 2000 else 2) + (1 if sex is Sex.FEMALE else 0)
    head = st.sampled_from(sorted(PROVINCES_UNTIL_2025))
    tail = _code(r"[0-9]{6}")
    return st.tuples(head, tail).map(
        lambda pair: f"0{pair[0]}{century}{birth.year % 100:02d}{pair[1]}"
    )


@st.composite
def addresses(draw: st.DrawFn) -> AdministrativeAddress:
    """Addresses before and after 1 July 2025, with the district only before."""
    as_of = draw(st.dates(dt.date(2000, 1, 1), dt.date(2030, 12, 31)))
    before = as_of < REORGANISATION_DATE
    district_code = draw(_maybe(_code(r"[0-9]{2,5}"))) if before else None
    return AdministrativeAddress(
        as_of=as_of,
        province=draw(texts()),
        district=draw(texts()) if before else None,
        commune=draw(texts()),
        detail=draw(_optional_text()),
        province_code=draw(_maybe(st.sampled_from(sorted(provinces_on(as_of))))),
        district_code=district_code,
        commune_code=draw(_maybe(_code(r"[0-9]{2,5}"))),
    )


def schools(school_id: str) -> st.SearchStrategy[School]:
    """Schools with the given identifier."""
    return st.builds(
        School,
        id=st.just(school_id),
        name=texts(),
        code=_maybe(_code(r"[A-Za-z0-9]{1,20}")),
        address=addresses(),
    )


def signers() -> st.SearchStrategy[Signer]:
    """Signers of any role, with or without position, date and subject."""
    return st.builds(
        Signer,
        name=texts(),
        role=st.sampled_from(SignerRole),
        position=_optional_text(),
        signed_on=_maybe(st.dates(dt.date(2000, 1, 1), dt.date(2035, 12, 31))),
        subject=_maybe(st.sampled_from(Subject)),
    )


def attendances() -> st.SearchStrategy[Attendance]:
    """Absence counts from 0 to 400."""
    return st.builds(
        Attendance, excused=st.integers(0, 400), unexcused=st.integers(0, 400)
    )


def _offered(level: Level) -> list[Subject]:
    return list(CATALOGUE[level])


def _subject_sets(level: Level) -> st.SearchStrategy[list[Subject]]:
    return st.lists(st.sampled_from(_offered(level)), unique=True, max_size=5)


def _primary_subject(subject: Subject) -> st.SearchStrategy[PrimarySubjectResult]:
    return st.builds(
        PrimarySubjectResult,
        subject=st.just(subject),
        rating=st.sampled_from(PrimaryRating),
        test_score=_maybe(st.integers(0, 10)),
    )


def _levels(
    keys: type[Quality] | type[Competency],
) -> st.SearchStrategy[dict[object, CompetencyLevel]]:
    values = st.lists(
        st.sampled_from(CompetencyLevel), min_size=len(keys), max_size=len(keys)
    )
    return values.map(lambda levels: dict(zip(keys, levels, strict=True)))


def _tenths(low: int, high: int) -> st.SearchStrategy[Decimal]:
    return st.integers(low, high).map(lambda tenths: Decimal(tenths).scaleb(-1))


@st.composite
def primary_years(draw: st.DrawFn, school_year: str, school: str) -> PrimaryYear:
    """Primary year records of the given school year at the given school."""
    subjects = draw(_subject_sets(Level.PRIMARY))
    return PrimaryYear(
        school_year=school_year,
        grade=draw(st.integers(1, 5)),
        class_name=draw(texts(8)),
        school=school,
        homeroom_teacher=draw(texts()),
        attendance=draw(attendances()),
        individual_plan=draw(_maybe(texts())),
        height_cm=draw(_maybe(_tenths(301, 2499))),
        weight_kg=draw(_maybe(_tenths(51, 1999))),
        subjects=tuple(draw(_primary_subject(subject)) for subject in subjects),
        subjects_comment=draw(_optional_text()),
        qualities=draw(_levels(Quality)),
        qualities_comment=draw(_optional_text()),
        competencies=draw(_levels(Competency)),
        general_competencies_comment=draw(_optional_text()),
        specific_competencies_comment=draw(_optional_text()),
        result=draw(st.sampled_from(PrimaryYearResult)),
        programme_completed=draw(st.booleans()),
        completion_note=draw(_optional_text()),
        commendation=draw(_maybe(st.sampled_from(CommendationTitle))),
        awards=draw(_tuples(texts())),
        signers=draw(_tuples(signers())),
    )


def score_components() -> st.SearchStrategy[ScoreComponents]:
    """One to four regular scores, a midterm and a final."""
    return st.builds(
        ScoreComponents,
        regular=st.lists(scores(), min_size=1, max_size=4).map(tuple),
        midterm=scores(),
        final=scores(),
    )


def _secondary_subject(
    level: Level, subject: Subject
) -> st.SearchStrategy[SecondarySubjectResult]:
    scored = CATALOGUE[level][subject].assessment is AssessmentKind.SCORED
    mark: st.SearchStrategy[Decimal | PassFail] = (
        scores() if scored else st.sampled_from(PassFail)
    )
    return st.builds(
        SecondarySubjectResult,
        subject=st.just(subject),
        semester1=_maybe(mark),
        semester2=_maybe(mark),
        year=_maybe(mark),
        after_reassessment=_maybe(mark),
        semester1_components=_maybe(score_components()) if scored else st.none(),
        semester2_components=_maybe(score_components()) if scored else st.none(),
        teacher=_optional_text(),
        comment=_optional_text(),
    )


def period_results() -> st.SearchStrategy[PeriodResults]:
    """Conduct or learning results, each period possibly absent."""
    level = _maybe(st.sampled_from(AchievementLevel))
    return st.builds(PeriodResults, semester1=level, semester2=level, year=level)


def certificates() -> st.SearchStrategy[Certificate]:
    """Certificates with or without a grade."""
    return st.builds(Certificate, name=texts(), grade=_optional_text())


def _electives(
    level: Level, subjects: list[Subject]
) -> st.SearchStrategy[tuple[Subject, ...]]:
    if level is not Level.UPPER_SECONDARY:
        return st.just(())
    allowed = [
        s for s in subjects if CATALOGUE[level][s].status is SubjectStatus.ELECTIVE
    ]
    if not allowed:
        return st.just(())
    return st.lists(st.sampled_from(allowed), unique=True).map(tuple)


@st.composite
def secondary_years(
    draw: st.DrawFn, level: Level, school_year: str, school: str
) -> SecondaryYear:
    """Secondary year records; upper-secondary ones may list electives."""
    subjects = draw(_subject_sets(level))
    return SecondaryYear(
        school_year=school_year,
        grade=draw(st.sampled_from(level.grades)),
        class_name=draw(texts(8)),
        school=school,
        homeroom_teacher=draw(texts()),
        attendance=draw(attendances()),
        individual_plan=draw(_maybe(texts())),
        subjects=tuple(
            draw(_secondary_subject(level, subject)) for subject in subjects
        ),
        electives=draw(_electives(level, subjects)),
        conduct=draw(period_results()),
        learning=draw(period_results()),
        conduct_after_summer=draw(_maybe(st.sampled_from(AchievementLevel))),
        learning_after_retest=draw(_maybe(st.sampled_from(AchievementLevel))),
        promoted=draw(_maybe(st.booleans())),
        promotion_note=draw(_optional_text()),
        programme_completed=draw(_maybe(st.booleans())),
        certificates=draw(_tuples(certificates())),
        competitions=draw(_tuples(texts())),
        commendation=draw(_maybe(st.sampled_from(CommendationTitle))),
        awards=draw(_tuples(texts())),
        homeroom_comment=draw(_optional_text()),
        signers=draw(_tuples(signers())),
    )


@st.composite
def _transcripts(draw: st.DrawFn, level: Level) -> Transcript:
    ids = draw(st.lists(_SCHOOL_IDS, min_size=1, max_size=3, unique=True))
    starts = sorted(draw(st.lists(st.integers(2000, 2030), unique=True, max_size=3)))
    years = [
        _year(draw, level, f"{start}-{start + 1}", draw(st.sampled_from(ids)))
        for start in starts
    ]
    return Transcript(
        lookup_code=draw(_LOOKUP_CODES),
        level=level,
        status=draw(st.sampled_from(TranscriptStatus)),
        version=draw(st.integers(1, 10**6)),
        replaces=draw(_maybe(_LOOKUP_CODES)),
        registration_number=draw(_optional_text()),
        pupil=draw(pupils()),
        schools=tuple(draw(schools(school_id)) for school_id in ids),
        transfers=draw(_tuples(_transfers(ids))),
        years=tuple(years),
        issuance=draw(_maybe(_issuances())),
        provenance=draw(_maybe(provenances())),
    )


def _year(
    draw: st.DrawFn, level: Level, school_year: str, school: str
) -> PrimaryYear | SecondaryYear:
    if level is Level.PRIMARY:
        return draw(primary_years(school_year, school))
    return draw(secondary_years(level, school_year, school))


def _transfers(ids: list[str]) -> st.SearchStrategy[Transfer]:
    return st.builds(
        Transfer,
        date=st.dates(dt.date(2000, 1, 1), dt.date(2035, 12, 31)),
        from_school=st.sampled_from(ids),
        to_school=st.sampled_from(ids),
        reason=_optional_text(),
        decision=_optional_text(),
    )


def _issuances() -> st.SearchStrategy[Issuance]:
    return st.builds(
        Issuance,
        signer=signers(),
        place=_optional_text(),
        date=st.dates(dt.date(2000, 1, 1), dt.date(2035, 12, 31)),
    )


_SHA256 = _code(r"[0-9a-f]{64}")
_MEDIA_TYPES = st.sampled_from(
    ["application/xml", "application/json", "text/csv", "application/"
     "vnd.openxmlformats-officedocument.spreadsheetml.sheet"]
) | _code(r"[a-z0-9][a-z0-9!#$&^_.+\-]{0,8}/[a-z0-9][a-z0-9!#$&^_.+\-]{0,8}")  # fmt: skip


@st.composite
def timestamps(draw: st.DrawFn) -> dt.datetime:
    """Aware times, with offsets of whole minutes within ±14:00 and microseconds."""
    minutes = draw(st.integers(-14 * 60, 14 * 60))
    zone = dt.timezone(dt.timedelta(minutes=minutes))
    naive = draw(
        st.datetimes(dt.datetime(2000, 1, 1), dt.datetime(2035, 12, 31, 23, 59))
    )
    return naive.replace(tzinfo=zone)


def source_files() -> st.SearchStrategy[SourceFile]:
    """Received files of any variant name, media type, digest and size."""
    return st.builds(
        SourceFile,
        variant=_code(r"[A-Za-z0-9\-]{1,20}"),
        media_type=_MEDIA_TYPES,
        sha256=_SHA256,
        size=st.integers(0, 10**9),
    )


@st.composite
def signature_results(draw: st.DrawFn) -> SignatureResult:
    """One signature's result: passed, or failed or indeterminate with a reason."""
    sub = draw(_maybe(st.sampled_from(VerificationSubIndication)))
    passed = sub is None and draw(st.booleans())
    if passed:
        indication = VerificationIndication.TOTAL_PASSED
    elif sub is not None:
        indication = sub.indication
    else:
        indication = draw(st.sampled_from([VerificationIndication.TOTAL_FAILED,
                                           VerificationIndication.INDETERMINATE]))  # fmt: skip
    return SignatureResult(
        signature_id=draw(_optional_text()),
        indication=indication,
        sub_indication=sub,
        signer_subject=draw(_optional_text()),
        certificate_sha256=draw(_maybe(_SHA256)),
        role=draw(_maybe(st.sampled_from(SignerRole))),
        signing_time=draw(_maybe(timestamps())),
    )


@st.composite
def _verifications(draw: st.DrawFn) -> Verification:
    results = tuple(draw(st.lists(signature_results(), max_size=3)))
    verified = draw(st.booleans())
    indication = (
        decide_indication([r.indication for r in results])
        if verified
        else VerificationIndication.NOT_VERIFIED
    )
    return Verification(
        verified_at=draw(timestamps()),
        indication=indication,
        accepted_unverified=indication is not VerificationIndication.TOTAL_PASSED,
        signatures=results if verified else (),
    )


def provenances() -> st.SearchStrategy[Provenance]:
    """Reception records, with or without a separate signed original."""
    count = st.integers(0, 10**6)
    return st.builds(
        Provenance,
        received_on=st.dates(dt.date(2000, 1, 1), dt.date(2035, 12, 31)),
        source=source_files(),
        original=_maybe(source_files()),
        verification=_verifications(),
        losses=st.builds(LossCounts, dropped=count, approximated=count, unmapped=count),
    )


def primary_transcripts() -> st.SearchStrategy[Transcript]:
    """Primary transcripts (Thông tư 27/2020)."""
    return _transcripts(Level.PRIMARY)


def secondary_transcripts(
    level: Level = Level.LOWER_SECONDARY,
) -> st.SearchStrategy[Transcript]:
    """Lower- or upper-secondary transcripts (Thông tư 22/2021)."""
    return _transcripts(level)


def transcripts() -> st.SearchStrategy[Transcript]:
    """Transcripts of any level."""
    return st.sampled_from(Level).flatmap(_transcripts)
