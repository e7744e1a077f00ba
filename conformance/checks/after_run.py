"""The check after the run: every --order is back in the status it had before.

It runs after all the others, also when a check failed, the deadline passed or a signal stopped
the run (the runner holds signals back and lifts the deadline for it). In full mode it first puts
the orders back; in both modes it reads every one with GET. With a restore journal it marks which
orders are verified, and a journal marked finished lets the next run start.
"""

from __future__ import annotations

from .. import restoring
from ..context import CheckFailed, Context
from ..journal import JournalError
from .registry import AFTER_RUN, Basis, check

ORDERS_LEFT_AS_FOUND = "orders-left-as-found"


def left_changed(ctx: Context) -> list[str]:
    """Every own order not in its original status, or unreadable (all of them are read)."""
    problems: list[str] = []
    for number, original in ctx.own.items():
        try:
            now = restoring.read_status(ctx.contract, ctx.wire, ctx.tokens, number)
        except (RuntimeError, *restoring.FAULTS) as exc:
            problems.append(f"cannot read order {number}: {exc}")
            continue
        if now != original:
            problems.append(f"order {number} is {now}, was {original}")
    return problems


@check(
    ORDERS_LEFT_AS_FOUND,
    group=AFTER_RUN,
    sentence="After the run every --order has the status it had before (full mode restores them).",
    basis=Basis.SEED,
    source="the suite's modes (docs/conformance.md): the run's own writes, verified with GET /orders/{n}",
)
def orders_left_as_found(ctx: Context) -> str | None:
    problems = restoring.restore_run_orders(ctx) if ctx.full else []
    if not problems:
        problems = left_changed(ctx)
    failed = bool(problems)
    message = "; ".join(problems) if problems else f"{len(ctx.own)} orders checked with GET"
    if ctx.journal is not None:
        try:
            changed = {int(p.split()[1]) for p in problems if p.startswith("order ")}
            ctx.journal.mark(
                {n: n not in changed for n in ctx.own}, finished=not problems, note="; ".join(problems)
            )
        except (JournalError, ValueError) as exc:
            problems.append(str(exc))
        if problems:
            message += f" (to retry: storefeeder-conformance restore --journal {ctx.journal.path})"
    if failed:
        raise CheckFailed(message)
    return message
