"""Progress over items: a rich bar when stdout is a terminal, else a quiet line every 10%."""

from __future__ import annotations

import sys
from typing import TextIO

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn


class ItemProgress:
    def __init__(self, total: int, stream: TextIO | None = None) -> None:
        self.total = total
        self.done = 0
        self._stream = stream or sys.stdout
        self._next_tenth = 1
        self._bar: Progress | None = None
        if self._stream.isatty() and total:
            self._bar = Progress(
                TextColumn("overriding"),
                BarColumn(),
                MofNCompleteColumn(),
                TextColumn("items"),
                TimeRemainingColumn(),
                console=Console(file=self._stream),
                transient=True,
            )
            self._task = self._bar.add_task("overriding", total=total)
            self._bar.start()

    def advance(self, items: int) -> None:
        self.done += items
        if self._bar is not None:
            self._bar.update(self._task, completed=self.done)
        elif self.total and self.done * 10 >= self.total * self._next_tenth:
            while self.done * 10 >= self.total * self._next_tenth:
                self._next_tenth += 1
            print(f"progress: {self.done}/{self.total} items", file=self._stream, flush=True)

    def stop(self) -> None:
        if self._bar is not None:
            self._bar.stop()
            self._bar = None
