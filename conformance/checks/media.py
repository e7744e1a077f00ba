"""Media types both ways, and the XmlSerializer shape of XML answers."""

from __future__ import annotations

from collections.abc import Sequence

from .. import bodies, framework, xmlread
from ..context import CheckFailed, Context
from ..contract import OVERRIDE, Contract
from ..wire import Exchange
from .common import accept_as, before_of, expect_echo, partly_verified, safe_items
from .registry import Basis, check

FORMATS = (
    "seed: Request Formats and Response Formats (application/json, text/json, application/xml, text/xml)"
)
XML_SHAPE = "seed: XML samples (.NET XmlSerializer); openapi.yaml xml.name and property order"
NEGOTIATION = (
    "FW: src/System.Net.Http.Formatting/Formatting/DefaultContentNegotiator.cs (Accept, then the request's "
    "media type, then the first formatter that can write the type; never 406 by default)"
)


def _xml(exchange: Exchange, what: str) -> xmlread.Element:
    if not exchange.media_type.endswith("xml"):
        raise CheckFailed(f"{what}: asked for XML, got {exchange.media_type or 'no Content-Type'}", exchange)
    try:
        return bodies.parse_xml(exchange)
    except bodies.BodyError as exc:
        raise CheckFailed(f"{what}: {exc}", exchange) from None


def _xml_answers(ctx: Context) -> list[tuple[str, Exchange, xmlread.Element]]:
    """XML answers of every operation that has them: (what, exchange, root)."""
    c = ctx.contract
    out = []
    for media in c.xml_types:
        exchange = ctx.put_items(safe_items(ctx), c.json_types[0], accept=media)
        ctx.expect_status(exchange, 200, f"override answered in {media}")
        out.append(("override results", exchange, _xml(exchange, "override results")))
        catalogue = ctx.send("GET", c.catalogue_path, accept=media, bearer=ctx.bearer())
        ctx.expect_status(catalogue, 200, f"GET /order-status in {media}")
        out.append(("status catalogue", catalogue, _xml(catalogue, "status catalogue")))
        if ctx.own:
            order = ctx.get_order(next(iter(ctx.own)), accept=media)
            ctx.expect_status(order, 200, f"GET /orders/{{n}} in {media}")
            out.append(("order", order, _xml(order, "order")))
    return out


@check(
    "request-media-types-accepted",
    group="media",
    sentence="Each of the four request media types (with or without charset) is accepted and read alike.",
    basis=Basis.SEED,
    source=FORMATS,
)
def request_types(ctx: Context) -> None:
    c = ctx.contract
    items = safe_items(ctx)
    for media in c.op(OVERRIDE).request_media:
        for content_type in (media, f"{media}; charset=utf-8"):
            body = bodies.override_body(c, media, items)
            exchange = ctx.put(body, content_type, accept=c.json_types[0])
            results = ctx.results(exchange, f"a {content_type} body")
            expect_echo(ctx, items, results, exchange)


@check(
    "response-media-type-follows-accept",
    group="media",
    sentence="For each request type x each Accept type (16 pairs) the answer is in the Accept type, "
    "says so in Content-Type, and reads correctly.",
    basis=Basis.FRAMEWORK,
    source=NEGOTIATION + "; " + FORMATS,
)
def response_types(ctx: Context) -> None:
    c = ctx.contract
    items = safe_items(ctx)
    for media in c.op(OVERRIDE).request_media:
        for accept in c.op(OVERRIDE).success_media:
            exchange = ctx.put(bodies.override_body(c, media, items), media, accept=accept)
            if exchange.status == 200 and exchange.media_type != accept:
                raise CheckFailed(
                    f"Accept {accept} got Content-Type {exchange.media_type or '(none)'}", exchange
                )
            results = ctx.results(exchange, f"{media} body, Accept {accept}")
            expect_echo(ctx, items, results, exchange)


