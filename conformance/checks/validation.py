"""Binding and validation, as ASP.NET Web API does them before StoreFeeder's action runs.

The Help page's model is `int OrderNumber` with `[RegularExpression(@"^[1-9]\\d*$")]` and a
`Statuses OrderStatus` with no attribute. So what binds is Json.NET's and XmlSerializer's business,
and the pattern judges the BOUND int ("1 or more"), never the request text: `"7"` in JSON and
`007`, ` 7 `, `+7` in XML bind as 7; 0, negatives, null and a missing OrderNumber bind and then fail
the pattern under `model[i].OrderNumber`; anything XmlSerializer cannot read is one key, `model`.
These checks expect exactly that, and nothing more (shared/reference/aspnet-webapi-behaviour.md,
observed on shared/tools/aspnet-twin).
"""

from __future__ import annotations

from .. import bodies
from ..context import CheckFailed, CheckSkipped, Context
from .common import (
    XML_UNREADABLE,
    accept_as,
    item_key,
    json_item,
    partly_verified,
    pattern_failure,
    reject_json,
    reject_xml,
    safe_items,
    xml_item,
)
from .registry import Basis, check

REF = "shared/reference/aspnet-webapi-behaviour.md"
PATTERN = (
    "seed: OrderNumber 'Matching regular expression pattern: ^[1-9]\\d*$'; FW: dotnet "
    "RegularExpressionAttribute.cs validates the bound int (its default message), "
    f"FormatterParameterBinding.cs keys ModelState by the parameter name; {REF} 'JSON (Json.NET)' and 'XML'"
)
JSON_READER = (
    f"FW: Json.NET 6 JsonTextReader (ReadAsInt32) under JsonMediaTypeFormatter; {REF} 'JSON (Json.NET)'"
)
XML_READER = (
    "FW: src/System.Net.Http.Formatting/Formatting/XmlMediaTypeFormatter.cs (XmlSerializer, "
    f"LogError(String.Empty, e): one key, the parameter name), XmlConvert.ToInt32; {REF} 'XML'"
)


def _target(ctx: Context) -> str:
    return ctx.probe_item()[1]


@check(
    "order-number-zero-rejected",
    group="validation",
    sentence="OrderNumber 0 (JSON 0, null or \"\"; XML '0') binds as 0 and fails the pattern: 400 with "
    "ModelState {model[i].OrderNumber: [the pattern's text]}, and nothing in the batch is applied.",
    basis=Basis.FRAMEWORK,
    source=PATTERN,
)
def order_number_zero(ctx: Context) -> str | None:
    expected = pattern_failure(ctx)
    reject_json(
        ctx, [json_item(ctx, v, _target(ctx)) for v in (0, None, "")], "OrderNumber 0", model_state=expected
    )
    reject_xml(ctx, [xml_item(ctx, "0", _target(ctx))], "OrderNumber 0", model_state=expected)
    return partly_verified(ctx, "the 400 and its ModelState")


@check(
    "item-without-order-number-rejected",
    group="validation",
    sentence="An item without OrderNumber (JSON or XML) binds it as 0 and fails the pattern: 400 with "
    "ModelState {model[i].OrderNumber: [the pattern's text]}, and nothing in the batch is applied.",
    basis=Basis.FRAMEWORK,
    source=PATTERN + " (an int property nobody sets keeps 0; the Help page shows no [Required])",
)
def missing_order_number(ctx: Context) -> str | None:
    c = ctx.contract
    expected = pattern_failure(ctx)
    reject_json(ctx, [{c.status_field: _target(ctx)}], "an item without OrderNumber", model_state=expected)
    reject_xml(ctx, [[(c.status_field, _target(ctx))]], "an item without OrderNumber", model_state=expected)
    return partly_verified(ctx, "the 400 and its ModelState")


