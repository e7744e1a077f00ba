"""Per-item semantics: one result per item, consistent fields, the seed's texts, persistence."""

from __future__ import annotations

from .. import model
from ..bodies import Item, Result
from ..context import CheckFailed, CheckSkipped, Context
from ..wire import Exchange
from .common import before_of, expect_echo
from .registry import Basis, check

SEED = "seed: response sample and field descriptions (PUT orders/override-order-statuses Help page)"


def mixed_batch(ctx: Context) -> list[Item]:
    """Items that exercise every per-item branch this run can reach without harm.

    Success: an own order to a permitted target (its own status in safe mode). Not overridable:
    an own order already in a refused status, sent to that status (harmless even if a faulty server
    applies it); only when there is none, in full mode, an own order to a refused target. Missing:
    absent numbers. Foreign: --foreign-order, in either mode only with a refused target (left out
    when the catalogue has none), so a server that wrongly applies it cannot change that order.
    """
    items: list[Item] = []
    movable = ctx.movable()
    refused = ctx.not_overridable
    if movable:
        first = movable[0]
        items.append((first, ctx.other_target(ctx.own[first]) if ctx.full else ctx.own[first]))
    stuck = stuck_orders(ctx)
    if stuck:
        items.append((stuck[0], ctx.own[stuck[0]]))
    elif ctx.full and len(movable) > 1 and refused:
        items.append((movable[1], refused[0]))
    items.append((ctx.absent[0], ctx.overridable[0]))
    items.append((ctx.absent[1], refused[0] if refused else ctx.overridable[0]))
    if ctx.foreign is not None and refused:
        items.append((ctx.foreign, refused[0]))
    return items


def stuck_orders(ctx: Context) -> list[int]:
    """Own orders whose status is not a permitted target (sending them that status changes nothing)."""
    return [n for n, s in ctx.own.items() if not ctx.catalogue.get(s, False)]


def send_mixed(ctx: Context) -> tuple[list[Item], list[Result], Exchange]:
    items = mixed_batch(ctx)
    exchange = ctx.put_items(items)
    return items, ctx.results(exchange, "a mixed batch"), exchange


@check(
    "one-result-per-item",
    group="semantics",
    sentence="Every request item gets exactly one result echoing its OrderNumber and OrderStatus.",
    basis=Basis.SEED,
    source=SEED + "; openapi.yaml 200 description",
)
def one_result_per_item(ctx: Context) -> None:
    items, results, exchange = send_mixed(ctx)
    expect_echo(ctx, items, results, exchange)


@check(
    "results-in-request-order",
    group="semantics",
    sentence="Results come in request order (stricter than one-per-item).",
    basis=Basis.ASSUMPTION,
    source="assumption: the seed sample answers items in order (docs/fidelity.md)",
    assumes=("One result per item, in request order",),
)
def results_in_order(ctx: Context) -> None:
    items, results, exchange = send_mixed(ctx)
    got = [(r.number, r.status) for r in results]
    if got != list(items):
        raise CheckFailed(f"results come as {got}, the request had {list(items)}", exchange)


@check(
    "error-implies-success-false",
    group="semantics",
    sentence="A result that carries an Error has Success false.",
    basis=Basis.SEED,
    source="seed: 'Success will always be false if an error is returned'",
)
def error_implies_failure(ctx: Context) -> None:
    _, results, exchange = send_mixed(ctx)
    for r in results:
        if r.error is not None and r.success:
            raise CheckFailed(f"order {r.number}: Success true with Error {r.error!r}", exchange)


@check(
    "failure-carries-error",
    group="semantics",
    sentence="A result with Success false carries a non-empty Error.",
    basis=Basis.ASSUMPTION,
    source="assumption: every failure in the seed sample carries one (docs/fidelity.md)",
    assumes=("Success false implies an Error",),
)
def failure_has_error(ctx: Context) -> None:
    _, results, exchange = send_mixed(ctx)
    failures = [r for r in results if not r.success]
    if not failures:
        raise CheckFailed("the mixed batch produced no failure at all (missing orders must fail)", exchange)
    for r in failures:
        if not r.error:
            raise CheckFailed(f"order {r.number}: Success false without an Error", exchange)