@check(
    "unsupported-content-type-rejected",
    group="media",
    sentence="A body sent as text/plain or application/octet-stream, or without a Content-Type, gets 415 "
    "with the framework's message naming the media type, and changes nothing.",
    basis=Basis.FRAMEWORK,
    source="FW: src/System.Web.Http/ModelBinding/FormatterParameterBinding.cs (no formatter reads the "
    "media type: UnsupportedMediaType, UnsupportedMediaTypeNoContentType); openapi.yaml 415",
)
def unsupported_type(ctx: Context) -> str | None:
    c = ctx.contract
    probe = ctx.probe_item()
    before = before_of(ctx, [probe])
    json_body = bodies.override_body(c, c.json_types[0], [probe])
    xml_body = bodies.override_body(c, c.xml_types[0], [probe])
    unsupported = framework.UNSUPPORTED_MEDIA.format
    cases: list[tuple[bytes, str | None, str, str]] = [
        (json_body, "text/plain", c.json_types[0], unsupported(media="text/plain")),
        (xml_body, "text/plain", c.xml_types[0], unsupported(media="text/plain")),
        (
            xml_body,
            "application/octet-stream",
            c.json_types[0],
            unsupported(media="application/octet-stream"),
        ),
        (json_body, None, c.json_types[0], framework.NO_CONTENT_TYPE),
    ]
    for body, content_type, accept, message in cases:
        what = f"a body sent as {content_type or 'no Content-Type'}"
        exchange = ctx.put(body, content_type, accept=accept)
        ctx.expect_status(exchange, c.status_unsupported, what)
        _expect_message(ctx, exchange, what, message)
        ctx.expect_unchanged(before, exchange, f"{what} was refused")
    return partly_verified(ctx, "the 415", "that nothing changes")


def _expect_message(ctx: Context, exchange: Exchange, what: str, message: str) -> None:
    """The answer is an HttpError with exactly this Message (JSON or XML, as negotiated)."""
    try:
        error = bodies.http_error(ctx.contract, exchange)
    except bodies.BodyError as exc:
        raise CheckFailed(f"{what}: {exc}", exchange) from None
    if error.message != message:
        raise CheckFailed(f"{what}: Message {error.message!r}, expected {message!r}", exchange)


@check(
    "form-body-binds-like-empty-batch",
    group="media",
    sentence="A body sent as application/x-www-form-urlencoded without indexed fields binds an empty list: "
    "it is answered exactly as an empty JSON batch is, and changes nothing.",
    basis=Basis.FRAMEWORK,
    source="FW: src/System.Net.Http.Formatting/Formatting/FormUrlEncodedMediaTypeFormatter.cs and "
    "JQueryMvcFormUrlEncodedFormatter (the form formatters read a List<T> they cannot fill as an empty "
    "one); shared/reference/aspnet-webapi-behaviour.md 'Content negotiation and media types'",
)
def form_body(ctx: Context) -> str | None:
    c = ctx.contract
    media = c.json_types[0]
    probe = ctx.probe_item()
    before = before_of(ctx, [probe])
    empty = ctx.put(bodies.json_body([]), media, accept=media)
    number, status = probe
    forms = [
        bodies.override_body(c, media, [probe]),
        f"{c.number_field}={number}&{c.status_field}={status}".encode(),
    ]
    for body in forms:
        exchange = ctx.put(body, "application/x-www-form-urlencoded", accept=media)
        if (exchange.status, exchange.content) != (empty.status, empty.content):
            raise CheckFailed(
                f"a form body got {exchange.status} {exchange.text()!r}; an empty batch gets "
                f"{empty.status} {empty.text()!r}",
                exchange,
            )
        ctx.expect_unchanged(before, exchange, "a form body binds an empty list")
    return partly_verified(ctx, "the answer", "that nothing changes")


@check(
    "any-request-charset-accepted",
    group="media",
    sentence="A request whose Content-Type names a charset the formatters do not have (iso-8859-1, an "
    "unknown one) is read as UTF-8 like one without: never 415 or 400 for the charset.",
    basis=Basis.FRAMEWORK,
    source="FW: src/System.Net.Http.Formatting/Formatting/MediaTypeFormatter.cs (SelectCharacterEncoding "
    "falls back to the first supported encoding, UTF-8); shared/reference/aspnet-webapi-behaviour.md",
)
def any_charset(ctx: Context) -> None:
    c = ctx.contract
    items = safe_items(ctx)
    sent = []
    for i, media in enumerate(c.op(OVERRIDE).request_media):
        charset = ("iso-8859-1", "x-conformance-unknown")[i % 2]
        sent.append((bodies.override_body(c, media, items), f"{media}; charset={charset}"))
    accept_as(ctx, sent, items, "a request charset the formatters lack")


