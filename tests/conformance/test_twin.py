"""The suite judges like the framework: run against the real ASP.NET Web API framework (the twin,
../shared/tools/aspnet-twin), in full and in safe mode, no seed or framework check fails.

The twin is Microsoft's Web API 5.2.9 with the Help page's models; everything up to the action
(routing, negotiation, binding, validation, error bodies) is the real framework, so a seed or
framework check that fails here would cry wolf against the real service. Its action code (per-item
rules, the 50-item answer) is invented, so assumption checks are reported but not asserted.

Where the twin is absent (a user's clone) the test SKIPs saying so; under CI (the `CI` variable set)
it FAILs instead: CI must not pass having judged nothing.
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
from storefeeder_conformance import Mode, Outcome, RunConfig, run
from storefeeder_conformance.tokens import Credentials

from .conftest import Captured

REPO_ROOT = Path(__file__).resolve().parents[2]
TWIN_DIR = REPO_ROOT.parent / "shared" / "tools" / "aspnet-twin"
TWIN_RUN = TWIN_DIR / "run"
ACCOUNT = Credentials("alice", "alice-pw", "client-a")  # the twin's README
ORDERS = [1001, 1002, 1003, 1004, 1190]  # 1190..1200 start AwaitingPayment (a status that cannot be left)
FOREIGN = 2001  # bob's
START_TIMEOUT = 300.0  # the first start may install Mono from Debian's packages
EXAMPLES = 25
"""Examples per property and Schemathesis operation: both runs take about 10 s together (100, the
command's default, about 33 s, and found nothing more here for seeds 0, 1, 7 and 42)."""


def _in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no")


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _wait(process: subprocess.Popen[bytes], base_url: str, log: Path) -> None:
    form = {
        "grant_type": "password",
        "username": ACCOUNT.username,
        "password": ACCOUNT.password,
        "client_id": ACCOUNT.client_id,
    }
    deadline = time.monotonic() + START_TIMEOUT
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
    raise RuntimeError(f"the twin did not answer on {base_url} within {START_TIMEOUT:.0f} s (log: {log})")


@pytest.fixture(scope="module")
def twin(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The real framework on a free loopback port (remote view), for this module; its base URL."""
    if not TWIN_RUN.is_file():
        reason = (
            f"the ASP.NET Web API twin is absent ({TWIN_RUN} not found; it lives in ../shared/tools/"
            "aspnet-twin next to the repository): nothing to judge the suite's framework checks against"
        )
        if _in_ci():
            pytest.fail(f"{reason}. CI (CI={os.environ['CI']!r}) must run this test.", pytrace=False)
        pytest.skip(reason)
    log = tmp_path_factory.mktemp("twin") / "twin.log"
    port = _free_port()
    base_url = f"http://127.0.0.1:{port}"
    with log.open("wb") as out:
        process = subprocess.Popen(
            [str(TWIN_RUN), str(port), "remote"],
            stdout=out,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
        )
    try:
        _wait(process, base_url, log)
        yield base_url
    finally:
        process.terminate()
        try:
            process.wait(15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(15)


@pytest.mark.parametrize("mode", [Mode.FULL, Mode.SAFE])
def test_no_seed_or_framework_check_fails_against_the_framework(
    twin: str, mode: Mode, console: Captured
) -> None:
    config = RunConfig(
        base_url=twin,
        credentials=ACCOUNT,
        orders=ORDERS,
        foreign=FOREIGN,
        mode=mode,
        max_examples=EXAMPLES,
    )
    report = run(config, console)
    assert report.settings["mode"] == mode.value
    assert report.settings["basis"] == "seed,framework,assumption"  # loopback: every basis runs
    wolves = [
        f"{r.name} [{r.basis}]: {r.message}\n  {r.curl}"
        for r in report.results
        if r.outcome is Outcome.FAIL and r.basis in ("seed", "framework")
    ]
    assert not wolves, "checks that contradict ASP.NET Web API:\n" + "\n".join(wolves)
    ran = [r for r in report.results if r.outcome is not Outcome.SKIP]
    assert {r.basis for r in ran} >= {"seed", "framework"}
    assert len(ran) >= 40, report.closing_line()
