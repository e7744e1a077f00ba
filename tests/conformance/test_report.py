"""The report: secrets scrubbed, JUnit counts, the closing line and the exit code."""

from __future__ import annotations

from pathlib import Path

from storefeeder_conformance.report import CheckResult, Outcome, RunReport, Scrubber, write_junit


def test_scrubber_and_junit(tmp_path: Path) -> None:
    secrets = {"tok-123456", "pw-abcdef"}
    scrub = Scrubber(lambda: secrets)
    assert scrub("a tok-123456 b pw-abcdef") == "a *** b ***"
    report = RunReport(
        results=[
            CheckResult("a-rule", "semantics", "s", Outcome.PASS),
            CheckResult("b-rule", "semantics", "s", Outcome.FAIL, "broke with tok-123456", "curl x"),
            CheckResult("c-rule", "auth", "s", Outcome.SKIP, "needs more"),
        ],
        settings={"base_url": "http://h", "password": "pw-abcdef"},
    )
    path = tmp_path / "j.xml"
    write_junit(report, path, scrub)
    text = path.read_text(encoding="utf-8")
    assert "tok-123456" not in text and "pw-abcdef" not in text
    assert 'failures="1"' in text and 'skipped="1"' in text and "curl x" in text
    assert report.closing_line() == "1 passed, 1 failed, 1 skipped" and report.exit_code == 1
