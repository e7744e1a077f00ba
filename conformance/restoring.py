"""Putting orders back to their original statuses, verified with GET; used after every check in
full mode, by the after-run check `orders-left-as-found` and by `storefeeder-conformance restore`.

Transport faults are retried by the wire; what still fails is reported per order, never raised,
so one unreadable order does not stop the others from being restored.
"""

from __future__ import annotations

import time
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field

from . import bodies, signals
from .context import Context
from .contract import Contract
from .tokens import AuthFailed, Tokens
from .wire import DeadlinePassed, Unreachable, Wire

FAULTS = (Unreachable, AuthFailed, DeadlinePassed)


@dataclass(slots=True)
class Restoration:
    verified: dict[int, bool] = field(default_factory=dict)  # order -> in its original status (GET)
    put_back: list[int] = field(default_factory=list)  # orders this restoration changed
    problems: list[str] = field(default_factory=list)


def read_status(contract: Contract, wire: Wire, tokens: Tokens, number: int) -> str:
    """The order's status by GET; RuntimeError saying why when it cannot be read."""
    exchange = wire.send(
        "GET", contract.order_path(number), accept=contract.json_types[0], bearer=tokens.bearer()
    )
    if exchange.status != 200:
        raise RuntimeError(f"GET answered {exchange.status}: {exchange.text(120)}")
    try:
        return bodies.order_status(contract, exchange)
    except bodies.BodyError as exc:
        raise RuntimeError(str(exc)) from None


def _read_back(
    contract: Contract,
    wire: Wire,
    tokens: Tokens,
    wanted: Mapping[int, str],
    out: Restoration,
    problems: list[str],
    when: str,
) -> dict[int, str]:
    """Read each order: those in their `wanted` status are marked verified, the others returned
    with the status they are in; an order that cannot be read is a problem and neither."""
    differing: dict[int, str] = {}
    for number, original in wanted.items():
        try:
            now = read_status(contract, wire, tokens, number)
        except (RuntimeError, *FAULTS) as exc:
            problems.append(f"cannot read order {number}{when}: {exc}")
            continue
        if now == original:
            out.verified[number] = True
        else:
            differing[number] = now
    return differing


def restore_orders(
    contract: Contract,
    wire: Wire,
    tokens: Tokens,
    originals: Mapping[int, str],
    *,
    rounds: int = 3,
    pause: float = 0.5,
) -> Restoration:
    """Read every order, PUT back the changed ones in batches, verify with GET; up to `rounds`
    times for orders that are still changed or could not be read."""
    out = Restoration()
    pending = dict(originals)
    for round_ in range(rounds):
        problems: list[str] = []
        differing = _read_back(contract, wire, tokens, pending, out, problems, "")
        changed = {number: pending[number] for number in differing}
        items = list(changed.items())
        for start in range(0, len(items), contract.batch_max):
            batch = items[start : start + contract.batch_max]
            media = contract.json_types[0]
            try:
                wire.send(
                    "PUT",
                    contract.override_path,
                    body=bodies.override_body(contract, media, batch),
                    content_type=media,
                    accept=media,
                    bearer=tokens.bearer(),
                )
            except FAULTS as exc:
                problems.append(f"cannot put back orders {[n for n, _ in batch]}: {exc}")
            else:
                out.put_back.extend(n for n, _ in batch if n not in out.put_back)
        still = _read_back(contract, wire, tokens, changed, out, problems, " after restoring it")
        problems += [f"order {number} is {now}, was {changed[number]}" for number, now in still.items()]
        pending = {n: s for n, s in pending.items() if not out.verified.get(n)}
        out.problems = problems
        if not pending:
            break
        if round_ + 1 < rounds:
            time.sleep(pause)
    for number in originals:
        out.verified.setdefault(number, False)
    return out


@contextmanager
def unhurried(wire: Wire) -> Iterator[None]:
    """Signals wait until the block is done and the run's deadline does not apply in it: putting
    orders back is never cut short."""
    with signals.shielded():
        deadline, wire.deadline = wire.deadline, None
        try:
            yield
        finally:
            wire.deadline = deadline


def restore_run_orders(ctx: Context) -> list[str]:
    """Put every own order of the run back to its original status; the problems that remain."""
    with unhurried(ctx.wire):
        return restore_orders(ctx.contract, ctx.wire, ctx.tokens, ctx.own).problems
