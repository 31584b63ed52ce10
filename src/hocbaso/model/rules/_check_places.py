"""
Checks of the schools: their addresses, and transfers between two of them.

A province name is checked against the province list of the address's period;
a transfer must leave one school for another.
"""

from __future__ import annotations

from collections.abc import Iterator

from hocbaso.model._text import lookup_key
from hocbaso.model.places import School, Transfer, provinces_on
from hocbaso.model.rules.findings import Finding, RuleId, Severity

__all__ = ["iter_place_findings", "iter_transfer_findings"]

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


def iter_transfer_findings(
    schools: tuple[School, ...], transfers: tuple[Transfer, ...]
) -> Iterator[Finding]:
    """Yield an error for each transfer that leaves a school for the same school."""
    codes = {school.id: school.code for school in schools}
    for index, transfer in enumerate(transfers):
        origin, destination = transfer.from_school, transfer.to_school
        code = codes.get(origin)
        if origin == destination:
            same = "the same school"
        elif code is not None and code == codes.get(destination):
            same = f"school {destination}, which has the same school code {code}"
        else:
            continue
        yield Finding(
            rule=RuleId.TRANSFER_SCHOOL,
            severity=Severity.ERROR,
            path=f"transfers[{index}].to_school",
            message=(
                f"The transfer of {transfer.date.isoformat()} leaves school "
                f"{origin} for {same}."
            ),
            stated=destination,
        )


def _same_province(written: str, official: str) -> bool:
    return lookup_key(_without_prefix(written)) == lookup_key(official)


def _without_prefix(name: str) -> str:
    folded = name.casefold()
    for prefix in _PREFIXES:
        if folded.startswith(prefix.casefold()):
            return name[len(prefix) :]
    return name
