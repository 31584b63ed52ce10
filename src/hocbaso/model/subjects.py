"""
The subject catalogue of the 2018 general-education programme.

Sources: Thông tư 32/2018/TT-BGDĐT as amended by Thông tư 13/2022/TT-BGDĐT
(subjects per level and grade), Thông tư 27/2020 Art. 7 (primary subjects that
sit periodic tests), Thông tư 22/2021 Art. 5 (secondary subjects assessed by
comment only). The numeric codes (``mon_hoc_id``) are those of the central
system's form templates (DOMAIN §3.2–3.3); they differ between levels (Toán is
``01`` at primary and ``15`` at secondary), so they are mapping data, never
identifiers.
"""

from __future__ import annotations

from dataclasses import dataclass

from hocbaso.model.vocabulary import AssessmentKind, Level, SubjectStatus, Vocabulary

__all__ = [
    "CATALOGUE",
    "REQUIRED_ELECTIVES",
    "Offering",
    "Subject",
    "offering",
    "subject_for_form_code",
]


class Subject(Vocabulary):
    """A subject or educational activity, by its stable code name."""

    VIETNAMESE = ("vietnamese", "Tiếng Việt")
    MATHEMATICS = ("mathematics", "Toán")
    FOREIGN_LANGUAGE_1 = ("foreign-language-1", "Ngoại ngữ 1")
    FOREIGN_LANGUAGE_2 = ("foreign-language-2", "Ngoại ngữ 2")
    ETHICS = ("ethics", "Đạo đức")
    NATURE_SOCIETY = ("nature-society", "Tự nhiên và Xã hội")
    HISTORY_GEOGRAPHY = ("history-geography", "Lịch sử và Địa lí", "Lịch sử và Địa lý")
    SCIENCE = ("science", "Khoa học")
    INFORMATICS = ("informatics", "Tin học")
    TECHNOLOGY = ("technology", "Công nghệ")
    PHYSICAL_EDUCATION = ("physical-education", "Giáo dục thể chất")
    MUSIC = ("music", "Âm nhạc", "Nghệ thuật (Âm nhạc)")
    FINE_ARTS = ("fine-arts", "Mĩ thuật", "Mỹ thuật", "Nghệ thuật (Mĩ thuật)")
    ARTS = ("arts", "Nghệ thuật")
    EXPERIENTIAL_ACTIVITIES = ("experiential-activities", "Hoạt động trải nghiệm")
    EXPERIENTIAL_CAREER = (
        "experiential-career",
        "Hoạt động trải nghiệm, hướng nghiệp",
        "Hoạt động trải nghiệm - hướng nghiệp",
    )
    LOCAL_EDUCATION = ("local-education", "Nội dung giáo dục của địa phương")
    ETHNIC_LANGUAGE = ("ethnic-language", "Tiếng dân tộc thiểu số", "Tiếng dân tộc")
    LITERATURE = ("literature", "Ngữ văn")
    CIVIC_EDUCATION = ("civic-education", "Giáo dục công dân")
    NATURAL_SCIENCE = ("natural-science", "Khoa học tự nhiên")
    DEFENCE_SECURITY = ("defence-security", "Giáo dục quốc phòng và an ninh")
    PHYSICS = ("physics", "Vật lí", "Vật lý")
    CHEMISTRY = ("chemistry", "Hoá học", "Hóa học")
    BIOLOGY = ("biology", "Sinh học")
    HISTORY = ("history", "Lịch sử")
    GEOGRAPHY = ("geography", "Địa lí", "Địa lý")
    ECONOMICS_LAW = ("economics-law", "Giáo dục kinh tế và pháp luật")


@dataclass(frozen=True, slots=True)
class Offering:
    """How one subject is offered at one level."""

    subject: Subject
    form_code: str
    """The ``mon_hoc_id`` of the central system's template for this level."""
    grades: frozenset[int]
    """Grades in which the subject is taught."""
    status: SubjectStatus
    assessment: AssessmentKind
    tested_grades: frozenset[int] = frozenset()
    """Primary only: grades that sit the periodic tests (TT 27/2020 Art. 7)."""
    optional_grades: frozenset[int] = frozenset()
    """Grades in which a compulsory subject is optional (Ngoại ngữ 1 in grades 1-2)."""

    @property
    def compulsory_grades(self) -> frozenset[int]:
        """The grades in which every pupil must take the subject."""
        if self.status is not SubjectStatus.COMPULSORY:
            return frozenset()
        return self.grades - self.optional_grades


def _grades(first: int, last: int) -> frozenset[int]:
    return frozenset(range(first, last + 1))


_C, _E, _O = SubjectStatus.COMPULSORY, SubjectStatus.ELECTIVE, SubjectStatus.OPTIONAL
_RATED = AssessmentKind.RATED
_SCORED, _COMMENTED = AssessmentKind.SCORED, AssessmentKind.COMMENTED