@check(
    "order-number-negative-rejected",
    group="validation",
    sentence="A negative OrderNumber (JSON, and XML '-N') binds and fails the pattern: 400 with ModelState "
    "{model[i].OrderNumber: [the pattern's text]}, and nothing in the batch is applied.",
    basis=Basis.FRAMEWORK,
    source=PATTERN,
)
def order_number_negative(ctx: Context) -> str | None:
    number = ctx.probe_item()[0]
    low = -ctx.contract.number_max - 1  # Int32.MinValue: still binds
    expected = pattern_failure(ctx)
    reject_json(
        ctx,
        [json_item(ctx, n, _target(ctx)) for n in (-1, -number, low)],
        "a negative OrderNumber",
        model_state=expected,
    )
    reject_xml(
        ctx, [xml_item(ctx, f"-{number}", _target(ctx))], "a negative OrderNumber", model_state=expected
    )
    return partly_verified(ctx, "the 400 and its ModelState")


@check(
    "order-number-non-integer-rejected",
    group="validation",
    sentence="A JSON OrderNumber Json.NET cannot read as an Int32 (1.5, true, a list, 'abc') is rejected "
    "with 400 and a ModelState error under model[i].OrderNumber.",
    basis=Basis.FRAMEWORK,
    source=JSON_READER,
)
def order_number_non_integer(ctx: Context) -> None:
    number, target = ctx.probe_item()
    values = [1.5, number + 0.5, True, [number], "abc"]
    reject_json(
        ctx,
        [json_item(ctx, v, target) for v in values],
        "a non-integer OrderNumber",
        keys=[item_key(ctx.contract.number_field)],
    )


@check(
    "order-number-beyond-int32-rejected",
    group="validation",
    sentence="An OrderNumber above 2147483647 is rejected with 400 (not a server error) and changes nothing: "
    "in JSON under model[i].OrderNumber, in XML as the one key model.",
    basis=Basis.FRAMEWORK,
    source=JSON_READER + "; " + XML_READER,
)
def order_number_beyond_int32(ctx: Context) -> str | None:
    top = ctx.contract.number_max
    reject_json(
        ctx,
        [json_item(ctx, n, _target(ctx)) for n in (top + 1, 2**32 + 1, 10**15)],
        "an OrderNumber beyond int32",
        keys=[item_key(ctx.contract.number_field)],
    )
    reject_xml(
        ctx,
        [xml_item(ctx, str(top + 1), _target(ctx)), xml_item(ctx, "9" * 25, _target(ctx))],
        "beyond int32",
        model_state=XML_UNREADABLE,
    )
    return partly_verified(ctx, "the 400 and its ModelState", "that nothing changes")


@check(
    "json-order-number-string-binds",
    group="validation",
    sentence='A JSON OrderNumber written as a number string ("N", "00N", " +N ") binds as N: 200 with '
    "the result echoing N.",
    basis=Basis.FRAMEWORK,
    source=JSON_READER + " (a string token is read with Int32.Parse)",
)
def json_number_string(ctx: Context) -> None:
    c = ctx.contract
    items = safe_items(ctx)
    number, status = items[0]
    for text in (str(number), f"00{number}", f" +{number} "):
        raw = [json_item(ctx, text, status), *(json_item(ctx, n, s) for n, s in items[1:])]
        accept_as(ctx, [(bodies.json_body(raw), c.json_types[0])], items, "a number-string OrderNumber")


@check(
    "xml-order-number-xmlconvert-forms-bind",
    group="validation",
    sentence="XML OrderNumber text XmlConvert reads as N (leading zeros, a '+' sign, surrounding white "
    "space) binds as N: 200 with the result echoing N.",
    basis=Basis.FRAMEWORK,
    source=XML_READER + " (XmlConvert.ToInt32 trims white space and takes a sign)",
)
def xml_number_forms(ctx: Context) -> None:
    c = ctx.contract
    items = safe_items(ctx)
    number, status = items[0]
    rest = [xml_item(ctx, str(n), s) for n, s in items[1:]]
    forms = [f"0{number}", f"00{number}", f"+{number}", f" {number} ", f"{number}\n", f"\t{number}"]
    sent = [
        (bodies.xml_body(c, [xml_item(ctx, text, status), *rest]), c.xml_types[i % len(c.xml_types)])
        for i, text in enumerate(forms)
    ]
    accept_as(ctx, sent, items, "an XmlConvert form of OrderNumber")


