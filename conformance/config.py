"""What a run is asked to do (`RunConfig`), and `ConfigError`, which stops it before its checks."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from .checks import Basis
from .context import Mode
from .tokens import Credentials
from .transport import Limits

DEFAULT_DEADLINE = 1800.0
"""Seconds for a whole run (--deadline): the default run takes seconds, a slow real service minutes."""
EMBEDDED_TOKEN_LIFETIME = 3.0
"""Seconds a token of the embedded mock lives: short, so the expired-token check can run."""


class ConfigError(RuntimeError):
    """Bad configuration, an unreachable server or refused credentials: exit code 2."""


@dataclass(slots=True)
class EmbeddedOptions:
    """How to start the embedded mock (used when no base URL is given)."""

    seed: int | None = None  # None: the run's seed
    mutant: str | None = None
    token_lifetime: float = EMBEDDED_TOKEN_LIFETIME


@dataclass(slots=True)
class RunConfig:
    base_url: str | None = None
    credentials: Credentials | None = None
    token: str | None = None
    orders: list[int] = field(default_factory=list)
    foreign: int | None = None
    mode: Mode | None = None
    allow_writes: bool = False
    seed: int = 0
    max_examples: int = 100
    spec: Path | None = None
    select: list[str] | None = None  # check names to run (default: all)
    skip: list[str] = field(default_factory=list)  # check names reported as skipped, not run
    basis: frozenset[Basis] | None = None  # bases to check (default: by target, see resolve_bases)
    embedded: EmbeddedOptions = field(default_factory=EmbeddedOptions)
    max_token_wait: float = 15.0
    limits: Limits = field(default_factory=Limits)
    deadline: float = DEFAULT_DEADLINE  # seconds for the whole run
    journal: Path | None = None  # full mode: the restore journal (default: journal.default_path)