@check(
    "missing-order-fails-with-seed-text",
    group="semantics",
    sentence="An order that does not exist fails per item with the seed's exact text "
    "('Order doesnt exist or you do not have permission to access it.').",
    basis=Basis.SEED,
    source=SEED + " (openapi.yaml x-storefeeder-item-errors)",
)
def missing_order(ctx: Context) -> None:
    # Targets a user may override to: with a refused one the text would also depend on which
    # per-item rule the service checks first (an assumption, docs/fidelity.md).
    items = [(n, ctx.rng.choice(ctx.overridable)) for n in ctx.absent[:3]]
    exchange = ctx.put_items(items)
    results = ctx.results(exchange, "missing orders")
    expect_echo(ctx, items, results, exchange)
    for r in results:
        if r.success or r.error != ctx.contract.not_found_text:
            raise CheckFailed(f"missing order {r.number}: Success={r.success}, Error={r.error!r}", exchange)


@check(
    "foreign-order-same-failure-as-missing",
    group="semantics",
    sentence="Another account's order fails exactly like a missing one (same Success and Error: no oracle).",
    basis=Basis.SEED,
    source=SEED + ": one text for 'doesnt exist' and 'no permission'",
)
def foreign_like_missing(ctx: Context) -> None:
    foreign = ctx.require_foreign()
    # Another account's order only ever gets a target a user may not override to (both modes): a
    # server that wrongly applies it then still cannot change someone else's order.
    targets = ctx.not_overridable[:2]
    if not targets:
        raise CheckSkipped(
            "another account's order is only sent targets a user may not override to, "
            "and the server's catalogue has none"
        )
    for target in targets:
        items = [(foreign, target), (ctx.absent[0], target)]
        exchange = ctx.put_items(items)
        results = ctx.results(exchange, "a foreign and a missing order")
        expect_echo(ctx, items, results, exchange)
        by_number = {r.number: (r.success, r.error) for r in results}
        if by_number[foreign] != by_number[ctx.absent[0]]:
            raise CheckFailed(
                f"foreign order answered {by_number[foreign]}, missing order {by_number[ctx.absent[0]]}",
                exchange,
            )


@check(
    "get-foreign-order-not-found",
    group="semantics",
    sentence="GET /orders/{n} of another account's order answers like a missing order (404, same message).",
    basis=Basis.ASSUMPTION,
    source="openapi.yaml GET /orders/{ordernumber} 404; what the action answers for another account's "
    "order is its own code (the project's choice keeps the no-oracle rule)",
    assumes=("Missing or foreign order on GET",),
)
def get_foreign(ctx: Context) -> None:
    foreign = ctx.require_foreign()
    missing = ctx.absent[0]
    a, b = ctx.get_order(foreign), ctx.get_order(missing)
    ctx.expect_status(a, ctx.contract.status_not_found, "GET of another account's order")
    same = a.content.replace(str(foreign).encode(), b"N") == b.content.replace(str(missing).encode(), b"N")
    if not same:
        raise CheckFailed(f"foreign order answered {a.text()!r}, missing order {b.text()!r}", a)


@check(
    "not-overridable-target-fails-per-item",
    group="semantics",
    sentence="A target whose UserCanOverrideToStatus is false fails per item with the seed's text "
    "and changes nothing.",
    basis=Basis.SEED,
    source=SEED + " (PendingWaitingAllStock sample); GET /order-status UserCanOverrideToStatus",
)
def not_overridable(ctx: Context) -> str | None:
    refused = ctx.not_overridable
    if not refused:
        raise CheckSkipped("the server's catalogue has no status that cannot be overridden to")
    # An order already in a refused status, sent that status: a faithful server refuses it, and a
    # faulty one that applies it changes nothing. A real transition to a refused target could not
    # be undone, so it is sent only in full mode and only when no such order is at hand.
    items = [(n, ctx.own[n]) for n in stuck_orders(ctx)][:3]
    note = (
        "verified the per-item failure and its text; not that it changes nothing (the orders sent a "
        "refused target already had it: a real move there could not be undone)"
    )
    if not items:
        note = ""
        if not ctx.full:
            raise CheckSkipped("safe mode needs an --order already in a status that cannot be overridden to")
        items = [(ctx.require_movable(1)[0], refused[0])]
    before = before_of(ctx, items)
    exchange = ctx.put_items(items)
    results = ctx.results(exchange, "refused targets")
    expect_echo(ctx, items, results, exchange)
    for r in results:
        if r.success or r.error != ctx.contract.not_overridable_text:
            raise CheckFailed(
                f"order {r.number} to {r.status}: Success={r.success}, Error={r.error!r}", exchange
            )
    ctx.expect_unchanged(before, exchange, "every refused target failed")
    return note or None


