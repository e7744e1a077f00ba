"""storefeeder_conformance: checks that a server keeps the StoreFeeder override contract.

Layers, one direction: `checks` (named rules, each with one sentence, its basis and its source) use
`strategies` (what to send) over `context`/`wire`/`bodies` (exact bytes, hardened XML); `target`
and `fixtures` set up the server a run checks, `selection` chooses the checks, the `runner` runs
them in order, restores orders and reports; `cli` is the command. Public API: `run`, `RunConfig`,
`all_checks`.
"""

from __future__ import annotations

from .checks import Basis, Check, all_checks
from .config import ConfigError, EmbeddedOptions, RunConfig
from .context import Mode
from .report import CheckResult, Outcome, RunReport
from .runner import run

__all__ = [
    "Basis",
    "Check",
    "CheckResult",
    "ConfigError",
    "EmbeddedOptions",
    "Mode",
    "Outcome",
    "RunConfig",
    "RunReport",
    "all_checks",
    "run",
]
