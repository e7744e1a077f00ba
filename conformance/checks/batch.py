"""The batch limit, the empty batch, and a rejected batch applying nothing."""

from __future__ import annotations

from typing import Any

from .. import bodies
from ..bodies import Item
from ..context import CheckFailed, Context
from .common import (
    XML_UNREADABLE,
    before_of,
    expect_echo,
    json_item,
    partly_verified,
    pattern_failure,
    xml_item,
)
from .registry import Basis, check

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
    basis=Basis.SEED,
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
    basis=Basis.ASSUMPTION,
    source=LIMIT + "; the status and that nothing is applied are action code (FormatterParameterBinding.cs "
    "validates the body by type, not its length)",
    assumes=("More than 50 items",),
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
    basis=Basis.ASSUMPTION,
    source="openapi.yaml minItems: 0; FW: an empty collection binds (no ModelState error); what the "
    "action answers to it is its own code",
    assumes=("Empty array",),
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
    basis=Basis.FRAMEWORK,
    source="FW: binding and validation run before the action (src/System.Web.Http/ModelBinding/"
    "FormatterParameterBinding.cs), which then gets an invalid ModelState and answers its HttpError; "
    "shared/reference/aspnet-webapi-behaviour.md; openapi.yaml operation description",
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
        zero = pattern_failure(ctx, index=at)
        ctx.expect_rejected(exchange, before, f"a JSON batch with OrderNumber 0 at {at}", model_state=zero)
        for bad, what, expected in (
            ("0", "OrderNumber 0", zero),
            ("", "a blank OrderNumber", XML_UNREADABLE),
        ):
            xml_items = [xml_item(ctx, str(n), s) for n, s in valid]
            xml_items.insert(at, xml_item(ctx, bad, valid[0][1]))
            exchange = ctx.put(bodies.xml_body(c, xml_items), c.xml_types[0], accept=c.json_types[0])
            ctx.expect_rejected(exchange, before, f"an XML batch with {what} at {at}", model_state=expected)
