"""The CLI's output: one row per change with its outcome, as CSV or JSON (by the file's extension),
and reading such a file back for `--resume`.

While a run goes on, each finished batch is appended to the CSV (flushed), so even a killed run
leaves the rows it got; at the end, or on Ctrl-C, the file is rewritten whole, in input order
(JSON only then). A row carried over from a resumed file has no batch number.
"""

from __future__ import annotations

import csv
import io
import json
import os
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any, TextIO

FIELDS = ("line", "order_number", "status", "outcome", "batch", "error")


@dataclass(frozen=True, slots=True)
class Row:
    line: int
    order_number: int
    status: str
    outcome: str
    batch: int | None
    error: str | None


class UnreadableResults(Exception):
    """A file given to --resume is not an output of this command."""


def is_json(path: Path) -> bool:
    return path.suffix.lower() == ".json"


class ResultsFile:
    """The output file of one run."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._journal: TextIO | None = None
        self._writer: Any = None

    def append(self, rows: Iterable[Row]) -> None:
        """Record rows as soon as they are known (CSV only; JSON is written by `write`)."""
        if is_json(self.path):
            return
        if self._journal is None:
            self._journal = self.path.open("w", newline="", encoding="utf-8")
            self._writer = csv.writer(self._journal)
            self._writer.writerow(FIELDS)
        self._writer.writerows(_cells(row) for row in rows)
        self._journal.flush()

    def write(self, rows: list[Row], summary: dict[str, Any]) -> None:
        """The whole file, in input order, replacing the journal atomically."""
        if self._journal is not None:
            self._journal.close()
            self._journal = None
        partial = self.path.with_name(self.path.name + ".partial")
        with partial.open("w", newline="", encoding="utf-8") as out:
            if is_json(self.path):
                json.dump({"summary": summary, "results": [asdict(row) for row in rows]}, out, indent=1)
                out.write("\n")
            else:
                writer = csv.writer(out)
                writer.writerow(FIELDS)
                writer.writerows(_cells(row) for row in rows)
        os.replace(partial, self.path)


def _cells(row: Row) -> list[object]:
    return [row.line, row.order_number, row.status, row.outcome, row.batch or "", row.error or ""]


def read_rows(path: Path) -> list[Row]:
    """The rows of an earlier output file (CSV or JSON by extension)."""
    try:
        text = path.read_text(encoding="utf-8")
        records = json.loads(text)["results"] if is_json(path) else list(csv.DictReader(io.StringIO(text)))
        return [
            Row(
                line=int(record["line"]),
                order_number=int(record["order_number"]),
                status=str(record["status"]),
                outcome=str(record["outcome"]),
                batch=int(record["batch"]) if record["batch"] not in ("", None) else None,
                error=str(record["error"]) if record["error"] not in ("", None) else None,
            )
            for record in records
        ]
    except (OSError, ValueError, KeyError, TypeError) as error:
        raise UnreadableResults(f"{path}: not a results file of `storefeeder override` ({error})") from error
