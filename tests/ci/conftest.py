"""The pinned actionlint for the tests of the CI examples."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.twin import skip_or_fail

from . import actionlint


@pytest.fixture(scope="session")
def actionlint_binary() -> Path:
    try:
        return actionlint.ensure()
    except actionlint.Unavailable as exc:
        skip_or_fail(f"{exc}: the GitHub Actions example is not linted")
        raise
