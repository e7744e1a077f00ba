"""The CLI as a real process: kill -9 and restart keeps every acknowledged change; clean stops."""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
import pytest
from storefeeder_mock import fixtures
from storefeeder_mock.cli import main
from storefeeder_mock.mutants import CATALOGUE

PUT = "/orders/override-order-statuses"
CLI = [sys.executable, "-m", "storefeeder_mock"]


@contextmanager
def serve(*args: str) -> Iterator[tuple[subprocess.Popen[str], str]]:
    proc = subprocess.Popen(
        [*CLI, "serve", "--port", "0", *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    try:
        assert proc.stdout is not None
        line = proc.stdout.readline()
        assert line.startswith("Listening on http://127.0.0.1:"), (
            line,
            proc.stderr.read() if proc.stderr else "",
        )
        yield proc, line.split()[2]
    finally:
        if proc.poll() is None:
            proc.kill()
        proc.wait(10)


def token(http: httpx.Client, seed: int = 0, account: int = 0) -> str:
    a = fixtures(seed)["accounts"][account]
    r = http.post(
        "/Token",
        data={
            "grant_type": "password",
            "username": a["username"],
            "password": a["password"],
            "client_id": a["client_id"],
        },
    )
    return str(r.json()["access_token"])


def test_kill_9_keeps_every_acknowledged_change(tmp_path: Path) -> None:
    db = str(tmp_path / "mock.sqlite3")
    seeded = fixtures(3)["accounts"][0]["orders"]
    orders = [o["OrderNumber"] for o in seeded if o["OrderStatus"] != "AwaitingPayment"]
    batches = [orders[i : i + 10] for i in range(0, 1500, 10)]  # disjoint: each order is written once
    targets = ["OnHold", "CourierClaim", "Returned"]
    acknowledged: list[int] = []
    sent: list[int] = []

    with serve("--db", db, "--seed", "3") as (proc, url), httpx.Client(base_url=url, timeout=10) as http:
        bearer = token(http, 3)
        headers = {"Authorization": f"Bearer {bearer}"}
        stop = threading.Event()

        def writer() -> None:
            for k, batch in enumerate(batches):
                if stop.is_set():
                    return
                sent.append(k)
                try:
                    r = http.put(
                        PUT,
                        json=[{"OrderNumber": n, "OrderStatus": targets[k % 3]} for n in batch],
                        headers=headers,
                    )
                except httpx.HTTPError:
                    return
                if r.status_code == 200 and all(x["Success"] for x in r.json()):
                    acknowledged.append(k)

        thread = threading.Thread(target=writer)
        thread.start()
        while len(acknowledged) < 40:
            time.sleep(0.005)
        proc.send_signal(signal.SIGKILL)  # mid-stream, no shutdown of any kind
        proc.wait(10)
        stop.set()
        thread.join(30)
    assert proc.returncode == -signal.SIGKILL
    assert len(acknowledged) >= 40

    with serve("--db", db, "--seed", "3") as (_, url), httpx.Client(base_url=url, timeout=10) as http:
        # The token issued before the kill still works: tokens are sealed with a key kept in the file.
        headers = {"Authorization": f"Bearer {bearer}"}
        assert http.get("/order-status", headers=headers).status_code == 200

        def status(n: int) -> str:
            return str(http.get(f"/orders/{n}", headers=headers).json()["OrderStatus"])

        for k in acknowledged:
            assert {status(n) for n in batches[k]} == {targets[k % 3]}, k
        # A request in flight at the kill is all or nothing, never torn.
        seeded_status = {o["OrderNumber"]: o["OrderStatus"] for o in seeded}
        for k in set(sent) - set(acknowledged):
            now = [status(n) for n in batches[k]]
            assert now == [targets[k % 3]] * len(now) or now == [seeded_status[n] for n in batches[k]], k
        # Untouched orders kept their seeded status.
        for n in orders[len(batches) * 10 : len(batches) * 10 + 20]:
            assert status(n) == seeded_status[n]


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT])
def test_signals_stop_cleanly(tmp_path: Path, sig: signal.Signals) -> None:
    db = tmp_path / "mock.sqlite3"
    with serve("--db", str(db)) as (proc, url):
        with httpx.Client(base_url=url) as http:
            n = fixtures(0)["accounts"][0]["orders"][5]["OrderNumber"]
            r = http.put(
                PUT,
                json=[{"OrderNumber": n, "OrderStatus": "CourierClaim"}],
                headers={"Authorization": f"Bearer {token(http)}"},
            )
            assert r.status_code == 200
        proc.send_signal(sig)
        assert proc.wait(10) == 0
    assert not Path(f"{db}-wal").exists() or Path(f"{db}-wal").stat().st_size == 0  # checkpointed
    with serve("--db", str(db)) as (_, url), httpx.Client(base_url=url) as http:
        r = http.get(f"/orders/{n}", headers={"Authorization": f"Bearer {token(http)}"})
        assert r.json()["OrderStatus"] == "CourierClaim"


