"""The check catalogue; `all_checks()` lists them in run order."""

from __future__ import annotations

from . import auth, batch, media, properties, semantics, spec_driven, validation  # noqa: F401 - registers
from .registry import GROUPS, REGISTRY, Check, check

__all__ = ["REGISTRY", "Check", "all_checks", "check"]


def all_checks() -> list[Check]:
    """Every check, grouped in run order (registration order within a group)."""
    return sorted(REGISTRY.values(), key=lambda c: GROUPS.index(c.group))
