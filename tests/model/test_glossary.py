from hocbaso.model import EthnicGroup, Subject
from hocbaso.model.vocabulary import Vocabulary
from tests.conftest import REPO


def test_glossary_pairs_every_code_with_its_vietnamese_term() -> None:
    text = (REPO / "docs" / "glossary.md").read_text(encoding="utf-8")
    vocabularies: list[type[Vocabulary]] = [
        *Vocabulary.__subclasses__(),
        Subject,
        EthnicGroup,
    ]
    for vocabulary in vocabularies:
        for member in vocabulary:
            row = f"| `{member.value}` | `{vocabulary.__name__}.{member.name}` |"
            assert row in text, (
                f"{vocabulary.__name__}.{member.name} missing from the glossary"
            )
            assert member.label in text
