"""The command: exit codes 0/1/2, the closing line, --list-checks, token masking, JUnit XML."""

from __future__ import annotations

import re
import socket
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from storefeeder_conformance import all_checks
from storefeeder_conformance import contract as contract_module
from storefeeder_conformance.cli import main
from storefeeder_conformance.target import choose_embedded_orders
from storefeeder_mock import RunningMock

CLOSING = re.compile(r"^\d+ passed, \d+ failed(, \d+ skipped)?$")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _orders(mock: RunningMock) -> list[str]:
    orders, foreign = choose_embedded_orders(mock.fixtures, contract_module.load())
    args = [arg for n in orders for arg in ("--order", str(n))]
    return [*args, "--foreign-order", str(foreign)]


def _creds(mock: RunningMock, i: int = 0) -> list[str]:
    a = mock.fixtures["accounts"][i]
    return ["--username", a["username"], "--password", a["password"], "--client-id", a["client_id"]]


def test_list_checks_names_every_check(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--list-checks"]) == 0
    out = capsys.readouterr().out
    for check in all_checks():
        assert check.name in out and check.sentence in out
    assert main(["run", "--list-checks"]) == 0


def test_exit_0_when_every_check_passes(capsys: pytest.CaptureFixture[str]) -> None:
    code = main(
        ["run", "--max-examples", "5", "--check", "batch-limit-51-rejected", "--check", "one-result-per-item"]
    )
    lines = capsys.readouterr().out.strip().splitlines()
    assert code == 0
    assert lines[-1] == "3 passed, 0 failed"  # the two checks and orders-left-as-found
    assert CLOSING.match(lines[-1])


def test_skip_reports_a_check_as_skipped_without_running_it(capsys: pytest.CaptureFixture[str]) -> None:
    """A skipped check never passes: on a mutant that breaks it, the run still exits 0 with a SKIP."""
    code = main(
        [
            "run",
            "--mock-mutant",
            "json-number-string-rejected",
            "--check",
            "json-order-number-string-binds",
            "--skip",
            "json-order-number-string-binds",
        ]
    )
    lines = capsys.readouterr().out.strip().splitlines()
    assert code == 0
    skipped = "SKIP  json-order-number-string-binds [framework]: skipped by --skip"
    assert any(line.startswith(skipped) for line in lines)
    assert lines[-1] == "1 passed, 0 failed, 1 skipped"  # orders-left-as-found, and the skip


def test_skip_of_an_unknown_check_is_a_configuration_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["run", "--skip", "no-such-check"]) == 2
    assert "unknown check(s): no-such-check" in capsys.readouterr().err


def test_exit_1_when_a_check_fails(capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["run", "--mock-mutant", "batch-limit-51", "--check", "batch-limit-51-rejected"])
    out = capsys.readouterr().out
    assert code == 1
    assert "FAIL  batch-limit-51-rejected" in out
    assert "curl -i -X PUT" in out
    assert out.strip().splitlines()[-1] == "1 passed, 1 failed"


def test_exit_2_when_unreachable(capsys: pytest.CaptureFixture[str]) -> None:
    url = f"http://127.0.0.1:{_free_port()}"
    assert main(["run", "--base-url", url, "--token", "whatever"]) == 2
    assert "unreachable" in capsys.readouterr().err


@pytest.mark.storefeeder_mock(seed=3)
def test_exit_2_on_bad_credentials(storefeeder_mock: RunningMock, capsys: pytest.CaptureFixture[str]) -> None:
    url = storefeeder_mock.base_url
    wrong = ["--username", "nobody@invalid.example", "--password", "x" * 12, "--client-id", "y" * 12]
    assert main(["run", "--base-url", url, *wrong]) == 2
    assert "authentication failed" in capsys.readouterr().err
    assert main(["run", "--base-url", url, "--token", "not-a-token"]) == 2
    assert "401" in capsys.readouterr().err


def test_exit_2_on_bad_configuration(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["run", "--base-url", "https://storefeeder.invalid", "--token", "t", "--mode", "full"]) == 2
    assert "--allow-writes" in capsys.readouterr().err
    assert main(["run", "--check", "no-such-check"]) == 2
    assert main(["run", "--base-url", "http://127.0.0.1:1", "--username", "u"]) == 2
    with pytest.raises(SystemExit) as exc:
        main(["run", "--mode", "reckless"])
    assert exc.value.code == 2


