"""The check catalogue; `all_checks()` lists them in run order."""

from __future__ import annotations

from . import (  # noqa: F401 - registers
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
from .registry import GROUPS, REGISTRY, RELIABLE, Basis, Check, check, parse_bases

__all__ = ["REGISTRY", "RELIABLE", "Basis", "Check", "all_checks", "check", "parse_bases"]


def all_checks() -> list[Check]:
    """Every check, grouped in run order (registration order within a group)."""
    return sorted(REGISTRY.values(), key=lambda c: GROUPS.index(c.group))
