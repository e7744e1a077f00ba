"""Fixtures for the mock's tests: one faithful mock per session, and clients of its accounts."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from storefeeder_mock import RunningMock, running_mock

from tests.mock.helpers import JSON_TYPES, XML_TYPES, Api


@pytest.fixture(scope="session")
def mock() -> Iterator[RunningMock]:
    """One faithful mock for the session (in-memory, seed 0); tests use disjoint orders."""
    with running_mock() as m:
        yield m


@pytest.fixture(scope="session")
def api(mock: RunningMock) -> Iterator[Api]:
    a = Api(mock, 0)
    yield a
    a.close()


@pytest.fixture(scope="session")
def api_b(mock: RunningMock) -> Iterator[Api]:
    a = Api(mock, 1)
    yield a
    a.close()


@pytest.fixture(params=JSON_TYPES + XML_TYPES)
def media(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture(params=["json", "xml"])
def fmt(request: pytest.FixtureRequest) -> str:
    return str(request.param)
