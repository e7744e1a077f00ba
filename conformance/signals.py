"""SIGTERM and SIGHUP (what `timeout`, CI cancellation and a closed terminal send) stop the run as
Ctrl-C does: the orders are restored, then the process exits with 128 + the signal's number.

While orders are being restored, a signal is held back and acted on afterwards, so a second
Ctrl-C or a CI runner's repeated SIGTERM cannot cut a restoration in half.
"""

from __future__ import annotations

import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from types import FrameType

HANDLED = tuple(
    s for s in (signal.SIGINT, getattr(signal, "SIGTERM", None), getattr(signal, "SIGHUP", None)) if s
)


class Stopped(KeyboardInterrupt):
    """The run was stopped by a signal; `code` is the exit code (130 for Ctrl-C)."""

    def __init__(self, signum: int) -> None:
        super().__init__(signal.Signals(signum).name)
        self.signum = signum
        self.code = 128 + signum


def exit_code(exc: KeyboardInterrupt) -> int:
    return exc.code if isinstance(exc, Stopped) else 128 + signal.SIGINT


class _State:
    shield_depth = 0
    held: int | None = None


_STATE = _State()


def _handler(signum: int, frame: FrameType | None) -> None:
    if _STATE.shield_depth:
        _STATE.held = _STATE.held or signum
        return
    raise Stopped(signum)


@contextmanager
def handled() -> Iterator[None]:
    """Install the handlers (main thread only; elsewhere this does nothing)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = {s: signal.getsignal(s) for s in HANDLED}
    for s in HANDLED:
        signal.signal(s, _handler)
    try:
        yield
    finally:
        for s, handler in previous.items():
            signal.signal(s, handler)


@contextmanager
def shielded() -> Iterator[None]:
    """Hold signals back for the block (restoring orders); a held one is raised after it."""
    _STATE.shield_depth += 1
    try:
        yield
    finally:
        _STATE.shield_depth -= 1
        if not _STATE.shield_depth and _STATE.held is not None:
            signum, _STATE.held = _STATE.held, None
            raise Stopped(signum)
