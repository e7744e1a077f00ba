"""What the run tells: a live progress line, one line per check, the closing line, JUnit XML.

Every text that leaves the process goes through `Scrubber`, which replaces the run's secrets
(tokens, password, client_id) with `***`, in every form a server could echo them: raw,
URL-encoded, JSON-escaped, XML-escaped. Requests are shown as curl commands whose token is the
`$STOREFEEDER_TOKEN` placeholder, so they can be pasted after exporting the variable.
"""

from __future__ import annotations

import enum
import html
import json
import re
import sys
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TextIO
from urllib.parse import quote, quote_plus


class Outcome(enum.StrEnum):
    PASS = "pass"
    FAIL = "fail"
    ERROR = "error"  # the check's requests could not get through: the contract was not shown broken
    SKIP = "skip"


@dataclass(frozen=True, slots=True)
class CheckResult:
    name: str
    group: str
    sentence: str
    outcome: Outcome
    message: str = ""
    curl: str | None = None
    seconds: float = 0.0
    basis: str = ""  # seed, framework or assumption (checks/registry.py)
    source: str = ""


@dataclass(slots=True)
class RunReport:
    results: list[CheckResult] = field(default_factory=list)
    seconds: float = 0.0
    requests: int = 0
    schemathesis_requests: int = 0
    interrupted: bool = False
    signal_exit: int | None = None  # 128 + the signal that stopped the run
    deadline_passed: bool = False
    setup_error: str | None = None  # the run stopped before its checks (exit code 2)
    settings: dict[str, str] = field(default_factory=dict)

    def count(self, outcome: Outcome) -> int:
        return sum(1 for r in self.results if r.outcome is outcome)

    @property
    def failed(self) -> list[str]:
        return [r.name for r in self.results if r.outcome is Outcome.FAIL]

    def failures_by_basis(self) -> dict[str, int]:
        """How many checks failed, per basis (in the order seed, framework, assumption)."""
        order = ("seed", "framework", "assumption")
        counts: dict[str, int] = {}
        for r in self.results:
            if r.outcome is Outcome.FAIL:
                counts[r.basis] = counts.get(r.basis, 0) + 1
        return {b: counts[b] for b in sorted(counts, key=lambda b: (order.index(b) if b in order else 9, b))}

    def closing_line(self) -> str:
        line = f"{self.count(Outcome.PASS)} passed, {self.count(Outcome.FAIL)} failed"
        errors = self.count(Outcome.ERROR)
        skipped = self.count(Outcome.SKIP)
        line += f", {errors} errors" if errors else ""
        return line + (f", {skipped} skipped" if skipped else "")

    @property
    def exit_code(self) -> int:
        """The signal's code when stopped by one, else 1 when a check failed, else 2 when a check
        errored, the deadline passed or the setup failed, else 0."""
        if self.interrupted:
            return self.signal_exit or 130
        if self.count(Outcome.FAIL):
            return 1
        if self.count(Outcome.ERROR) or self.deadline_passed or self.setup_error:
            return 2
        return 0


def secret_forms(secret: str) -> set[str]:
    """The ways a secret can come back in a server's echo or a record of a request."""
    json_escaped = json.dumps(secret)[1:-1]
    forms = {
        secret,
        quote(secret, safe=""),
        quote_plus(secret, safe=""),
        quote(secret),
        json_escaped,
        json.dumps(secret, ensure_ascii=False)[1:-1],
        json_escaped.replace("/", "\\/"),
        html.escape(secret),
        html.escape(secret, quote=False),
        repr(secret)[1:-1],
    }
    for form in list(forms):  # percent-encoding in lower case hex
        forms.add(re.sub(r"%[0-9A-F]{2}", lambda m: m.group(0).lower(), form))
    return forms


class Scrubber:
    """Replaces every secret, in every form of `secret_forms`, with `***` (secrets shorter than 4
    characters are left alone: they would blank out ordinary text)."""

    def __init__(self, secrets: Callable[[], Iterable[str]]) -> None:
        self._secrets = secrets
        self._key: frozenset[str] = frozenset()
        self._pattern: re.Pattern[str] | None = None

    def _compiled(self) -> re.Pattern[str] | None:
        key = frozenset(s for s in self._secrets() if len(s) >= 4)
        if key != self._key:
            forms = {f for s in key for f in secret_forms(s) if len(f) >= 4}
            ordered = sorted(forms, key=len, reverse=True)
            self._key = key
            self._pattern = re.compile("|".join(map(re.escape, ordered))) if ordered else None
        return self._pattern

    def __call__(self, text: str) -> str:
        pattern = self._compiled()
        return pattern.sub("***", text) if pattern is not None else text


