"""The suite against small hostile servers (tests/conformance/hostile.py) and signals: every row of
issue 7's table, as a user would meet it, through the CLI in a separate process.

Each test names its row. Limits are scaled down (--request-timeout 1, --max-response-bytes 1 MiB)
so the hostile behaviour shows in seconds; every run must end well within a bound the test sets.
"""

from __future__ import annotations

import json
import os
import resource
import signal
import socket
import subprocess
import sys
import time
import xml.etree.ElementTree as ET
from collections.abc import Sequence
from pathlib import Path

import pytest
from storefeeder_conformance import contract as contract_module
from storefeeder_conformance.report import secret_forms
from storefeeder_conformance.target import choose_embedded_orders
from storefeeder_mock import RunningMock

from . import hostile
from .conftest import all_statuses, seeded_statuses
from .hostile import Hostile, Request

PASSWORD = 'p@ss w/rd+&"é'  # changes under URL-encoding and JSON-escaping


def _account(mock: RunningMock) -> dict[str, str]:
    return mock.fixtures["accounts"][0]  # type: ignore[no-any-return]


def _args(mock: RunningMock, base_url: str, *extra: str, password: str | None = None) -> list[str]:
    account = _account(mock)
    orders, foreign = choose_embedded_orders(mock.fixtures, contract_module.load())
    args = ["--base-url", base_url, "--username", account["username"], "--client-id", account["client_id"]]
    args += ["--password", password or account["password"], "--foreign-order", str(foreign)]
    for n in orders:
        args += ["--order", str(n)]
    return [
        *args,
        "--max-examples",
        "5",
        "--request-timeout",
        "1",
        "--max-response-bytes",
        str(2**20),
        *extra,
    ]


def _env(tmp: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("STOREFEEDER_")}
    env["XDG_STATE_HOME"] = str(tmp / "state")
    return env


def _cli(tmp: Path, args: Sequence[str], *, bound: float) -> tuple[int, str, float]:
    """Run the CLI; (exit code, stdout+stderr, seconds). Fails the test past `bound` seconds."""
    started = time.monotonic()
    done = subprocess.run(
        [sys.executable, "-m", "storefeeder_conformance.cli", *args],
        capture_output=True,
        text=True,
        env=_env(tmp),
        timeout=bound,
        check=False,
    )
    return done.returncode, done.stdout + done.stderr, time.monotonic() - started


def _junit(path: Path) -> dict[str, str]:
    """testcase name -> outcome (pass, failure, error, skipped), from a JUnit file that must parse."""
    outcomes = {}
    for case in ET.parse(path).iter("testcase"):
        kinds = [c.tag for c in case if c.tag in ("failure", "error", "skipped")]
        outcomes[str(case.get("name"))] = kinds[0] if kinds else "pass"
    return outcomes


def _no_secret(text: str, secrets: Sequence[str]) -> None:
    for secret in secrets:
        for form in secret_forms(secret):
            if len(form) >= 4:
                assert form not in text, f"a form of a secret was printed: {form[:3]}..."


# ------------------------------------------------------------------ bounded by construction


def _sluggish_token(conn: socket.socket, request: Request, server: Hostile) -> None:
    hostile.drip(conn, server)


def test_row_one_byte_every_few_seconds_ends_at_the_request_deadline(
    storefeeder_mock: RunningMock, tmp_path: Path
) -> None:
    """Row 'server sends 1 byte every 5 s' (scaled to 0.3 s): the read timeout would never trip;
    the total deadline (--request-timeout 1) does, and the run exits 2 with one line."""
    junit = tmp_path / "junit.xml"
    with hostile.hostile(_sluggish_token) as server:
        code, out, seconds = _cli(
            tmp_path, ["run", *_args(storefeeder_mock, server.url, "--junit", str(junit))], bound=60
        )
    assert code == 2, out
    assert seconds < 20
    assert "Traceback" not in out
    assert "no complete answer within 1 s" in out
    assert _junit(junit) == {"setup": "error"}


def _slow_for_schemathesis(conn: socket.socket, request: Request, server: Hostile) -> None:
    if request.from_schemathesis:
        hostile.drip(conn, server)
    else:
        hostile.relay_answer(conn, server.forward(request))


