"""The check catalogue: each check is a named function with one sentence and its source."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from ..context import Context

CheckFunction = Callable[[Context], str | None]
"""Runs the check; returns an optional note, raises CheckFailed or CheckSkipped."""


@dataclass(frozen=True, slots=True)
class Check:
    name: str
    group: str
    sentence: str
    source: str
    run: CheckFunction


REGISTRY: dict[str, Check] = {}

GROUPS = ("validation", "batch", "semantics", "media", "properties", "schemathesis", "auth")
"""Run order: read-mostly rules first, the generated phases next, auth last (the expired-token
check then finds its early token already expired and waits for nothing)."""


def check(name: str, *, group: str, sentence: str, source: str) -> Callable[[CheckFunction], CheckFunction]:
    """Register a check under `name` (kebab-case, reads like the rule it guards)."""

    def register(func: CheckFunction) -> CheckFunction:
        if group not in GROUPS:
            raise ValueError(f"unknown group {group!r}")
        if name in REGISTRY:
            raise ValueError(f"duplicate check name {name!r}")
        REGISTRY[name] = Check(name=name, group=group, sentence=sentence, source=source, run=func)
        return func

    return register
