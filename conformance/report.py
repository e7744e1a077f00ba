"""What the run tells: a live progress line, one line per check, the closing line, JUnit XML.

Every text that leaves the process goes through `Scrubber`, which replaces the run's secrets
(tokens, password, client_id) with `***`. Requests are shown as curl commands whose token is the
`$STOREFEEDER_TOKEN` placeholder, so they can be pasted after exporting the variable.
"""

from __future__ import annotations

import enum
import sys
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TextIO


class Outcome(enum.StrEnum):
    PASS = "pass"
    FAIL = "fail"
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
        skipped = self.count(Outcome.SKIP)
        return line + (f", {skipped} skipped" if skipped else "")

    @property
    def exit_code(self) -> int:
        return 1 if self.count(Outcome.FAIL) or self.interrupted else 0


class Scrubber:
    def __init__(self, secrets: Callable[[], Iterable[str]]) -> None:
        self._secrets = secrets

    def __call__(self, text: str) -> str:
        for secret in sorted((s for s in self._secrets() if len(s) >= 4), key=len, reverse=True):
            text = text.replace(secret, "***")
        return text


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
        label = {Outcome.PASS: "PASS", Outcome.FAIL: "FAIL", Outcome.SKIP: "SKIP"}[result.outcome]
        text = f"{label}  {result.name}"
        if result.basis:
            text += f" [{result.basis}]"
        if result.message:
            text += f": {result.message}"
        self.line(text)
        if result.outcome is Outcome.FAIL and result.curl:
            self.line(f"      {result.curl}")


def write_junit(report: RunReport, path: Path, scrub: Scrubber) -> None:
    suite = ET.Element(
        "testsuite",
        {
            "name": "storefeeder-conformance",
            "tests": str(len(report.results)),
            "failures": str(report.count(Outcome.FAIL)),
            "errors": "0",
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
        elif result.outcome is Outcome.SKIP:
            ET.SubElement(case, "skipped", {"message": scrub(result.message)})
    path.parent.mkdir(parents=True, exist_ok=True)
    root = ET.Element("testsuites")
    root.append(suite)
    ET.indent(root)
    ET.ElementTree(root).write(path, encoding="utf-8", xml_declaration=True)
