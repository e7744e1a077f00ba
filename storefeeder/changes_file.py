"""The CLI's input: changes from a CSV file (or stdin) or `--set 1001=OnHold` arguments.

Every row is checked before anything is sent; all problems are reported at once, each with its
line number (the physical line where the row ends, as a spreadsheet user counts them).
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TextIO

from .results import ORDER_NUMBER_MAX

_NUMBER = re.compile(r"[0-9]+")
_STATUS = re.compile(r"[A-Za-z][A-Za-z0-9]*")
_HEADER_WORDS = ("order", "number", "status")


@dataclass(frozen=True, slots=True)
class Change:
    order_number: int
    status: str
    line: int  # the CSV line, or the position of the --set argument (1-based)


class BadInput(Exception):
    """The input has problems; `problems` lists each as `where: what`."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        super().__init__("\n".join(problems))


def read_csv(stream: TextIO, name: str) -> list[Change]:
    """Rows of `order number, status`, header optional; blank lines and trailing empty cells ignored."""
    changes: list[Change] = []
    problems: list[str] = []
    reader = csv.reader(stream)
    first = True
    try:
        for row in reader:
            cells = [cell.strip() for cell in row]
            while cells and not cells[-1]:
                cells.pop()
            if not cells:
                continue
            if first and _is_header(cells):
                first = False
                continue
            first = False
            _check_row(cells, f"{name}:{reader.line_num}", reader.line_num, changes, problems)
    except csv.Error as error:
        problems.append(f"{name}:{reader.line_num}: unreadable CSV ({error})")
    except UnicodeDecodeError as error:
        problems.append(f"{name}: not UTF-8 text ({error.reason} at byte {error.start})")
    if problems:
        raise BadInput(problems)
    return changes


def parse_sets(values: Iterable[str]) -> list[Change]:
    """`NUMBER=STATUS` arguments."""
    changes: list[Change] = []
    problems: list[str] = []
    for position, value in enumerate(values, 1):
        number, sep, status = value.partition("=")
        if not sep:
            problems.append(f"--set {value!r}: expected NUMBER=STATUS")
            continue
        _check_row([number.strip(), status.strip()], f"--set {value!r}", position, changes, problems)
    if problems:
        raise BadInput(problems)
    return changes


def _is_header(cells: list[str]) -> bool:
    return not _NUMBER.fullmatch(cells[0]) and any(word in cells[0].lower() for word in _HEADER_WORDS)


def _check_row(cells: list[str], where: str, line: int, into: list[Change], problems: list[str]) -> None:
    if len(cells) != 2:
        problems.append(f"{where}: expected 2 columns (order number, status), found {len(cells)}")
        return
    number, status = cells
    if not _NUMBER.fullmatch(number) or not 1 <= int(number) <= ORDER_NUMBER_MAX:
        problems.append(f"{where}: order number {number!r} is not a whole number in 1..{ORDER_NUMBER_MAX}")
    elif not _STATUS.fullmatch(status):
        problems.append(f"{where}: status {status!r} is not a status name")
    else:
        into.append(Change(int(number), status, line))
