"""Small helpers shared by the checks: items in either media type and whole-batch rejections."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from .. import bodies
from ..bodies import XmlItem
from ..context import CheckFailed, Context, Item

NOTHING_APPLIED = "that nothing is applied"


def json_item(ctx: Context, number: Any, status: Any) -> dict[str, Any]:
    return {ctx.contract.number_field: number, ctx.contract.status_field: status}


def xml_item(ctx: Context, number_text: str, status: str) -> XmlItem:
    return [(ctx.contract.number_field, number_text), (ctx.contract.status_field, status)]


def before_of(ctx: Context, items: Sequence[Item]) -> dict[int, str]:
    """Current status of the own orders among `items` (GET), to compare after the request."""
    return ctx.snapshot(n for n, _ in items if n in ctx.own)


def reject_json(ctx: Context, bad_items: Sequence[dict[str, Any]], what: str) -> None:
    """Each bad item, sent after a probe item a faithful server would apply, gets 400 and
    changes nothing (JSON)."""
    media = ctx.contract.json_types[0]
    probe = ctx.probe_item()
    before = before_of(ctx, [probe])
    for bad in bad_items:
        body = bodies.json_body([json_item(ctx, *probe), bad])
        exchange = ctx.put(body, media, accept=media)
        ctx.expect_rejected(exchange, before, f"{what} (item {bad!r})")


def reject_xml(ctx: Context, bad_items: Sequence[XmlItem], what: str) -> None:
    """The same for XML bodies, sent as every XML media type of the contract in turn."""
    probe = ctx.probe_item()
    before = before_of(ctx, [probe])
    for i, bad in enumerate(bad_items):
        media = ctx.contract.xml_types[i % len(ctx.contract.xml_types)]
        body = bodies.xml_body(ctx.contract, [xml_item(ctx, str(probe[0]), probe[1]), bad])
        exchange = ctx.put(body, media, accept=media)
        ctx.expect_rejected(exchange, before, f"{what} (XML item {bad!r})")


def expect_echo(ctx: Context, items: Sequence[Item], results: Sequence[bodies.Result], exchange: Any) -> None:
    """One result per item with the same OrderNumber and OrderStatus, in any order."""
    if len(results) != len(items):
        raise CheckFailed(f"{len(items)} items got {len(results)} results", exchange)
    sent = sorted(items)
    got = sorted((r.number, r.status) for r in results)
    if sent != got:
        raise CheckFailed(f"results echo {got}, the request had {sent}", exchange)


def partly_verified(ctx: Context, verified: str, unverified: str = NOTHING_APPLIED) -> str | None:
    """The PASS note of a check whose claim of no change this run cannot observe (None when it can):
    says what was verified and what was not, and why."""
    if ctx.writes_observable():
        return None
    return f"verified {verified}; not {unverified} ({ctx.unobservable_because()})"
