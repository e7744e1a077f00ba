"""Whole-request validation: a bad OrderNumber or status gets 400 and nothing is applied."""

from __future__ import annotations

from ..context import CheckFailed, CheckSkipped, Context
from .common import json_item, partly_verified, reject_json, reject_xml, xml_item
from .registry import check

PATTERN = "seed: OrderNumber 'Matching regular expression pattern: ^[1-9]\\d*$' (openapi.yaml x-text-pattern)"
RANGE = (
    "openapi.yaml OrderNumber minimum/maximum (int32); FW: model validation failure is 400, action not run"
)


def _target(ctx: Context) -> str:
    return ctx.probe_item()[1]


@check(
    "order-number-zero-rejected",
    group="validation",
    sentence="OrderNumber 0 (JSON 0, XML '0') is rejected with 400 and nothing in the batch is applied.",
    source=RANGE,
)
def order_number_zero(ctx: Context) -> str | None:
    reject_json(ctx, [json_item(ctx, 0, _target(ctx))], "OrderNumber 0")
    reject_xml(ctx, [xml_item(ctx, "0", _target(ctx))], "OrderNumber 0")
    return partly_verified(ctx, "the 400")


@check(
    "order-number-negative-rejected",
    group="validation",
    sentence="A negative OrderNumber is rejected with 400 and nothing in the batch is applied.",
    source=RANGE,
)
def order_number_negative(ctx: Context) -> str | None:
    low = -ctx.contract.number_max - 1
    reject_json(
        ctx,
        [json_item(ctx, n, _target(ctx)) for n in (-1, -ctx.probe_item()[0], low)],
        "a negative OrderNumber",
    )
    return partly_verified(ctx, "the 400")


@check(
    "order-number-non-integer-rejected",
    group="validation",
    sentence="A JSON OrderNumber that is not a number of integer value (1.5, true, null, a list) "
    "is rejected with 400.",
    source="openapi.yaml OrderNumber type: integer (seed: 'integer'); FW: binding failure is 400",
)
def order_number_non_integer(ctx: Context) -> None:
    number, target = ctx.probe_item()
    values = [1.5, number + 0.5, True, None, [number]]
    reject_json(ctx, [json_item(ctx, v, target) for v in values], "a non-integer OrderNumber")


@check(
    "order-number-numeric-string-rejected",
    group="validation",
    sentence='A JSON OrderNumber sent as a numeric string ("1001") is rejected with 400.',
    source="openapi.yaml OrderNumber type: integer; issue 3. Assumption: Json.NET would coerce the "
    "string, so a real service may accept it (exclude this check with --skip)",
)
def order_number_numeric_string(ctx: Context) -> None:
    number, target = ctx.probe_item()
    reject_json(ctx, [json_item(ctx, str(number), target)], "a numeric-string OrderNumber")


@check(
    "order-number-beyond-int32-rejected",
    group="validation",
    sentence="An OrderNumber above 2147483647 is rejected with 400 (not a server error) and changes nothing.",
    source=RANGE,
)
def order_number_beyond_int32(ctx: Context) -> str | None:
    top = ctx.contract.number_max
    reject_json(
        ctx,
        [json_item(ctx, n, _target(ctx)) for n in (top + 1, 2**32 + 1, 10**15)],
        "an OrderNumber beyond int32",
    )
    reject_xml(
        ctx,
        [xml_item(ctx, str(top + 1), _target(ctx)), xml_item(ctx, "9" * 25, _target(ctx))],
        "beyond int32",
    )
    return partly_verified(ctx, "the 400", "that nothing changes")


@check(
    "xml-order-number-leading-zero-rejected",
    group="validation",
    sentence="XML OrderNumber text with a leading zero ('0' + an order number) is rejected with 400.",
    source=PATTERN,
)
def xml_leading_zero(ctx: Context) -> None:
    number, target = ctx.probe_item()
    reject_xml(
        ctx, [xml_item(ctx, f"0{number}", target), xml_item(ctx, f"00{number}", target)], "a leading zero"
    )


@check(
    "xml-order-number-sign-rejected",
    group="validation",
    sentence="XML OrderNumber text with a sign ('+N', '-N') is rejected with 400.",
    source=PATTERN,
)
def xml_sign(ctx: Context) -> None:
    number, target = ctx.probe_item()
    reject_xml(
        ctx, [xml_item(ctx, f"+{number}", target), xml_item(ctx, f"-{number}", target)], "a signed number"
    )


@check(
    "xml-order-number-blank-rejected",
    group="validation",
    sentence="XML OrderNumber text that is blank or padded with whitespace is rejected with 400.",
    source=PATTERN,
)
def xml_blank(ctx: Context) -> None:
    number, target = ctx.probe_item()
    texts = ["", "   ", f" {number} ", f"{number}\n", f"\t{number}"]
    reject_xml(ctx, [xml_item(ctx, t, target) for t in texts], "a blank or padded number")


@check(
    "order-number-bounds-accepted",
    group="validation",
    sentence="OrderNumber 1 and 2147483647 pass validation (JSON and XML): 200 with one result each.",
    source=RANGE,
)
def order_number_bounds(ctx: Context) -> None:
    c = ctx.contract
    items = []
    for number in (c.number_min, c.number_max):
        # A bound may be a real order, ours or another account's: send ours its own status, and
        # anything else (in either mode) a target a user may not override to, so nothing can change.
        if ctx.get_order(number).status == 200:
            items.append((number, ctx.status_of(number)))
        elif ctx.not_overridable:
            items.append((number, ctx.not_overridable[0]))
        else:
            raise CheckSkipped(
                f"OrderNumber {number} may be another account's order, which is only sent a target "
                "a user may not override to, and the catalogue has none"
            )
    for media in (c.json_types[0], c.xml_types[0]):
        exchange = ctx.put_items(items, media)
        results = ctx.results(exchange, f"OrderNumber {c.number_min} and {c.number_max} ({media})")
        if sorted(r.number for r in results) != sorted(n for n, _ in items):
            raise CheckFailed(f"the bounds were not echoed: {[r.number for r in results]}", exchange)


@check(
    "unknown-status-rejected",
    group="validation",
    sentence="An OrderStatus that is not a status name is rejected with 400 and nothing is applied.",
    source="FW: an unknown enum name fails model binding (400); openapi.yaml Statuses enum",
)
def unknown_status(ctx: Context) -> str | None:
    known = set(ctx.catalogue) | set(ctx.contract.status_names)
    unknown = [n for n in ("NotAStatus", "OnHoldX", "Conformance-Unknown", "") if n not in known]
    number = ctx.probe_item()[0]
    reject_json(ctx, [json_item(ctx, number, u) for u in unknown], "an unknown status")
    reject_xml(ctx, [xml_item(ctx, str(number), u) for u in unknown[:2]], "an unknown status")
    return partly_verified(ctx, "the 400")


@check(
    "item-without-field-rejected",
    group="validation",
    sentence="An item without OrderNumber or without OrderStatus is rejected with 400 "
    "and nothing is applied.",
    source="openapi.yaml OverrideOrderStatusModel required; FW: model validation",
)
def missing_field(ctx: Context) -> str | None:
    number, target = ctx.probe_item()
    c = ctx.contract
    reject_json(ctx, [{c.status_field: target}, {c.number_field: number}], "an item without a field")
    reject_xml(ctx, [[(c.status_field, target)], [(c.number_field, str(number))]], "an item without a field")
    return partly_verified(ctx, "the 400")
