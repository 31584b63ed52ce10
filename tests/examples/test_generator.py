from collections import Counter

from hypothesis import given, settings
from hypothesis import strategies as st

from hocbaso.examples import lower_secondary_example, primary_example
from hocbaso.examples.generator import KIM_SON_COHORT, generate_transcript, iter_cohort
from hocbaso.model import Level, PrimaryYear, SecondaryYear, rules
from hocbaso.model.rules import Severity


def test_the_same_seed_gives_the_same_transcript() -> None:
    assert generate_transcript(42) == generate_transcript(42)
    assert generate_transcript(42) != generate_transcript(43)


def test_a_cohort_is_reproducible_and_mixed() -> None:
    first = list(iter_cohort(60, seed=7))
    assert first == list(iter_cohort(60, seed=7))
    levels = Counter(t.level for t in first)
    assert set(levels) == set(Level)
    assert len({t.lookup_code for t in first}) == 60


@settings(max_examples=60, deadline=None)
@given(st.integers(min_value=0, max_value=2**40))
def test_generated_transcripts_satisfy_the_rules(seed: int) -> None:
    transcript = generate_transcript(seed)
    errors = [f for f in rules.check(transcript) if f.severity is Severity.ERROR]
    assert errors == []


def test_the_generator_covers_what_the_rules_distinguish() -> None:
    seen: Counter[str] = Counter()
    for transcript in iter_cohort(400, seed=3):
        for year in transcript.years:
            if isinstance(year, PrimaryYear):
                seen[f"primary:{year.result.value}"] += 1
            elif isinstance(year, SecondaryYear):
                seen[f"learning:{year.learning.year}"] += 1
                seen[f"promoted:{year.promoted}"] += 1
    for key in (
        "primary:excellent",
        "primary:well-completed",
        "primary:completed",
        "primary:not-completed",
        "learning:good",
        "learning:fair",
        "learning:pass",
        "learning:fail",
        "promoted:True",
        "promoted:False",
    ):
        assert seen[key] > 0, key


def test_the_benchmark_cohort_has_kim_sons_size() -> None:
    assert KIM_SON_COHORT == 12_180


def test_the_bundled_examples_have_no_findings() -> None:
    assert rules.check(primary_example()) == []
    assert rules.check(lower_secondary_example()) == []
