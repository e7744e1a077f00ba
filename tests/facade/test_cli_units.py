"""The CLI's parts without a server: reading changes, writing and re-reading results, progress."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from storefeeder.changes_file import BadInput, Change, parse_sets, read_csv
from storefeeder.progress import ItemProgress
from storefeeder.results_file import ResultsFile, Row, UnreadableResults, read_rows


def test_header_is_optional_and_spreadsheet_noise_is_ignored() -> None:
    text = 'Order Number,Status,,\r\n\r\n1001,OnHold,,\r\n"1002", Despatched \r\n'
    assert read_csv(io.StringIO(text, newline=""), "f.csv") == [
        Change(1001, "OnHold", 3),
        Change(1002, "Despatched", 4),
    ]
    assert read_csv(io.StringIO("7,OnHold\n"), "f.csv") == [Change(7, "OnHold", 1)]


def test_every_bad_row_is_reported_with_its_line() -> None:
    text = (
        'OrderNumber,OrderStatus\n1,OnHold\n"multi\nline",OnHold\n'
        "2147483648,OnHold\n-5,OnHold\n3,On-Hold\n4,A,B\n"
    )
    with pytest.raises(BadInput) as raised:
        read_csv(io.StringIO(text), "f.csv")
    assert [problem.split(": ")[0] for problem in raised.value.problems] == [
        "f.csv:4",
        "f.csv:5",
        "f.csv:6",
        "f.csv:7",
        "f.csv:8",
    ]


def test_set_arguments() -> None:
    assert parse_sets(["1001=OnHold", " 1002 = Despatched"]) == [
        Change(1001, "OnHold", 1),
        Change(1002, "Despatched", 2),
    ]
    with pytest.raises(BadInput, match="expected NUMBER=STATUS"):
        parse_sets(["1001:OnHold"])


@pytest.mark.parametrize("name", ["out.csv", "out.json"])
def test_results_round_trip(tmp_path: Path, name: str) -> None:
    rows = [
        Row(2, 1001, "OnHold", "succeeded", 1, None),
        Row(3, 1002, "Despatched", "failed", 1, 'Order cannot be overrriden, "quoted"\nnewline'),
        Row(4, 1003, "OnHold", "succeeded", None, None),
    ]
    out = ResultsFile(tmp_path / name)
    out.append(rows[:1])
    out.write(rows, {"items": 3})
    assert read_rows(tmp_path / name) == rows
    assert not (tmp_path / (name + ".partial")).exists()


def test_a_file_that_is_not_ours_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "other.csv"
    path.write_text("a,b\n1,2\n")
    with pytest.raises(UnreadableResults, match="not a results file"):
        read_rows(path)


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_is_a_bar_on_a_terminal_and_quiet_lines_elsewhere() -> None:
    piped = io.StringIO()
    progress = ItemProgress(1000, piped)
    for _ in range(20):
        progress.advance(50)
    progress.stop()
    assert piped.getvalue().splitlines() == [f"progress: {n}/1000 items" for n in range(100, 1001, 100)]
    terminal = Terminal()
    bar = ItemProgress(1000, terminal)
    bar.advance(500)
    bar.stop()
    assert "progress:" not in terminal.getvalue() and "overriding" in terminal.getvalue()