@check(
    "xml-binding-failure-is-one-model-error",
    group="validation",
    sentence="Whatever XmlSerializer cannot read (a blank or non-numeric OrderNumber, a fraction, an "
    "unknown or lower-case status, a numeric status, a wrong root) is 400 with the one ModelState key "
    "model ('An error has occurred.'), never per field; nothing is applied.",
    basis=Basis.FRAMEWORK,
    source=XML_READER + "; src/System.Web.Http/HttpError.cs (remote callers see 'An error has occurred.')",
)
def xml_one_model_error(ctx: Context) -> str | None:
    c = ctx.contract
    number, target = ctx.probe_item()
    texts = ["", "   ", "abc", f"{number}.0", f"{number}e0"]
    # Names are exact in XML: another case and a numeric id (which JSON would take) fail there.
    statuses = ["NotAStatus", target.lower() if target.lower() != target else target.upper(), "16"]
    bad = [xml_item(ctx, t, target) for t in texts] + [xml_item(ctx, str(number), s) for s in statuses]
    reject_xml(ctx, bad, "an XML item XmlSerializer cannot read", model_state=XML_UNREADABLE)
    before = {number: ctx.own[number]} if number in ctx.own else {}
    wrong_root = bodies.xml_body(c, [xml_item(ctx, str(number), target)]).replace(
        c.request_shape.root.encode(), b"ArrayOfSomethingElse"
    )
    for media in c.xml_types:
        exchange = ctx.put(wrong_root, media, accept=media)
        ctx.expect_rejected(exchange, before, "an XML body with another root", model_state=XML_UNREADABLE)
    return partly_verified(ctx, "the 400 and its ModelState")


@check(
    "order-number-bounds-accepted",
    group="validation",
    sentence="OrderNumber 1 and 2147483647 pass validation (JSON and XML): 200 with one result each.",
    basis=Basis.FRAMEWORK,
    source="FW: the Int32 range of Json.NET and XmlConvert, and the pattern on the bound int (dotnet "
    f"RegularExpressionAttribute.cs); {REF} 'The model the Help page describes'; seed pattern",
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
    sentence="An OrderStatus that is no status name in any case is rejected with 400 (JSON: a ModelState "
    "error under model[i].OrderStatus; XML: the one key model) and nothing is applied.",
    basis=Basis.FRAMEWORK,
    source="FW: Json.NET StringEnumConverter (Enum.Parse fails), XmlSerializer's enum reader; "
    f"{REF} 'JSON (Json.NET)' and 'XML'",
)
def unknown_status(ctx: Context) -> str | None:
    known = {n.lower() for n in (*ctx.catalogue, *ctx.contract.status_names)}
    unknown = [n for n in ("NotAStatus", "OnHoldX", "Conformance-Unknown", "") if n.lower() not in known]
    number = ctx.probe_item()[0]
    reject_json(
        ctx,
        [json_item(ctx, number, u) for u in unknown],
        "an unknown status",
        keys=[item_key(ctx.contract.status_field)],
    )
    reject_xml(
        ctx,
        [xml_item(ctx, str(number), u) for u in unknown[:2]],
        "an unknown status",
        model_state=XML_UNREADABLE,
    )
    return partly_verified(ctx, "the 400")


@check(
    "json-status-name-any-case-binds",
    group="validation",
    sentence="A JSON OrderStatus name in another case or with blanks around it binds as that status: 200 "
    "with the result echoing the status's own name.",
    basis=Basis.FRAMEWORK,
    source="FW: Json.NET StringEnumConverter reads names with Enum.Parse(ignoreCase: true) after "
    f"trimming; {REF} 'JSON (Json.NET)'",
)
def status_any_case(ctx: Context) -> None:
    c = ctx.contract
    items = safe_items(ctx)
    rest = [json_item(ctx, n, s) for n, s in items[1:]]
    number, status = items[0]
    for text in (status.lower(), status.upper(), f" {status} "):
        body = bodies.json_body([json_item(ctx, number, text), *rest])
        accept_as(ctx, [(body, c.json_types[-1])], items, "a status name in another case")
