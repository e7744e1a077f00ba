"""The batch limit, the empty batch, and a rejected batch applying nothing."""

from __future__ import annotations

from typing import Any

from .. import bodies
from ..context import CheckFailed, Context, Item
from .common import before_of, expect_echo, json_item, partly_verified, xml_item
from .registry import check

LIMIT = "seed: 'You can only update up to 50 orders at once' (openapi.yaml maxItems)"


def _valid_batch(ctx: Context, size: int) -> list[Item]:
    """`size` well-formed items: own orders first (real transitions in full mode), then absent numbers."""
    items: list[Item] = []
    for number in ctx.movable():
        current = ctx.own[number]
        items.append((number, ctx.other_target(current) if ctx.full else current))
    pool = list(ctx.absent)
    statuses = list(ctx.catalogue)
    while len(items) < size:
        k = len(items)
        items.append((pool[k % len(pool)], statuses[k % len(statuses)]))
    return items[:size]


@check(
    "batch-limit-50-processed",
    group="batch",
    sentence="A batch of 50 valid items is processed: 200 with one result per item.",
    source=LIMIT,
)
def batch_50(ctx: Context) -> None:
    items = _valid_batch(ctx, ctx.contract.batch_max)
    for media in (ctx.contract.json_types[0], ctx.contract.xml_types[0]):
        exchange = ctx.put_items(items, media)
        results = ctx.results(exchange, f"{len(items)} valid items ({media})")
        expect_echo(ctx, items, results, exchange)


@check(
    "batch-limit-51-rejected",
    group="batch",
    sentence="A batch of 51 VALID items is rejected with 400 and none of them is applied (checked with GET).",
    source=LIMIT + "; assumption: 400 like any model validation failure (docs/fidelity.md)",
)
def batch_51(ctx: Context) -> str | None:
    items = _valid_batch(ctx, ctx.contract.batch_max + 1)
    before = before_of(ctx, items)
    for media in (ctx.contract.json_types[0], ctx.contract.xml_types[0]):
        exchange = ctx.put_items(items, media)
        ctx.expect_rejected(exchange, before, f"{len(items)} valid items ({media})")
    return partly_verified(ctx, "the 400", "that none of the items is applied")


@check(
    "empty-batch-answers-empty-list",
    group="batch",
    sentence="An empty batch is valid and answers 200 with an empty list "
    "(JSON [] and an empty XML collection).",
    source="openapi.yaml minItems: 0; docs/fidelity.md "
    "(assumption: an empty collection binds, nothing to do)",
)
def empty_batch(ctx: Context) -> None:
    if ctx.contract.batch_min > 0:
        exchange = ctx.put_items([])
        ctx.expect_status(exchange, ctx.contract.status_invalid, "an empty batch (minItems > 0)")
        return
    for media in (*ctx.contract.json_types, *ctx.contract.xml_types):
        exchange = ctx.put(bodies.override_body(ctx.contract, media, []), media, accept=media)
        results = ctx.results(exchange, f"an empty batch ({media})")
        if results:
            raise CheckFailed(f"an empty batch got {len(results)} results", exchange)


@check(
    "rejected-batch-applies-nothing",
    group="batch",
    sentence="A batch rejected with 400 for one invalid item (placed first, between or last among real "
    "transitions of own orders; JSON and XML) applies none of its valid items (checked with GET; full mode).",
    source="openapi.yaml operation description ('gets 400 and nothing in the batch is applied'); "
    "FW: model validation runs before the action",
)
def rejected_applies_nothing(ctx: Context) -> None:
    ctx.require_full(
        "only a real transition shows whether a rejected batch was partly applied, and safe mode sends "
        "own orders only their current status"
    )
    numbers = ctx.require_movable(1)[: ctx.contract.batch_max - 1]
    valid = [(n, ctx.other_target(ctx.own[n])) for n in numbers]
    before = before_of(ctx, valid)
    c = ctx.contract
    for at in sorted({0, len(valid) // 2, len(valid)}):
        json_items: list[Any] = [json_item(ctx, n, s) for n, s in valid]
        json_items.insert(at, json_item(ctx, 0, valid[0][1]))
        exchange = ctx.put(bodies.json_body(json_items), c.json_types[0], accept=c.json_types[0])
        ctx.expect_rejected(exchange, before, f"a JSON batch with OrderNumber 0 at {at}")
        xml_items = [xml_item(ctx, str(n), s) for n, s in valid]
        xml_items.insert(at, xml_item(ctx, f"0{valid[0][0]}", valid[0][1]))
        exchange = ctx.put(bodies.xml_body(c, xml_items), c.xml_types[0], accept=c.json_types[0])
        ctx.expect_rejected(exchange, before, f"an XML batch with a leading-zero OrderNumber at {at}")
