"""The check catalogue: each check is a named function with one sentence, its basis and its source.

The basis says who decides the rule a check guards, and so how far a verdict can be trusted
against the real service:

- `seed`: StoreFeeder's Help page says it (shared/reference/seed-put-orders-override-order-statuses.txt;
  for the two read operations the suite relies on, their own Help pages);
- `framework`: ASP.NET Web API (or OWIN) decides it before StoreFeeder's action runs; the source
  names the framework file or the section of shared/reference/aspnet-webapi-behaviour.md, and
  shared/tools/aspnet-twin (the real framework) shows it;
- `assumption`: StoreFeeder's own action code decides it, and nobody documents it; `assumes` names
  the row(s) of docs/fidelity.md that record the assumption. Off loopback these checks are not run
  by default (they SKIP saying which assumption), so a run against the real service never fails it
  for behaviour the project only assumed.
"""

from __future__ import annotations

import enum
from collections.abc import Callable
from dataclasses import dataclass

from ..context import Context

CheckFunction = Callable[[Context], str | None]
"""Runs the check; returns an optional note, raises CheckFailed or CheckSkipped."""


class Basis(enum.StrEnum):
    SEED = "seed"
    FRAMEWORK = "framework"
    ASSUMPTION = "assumption"


RELIABLE = frozenset({Basis.SEED, Basis.FRAMEWORK})
"""The bases a run against a non-loopback server checks by default."""


def parse_bases(text: str) -> frozenset[Basis]:
    """`seed,framework` -> the bases; ValueError naming the known ones for anything else."""
    names = [part.strip().lower() for part in text.split(",") if part.strip()]
    if not names:
        raise ValueError("no basis given")
    try:
        return frozenset(Basis(name) for name in names)
    except ValueError:
        unknown = [n for n in names if n not in {b.value for b in Basis}]
        raise ValueError(
            f"unknown basis {', '.join(unknown)}; known: {', '.join(b.value for b in Basis)}"
        ) from None


@dataclass(frozen=True, slots=True)
class Check:
    name: str
    group: str
    sentence: str
    basis: Basis
    source: str
    run: CheckFunction
    assumes: tuple[str, ...] = ()  # assumption basis: the docs/fidelity.md rows (first cell)

    def assumption_text(self) -> str:
        """The assumption(s) in one phrase, as a SKIP reason names them."""
        return "; ".join(self.assumes)


REGISTRY: dict[str, Check] = {}

GROUPS = (
    "validation",
    "bodies",
    "batch",
    "semantics",
    "media",
    "routing",
    "properties",
    "schemathesis",
    "auth",
)
"""Run order: read-mostly rules first, the generated phases next, auth last (the expired-token
check then finds its early token already expired and waits for nothing)."""
AFTER_RUN = "run"
"""The group of checks that run once after all the others, whatever stopped them (an interrupt,
the deadline), with signals held back and no deadline; --check, --skip and --basis leave them be."""


def check(
    name: str,
    *,
    group: str,
    sentence: str,
    basis: Basis,
    source: str,
    assumes: tuple[str, ...] = (),
) -> Callable[[CheckFunction], CheckFunction]:
    """Register a check under `name` (kebab-case, reads like the rule it guards).

    An `assumption` check must name the docs/fidelity.md row(s) it relies on (`assumes`); a `seed`
    or `framework` check must not rely on any."""

    def register(func: CheckFunction) -> CheckFunction:
        if group not in (*GROUPS, AFTER_RUN):
            raise ValueError(f"unknown group {group!r}")
        if name in REGISTRY:
            raise ValueError(f"duplicate check name {name!r}")
        if (basis is Basis.ASSUMPTION) != bool(assumes):
            raise ValueError(f"{name}: an assumption check names its assumption(s), and only it does")
        REGISTRY[name] = Check(
            name=name, group=group, sentence=sentence, basis=basis, source=source, run=func, assumes=assumes
        )
        return func

    return register
