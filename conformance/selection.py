"""Which checks a run runs: --check and --skip by name, and the bases the run checks.

A check left out by --skip or by its basis stays in the run and reports SKIP saying why, so the
report always lists every chosen check.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from .checks import Basis, Check, all_checks
from .checks.registry import CheckFunction
from .config import ConfigError, RunConfig
from .context import CheckSkipped, Context


def basis_label(bases: frozenset[Basis]) -> str:
    return ",".join(b.value for b in Basis if b in bases)


def selected_checks(config: RunConfig, checks: Sequence[Check] | None) -> list[Check]:
    """The checks to run, in order; a --skip check stays in the list but only reports SKIP."""
    pool = list(checks) if checks is not None else all_checks()
    names = {c.name for c in pool}
    unknown = [n for n in [*(config.select or []), *config.skip] if n not in names]
    if unknown:
        raise ConfigError(f"unknown check(s): {', '.join(unknown)} (see --list-checks)")
    chosen = [c for c in pool if c.name in config.select] if config.select else pool
    return [replace(c, run=_skipped) if c.name in config.skip else c for c in chosen]


def _skipped(ctx: Context) -> str | None:
    raise CheckSkipped("skipped by --skip (where the real service may differ: see docs/fidelity.md)")


def by_basis(chosen: Sequence[Check], bases: frozenset[Basis], defaulted: bool) -> list[Check]:
    """The checks whose basis is not among `bases` report SKIP saying why (an assumption check
    names its assumption) instead of running."""
    out = []
    for check in chosen:
        if check.basis in bases or check.run is _skipped:
            out.append(check)
            continue
        how = "the default off loopback" if defaulted else f"--basis {basis_label(bases)}"
        if check.basis is Basis.ASSUMPTION:
            reason = (
                f"not checked ({how}): assumes {check.assumption_text()} (docs/fidelity.md), which "
                "StoreFeeder's own action code decides; add --basis seed,framework,assumption to check it"
            )
        else:
            reason = f"basis {check.basis.value} not selected ({how})"
        out.append(replace(check, run=_not_selected(reason)))
    return out


def _not_selected(reason: str) -> CheckFunction:
    def skip(ctx: Context) -> str | None:
        raise CheckSkipped(reason)

    return skip
