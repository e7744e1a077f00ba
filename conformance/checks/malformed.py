"""Malformed and hostile request bodies: what ASP.NET Web API's formatters refuse before the action.

Each body carries the run's probe item (a real transition in full mode, the order's own status in
safe mode), so a server that wrongly reads it shows in full mode through GET, and in safe mode
changes nothing while its 200 still fails the check. What the framework answers was observed on
shared/tools/aspnet-twin (remote view) for every body sent here; bodies the framework binds (JSON
with garbage after a complete array, XML items under an unknown element name) are not sent, as
they are no violation.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from itertools import cycle

from .. import bodies, framework
from ..bodies import Item
from ..context import CheckFailed, Context
from ..wire import Exchange
from .common import XML_UNREADABLE, before_of, partly_verified
from .registry import Basis, check

REF = "shared/reference/aspnet-webapi-behaviour.md"
BINDING = (
    "FW: src/System.Web.Http/ModelBinding/FormatterParameterBinding.cs (a formatter's read error goes "
    "to ModelState, the action's ModelState check answers the 400 HttpError), src/System.Web.Http/"
    "HttpError.cs (remote callers see 'An error has occurred.')"
)
JSON_READER = f"Json.NET 6 JsonTextReader under JsonMediaTypeFormatter; {REF} 'JSON (Json.NET)'"
XML_READER = (
    "src/System.Net.Http.Formatting/Formatting/XmlMediaTypeFormatter.cs (XmlSerializer over "
    "XmlDictionaryReader.CreateTextReader, which refuses a DTD; LogError(String.Empty, e): one key, the "
    f"parameter name); {REF} 'XML'"
)
JSON_FORMATTER = f"{BINDING}; {JSON_READER}"
XML_FORMATTER = f"{BINDING}; {XML_READER}"
FIRST_TOKEN: Mapping[str, Sequence[str]] = {framework.PARAMETER: [framework.REMOTE_ERROR]}
"""A JSON document that fails at its first token: Json.NET's path is empty, so the key is the
parameter's name alone (any Json.NET version)."""


def _accepts(ctx: Context) -> cycle[str]:
    """Every response type in turn, so error bodies are read in JSON and in XML."""
    c = ctx.contract
    return cycle((*c.json_types, *c.xml_types))


def _probe_json(ctx: Context, item: Item) -> str:
    c = ctx.contract
    return f'{{"{c.number_field}":{item[0]},"{c.status_field}":"{item[1]}"}}'


def _probe_xml_item(ctx: Context, number: str, status: str) -> str:
    c = ctx.contract
    shape = c.request_shape
    return (
        f"<{shape.item}><{c.number_field}>{number}</{c.number_field}>"
        f"<{c.status_field}>{status}</{c.status_field}></{shape.item}>"
    )


def _expect_refused(
    ctx: Context,
    exchange: Exchange,
    before: Mapping[int, str],
    what: str,
    model_state: Mapping[str, Sequence[str]] | None,
) -> None:
    """400 (never 5xx, never 200 with results), the framework's HttpError with `model_state` (or,
    when None, a non-empty ModelState whose keys all start with the parameter), nothing changed."""
    ctx.expect_status(exchange, ctx.contract.status_invalid, what)
    ctx.expect_model_state(exchange, what, model_state)
    if model_state is None:
        error = bodies.http_error(ctx.contract, exchange)  # readable: expect_model_state read it
        if not error.model_state:
            raise CheckFailed(f"{what}: the 400's ModelState is empty: {exchange.text()}", exchange)
    ctx.expect_unchanged(before, exchange, f"{what} was rejected")


def _refuse_all(
    ctx: Context,
    cases: Sequence[tuple[bytes, str, str, Mapping[str, Sequence[str]] | None]],
    before: Mapping[int, str],
) -> None:
    """(body, Content-Type, what, expected ModelState) each refused, answered in every type in turn."""
    accepts = _accepts(ctx)
    for body, content_type, what, model_state in cases:
        accept = next(accepts)
        exchange = ctx.put(body, content_type, accept=accept)
        _expect_refused(ctx, exchange, before, f"{what} ({content_type}, Accept {accept})", model_state)


