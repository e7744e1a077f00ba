"""Units of issue 7: the bounded client, the scrubber's forms, exit codes, the journal file."""

from __future__ import annotations

import gzip
import json
import socket
import time
from pathlib import Path

import pytest
from storefeeder_conformance import journal as journal_module
from storefeeder_conformance.report import CheckResult, Outcome, RunReport, Scrubber, write_junit
from storefeeder_conformance.transport import BoundedClient, Limits, TooLarge, TooSlow

from . import hostile
from .hostile import Hostile, Request


def _gzip_bomb(conn: socket.socket, request: Request, server: Hostile) -> None:
    body = gzip.compress(b" " * (64 * 1024 * 1024))
    head = b"HTTP/1.1 200 OK\r\nContent-Encoding: gzip\r\nContent-Length: %d\r\n\r\n" % len(body)
    conn.sendall(head + body)


def _drip(conn: socket.socket, request: Request, server: Hostile) -> None:
    hostile.drip(conn, server, every=0.05)


def test_total_deadline_cuts_a_drip_that_each_read_timeout_would_allow() -> None:
    with hostile.hostile(_drip) as server:
        client = BoundedClient(Limits(request_timeout=0.5))
        started = time.monotonic()
        with pytest.raises(TooSlow, match=r"within 0.5 s"):
            client.request("GET", server.url + "/", content=None, headers=[])
        client.close()
    assert time.monotonic() - started < 2


def test_a_small_gzip_body_is_decompressed_no_further_than_the_cap() -> None:
    with hostile.hostile(_gzip_bomb) as server:
        client = BoundedClient(Limits(max_response_bytes=2**20))
        with pytest.raises(TooLarge, match="decompresses to more than 1048576"):
            client.request("GET", server.url + "/", content=None, headers=[])
        client.close()


@pytest.mark.parametrize("secret", ['p@ss w/rd+&"é', "tok/en+with=chars", "abc\\def"])
def test_every_form_of_a_secret_is_scrubbed(secret: str) -> None:
    from urllib.parse import quote, quote_plus, urlencode

    scrub = Scrubber(lambda: {secret})
    forms = [
        secret,
        quote(secret, safe=""),
        quote_plus(secret),
        urlencode({"password": secret}).split("=", 1)[1],
        json.dumps(secret)[1:-1],
        json.dumps(secret, ensure_ascii=False)[1:-1],
        json.dumps({"h": f"Bearer {secret}"}),
    ]
    for form in forms:
        assert secret not in scrub(f"echo: {form} end") and "***" in scrub(f"echo: {form} end")
        assert form not in scrub(f"echo: {form} end") or form == "***"


def _result(outcome: Outcome) -> CheckResult:
    return CheckResult("c", "g", "s", outcome)


@pytest.mark.parametrize(
    ("outcomes", "code"),
    [
        ([Outcome.PASS, Outcome.SKIP], 0),
        ([Outcome.PASS, Outcome.ERROR], 2),
        ([Outcome.ERROR, Outcome.FAIL], 1),
    ],
)
def test_exit_code_fail_before_error_before_pass(outcomes: list[Outcome], code: int) -> None:
    assert RunReport(results=[_result(o) for o in outcomes]).exit_code == code


def test_junit_has_errors_and_only_characters_xml_allows(tmp_path: Path) -> None:
    import xml.etree.ElementTree as ET

    report = RunReport(results=[CheckResult("c", "g", "s", Outcome.ERROR, "bad \x00\x1b byte")])
    write_junit(report, tmp_path / "j.xml", Scrubber(lambda: ()))
    suite = ET.parse(tmp_path / "j.xml").getroot()[0]
    assert suite.get("errors") == "1"
    error = suite.find("testcase/error")
    assert error is not None and "\ufffd" in str(error.get("message"))


def test_journal_round_trip_and_unfinished(tmp_path: Path) -> None:
    path = tmp_path / "deep" / "j.json"
    journal = journal_module.Journal(path, "http://127.0.0.1:1", {5: "OnHold", 6: "Shipped"})
    journal.save()
    loaded = journal_module.unfinished(path)
    assert loaded is not None and loaded.originals == {5: "OnHold", 6: "Shipped"}
    journal.mark({5: True, 6: True}, finished=True)
    assert journal_module.unfinished(path) is None
    assert [p.name for p in path.parent.iterdir()] == ["j.json"]  # no temporary file left
    path.write_text("{not json")
    with pytest.raises(journal_module.JournalError, match="not a journal"):
        journal_module.load(path)


def test_deep_xml_and_invalid_utf8_are_body_errors_not_crashes() -> None:
    from storefeeder_conformance import bodies, contract, xmlread
    from storefeeder_conformance.wire import Exchange

    with pytest.raises(xmlread.XmlError, match="nested deeper"):
        xmlread.parse(b"<a>" * 10_000 + b"</a>" * 10_000)
    c = contract.load()
    for media, content in [("application/json", b"\xff\xfe{"), ("application/json", b"[" * 200_000)]:
        exchange = Exchange("GET", "u", (), b"", 200, (("Content-Type", media),), content)
        with pytest.raises(bodies.BodyError):
            bodies.order_status(c, exchange)
