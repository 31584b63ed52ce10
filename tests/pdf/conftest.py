"""Rendered examples shared by the PDF tests (rendering once per session)."""

from __future__ import annotations

import pytest

from hocbaso.examples import lower_secondary_example, primary_example
from tests.pdf._helpers import Rendered, render


@pytest.fixture(scope="session")
def primary() -> Rendered:
    return render(primary_example())


@pytest.fixture(scope="session")
def lower_secondary() -> Rendered:
    return render(lower_secondary_example())


@pytest.fixture(scope="session", params=["primary", "lower-secondary"])
def rendered(request: pytest.FixtureRequest) -> Rendered:
    example = primary_example if request.param == "primary" else lower_secondary_example
    return render(example())
