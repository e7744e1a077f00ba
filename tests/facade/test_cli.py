"""The `storefeeder` command end to end against the mock over loopback."""

from __future__ import annotations

import csv
import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from storefeeder_mock import RunningMock, running_mock

from storefeeder.cli import main

from .support import LOCKED, RequestLog, orders, other_target, stored_status

PUT = "PUT /orders/override-order-statuses"
SEEN: list[str] = []  # every output of every CLI run here, checked for secrets at the end
TOKENS: set[str] = set()  # every bearer token the mock saw
FOLDERS: set[Path] = set()  # where the CLI runs here read and wrote files


@pytest.fixture(scope="module")
def mock() -> Iterator[RunningMock]:
    with running_mock(seed=31) as running:
        yield running


@pytest.fixture()
def log(mock: RunningMock) -> Iterator[RequestLog]:
    recorder = RequestLog(mock)
    yield recorder
    mock.app.app = recorder._inner
    TOKENS.update(h["authorization"].split()[-1] for _, _, h in recorder.requests if "authorization" in h)


def _env(mock: RunningMock, password: str | None = None) -> dict[str, str]:
    account = mock.account(0)
    return {
        "STOREFEEDER_BASE_URL": mock.base_url,
        "STOREFEEDER_USERNAME": account.username,
        "STOREFEEDER_PASSWORD": password or account.password,
        "STOREFEEDER_CLIENT_ID": account.client_id,
    }


def _cli(
    mock: RunningMock, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, *args: str
) -> tuple[int, str, str]:
    for name, value in _env(mock).items():
        monkeypatch.setenv(name, value)
    code = main(list(args))
    FOLDERS.update(Path(arg).parent for arg in args if Path(arg).is_file())
    out, err = capsys.readouterr()
    SEEN.extend([out, err])
    return code, out, err


def _write_csv(path: Path, rows: list[tuple[Any, ...]], header: bool = True) -> Path:
    with path.open("w", newline="") as stream:
        writer = csv.writer(stream)
        if header:
            writer.writerow(["Order Number", "Status"])
        writer.writerows(rows)
    return path


def _changes(mock: RunningMock, start: int, count: int) -> list[tuple[int, str]]:
    return [(o["OrderNumber"], other_target(o["OrderStatus"])) for o in orders(mock)[start : start + count]]


def _read(path: Path) -> list[dict[str, str]]:
    with path.open(newline="") as stream:
        return list(csv.DictReader(stream))


def test_dry_run_sends_nothing(
    mock: RunningMock, log: RequestLog, tmp_path: Path, capsys: Any, monkeypatch: Any
) -> None:
    changes = _changes(mock, 0, 120)
    path = _write_csv(tmp_path / "in.csv", [(n, s.lower()) for n, s in changes])
    code, out, _ = _cli(mock, capsys, monkeypatch, "override", "--csv", str(path), "--dry-run")
    assert code == 0, out
    assert "dry run: 120 changes in 3 batches" in out and "nothing was sent" in out
    assert log.paths() == ["POST /Token", "GET /order-status"], "the catalogue is read, nothing is written"
    for number, status in changes:
        assert stored_status(mock, number) != status


def test_dry_run_names_changes_that_would_fail(
    mock: RunningMock, log: RequestLog, tmp_path: Path, capsys: Any, monkeypatch: Any
) -> None:
    number = orders(mock)[0]["OrderNumber"]
    path = _write_csv(tmp_path / "in.csv", [(number, "OnHold"), (number, "PendingWaitingAllStock")], False)
    code, out, _ = _cli(mock, capsys, monkeypatch, "override", "--csv", str(path), "--dry-run")
    assert code == 1
    assert f"in.csv:2: {number} -> PendingWaitingAllStock" in out
    assert PUT not in log.paths()


