"""Small helpers shared by the checks: items in either media type and whole-batch rejections."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from .. import bodies, framework
from ..bodies import Item, XmlItem
from ..context import CheckFailed, Context

NOTHING_APPLIED = "that nothing is applied"
BAD_AT = 1
"""Where `reject_json`/`reject_xml` put the bad item: after one probe item."""
XML_UNREADABLE: Mapping[str, Sequence[str]] = {framework.PARAMETER: [framework.REMOTE_ERROR]}
"""ModelState of any XML deserialisation failure: one key, the parameter name
(XmlMediaTypeFormatter.cs logs the exception under the empty prefix), remote view text."""


def item_key(field: str, index: int = BAD_AT) -> str:
    """A ModelState key of one item's property: `model[1].OrderNumber`."""
    return f"{framework.PARAMETER}[{index}].{field}"


def pattern_failure(ctx: Context, index: int = BAD_AT) -> dict[str, list[str]]:
    """The ModelState of an OrderNumber that bound below 1: the pattern's text under its key."""
    c = ctx.contract
    return {item_key(c.number_field, index): [framework.pattern_reason(c.number_field, c.number_pattern)]}


def json_item(ctx: Context, number: Any, status: Any) -> dict[str, Any]:
    return {ctx.contract.number_field: number, ctx.contract.status_field: status}


def xml_item(ctx: Context, number_text: str, status: str) -> XmlItem:
    return [(ctx.contract.number_field, number_text), (ctx.contract.status_field, status)]


def before_of(ctx: Context, items: Sequence[Item]) -> dict[int, str]:
    """Current status of the own orders among `items` (GET), to compare after the request."""
    return ctx.snapshot(n for n, _ in items if n in ctx.own)


def reject_json(
    ctx: Context,
    bad_items: Sequence[Any],
    what: str,
    *,
    model_state: Mapping[str, Sequence[str]] | None = None,
    keys: Sequence[str] = (),
) -> None:
    """Each bad item, sent after a probe item a faithful server would apply (so at index 1), gets
    400 and changes nothing (JSON, every JSON media type in turn, answered in it). `model_state` and
    `keys` are what the 400's ModelState must be or hold (Context.expect_rejected)."""
    probe = ctx.probe_item()
    before = before_of(ctx, [probe])
    for i, bad in enumerate(bad_items):
        media = ctx.contract.json_types[i % len(ctx.contract.json_types)]
        body = bodies.json_body([json_item(ctx, *probe), bad])
        exchange = ctx.put(body, media, accept=media)
        ctx.expect_rejected(exchange, before, f"{what} (item {bad!r})", model_state=model_state, keys=keys)


def reject_xml(
    ctx: Context,
    bad_items: Sequence[XmlItem],
    what: str,
    *,
    model_state: Mapping[str, Sequence[str]] | None = None,
) -> None:
    """The same for XML bodies, sent as every XML media type of the contract in turn (the 400 is
    answered in XML, so the XML HttpError is read too)."""
    probe = ctx.probe_item()
    before = before_of(ctx, [probe])
    for i, bad in enumerate(bad_items):
        media = ctx.contract.xml_types[i % len(ctx.contract.xml_types)]
        body = bodies.xml_body(ctx.contract, [xml_item(ctx, str(probe[0]), probe[1]), bad])
        exchange = ctx.put(body, media, accept=media)
        ctx.expect_rejected(exchange, before, f"{what} (XML item {bad!r})", model_state=model_state)


def accept_as(
    ctx: Context, bodies_and_types: Sequence[tuple[bytes, str]], items: Sequence[Item], what: str
) -> None:
    """Each body, sent with its Content-Type and answered in JSON, is read as `items` are: 200
    with one result per item echoing the bound OrderNumber and the status's canonical name."""
    for body, content_type in bodies_and_types:
        exchange = ctx.put(body, content_type, accept=ctx.contract.json_types[0])
        results = ctx.results(exchange, f"{what} ({content_type}: {body.decode('utf-8', 'replace')[:120]})")
        expect_echo(ctx, items, results, exchange)


def safe_items(ctx: Context) -> list[Item]:
    """Items that change nothing: an own order to its own status, and a missing order."""
    items: list[Item] = [(n, ctx.own[n]) for n in ctx.movable()[:1]]
    return [*items, (ctx.absent[0], ctx.overridable[0])]


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
