"""Checks of the schools' addresses against the province list of their period."""

from __future__ import annotations

from collections.abc import Iterator

from hocbaso.model._text import lookup_key
from hocbaso.model.places import School, provinces_on
from hocbaso.model.rules.findings import Finding, RuleId, Severity

__all__ = ["iter_place_findings"]

# Prefixes the forms put before a province's name; the code tables have none.
_PREFIXES = ("Tỉnh ", "Thành phố ", "TP. ")


def iter_place_findings(schools: tuple[School, ...]) -> Iterator[Finding]:
    """Yield a warning for each school whose province name disagrees with its code."""
    for school in schools:
        address = school.address
        if address.province_code is None:
            continue
        expected = provinces_on(address.as_of).get(address.province_code)
        if expected is None or _same_province(address.province, expected):
            continue
        yield Finding(
            rule=RuleId.PROVINCE_NAME,
            severity=Severity.WARNING,
            path=f"schools[{school.id}].address.province",
            message=(
                f"Province code {address.province_code} was {expected} on "
                f"{address.as_of.isoformat()}, not {address.province}."
            ),
            stated=address.province,
            computed=expected,
        )


def _same_province(written: str, official: str) -> bool:
    return lookup_key(_without_prefix(written)) == lookup_key(official)


def _without_prefix(name: str) -> str:
    folded = name.casefold()
    for prefix in _PREFIXES:
        if folded.startswith(prefix.casefold()):
            return name[len(prefix) :]
    return name