def test_schemathesis_requests_are_bounded_too(storefeeder_mock: RunningMock, tmp_path: Path) -> None:
    """The same drip to Schemathesis's generated requests only: they go through the relay, so the
    check ends as ERROR (no answer, not a contract failure) and the run exits 2."""
    junit = tmp_path / "junit.xml"
    with hostile.hostile(_slow_for_schemathesis, storefeeder_mock.base_url) as server:
        args = _args(
            storefeeder_mock, server.url, "--check", "schemathesis-get-order-statuses", "--junit", str(junit)
        )
        code, out, seconds = _cli(tmp_path, ["run", "--mode", "safe", *args], bound=90)
    assert code == 2, out
    assert seconds < 45
    assert "Traceback" not in out
    assert _junit(junit)["schemathesis-get-order-statuses"] == "error"
    assert "no complete answer within 1 s" in out


def _large(kind: str) -> hostile.Behaviour:
    def behaviour(conn: socket.socket, request: Request, server: Hostile) -> None:
        if request.path.startswith("/order-status") and not request.from_schemathesis:
            (hostile.endless_chunked if kind == "endless" else hostile.huge)(conn, server)
        else:
            hostile.relay_answer(conn, server.forward(request))

    return behaviour


@pytest.mark.parametrize("kind", ["endless", "100MB"])
def test_rows_endless_and_huge_bodies_stop_at_the_size_cap(
    storefeeder_mock: RunningMock, tmp_path: Path, kind: str
) -> None:
    """Rows 'endless chunked response body' and '100 MB response body': the body is read as a
    stream up to --max-response-bytes (1 MiB here); the process stays small and exits 2."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    with hostile.hostile(_large(kind), storefeeder_mock.base_url) as server:
        code, out, seconds = _cli(tmp_path, ["run", *_args(storefeeder_mock, server.url)], bound=60)
    peak_mib = max(before, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss) / 1024
    assert code == 2, out
    assert "larger than 1048576 bytes" in out
    assert seconds < 30
    assert "Traceback" not in out
    assert peak_mib < 300, f"peak {peak_mib:.0f} MiB"


def _deep_token(conn: socket.socket, request: Request, server: Hostile) -> None:
    hostile.answer(conn, 200, hostile.deep_json())


def test_row_deep_json_from_token_is_one_line(storefeeder_mock: RunningMock, tmp_path: Path) -> None:
    """Row '200k-deep JSON from /Token': one readable line and exit 2, never a traceback."""
    with hostile.hostile(_deep_token) as server:
        code, out, _ = _cli(tmp_path, ["run", *_args(storefeeder_mock, server.url)], bound=60)
    assert code == 2, out
    assert "Traceback" not in out
    assert "without a readable access_token: nested too deep" in out
    assert len(out.strip().splitlines()) == 1


# ------------------------------------------------------------------ faults are not violations


def _dropping(every: int) -> hostile.Behaviour:
    """Drops every `every`-th request of the suite's own: before forwarding it, or after (the
    write applied, its answer lost), alternately."""

    def behaviour(conn: socket.socket, request: Request, server: Hostile) -> None:
        with server.lock:
            nth = server.seen.count
        if nth % every == 0:
            if nth % (2 * every) == 0:
                server.forward(request)
            conn.shutdown(socket.SHUT_RDWR)
            raise OSError("dropped on purpose")
        hostile.relay_answer(conn, server.forward(request))

    return behaviour


CHEAP_WRITING_CHECKS = (
    "rejected-batch-applies-nothing",
    "per-item-results-match-model",
    "bad-credentials-rejected",
)


@pytest.mark.storefeeder_mock(seed=4)
def test_rows_dropped_connections_are_retried_even_during_restore(
    storefeeder_mock: RunningMock, tmp_path: Path
) -> None:
    """Rows 'a dropped connection during restore (full mode)' and '10% dropped connections': one
    request in ten is dropped, restores included; every check still runs and passes, the orders
    are restored, JUnit is written."""
    junit = tmp_path / "junit.xml"
    checks = [a for name in CHEAP_WRITING_CHECKS for a in ("--check", name)]
    with hostile.hostile(_dropping(10), storefeeder_mock.base_url) as server:
        args = _args(storefeeder_mock, server.url, *checks, "--junit", str(junit), "--mode", "full")
        code, out, _ = _cli(tmp_path, ["run", *args], bound=120)
        dropped = server.seen.count // 10
    assert dropped >= 5, "the test must drop connections to show anything"
    assert code == 0, out
    assert "Traceback" not in out
    outcomes = _junit(junit)
    assert set(outcomes.values()) == {"pass"} and "orders-left-as-found" in outcomes
    assert all_statuses(storefeeder_mock, [0]) == seeded_statuses(storefeeder_mock, [0])


def _token_fails(conn: socket.socket, request: Request, server: Hostile) -> None:
    hostile.answer(conn, 500, b'{"Message":"An error has occurred."}')


def test_row_token_500_says_the_server_failed(storefeeder_mock: RunningMock, tmp_path: Path) -> None:
    """Row '/Token answers 500': the server failed; the credentials were not refused."""
    with hostile.hostile(_token_fails) as server:
        code, out, _ = _cli(tmp_path, ["run", *_args(storefeeder_mock, server.url)], bound=60)
    assert code == 2, out
    assert "the server failed (500)" in out
    assert "refused the credentials" not in out


# ------------------------------------------------------------------ secrets


def _echo_token_form(conn: socket.socket, request: Request, server: Hostile) -> None:
    hostile.answer(conn, 400, request.body + b" " + hostile.echo_of(request))


def test_row_token_echoing_the_form_body_prints_no_secret(
    storefeeder_mock: RunningMock, tmp_path: Path
) -> None:
    """Row '/Token echoes the form body': password and client id, URL-encoded and JSON-escaped,
    never printed nor written to JUnit."""
    junit = tmp_path / "junit.xml"
    with hostile.hostile(_echo_token_form) as server:
        args = _args(storefeeder_mock, server.url, "--junit", str(junit), password=PASSWORD)
        code, out, _ = _cli(tmp_path, ["run", *args], bound=60)
    assert code == 2, out
    assert "refused the credentials: 400" in out
    text = out + junit.read_text(encoding="utf-8")
    _no_secret(text, [PASSWORD, _account(storefeeder_mock)["client_id"]])
    assert "***" in out


def _echo_on_put(conn: socket.socket, request: Request, server: Hostile) -> None:
    if request.method == "PUT" and not request.from_schemathesis:
        hostile.answer(conn, 500, hostile.echo_of(request))
    else:
        hostile.relay_answer(conn, server.forward(request))


def test_row_server_echoing_headers_in_a_500_prints_no_token(
    storefeeder_mock: RunningMock, tmp_path: Path
) -> None:
    """Row 'server echoes request headers in a 500': the token obtained at login, and every other
    one, never appears in output, JUnit or curl lines."""
    junit = tmp_path / "junit.xml"
    with hostile.hostile(_echo_on_put, storefeeder_mock.base_url) as server:
        args = _args(
            storefeeder_mock, server.url, "--check", "order-number-negative-rejected", "--junit", str(junit)
        )
        code, out, _ = _cli(tmp_path, ["run", "--mode", "safe", *args], bound=60)
        tokens = sorted(server.seen.authorizations)
    assert code == 1, out
    assert tokens
    assert "Authorization: Bearer $STOREFEEDER_TOKEN" in out  # the curl line, pasteable
    _no_secret(out + junit.read_text(encoding="utf-8"), tokens)


# ------------------------------------------------------------------ interrupted and restorable


def _slowed(delay: float) -> hostile.Behaviour:
    def behaviour(conn: socket.socket, request: Request, server: Hostile) -> None:
        time.sleep(delay)
        hostile.relay_answer(conn, server.forward(request))

    return behaviour


def _start(tmp: Path, args: Sequence[str]) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "storefeeder_conformance.cli", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env=_env(tmp),
    )


def _wait_for_writes(journal: Path, server: Hostile, proc: subprocess.Popen[str], bound: float = 60) -> None:
    """Until the journal exists and the run has made some PUTs."""
    started = time.monotonic()
    while time.monotonic() - started < bound:
        if journal.exists() and server.seen.puts >= 3:
            return
        assert proc.poll() is None, proc.communicate()[0]
        time.sleep(0.05)
    raise AssertionError("the run made no writes in time")


@pytest.mark.storefeeder_mock(seed=5)
@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGHUP])
def test_row_sigterm_and_sighup_restore_like_ctrl_c(
    storefeeder_mock: RunningMock, tmp_path: Path, signum: int
) -> None:
    """Row 'SIGTERM in full mode': the orders are restored, the exit code is 128 + the signal,
    JUnit is written and names the checks not run."""
    journal, junit = tmp_path / "journal.json", tmp_path / "junit.xml"
    with hostile.hostile(_slowed(0.02), storefeeder_mock.base_url) as server:
        args = _args(
            storefeeder_mock, server.url, "--mode", "full", "--journal", str(journal), "--junit", str(junit)
        )
        proc = _start(
            tmp_path,
            [
                "run",
                "--check",
                "per-item-results-match-model",
                "--check",
                "bad-credentials-rejected",
                *args,
                "--max-examples",
                "60",
            ],
        )
        _wait_for_writes(journal, server, proc)
        proc.send_signal(signum)
        out, _ = proc.communicate(timeout=60)
    assert proc.returncode == 128 + signum, out
    assert "Traceback" not in out
    outcomes = _junit(junit)
    assert outcomes["orders-left-as-found"] == "pass"
    assert "error" in outcomes.values()  # the checks not run
    assert all_statuses(storefeeder_mock, [0]) == seeded_statuses(storefeeder_mock, [0])
    assert json.loads(journal.read_text())["finished"] is True


@pytest.mark.storefeeder_mock(seed=6)
@pytest.mark.parametrize("after_puts", [3, 40])
def test_row_kill_9_then_restore_leaves_no_order_changed(
    storefeeder_mock: RunningMock, tmp_path: Path, after_puts: int
) -> None:
    """Row 'kill -9 in full mode': the journal was on disk before the first write; `restore`
    puts every order back, verifies with GET, and is safe to run twice."""
    journal = tmp_path / "journal.json"
    with hostile.hostile(_slowed(0.01), storefeeder_mock.base_url) as server:
        args = _args(storefeeder_mock, server.url, "--mode", "full", "--journal", str(journal))
        proc = _start(
            tmp_path, ["run", "--check", "per-item-results-match-model", *args, "--max-examples", "60"]
        )
        _wait_for_writes(journal, server, proc)
        while server.seen.puts < after_puts and proc.poll() is None:
            time.sleep(0.01)
        proc.kill()
        proc.communicate(timeout=30)
        relay_url = server.url
    saved = json.loads(journal.read_text())
    assert saved["finished"] is False and saved["base_url"] == relay_url
    account = _account(storefeeder_mock)
    creds = [
        "--username",
        account["username"],
        "--password",
        account["password"],
        "--client-id",
        account["client_id"],
    ]
    # The journal names the relay's address; the orders live in the mock behind it.
    saved["base_url"] = storefeeder_mock.base_url
    journal.write_text(json.dumps(saved))
    first = _cli(tmp_path, ["restore", "--journal", str(journal), *creds], bound=60)
    assert first[0] == 0, first[1]
    assert all_statuses(storefeeder_mock, [0]) == seeded_statuses(storefeeder_mock, [0])
    second = _cli(tmp_path, ["restore", "--journal", str(journal), *creds], bound=60)
    assert second[0] == 0, second[1]
    assert "restored to" not in second[1] and "already" in second[1]
    assert json.loads(journal.read_text())["finished"] is True


@pytest.mark.storefeeder_mock(seed=7)
def test_an_unfinished_journal_blocks_the_next_full_run(
    storefeeder_mock: RunningMock, tmp_path: Path
) -> None:
    """A second run would take the changed statuses for the originals: it refuses, naming restore."""
    journal = tmp_path / "journal.json"
    journal.write_text(
        json.dumps({"version": 1, "base_url": storefeeder_mock.base_url, "finished": False, "orders": []})
    )
    code, out, _ = _cli(
        tmp_path,
        ["run", *_args(storefeeder_mock, storefeeder_mock.base_url, "--journal", str(journal))],
        bound=60,
    )
    assert code == 2, out
    assert f"storefeeder-conformance restore --journal {journal}" in out


def test_deadline_stops_restores_and_exits_2(storefeeder_mock: RunningMock, tmp_path: Path) -> None:
    """--deadline: the run stops, restores, reports the checks not run as errors, exits 2."""
    junit = tmp_path / "junit.xml"
    with hostile.hostile(_slowed(0.05), storefeeder_mock.base_url) as server:
        args = _args(storefeeder_mock, server.url, "--mode", "full", "--deadline", "3", "--junit", str(junit))
        args += ["--journal", str(tmp_path / "j.json")]
        code, out, seconds = _cli(tmp_path, ["run", *args], bound=120)
    assert code == 2, out
    assert seconds < 60
    assert "checks not run: the run's --deadline passed" in out
    outcomes = _junit(junit)
    assert outcomes["orders-left-as-found"] == "pass"
    assert "error" in outcomes.values()
    assert all_statuses(storefeeder_mock, [0]) == seeded_statuses(storefeeder_mock, [0])
