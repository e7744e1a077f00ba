"""pytest plugin (registered through the `pytest11` entry point): a running mock as a fixture.

    def test_something(storefeeder_mock):
        creds = storefeeder_mock.account(0)      # username, password, client_id
        url = storefeeder_mock.base_url          # http://127.0.0.1:PORT

`storefeeder_mock` is function-scoped: every test gets a fresh mock (in-memory store, seed 0),
so tests cannot see each other's changes; it costs about 0.1 s. Options go in a marker:

    @pytest.mark.storefeeder_mock(seed=3, mutant="lost-write", faults="429=0.5", token_lifetime=1.0)

`storefeeder_mock_session` is one mock shared by the whole session (faster, shared state).
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from .server import RunningMock, running_mock


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers",
        "storefeeder_mock(**options): running_mock() options for the storefeeder_mock fixture "
        "(seed, mutant, faults, token_lifetime, db_path, extra_status)",
    )


@pytest.fixture
def storefeeder_mock(request: pytest.FixtureRequest) -> Iterator[RunningMock]:
    """A fresh mock for this test, served on 127.0.0.1 (options from the storefeeder_mock marker)."""
    marker = request.node.get_closest_marker("storefeeder_mock")
    options = dict(marker.kwargs) if marker is not None else {}
    with running_mock(**options) as mock:
        yield mock


@pytest.fixture(scope="session")
def storefeeder_mock_session() -> Iterator[RunningMock]:
    """One mock (seed 0, in-memory) shared by every test of the session."""
    with running_mock() as mock:
        yield mock
