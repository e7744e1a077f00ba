"""The ASP.NET Web API twin (../shared/tools/aspnet-twin) for the tests that ask the real framework.

`running_twin(reason)` starts it on a free loopback port (remote view), waits until it issues a
token, yields its base URL and stops it. Where the folder is absent (a user's clone) the calling
test SKIPs with the reason; under CI (the `CI` variable set) it FAILs instead: CI must not pass
having asked the framework nothing.
"""

from __future__ import annotations

import os
import socket
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
import pytest

REPO_ROOT = Path(__file__).resolve().parents[1]
TWIN_RUN = REPO_ROOT.parent / "shared" / "tools" / "aspnet-twin" / "run"
ACCOUNT = ("alice", "alice-pw", "client-a")  # the twin's README: orders 1001..1200
OTHER_ACCOUNT = ("bob", "bob-pw", "client-b")  # orders 2001..2200
START_TIMEOUT = 300.0  # the first start may install Mono from Debian's packages


def in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no")


def absent_reason(purpose: str) -> str | None:
    """Why the twin cannot run here (None: it can)."""
    if TWIN_RUN.is_file():
        return None
    return (
        f"the ASP.NET Web API twin is absent ({TWIN_RUN} not found; it lives in ../shared/tools/"
        f"aspnet-twin next to the repository): {purpose}"
    )


def skip_or_fail(reason: str) -> None:
    if in_ci():
        pytest.fail(f"{reason}. CI (CI={os.environ['CI']!r}) must run this test.", pytrace=False)
    pytest.skip(reason)


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _wait(process: subprocess.Popen[bytes], base_url: str, log: Path) -> None:
    username, password, client_id = ACCOUNT
    form = {"grant_type": "password", "username": username, "password": password, "client_id": client_id}
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


@contextmanager
def running_twin(log: Path) -> Iterator[str]:
    """The twin on a free loopback port, remote view; its base URL. Output goes to `log`."""
    port = _free_port()
    base_url = f"http://127.0.0.1:{port}"
    log.parent.mkdir(parents=True, exist_ok=True)
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