def test_second_process_on_the_same_file_is_refused(tmp_path: Path) -> None:
    db = str(tmp_path / "mock.sqlite3")
    with serve("--db", db):
        second = subprocess.run(
            [*CLI, "serve", "--port", "0", "--db", db], capture_output=True, text=True, timeout=30
        )
        assert second.returncode == 2
        assert "another mock" in second.stderr


def test_another_seed_on_an_existing_file_is_refused(tmp_path: Path) -> None:
    db = str(tmp_path / "mock.sqlite3")
    with serve("--db", db, "--seed", "1") as (proc, _):
        proc.send_signal(signal.SIGTERM)
        proc.wait(10)
    r = subprocess.run(
        [*CLI, "serve", "--port", "0", "--db", db, "--seed", "2"], capture_output=True, text=True, timeout=30
    )
    assert r.returncode == 2 and "seeded with seed 1" in r.stderr


@pytest.mark.parametrize(
    "args",
    [
        ["--mutant", "no-such-mutant"],
        ["--faults", "429=2"],
        ["--faults", "explode=0.1"],
        ["--token-lifetime", "0"],
        ["--token-lifetime", "nan"],
        ["--port", "99999"],
        ["--log-level", "bogus"],
    ],
)
def test_bad_options_exit_2(args: list[str]) -> None:
    r = subprocess.run(
        [*CLI, "serve", "--port", "0", "--db", ":memory:", *args], capture_output=True, text=True, timeout=30
    )
    assert r.returncode == 2, r.stderr
    assert r.stderr.startswith("storefeeder-mock") and len(r.stderr.splitlines()) == 1, r.stderr


BAD_SERVE_OPTIONS = {
    "port-too-high": ["--port", "99999"],
    "port-negative": ["--port=-1"],
    "port-5000-digits": ["--port", "9" * 5000],
    "port-not-a-number": ["--port", "http"],
    "empty-host": ["--host", ""],
    "lifetime-nan": ["--token-lifetime", "nan"],
    "lifetime-inf": ["--token-lifetime", "inf"],
    "lifetime-negative": ["--token-lifetime=-5"],
    "lifetime-zero": ["--token-lifetime", "0"],
    "lifetime-text": ["--token-lifetime", "soon"],
    "log-level": ["--log-level", "bogus"],
    "seed-text": ["--seed", "x"],
    "seed-5000-digits": ["--seed", "9" * 5000],
    "seed-float": ["--seed", "1.5"],
    "faults-kind": ["--faults", "explode=0.1"],
    "faults-superscript": ["--faults", "429=0.5:\u00b2"],
    "faults-5000-digits": ["--faults", "429=0.5:" + "9" * 5000],
    "faults-latency-inf": ["--faults", "latency=1:inf"],
    "mutant": ["--mutant", "no-such-mutant"],
    "db-in-missing-directory": ["--db", "{tmp}/missing/mock.sqlite3"],
    "db-is-a-directory": ["--db", "{tmp}"],
    "db-not-sqlite": ["--db", "{tmp}/not-a-db.txt"],
    "unknown-option": ["--bogus"],
}


