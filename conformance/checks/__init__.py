"""The check catalogue; `all_checks()` lists them in run order, `after_run_checks()` the ones after."""

from __future__ import annotations

from . import (  # noqa: F401 - registers
    after_run,
    auth,
    batch,
    malformed,
    media,
    properties,
    routing,
    semantics,
    spec_driven,
    validation,
)
from .registry import AFTER_RUN, GROUPS, REGISTRY, RELIABLE, Basis, Check, check, parse_bases

__all__ = [
    "AFTER_RUN",
    "REGISTRY",
    "RELIABLE",
    "Basis",
    "Check",
    "after_run_checks",
    "all_checks",
    "check",
    "parse_bases",
]


def all_checks() -> list[Check]:
    """Every check a run chooses from, grouped in run order (registration order within a group)."""
    return sorted((c for c in REGISTRY.values() if c.group in GROUPS), key=lambda c: GROUPS.index(c.group))


def after_run_checks() -> list[Check]:
    """The checks that run after all the others, always (registration order)."""
    return [c for c in REGISTRY.values() if c.group == AFTER_RUN]