class Console:
    """Prints results as they come; the progress line only on a terminal (stderr)."""

    def __init__(
        self, out: TextIO | None = None, progress: TextIO | None = None, scrub: Scrubber | None = None
    ):
        self.out = out or sys.stdout
        self.progress_stream = progress if progress is not None else sys.stderr
        self.live = bool(getattr(self.progress_stream, "isatty", lambda: False)())
        self.scrub = scrub or Scrubber(lambda: ())

    def line(self, text: str) -> None:
        self._clear()
        print(self.scrub(text), file=self.out, flush=True)

    def progress(self, done: int, total: int, name: str) -> None:
        if self.live:
            text = f"[{done}/{total}] {name} ..."
            print(f"\r\x1b[2K{text[:120]}", end="", file=self.progress_stream, flush=True)

    def _clear(self) -> None:
        if self.live:
            print("\r\x1b[2K", end="", file=self.progress_stream, flush=True)

    def result(self, result: CheckResult) -> None:
        label = result.outcome.name
        text = f"{label}  {result.name}"
        if result.basis:
            text += f" [{result.basis}]"
        if result.message:
            text += f": {result.message}"
        self.line(text)
        if result.outcome is Outcome.FAIL and result.curl:
            self.line(f"      {result.curl}")


_NOT_XML = re.compile("[^\u0009\u000a\u000d\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def write_junit(report: RunReport, path: Path, scrubber: Callable[[str], str]) -> None:
    """The report as JUnit XML; texts scrubbed, and characters XML cannot hold (a server's
    control bytes) replaced, so every CI reader can parse the file."""

    def scrub(text: str) -> str:
        return _NOT_XML.sub("\ufffd", scrubber(text))

    suite = ET.Element(
        "testsuite",
        {
            "name": "storefeeder-conformance",
            "tests": str(len(report.results)),
            "failures": str(report.count(Outcome.FAIL)),
            "errors": str(report.count(Outcome.ERROR)),
            "skipped": str(report.count(Outcome.SKIP)),
            "time": f"{report.seconds:.3f}",
        },
    )
    properties = ET.SubElement(suite, "properties")
    for key, value in report.settings.items():
        ET.SubElement(properties, "property", {"name": key, "value": scrub(value)})
    for result in report.results:
        classname = ".".join(p for p in ("conformance", result.basis, result.group) if p)
        case = ET.SubElement(
            suite,
            "testcase",
            {"classname": classname, "name": result.name, "time": f"{result.seconds:.3f}"},
        )
        if result.basis:
            case_properties = ET.SubElement(case, "properties")
            ET.SubElement(case_properties, "property", {"name": "basis", "value": result.basis})
            if result.source:
                ET.SubElement(case_properties, "property", {"name": "source", "value": scrub(result.source)})
        if result.outcome is Outcome.FAIL:
            failure = ET.SubElement(case, "failure", {"message": scrub(result.message)})
            failure.text = scrub(result.message + ("\n" + result.curl if result.curl else ""))
        elif result.outcome is Outcome.ERROR:
            error = ET.SubElement(case, "error", {"message": scrub(result.message)})
            error.text = scrub(result.message)
        elif result.outcome is Outcome.SKIP:
            ET.SubElement(case, "skipped", {"message": scrub(result.message)})
    if report.setup_error is not None:
        failed_setup = ET.SubElement(
            suite, "testcase", {"classname": "conformance.run", "name": "setup", "time": "0.000"}
        )
        ET.SubElement(failed_setup, "error", {"message": scrub(report.setup_error)}).text = scrub(
            report.setup_error
        )
        suite.set("tests", str(len(report.results) + 1))
        suite.set("errors", str(report.count(Outcome.ERROR) + 1))
    path.parent.mkdir(parents=True, exist_ok=True)
    root = ET.Element("testsuites")
    root.append(suite)
    ET.indent(root)
    ET.ElementTree(root).write(path, encoding="utf-8", xml_declaration=True)