@check(
    "malformed-json-rejected",
    group="bodies",
    sentence="A JSON body Json.NET cannot read (truncated, unbalanced, missing a comma, not JSON at all) "
    "is 400 with the framework's HttpError and its ModelState (the one key model when the first token "
    "fails), never a server error, and nothing is applied.",
    basis=Basis.FRAMEWORK,
    source=JSON_FORMATTER,
)
def malformed_json(ctx: Context) -> str | None:
    c = ctx.contract
    probe = ctx.probe_item()
    item = _probe_json(ctx, probe)
    broken: list[tuple[str, Mapping[str, Sequence[str]] | None]] = [
        (f"[{item}", None),  # no closing bracket
        (f"[{item},{{", None),
        (f"[{item}}}", None),  # unbalanced
        (f'[{{"{c.number_field}":{probe[0]} "{c.status_field}":"{probe[1]}"}}]', None),  # no comma
        (f"]{item}]", FIRST_TOKEN),
        (f"x[{item}]", FIRST_TOKEN),
    ]
    types = cycle(c.json_types)
    cases = [(text.encode(), next(types), f"malformed JSON {text!r}", state) for text, state in broken]
    _refuse_all(ctx, cases, before_of(ctx, [probe]))
    return partly_verified(ctx, "the 400 and its ModelState")


@check(
    "malformed-xml-rejected",
    group="bodies",
    sentence="An XML body that is not well-formed (unclosed or mismatched elements, a truncated item, "
    "a bare '&', a second root) is 400 with the one ModelState key model, never a server error, and "
    "nothing is applied.",
    basis=Basis.FRAMEWORK,
    source=XML_FORMATTER,
)
def malformed_xml(ctx: Context) -> str | None:
    c = ctx.contract
    root = c.request_shape.root
    number, status = ctx.probe_item()
    item = _probe_xml_item(ctx, str(number), status)
    broken = [
        f"<{root}>{item}",  # never closed
        f"<{root}>{item}</{root}X>",  # mismatched end tag
        f"<{root}>{item[: len(item) // 2]}",  # truncated inside the item
        f"<{root}>{_probe_xml_item(ctx, str(number), status + ' & ')}</{root}>",  # bare ampersand
        f"<{root}>{item}</{root}><{root}/>",  # a second root element
        "<",
    ]
    types = cycle(c.xml_types)
    cases = [(text.encode(), next(types), f"malformed XML {text[:80]!r}", XML_UNREADABLE) for text in broken]
    _refuse_all(ctx, cases, before_of(ctx, [(number, status)]))
    return partly_verified(ctx, "the 400 and its ModelState")


@check(
    "xml-dtd-entity-refused",
    group="bodies",
    sentence="An XML body with a DOCTYPE (with or without internal entities, used in OrderNumber or "
    "OrderStatus) is refused with 400 and the one ModelState key model: no entity is expanded, "
    "nothing is applied.",
    basis=Basis.FRAMEWORK,
    source=XML_FORMATTER,
)
def xml_dtd_entity(ctx: Context) -> str | None:
    c = ctx.contract
    root = c.request_shape.root
    number, status = ctx.probe_item()
    # Each entity expands to what a faithful server would apply, so a server that expands it
    # answers 200 with results (and in full mode moves the order).
    documents = [
        (f'<!ENTITY s "{status}">', _probe_xml_item(ctx, str(number), "&s;")),
        (f'<!ENTITY n "{number}">', _probe_xml_item(ctx, "&n;", status)),
        (
            f'<!ENTITY a "{status[:1]}"><!ENTITY b "&a;{status[1:]}">',  # nested, tiny
            _probe_xml_item(ctx, str(number), "&b;"),
        ),
        ("", _probe_xml_item(ctx, str(number), status)),  # a DOCTYPE alone
    ]
    types = cycle(c.xml_types)
    cases = []
    for subset, item in documents:
        doctype = f"<!DOCTYPE {root} [{subset}]>" if subset else f"<!DOCTYPE {root}>"
        text = f"{doctype}<{root}>{item}</{root}>"
        cases.append((text.encode(), next(types), f"XML with {doctype!r}", XML_UNREADABLE))
    _refuse_all(ctx, cases, before_of(ctx, [(number, status)]))
    return partly_verified(ctx, "the 400 and its ModelState")


