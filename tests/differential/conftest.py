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

import os
import socket
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from storefeeder_mock import running_mock

from .harness import REPO_ROOT, REPORT_DIR, Recorder, Server, grouped, summary_line

TWIN_DIR = REPO_ROOT.parent / "shared" / "tools" / "aspnet-twin"
TWIN_RUN = TWIN_DIR / "run"
TWIN_ACCOUNT = ("alice", "alice-pw", "client-a")  # the twin's README
TWIN_START_TIMEOUT = 300.0  # the first start may install Mono from Debian's packages
SHOWN_IN_SUMMARY = 8


def in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no")


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


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _wait_for_twin(process: subprocess.Popen[bytes], base_url: str, log: Path) -> None:
    user, password, client_id = TWIN_ACCOUNT
    form = {"grant_type": "password", "username": user, "password": password, "client_id": client_id}
    deadline = time.monotonic() + TWIN_START_TIMEOUT
    while time.monotonic() < deadline:
        if process.poll() is not None:
            tail = log.read_text(encoding="utf-8", errors="replace")[-2000:]
            raise RuntimeError(f"the twin exited with {process.returncode} before answering:\n{tail}")
        try:
            if httpx.post(base_url + "/Token", data=form, timeout=5).status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.25)
    raise RuntimeError(
        f"the twin did not answer on {base_url} within {TWIN_START_TIMEOUT:.0f} s (log: {log})"
    )


@pytest.fixture(scope="session")
def twin(recorder: Recorder) -> Iterator[Server]:
    """The real framework on a free loopback port, for the session."""
    if not TWIN_RUN.is_file():
        reason = (
            f"the ASP.NET Web API twin is absent ({TWIN_RUN} not found; it lives in ../shared/tools/"
            "aspnet-twin next to the repository): nothing to compare the mock with"
        )
        if in_ci():
            recorder.not_run = (
                f"FAILED: {reason}. CI (CI={os.environ['CI']!r}) must run the differential test."
            )
            pytest.fail(recorder.not_run, pytrace=False)
        recorder.not_run = f"skipped: {reason}"
        pytest.skip(reason)
    REPORT_DIR.mkdir(parents=True, exist_ok=True)
    log = REPORT_DIR / "twin.log"
    port = _free_port()
    base_url = f"http://127.0.0.1:{port}"
    with log.open("wb") as out:
        process = subprocess.Popen(
            [str(TWIN_RUN), str(port)], stdout=out, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL
        )
    try:
        _wait_for_twin(process, base_url, log)
        server = Server("twin", base_url, *TWIN_ACCOUNT)
        try:
            yield server
        finally:
            server.close()
    finally:
        process.terminate()
        try:
            process.wait(15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(15)


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
