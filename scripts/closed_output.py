"""For the scripts: output whose reader has gone (`scripts/x.py | head`) is dropped quietly.

`tolerate_closed_output()` wraps stdout and stderr so that the first write to a closed pipe points
the stream's file descriptor at /dev/null (children started later inherit that) and the script
goes on to its real end and exit status, with no BrokenPipeError traceback.
"""

from __future__ import annotations

import io
import os
import sys
from collections.abc import Callable
from typing import TextIO, cast


class _Tolerant(io.TextIOBase):
    def __init__(self, stream: TextIO) -> None:
        super().__init__()
        self._stream = stream
        self._gone = False

    def write(self, text: str) -> int:
        self._guard(lambda: self._stream.write(text))
        return len(text)

    def flush(self) -> None:
        self._guard(self._stream.flush)

    def isatty(self) -> bool:
        return not self._gone and self._stream.isatty()

    def fileno(self) -> int:
        return self._stream.fileno()

    def _guard(self, action: Callable[[], object]) -> None:
        if self._gone:
            return
        try:
            action()
        except BrokenPipeError:
            self._gone = True
            devnull = os.open(os.devnull, os.O_WRONLY)
            try:
                os.dup2(devnull, self._stream.fileno())
            finally:
                os.close(devnull)


def tolerate_closed_output() -> None:
    if not isinstance(sys.stdout, _Tolerant):
        sys.stdout = cast(TextIO, _Tolerant(sys.stdout))
    if not isinstance(sys.stderr, _Tolerant):
        sys.stderr = cast(TextIO, _Tolerant(sys.stderr))