def test_override_writes_results_in_input_order(
    mock: RunningMock, log: RequestLog, tmp_path: Path, capsys: Any, monkeypatch: Any
) -> None:
    changes = _changes(mock, 200, 130)
    foreign = orders(mock, 1)[0]["OrderNumber"]
    path = _write_csv(tmp_path / "in.csv", [*changes, (foreign, "OnHold")])
    out_path = tmp_path / "out.csv"
    args = ("override", "--csv", str(path), "--out", str(out_path), "--max-in-flight", "3")
    code, out, _ = _cli(mock, capsys, monkeypatch, *args)
    rows = _read(out_path)
    assert [(int(r["order_number"]), r["status"]) for r in rows] == [*changes, (foreign, "OnHold")]
    assert [int(r["line"]) for r in rows] == list(range(2, 133))
    assert [int(r["batch"]) for r in rows] == [i // 50 + 1 for i in range(131)]
    for row in rows:
        if row["outcome"] == "succeeded":
            assert stored_status(mock, int(row["order_number"])) == row["status"]
        else:
            assert row["outcome"] == "failed" and row["error"]
    assert code == 1, "the foreign order failed per item"
    assert "131 items: " in out and "failed 1: Order doesnt exist" in out
    assert log.paths().count(PUT) == 3


def test_json_output_xml_wire_and_exit_0(
    mock: RunningMock, log: RequestLog, tmp_path: Path, capsys: Any, monkeypatch: Any
) -> None:
    chosen = [o for o in orders(mock)[400:420] if o["OrderStatus"] != LOCKED][:5]
    sets = [f"{o['OrderNumber']}=CourierClaim" for o in chosen]
    out_path = tmp_path / "out.json"
    args = ["override", "--out", str(out_path), "--media", "xml"] + [f"--set={s}" for s in sets]
    code, out, _ = _cli(mock, capsys, monkeypatch, *args)
    assert code == 0, out
    written = json.loads(out_path.read_text())
    assert [r["outcome"] for r in written["results"]] == ["succeeded"] * 5
    assert written["summary"]["succeeded"] == 5 and written["summary"]["failed"] == {}
    put = next(headers for method, path, headers in log.requests if path == "/orders/override-order-statuses")
    assert put["content-type"] == "application/xml" and put["accept"] == "application/xml"


def test_resume_skips_what_succeeded(
    mock: RunningMock, log: RequestLog, tmp_path: Path, capsys: Any, monkeypatch: Any
) -> None:
    changes = _changes(mock, 500, 150)
    out_path = tmp_path / "out.csv"
    first = _write_csv(tmp_path / "first.csv", changes[:100])
    _cli(mock, capsys, monkeypatch, "override", "--csv", str(first), "--out", str(out_path))
    log.clear()
    every = _write_csv(tmp_path / "all.csv", changes)
    code, out, _ = _cli(mock, capsys, monkeypatch, "override", "--csv", str(every), "--resume", str(out_path))
    sent = log.paths().count(PUT)
    failed_before = sum(1 for o in orders(mock)[500:600] if o["OrderStatus"] == LOCKED)
    assert sent == -(-(50 + failed_before) // 50), "only the rest, and what failed, went again"
    rows = _read(out_path)
    assert [(int(r["order_number"]), r["status"]) for r in rows] == changes, "one file, input order"
    assert all(r["outcome"] in ("succeeded", "failed") for r in rows)
    assert f"({100 - failed_before} in an earlier run)" in out
    assert code == (1 if any(r["outcome"] == "failed" for r in rows) else 0)


def test_bad_csv_is_reported_by_line_before_anything_is_sent(
    mock: RunningMock, log: RequestLog, tmp_path: Path, capsys: Any, monkeypatch: Any
) -> None:
    path = tmp_path / "bad.csv"
    path.write_text("OrderNumber,OrderStatus\n1001,OnHold\n\nabc,OnHold\n1002\n0,OnHold\n1003,On Hold\n")
    code, _, err = _cli(mock, capsys, monkeypatch, "override", "--csv", str(path))
    assert code == 2
    assert "bad.csv:4: order number 'abc'" in err and "bad.csv:5: expected 2 columns" in err
    assert "bad.csv:6: order number '0'" in err and "bad.csv:7: status 'On Hold'" in err
    assert "bad.csv:2" not in err and "nothing was sent" in err
    assert log.paths() == [], "not even a login"


def test_unknown_status_is_refused_before_any_override(
    mock: RunningMock, log: RequestLog, capsys: Any, monkeypatch: Any
) -> None:
    code, _, err = _cli(mock, capsys, monkeypatch, "override", "--set", "1001=OnHold", "1002=Shipped")
    assert code == 2 and "--set:2: status 'Shipped' is not in the service's catalogue" in err
    assert PUT not in log.paths()


def test_statuses_and_order(mock: RunningMock, capsys: Any, monkeypatch: Any) -> None:
    code, out, _ = _cli(mock, capsys, monkeypatch, "statuses")
    assert code == 0
    lines = {line.split()[1]: line for line in out.splitlines()[1:]}
    assert " yes " in lines["OnHold"] and " yes " not in lines["AwaitingPayment"]
    first = orders(mock, 2)[0]
    code, out, _ = _cli(mock, capsys, monkeypatch, "order", str(first["OrderNumber"]))
    assert code == 1 and out == "", "another account's order looks missing"
    mine = orders(mock)[2999]
    code, out, _ = _cli(mock, capsys, monkeypatch, "order", str(mine["OrderNumber"]), "--media", "xml")
    assert code == 0 and f"OrderStatus: {mine['OrderStatus']}" in out


def test_bad_credentials_and_unreachable_service_exit_2(
    mock: RunningMock, capsys: Any, monkeypatch: Any
) -> None:
    code, _, err = _cli(mock, capsys, monkeypatch, "statuses", "--password", "not-the-password")
    assert code == 2 and "AuthenticationFailed" in err
    code, _, err = _cli(
        mock, capsys, monkeypatch, "statuses", "--base-url", "http://127.0.0.1:9", "--retries", "1"
    )
    assert code == 2 and "TransportFailed" in err
    monkeypatch.delenv("STOREFEEDER_PASSWORD")
    code = main(["statuses"])
    _, err = capsys.readouterr()
    SEEN.append(err)
    assert code == 2 and "missing --password or STOREFEEDER_PASSWORD" in err


def test_ctrl_c_leaves_a_usable_file_that_resume_finishes(tmp_path: Path) -> None:
    with running_mock(seed=32, faults="latency=1:60,on=/orders") as slow:
        log = RequestLog(slow)
        changes = _changes(slow, 0, 1000)
        path = _write_csv(tmp_path / "in.csv", changes)
        out_path = tmp_path / "out.csv"
        command = [
            sys.executable,
            "-m",
            "storefeeder",
            "override",
            "--csv",
            str(path),
            "--out",
            str(out_path),
        ]
        env = {**os.environ, **_env(slow)}
        process = subprocess.Popen(
            command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
        )
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and (not out_path.exists() or len(_read(out_path)) < 100):
            time.sleep(0.05)
        process.send_signal(signal.SIGINT)
        out, err = process.communicate(timeout=30)
        SEEN.extend([out, err])
        FOLDERS.add(tmp_path)
        assert process.returncode == 130, err
        assert f"finish with --resume {out_path}" in err
        rows = _read(out_path)
        assert 100 <= len(rows) < 1000
        numbers = [int(r["order_number"]) for r in rows]
        assert numbers == [n for n, _ in changes][: len(numbers)], "whole batches, in input order"
        for row in rows:
            assert stored_status(slow, int(row["order_number"])) == (
                row["status"] if row["outcome"] == "succeeded" else LOCKED
            )
        done = len(rows)
        log.clear()
        finish = subprocess.run(
            [*command[:-2], "--resume", str(out_path)], env=env, capture_output=True, text=True, timeout=60
        )
        SEEN.extend([finish.stdout, finish.stderr])
        assert finish.returncode in (0, 1), finish.stderr
        rows = _read(out_path)
        assert [(int(r["order_number"]), r["status"]) for r in rows] == changes
        failed = sum(1 for r in rows[:done] if r["outcome"] == "failed")
        assert log.paths().count(PUT) == -(-(1000 - done + failed) // 50)


def test_no_secret_in_any_output(mock: RunningMock) -> None:
    """Runs last in this module: every output above, and every file written, never show a secret."""
    account = mock.account(0)
    files = [p.read_text() for folder in FOLDERS for p in folder.iterdir() if p.is_file()]
    assert len(SEEN) > 10 and len(TOKENS) >= 5 and len(files) > 5
    for text in SEEN + files:
        assert account.password not in text and "not-the-password" not in text
        assert "Bearer" not in text and "access_token" not in text
        assert not any(token in text for token in TOKENS)
