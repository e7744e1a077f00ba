"""The two servers of the differential test, and its report.

`twin`: the real ASP.NET Web API 5.2.9 framework (`../shared/tools/aspnet-twin/run PORT`, remote view),
started on a free port for the session and stopped at its end. Where that folder is absent (a user's
clone) the tests SKIP saying so; under CI (the `CI` variable set, e.g. "true") they FAIL instead: CI
must not pass having compared nothing. `mock`: the embedded mock (`running_mock()`, seed 0).

Every compared case is recorded; at the end the terminal summary prints
"differential: N cases (H generated), framework-decided agreement A/B (P%), action-decided C" and the
first differences, and build/differential/ holds the full report (report.txt, outcomes.json).
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from storefeeder_mock import running_mock

from tests.twin import ACCOUNT as TWIN_ACCOUNT
from tests.twin import absent_reason, in_ci, running_twin, skip_or_fail

from .harness import REPORT_DIR, Recorder, Server, grouped, summary_line

SHOWN_IN_SUMMARY = 8


_RECORDER = pytest.StashKey[Recorder]()


def pytest_configure(config: pytest.Config) -> None:
    config.stash[_RECORDER] = Recorder()


@pytest.fixture(scope="session")
def recorder(pytestconfig: pytest.Config) -> Recorder:
    return pytestconfig.stash[_RECORDER]


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter, config: pytest.Config) -> None:
    recorder = config.stash.get(_RECORDER, None)
    if recorder is None:
        return
    if not recorder.outcomes:
        if recorder.not_run is not None:
            terminalreporter.write_sep("-", "differential")
            terminalreporter.write_line(f"differential: {recorder.not_run}")
        return
    report = recorder.write()
    terminalreporter.write_sep("-", "differential")
    terminalreporter.write_line(summary_line(recorder.outcomes))
    groups = grouped(recorder.disagreements())
    if groups:
        terminalreporter.write_line(f"first differences (one case of each kind, {len(groups)} kinds):")
    for key, members in groups[:SHOWN_IN_SUMMARY]:
        terminalreporter.write_line(f"[{len(members)} case(s): {key}]")
        terminalreporter.write_line(members[0].explain())
    if len(groups) > SHOWN_IN_SUMMARY:
        terminalreporter.write_line(f"... and {len(groups) - SHOWN_IN_SUMMARY} more kinds")
    terminalreporter.write_line(f"full report: {report}")


@pytest.fixture(scope="session")
def twin(recorder: Recorder) -> Iterator[Server]:
    """The real framework on a free loopback port, for the session."""
    reason = absent_reason("nothing to compare the mock with")
    if reason is not None:
        recorder.not_run = f"FAILED: {reason}" if in_ci() else f"skipped: {reason}"
        skip_or_fail(reason)
    with running_twin(REPORT_DIR / "twin.log") as base_url:
        server = Server("twin", base_url, *TWIN_ACCOUNT)
        try:
            yield server
        finally:
            server.close()


@pytest.fixture(scope="session")
def mock() -> Iterator[Server]:
    """The embedded mock (in-memory, seed 0), its first account."""
    with running_mock() as running:
        account = running.account(0)
        server = Server("mock", running.base_url, account.username, account.password, account.client_id)
        try:
            yield server
        finally:
            server.close()