@pytest.mark.storefeeder_mock(mutant="batch-limit-51")
def test_token_is_masked_in_output_and_junit(
    storefeeder_mock: RunningMock, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    token = storefeeder_mock.token(0)
    junit = tmp_path / "reports" / "conformance.xml"
    checks = [
        "--check",
        "batch-limit-51-rejected",
        "--check",
        "wrong-token-rejected",
        "--check",
        "one-result-per-item",
    ]
    code = main(
        [
            "run",
            "--base-url",
            storefeeder_mock.base_url,
            "--token",
            token,
            *_orders(storefeeder_mock),
            *checks,
            "--junit",
            str(junit),
        ]
    )
    out = capsys.readouterr()
    assert code == 1
    assert token not in out.out + out.err
    assert "Authorization: Bearer $STOREFEEDER_TOKEN" in out.out
    written = junit.read_text(encoding="utf-8")
    assert token not in written
    suite = ET.fromstring(written).find("testsuite")
    assert suite is not None
    assert suite.get("tests") == "4" and suite.get("failures") == "1"
    failed = [c for c in suite.iter("testcase") if c.find("failure") is not None]
    assert [c.get("name") for c in failed] == ["batch-limit-51-rejected"]
    failure = failed[0].find("failure")
    assert failure is not None and "$STOREFEEDER_TOKEN" in (failure.text or "")


@pytest.mark.storefeeder_mock(mutant="batch-limit-51")
def test_credentials_are_masked(
    storefeeder_mock: RunningMock, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    account = storefeeder_mock.fixtures["accounts"][0]
    junit = tmp_path / "junit.xml"
    code = main(
        [
            "run",
            "--base-url",
            storefeeder_mock.base_url,
            *_creds(storefeeder_mock),
            *_orders(storefeeder_mock),
            "--check",
            "batch-limit-51-rejected",
            "--check",
            "bad-credentials-rejected",
            "--junit",
            str(junit),
        ]
    )
    out = capsys.readouterr()
    assert code == 1
    text = out.out + out.err + junit.read_text(encoding="utf-8")
    assert account["password"] not in text and account["client_id"] not in text


def test_credentials_from_environment(
    storefeeder_mock: RunningMock, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    account = storefeeder_mock.fixtures["accounts"][0]
    monkeypatch.setenv("STOREFEEDER_USERNAME", account["username"])
    monkeypatch.setenv("STOREFEEDER_PASSWORD", account["password"])
    monkeypatch.setenv("STOREFEEDER_CLIENT_ID", account["client_id"])
    code = main(
        [
            "run",
            "--base-url",
            storefeeder_mock.base_url,
            *_orders(storefeeder_mock),
            "--check",
            "one-result-per-item",
        ]
    )
    assert code == 0, capsys.readouterr().out


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--mock-mutant", "nope"], "--mock-mutant: unknown mutant 'nope'; known: batch-limit-51"),
        (["--base-url", "http://[::1"], "--base-url 'http://[::1' is not a valid URL"),
        (["--base-url", "http://127.0.0.1:port"], "is not a valid URL"),
        (["--base-url", "ftp://127.0.0.1"], "expected http://host[:port]"),
        (["--base-url", "http://127.0.0.1:9", "--mock-mutant", "lost-write"], "for the embedded mock"),
    ],
)
def test_bad_arguments_exit_2_with_a_readable_message(
    argv: list[str], message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["run", "--token", "t", *argv]) == 2
    err = capsys.readouterr().err
    assert message in err and "Traceback" not in err


@pytest.mark.parametrize("where", ["a directory", "under a file"])
def test_an_unwritable_junit_path_is_refused_before_the_run(
    where: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "file").write_text("", encoding="utf-8")
    path = tmp_path if where == "a directory" else tmp_path / "file" / "report.xml"
    assert main(["run", "--junit", str(path)]) == 2
    captured = capsys.readouterr()
    assert f"--junit {path}: cannot write there" in captured.err
    assert captured.out == "", "the run must not start"


def test_a_writable_junit_path_is_left_alone_until_the_run_writes_it(tmp_path: Path) -> None:
    from storefeeder_conformance.cli import check_writable

    path = tmp_path / "reports" / "report.xml"
    check_writable(path)
    assert not path.exists() and path.parent.is_dir()
    path.write_text("old", encoding="utf-8")
    check_writable(path)
    assert path.read_text(encoding="utf-8") == "old"
