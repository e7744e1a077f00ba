"""Every command ends quietly when its output pipe closes early (`... | head`): no traceback, and
the work goes on to its real end (a run still restores its orders and writes its JUnit file).

Each command here writes to a pipe whose read end is already closed, so its first write fails;
the realistic shape, `storefeeder-mock fixtures --json | head`, is run through bash too.
"""

from __future__ import annotations

import os
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from storefeeder_conformance import contract as contract_module
from storefeeder_conformance.target import choose_embedded_orders
from storefeeder_mock import RunningMock, running_mock

from tests.conformance.conftest import all_statuses, seeded_statuses

REPO = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
SCRIPTS = REPO / "scripts"
TIMEOUT = 120


def _with_closed_stdout(
    argv: list[str], env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """Run `argv` with stdout a pipe nobody reads any more; its exit status and stderr."""
    read_end, write_end = os.pipe()
    os.close(read_end)
    try:
        return subprocess.run(
            argv,
            stdout=write_end,
            stderr=subprocess.PIPE,
            stdin=subprocess.DEVNULL,
            text=True,
            timeout=TIMEOUT,
            env={**os.environ, **(env or {})},
            cwd=REPO,
        )
    finally:
        os.close(write_end)


def _quiet(done: subprocess.CompletedProcess[str]) -> None:
    assert "Traceback" not in done.stderr and "BrokenPipeError" not in done.stderr, done.stderr
    assert "Exception ignored" not in done.stderr, done.stderr


@pytest.mark.parametrize(
    "argv",
    [
        ["storefeeder-mock", "fixtures", "--json"],
        ["storefeeder-mock", "fixtures"],
        ["storefeeder-mock", "mutants"],
        ["storefeeder-mock", "mutants", "--json"],
        ["storefeeder-conformance", "--list-checks"],
    ],
    ids=" ".join,
)
def test_listings_end_quietly_with_status_0(argv: list[str]) -> None:
    done = _with_closed_stdout([str(BIN / argv[0]), *argv[1:]])
    _quiet(done)
    assert done.returncode == 0, done.stderr


def test_fixtures_piped_into_head() -> None:
    """The issue's own example, through a shell with pipefail: status 0, nothing on stderr."""
    command = f"set -o pipefail; {BIN / 'storefeeder-mock'} fixtures --json | head -c 100 >/dev/null"
    done = subprocess.run(["bash", "-c", command], capture_output=True, text=True, timeout=TIMEOUT)
    assert done.returncode == 0 and done.stderr == "", done.stderr


def _orders(mock: RunningMock) -> list[str]:
    orders, foreign = choose_embedded_orders(mock.fixtures, contract_module.load())
    return [*(arg for n in orders for arg in ("--order", str(n))), "--foreign-order", str(foreign)]


def test_a_run_with_its_output_gone_still_restores_and_writes_junit(tmp_path: Path) -> None:
    """Full mode, a check that makes real transitions, stdout closed from the start: the run goes
    on, restores every order, writes JUnit and exits with its verdict (0), quietly."""
    junit = tmp_path / "report.xml"
    with running_mock() as mock:
        account = mock.fixtures["accounts"][0]
        argv = [
            str(BIN / "storefeeder-conformance"),
            "run",
            "--base-url",
            mock.base_url,
            "--username",
            account["username"],
            "--client-id",
            account["client_id"],
            *_orders(mock),
            "--mode",
            "full",
            "--check",
            "success-visible-through-get",
            "--check",
            "malformed-json-rejected",
            "--junit",
            str(junit),
        ]
        done = _with_closed_stdout(argv, env={"STOREFEEDER_PASSWORD": account["password"]})
        _quiet(done)
        assert done.returncode == 0, done.stderr
        assert all_statuses(mock, accounts=(0,)) == seeded_statuses(mock, accounts=(0,))
    cases = list(ET.parse(junit).getroot().iter("testcase"))
    assert {c.get("name") for c in cases} >= {"success-visible-through-get", "orders-left-as-found"}


@pytest.mark.parametrize("script", ["bench_conformance.py", "bench_mock.py", "generate.py"])
def test_scripts_help_ends_quietly(script: str) -> None:
    done = _with_closed_stdout([sys.executable, str(SCRIPTS / script), "--help"])
    _quiet(done)
    assert done.returncode == 0, done.stderr


def test_every_python_script_tolerates_a_closed_output() -> None:
    """Scripts without a cheap command to run here (lint_spec.py, docs.py: they build before reading
    their arguments) are held to the same guard."""
    for path in sorted(SCRIPTS.glob("*.py")):
        text = path.read_text(encoding="utf-8")
        if 'if __name__ == "__main__":' in text:
            main_block = text.split('if __name__ == "__main__":', 1)[1]
            assert "tolerate_closed_output()" in main_block, f"{path.name} does not guard its output"