def _primary() -> dict[Subject, Offering]:
    # Ngoại ngữ 1 is compulsory from grade 3 and optional in grades 1-2; the
    # optional years sit no test. Đạo đức has a score cell in the central
    # system's template, but TT 27/2020 Art. 7 gives it no periodic test.
    rows = [
        Offering(Subject.VIETNAMESE, "02", _grades(1, 5), _C, _RATED, _grades(1, 5)),
        Offering(Subject.MATHEMATICS, "01", _grades(1, 5), _C, _RATED, _grades(1, 5)),
        Offering(
            Subject.FOREIGN_LANGUAGE_1,
            "11",
            _grades(1, 5),
            _C,
            _RATED,
            tested_grades=_grades(3, 5),
            optional_grades=frozenset({1, 2}),
        ),
        Offering(
            Subject.HISTORY_GEOGRAPHY, "05", _grades(4, 5), _C, _RATED, _grades(4, 5)
        ),
        Offering(Subject.SCIENCE, "13", _grades(4, 5), _C, _RATED, _grades(4, 5)),
        Offering(Subject.INFORMATICS, "12", _grades(3, 5), _C, _RATED, _grades(3, 5)),
        Offering(Subject.TECHNOLOGY, "87", _grades(3, 5), _C, _RATED, _grades(3, 5)),
        Offering(Subject.ETHICS, "03", _grades(1, 5), _C, _RATED),
        Offering(Subject.NATURE_SOCIETY, "04", _grades(1, 3), _C, _RATED),
        Offering(Subject.PHYSICAL_EDUCATION, "88", _grades(1, 5), _C, _RATED),
        Offering(Subject.MUSIC, "89", _grades(1, 5), _C, _RATED),
        Offering(Subject.FINE_ARTS, "90", _grades(1, 5), _C, _RATED),
        Offering(Subject.EXPERIENTIAL_ACTIVITIES, "91", _grades(1, 5), _C, _RATED),
        Offering(Subject.ETHNIC_LANGUAGE, "14", _grades(1, 5), _O, _RATED),
    ]
    return {row.subject: row for row in rows}


def _lower_secondary() -> dict[Subject, Offering]:
    g = _grades(6, 9)
    rows = [
        Offering(Subject.LITERATURE, "19", g, _C, _SCORED),
        Offering(Subject.MATHEMATICS, "15", g, _C, _SCORED),
        Offering(Subject.FOREIGN_LANGUAGE_1, "69", g, _C, _SCORED),
        Offering(Subject.CIVIC_EDUCATION, "26", g, _C, _SCORED),
        Offering(Subject.HISTORY_GEOGRAPHY, "05", g, _C, _SCORED),
        Offering(Subject.NATURAL_SCIENCE, "66", g, _C, _SCORED),
        Offering(Subject.TECHNOLOGY, "27", g, _C, _SCORED),
        Offering(Subject.INFORMATICS, "32", g, _C, _SCORED),
        Offering(Subject.PHYSICAL_EDUCATION, "88", g, _C, _COMMENTED),
        Offering(Subject.ARTS, "97", g, _C, _COMMENTED),
        Offering(Subject.EXPERIENTIAL_CAREER, "91", g, _C, _COMMENTED),
        Offering(Subject.LOCAL_EDUCATION, "99", g, _C, _COMMENTED),
        Offering(Subject.ETHNIC_LANGUAGE, "14", g, _O, _SCORED),
        Offering(Subject.FOREIGN_LANGUAGE_2, "31", g, _O, _SCORED),
    ]
    return {row.subject: row for row in rows}


def _upper_secondary() -> dict[Subject, Offering]:
    g = _grades(10, 12)
    rows = [
        Offering(Subject.LITERATURE, "19", g, _C, _SCORED),
        Offering(Subject.MATHEMATICS, "15", g, _C, _SCORED),
        Offering(Subject.FOREIGN_LANGUAGE_1, "69", g, _C, _SCORED),
        Offering(Subject.HISTORY, "40", g, _C, _SCORED),
        Offering(Subject.PHYSICAL_EDUCATION, "88", g, _C, _COMMENTED),
        Offering(Subject.DEFENCE_SECURITY, "47", g, _C, _SCORED),
        Offering(Subject.EXPERIENTIAL_CAREER, "91", g, _C, _COMMENTED),
        Offering(Subject.LOCAL_EDUCATION, "99", g, _C, _COMMENTED),
        Offering(Subject.GEOGRAPHY, "41", g, _E, _SCORED),
        Offering(Subject.ECONOMICS_LAW, "100", g, _E, _SCORED),
        Offering(Subject.PHYSICS, "35", g, _E, _SCORED),
        Offering(Subject.CHEMISTRY, "36", g, _E, _SCORED),
        Offering(Subject.BIOLOGY, "37", g, _E, _SCORED),
        Offering(Subject.TECHNOLOGY, "46", g, _E, _SCORED),
        Offering(Subject.INFORMATICS, "38", g, _E, _SCORED),
        Offering(Subject.MUSIC, "29", g, _E, _COMMENTED),
        Offering(Subject.FINE_ARTS, "30", g, _E, _COMMENTED),
        Offering(Subject.ETHNIC_LANGUAGE, "14", g, _O, _SCORED),
        Offering(Subject.FOREIGN_LANGUAGE_2, "70", g, _O, _SCORED),
    ]
    return {row.subject: row for row in rows}


CATALOGUE: dict[Level, dict[Subject, Offering]] = {
    Level.PRIMARY: _primary(),
    Level.LOWER_SECONDARY: _lower_secondary(),
    Level.UPPER_SECONDARY: _upper_secondary(),
}
"""Every subject offered at each level, with its form code and assessment."""

REQUIRED_ELECTIVES = 4
"""Upper-secondary pupils choose four electives (TT 32/2018 as amended by TT 13/2022)."""


def offering(level: Level, subject: Subject) -> Offering | None:
    """
    Return how ``subject`` is offered at ``level``, or ``None`` if it is not.

    :param level: the school level.
    :param subject: the subject.
    :returns: the catalogue row, or ``None``.
    """
    return CATALOGUE[level].get(subject)


def subject_for_form_code(level: Level, code: str) -> Subject:
    """
    Return the subject that the central system's templates number ``code``.

    :param level: the level whose numbering applies.
    :param code: the ``mon_hoc_id``, such as ``"15"``.
    :returns: the subject.
    :raises ValueError: if the code is not used at that level.
    """
    for row in CATALOGUE[level].values():
        if row.form_code == code.zfill(2):
            return row.subject
    raise ValueError(f"Subject code {code!r} is not used at level {level.value!r}.")