@pytest.mark.parametrize("case", sorted(BAD_SERVE_OPTIONS))
def test_bad_serve_option_is_one_line_and_exit_2(
    case: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "not-a-db.txt").write_text("hello\n" * 100)
    args = [a.replace("{tmp}", str(tmp_path)) for a in BAD_SERVE_OPTIONS[case]]
    status: int | str | None
    try:  # in-process: every case fails before listening
        status = main(["serve", "--port", "0", "--db", ":memory:", *args])
    except SystemExit as exc:
        status = exc.code  # argparse
    err = capsys.readouterr().err
    assert status == 2, err
    assert err.startswith("storefeeder-mock") and len(err.splitlines()) == 1, err
    assert "Traceback" not in err and "sys." not in err and len(err) < 1000, err


def test_a_file_that_is_not_a_database_gets_no_in_use_hint(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "x.txt").write_text("hello\n" * 100)
    assert main(["serve", "--port", "0", "--db", str(tmp_path / "x.txt")]) == 2
    err = capsys.readouterr().err
    assert "not a database" in err and "another mock" not in err, err


@pytest.mark.parametrize("args", [["fixtures", "--seed", "x"], ["teapot"], []])
def test_bad_commands_are_one_line_and_exit_2(args: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exc:
        main(args)
    err = capsys.readouterr().err
    assert exc.value.code == 2 and len(err.splitlines()) == 1, err


def test_serve_with_memory_db_mutant_and_faults() -> None:
    with (
        serve(
            "--db", ":memory:", "--mutant", "results-reversed", "--faults", "latency=1:1", "--seed", "4"
        ) as (_, url),
        httpx.Client(base_url=url) as http,
    ):
        orders = fixtures(4)["accounts"][0]["orders"][:2]
        r = http.put(
            PUT,
            json=[{"OrderNumber": o["OrderNumber"], "OrderStatus": "OnHold"} for o in orders],
            headers={"Authorization": f"Bearer {token(http, 4)}"},
        )
        assert [x["OrderNumber"] for x in r.json()] == [o["OrderNumber"] for o in reversed(orders)]


def test_console_script_and_default_db(tmp_path: Path) -> None:
    exe = Path(sys.executable).parent / "storefeeder-mock"
    assert exe.exists()
    proc = subprocess.Popen(
        [str(exe), "serve", "--port", "0"], cwd=tmp_path, stdout=subprocess.PIPE, text=True
    )
    try:
        assert proc.stdout is not None
        assert proc.stdout.readline().startswith("Listening on http://127.0.0.1:")
        assert (tmp_path / "storefeeder-mock.sqlite3").exists()
    finally:
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(10) == 0


def test_fixtures_command_matches_the_function() -> None:
    out = subprocess.run(
        [*CLI, "fixtures", "--json", "--seed", "5"], capture_output=True, text=True, check=True, timeout=30
    ).stdout
    assert json.loads(out) == fixtures(5)
    summary = subprocess.run(
        [*CLI, "fixtures"], capture_output=True, text=True, check=True, timeout=30
    ).stdout
    assert "account 0: username=" in summary and "AwaitingPayment" in summary


def test_mutants_command_lists_the_catalogue() -> None:
    out = subprocess.run(
        [*CLI, "mutants", "--json"], capture_output=True, text=True, check=True, timeout=30
    ).stdout
    assert json.loads(out) == dict(CATALOGUE)
    text = subprocess.run([*CLI, "mutants"], capture_output=True, text=True, check=True, timeout=30).stdout
    assert len(text.strip().splitlines()) == len(CATALOGUE)
    for name in CATALOGUE:
        assert name in text