@check(
    "override-to-current-status-succeeds",
    group="semantics",
    sentence="Overriding an order to the status it already has succeeds (idempotent) and changes nothing.",
    basis=Basis.ASSUMPTION,
    source="assumption: an override sets a status, so setting the same one is a success (docs/fidelity.md)",
    assumes=("Override to the current status",),
)
def same_status(ctx: Context) -> None:
    orders = ctx.require_movable(1)[:3]
    items = [(n, ctx.own[n]) for n in orders]
    exchange = ctx.put_items(items)
    results = ctx.results(exchange, "overrides to the current status")
    expect_echo(ctx, items, results, exchange)
    for r in results:
        if not r.success or r.error is not None:
            raise CheckFailed(f"order {r.number} to its own status {r.status}: Error={r.error!r}", exchange)
    ctx.expect_unchanged(dict(items), exchange, "overrides to the current status")


@check(
    "success-visible-through-get",
    group="semantics",
    sentence="A successful override is stored: GET /orders/{n} then shows the new status.",
    basis=Basis.SEED,
    source=SEED + " ('Success: Whether the action was successful'); GET /orders/{ordernumber}",
)
def success_persists(ctx: Context) -> None:
    ctx.require_full(
        "a success is only visible through GET when the status changes, and safe mode sends own orders "
        "only their current status"
    )
    for media in (ctx.contract.json_types[0], ctx.contract.xml_types[0]):
        number = ctx.require_movable(1)[0]
        current = ctx.status_of(number)
        target = ctx.other_target(current)
        exchange = ctx.put_items([(number, target)], media)
        results = ctx.results(exchange, f"a real transition ({media})")
        expect_echo(ctx, [(number, target)], results, exchange)
        if not results[0].success:
            raise CheckFailed(f"order {number} {current} -> {target} did not succeed: {results[0]}", exchange)
        now = ctx.status_of(number)
        if now != target:
            raise CheckFailed(f"order {number}: Success true for {target}, but GET shows {now}", exchange)


@check(
    "duplicates-each-get-a-result",
    group="semantics",
    sentence="An order listed twice in one batch gets two results, one per item.",
    basis=Basis.SEED,
    source=SEED + ": a result per request item (docs/fidelity.md 'Duplicates in one request'); "
    "openapi.yaml 200 description",
)
def duplicates(ctx: Context) -> None:
    items: list[Item] = []
    movable = ctx.movable()
    if movable:
        n = movable[0]
        items += [(n, ctx.own[n]), (n, ctx.own[n])]
    items += [(ctx.absent[0], ctx.overridable[0])] * 2
    exchange = ctx.put_items(items)
    results = ctx.results(exchange, "a batch with duplicates")
    expect_echo(ctx, items, results, exchange)


@check(
    "locked-status-cannot-be-left",
    group="semantics",
    sentence="An order in a status the contract marks as one that cannot be left fails per item and stays.",
    basis=Basis.ASSUMPTION,
    source="openapi.yaml x-storefeeder-statuses leavable: false (support article: an Awaiting Payment order "
    "can no longer be changed by hand); that the API refuses it, and with that text, is action code",
    assumes=("Statuses an order cannot leave",),
)
def locked(ctx: Context) -> None:
    locked_names = {s for s, ok in ctx.contract.leavable.items() if not ok}
    if not locked_names:
        raise CheckSkipped("openapi.yaml marks no status as one that cannot be left (leavable: false)")
    ctx.require_full("whether the order stays can only be seen by trying to move it (a real transition)")
    stuck = [n for n, s in ctx.own.items() if s in locked_names]
    if not stuck:
        raise CheckSkipped(f"needs an --order in {sorted(locked_names)}")
    items = [(stuck[0], ctx.other_target(ctx.own[stuck[0]]))]
    expected, _ = model.apply(ctx.contract, ctx.catalogue, ctx.own, items)
    before = before_of(ctx, items)
    exchange = ctx.put_items(items)
    results = ctx.results(exchange, "leaving a locked status")
    expect_echo(ctx, items, results, exchange)
    for r, o in zip(results, expected, strict=True):
        if r.success or r.error != o.error:
            raise CheckFailed(
                f"order {r.number} left {ctx.own[r.number]} for {r.status}: Success={r.success}", exchange
            )
    ctx.expect_unchanged(before, exchange, "leaving a locked status failed")