@check(
    "xml-other-root-rejected",
    group="bodies",
    sentence="An XML body whose root is not ArrayOfOverrideOrderStatusModel in no namespace (another "
    "name, the response's root, another case, a bare item, the right name in a namespace) is 400 with "
    "the one ModelState key model, and nothing is applied.",
    basis=Basis.FRAMEWORK,
    source=XML_FORMATTER + " (XmlSerializer checks the root's name and namespace)",
)
def xml_other_root(ctx: Context) -> str | None:
    c = ctx.contract
    root = c.request_shape.root
    number, status = ctx.probe_item()
    item = _probe_xml_item(ctx, str(number), status)
    wrapped = [
        ("Orders", ""),
        (c.result_shape.root, ""),  # the response's root
        (root.lower(), ""),
        (root, ' xmlns="http://schemas.datacontract.org/2004/07/StoreFeeder"'),
    ]
    texts = [f"<{name}{attrs}>{item}</{name}>" for name, attrs in wrapped]
    texts.append(item)  # one item as the root
    types = cycle(c.xml_types)
    cases = [(t.encode(), next(types), f"XML root {t[: t.index('>') + 1]!r}", XML_UNREADABLE) for t in texts]
    _refuse_all(ctx, cases, before_of(ctx, [(number, status)]))
    return partly_verified(ctx, "the 400 and its ModelState")


@check(
    "json-object-instead-of-array-rejected",
    group="bodies",
    sentence="A JSON object where the array belongs (one item unwrapped, an empty object, the array "
    "wrapped in an object) is 400 with a ModelState error under the parameter, never read as a batch, "
    "and nothing is applied.",
    basis=Basis.FRAMEWORK,
    source=JSON_FORMATTER + " (a JSON object cannot deserialise into List<T>)",
)
def json_object(ctx: Context) -> str | None:
    c = ctx.contract
    probe = ctx.probe_item()
    item = _probe_json(ctx, probe)
    objects = [item, "{}", f'{{"Orders":[{item}]}}']
    types = cycle(c.json_types)
    cases = [(o.encode(), next(types), f"a JSON object {o!r}", None) for o in objects]
    _refuse_all(ctx, cases, before_of(ctx, [probe]))
    return partly_verified(ctx, "the 400 and its ModelState")


@check(
    "body-in-other-format-rejected",
    group="bodies",
    sentence="A JSON body sent as XML, or an XML body sent as JSON, is read by the formatter its "
    "Content-Type names and fails there: 400 with the one ModelState key model, and nothing is applied.",
    basis=Basis.FRAMEWORK,
    source=f"{BINDING}; {XML_READER}; {JSON_READER}",
)
def other_format(ctx: Context) -> str | None:
    c = ctx.contract
    probe = ctx.probe_item()
    json_bytes = bodies.override_body(c, c.json_types[0], [probe])
    xml_bytes = bodies.override_body(c, c.xml_types[0], [probe])
    cases = [(json_bytes, media, "JSON bytes", XML_UNREADABLE) for media in c.xml_types]
    cases += [(xml_bytes, media, "XML bytes", FIRST_TOKEN) for media in c.json_types]
    _refuse_all(ctx, cases, before_of(ctx, [probe]))
    return partly_verified(ctx, "the 400 and its ModelState")
