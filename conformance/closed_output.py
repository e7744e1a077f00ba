"""Output whose reader has gone (`storefeeder-conformance run | head`): keep quiet, keep working.

A closed pipe must not stop a run half-way (full mode restores the orders at the end, and the
JUnit file is still wanted), nor end it with a traceback. `tolerant()` wraps a stream so that the
first write to a closed pipe points the stream's file descriptor at /dev/null and everything
after it, including Python's final flush at exit, goes nowhere.
"""

from __future__ import annotations

import io
import os
from typing import TextIO, cast


def silence(stream: TextIO) -> None:
    """Point `stream`'s file descriptor at /dev/null (nothing to do for a stream without one)."""
    try:
        fd = stream.fileno()
    except (AttributeError, OSError, ValueError):
        return
    devnull = os.open(os.devnull, os.O_WRONLY)
    try:
        os.dup2(devnull, fd)
    finally:
        os.close(devnull)


def tolerant(stream: TextIO) -> TextIO:
    """`stream`, except that writing to a closed pipe silences it instead of raising."""
    return cast(TextIO, Tolerant(stream))


class Tolerant(io.TextIOBase):
    """`stream`, except that writing to a closed pipe silences it instead of raising."""

    def __init__(self, stream: TextIO) -> None:
        super().__init__()
        self._stream = stream
        self.gone = False

    def write(self, text: str) -> int:
        if not self.gone:
            try:
                self._stream.write(text)
            except BrokenPipeError:
                self._lost()
        return len(text)

    def flush(self) -> None:
        if not self.gone:
            try:
                self._stream.flush()
            except BrokenPipeError:
                self._lost()

    def isatty(self) -> bool:
        return not self.gone and self._stream.isatty()

    def fileno(self) -> int:
        return self._stream.fileno()

    def _lost(self) -> None:
        self.gone = True
        silence(self._stream)