@check(
    "unacceptable-accept-answered-in-request-type",
    group="media",
    sentence="An Accept no formatter can serve (image/png) is not refused with 406: the answer is 200 in the "
    "request's own media type.",
    basis=Basis.FRAMEWORK,
    source=NEGOTIATION,
)
def unacceptable_accept(ctx: Context) -> None:
    c = ctx.contract
    items = safe_items(ctx)
    for media in c.op(OVERRIDE).request_media:
        exchange = ctx.put(bodies.override_body(c, media, items), media, accept="image/png")
        if exchange.status == 200 and exchange.media_type != media:
            raise CheckFailed(
                f"a {media} body with Accept image/png was answered as {exchange.media_type or '(none)'}",
                exchange,
            )
        results = ctx.results(exchange, f"a {media} body with Accept image/png")
        expect_echo(ctx, items, results, exchange)


def _expect_names(c: Contract, what: str, exchange: Exchange, root: xmlread.Element) -> None:
    if what == "override results":
        root_name, item_name = c.result_shape.root, c.result_shape.item
    elif what == "status catalogue":
        root_name, item_name = c.catalogue_shape.root, c.catalogue_shape.item
    else:
        root_name, item_name = c.order_root, ""
    if root.tag != root_name:
        raise CheckFailed(f"{what}: XML root <{root.tag}>, the contract names it <{root_name}>", exchange)
    if item_name:
        wrong = sorted({t for t in root.child_tags if t != item_name})
        if wrong:
            raise CheckFailed(f"{what}: items named {wrong}, the contract names them <{item_name}>", exchange)


@check(
    "xml-root-and-item-names",
    group="media",
    sentence="XML answers use the XmlSerializer names: ArrayOf<Type> roots, items named after the type, "
    "<Error> for errors.",
    basis=Basis.SEED,
    source=XML_SHAPE,
)
def xml_names(ctx: Context) -> None:
    c = ctx.contract
    for what, exchange, root in _xml_answers(ctx):
        _expect_names(c, what, exchange, root)
    bad = ctx.put(bodies.json_body({}), c.json_types[0], accept=c.xml_types[0])
    ctx.expect_status(bad, c.status_invalid, "a body that is not a collection")
    root = _xml(bad, "a 400 answer")
    if root.tag != c.error_root:
        raise CheckFailed(
            f"a 400 answer in XML has root <{root.tag}>, the contract names it <{c.error_root}>", bad
        )


@check(
    "xml-namespace-declarations",
    group="media",
    sentence="XML roots declare xmlns:xsd and xmlns:xsi as the seed does, and no element is in a namespace.",
    basis=Basis.SEED,
    source=XML_SHAPE + " (the xmlns declarations of the samples)",
)
def xml_namespaces(ctx: Context) -> None:
    wanted = dict(ctx.contract.namespaces)
    for what, exchange, root in _xml_answers(ctx):
        declared = {p: root.namespaces.get(p) for p in wanted}
        if declared != wanted:
            raise CheckFailed(
                f"{what}: the root declares {root.namespaces}, the seed declares {wanted}", exchange
            )
        namespaced = [e.tag for e in root.walk() if e.in_namespace]
        if namespaced:
            raise CheckFailed(f"{what}: elements in a namespace: {namespaced[:3]}", exchange)


def _in_order(children: Sequence[str], fields: Sequence[str]) -> bool:
    known = [t for t in children if t in fields]
    return known == sorted(known, key=fields.index) and len(set(known)) == len(known)


@check(
    "xml-element-order",
    group="media",
    sentence="Children of XML items come in the contract's property order "
    "(results: Success, Error, OrderNumber, OrderStatus).",
    basis=Basis.SEED,
    source=XML_SHAPE + "; seed: the XML sample's order differs from the JSON sample's",
)
def xml_order(ctx: Context) -> None:
    c = ctx.contract
    for what, exchange, root in _xml_answers(ctx):
        if what == "override results":
            items, fields, required = root.children, c.result_shape.fields, c.result_shape.required
        elif what == "status catalogue":
            items = [inner for item in root.children for inner in item.children]
            fields, required = c.catalogue_fields, frozenset()
        else:
            items, fields, required = [root], c.order_fields, frozenset()
        for item in items:
            tags = item.child_tags
            if not _in_order(tags, fields) or not required <= set(tags):
                raise CheckFailed(
                    f"{what}: children {tags}, the contract's order is {list(fields)}", exchange
                )
