"""Request bodies in the four media types, and the answers read back into plain values.

Names (root, item, fields) come from the contract; XML is written as .NET XmlSerializer does,
with the namespace declarations the seed shows. Readers are strict about types: a JSON
OrderNumber must be a JSON integer and Success a JSON boolean, an XML Success is `true`/`false`.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any
from xml.sax.saxutils import escape, quoteattr

from . import framework, xmlread
from .contract import XSI, Contract
from .wire import Exchange

Item = tuple[int, str]
"""(OrderNumber, OrderStatus) of one well-formed request item."""
XmlItem = Sequence[tuple[str, str]]
"""One XML item as (child element, text) pairs, in the order to write them."""


class BodyError(ValueError):
    """An answer that cannot be read as the contract says it should."""


@dataclass(frozen=True, slots=True)
class Result:
    """One per-item result of an override: as read from the wire, or as `model` expects it."""

    number: int
    status: str
    success: bool
    error: str | None  # None when absent or null

    def key(self) -> tuple[int, str, bool, str | None]:
        return (self.number, self.status, self.success, self.error)


def is_json(media: str) -> bool:
    return media.endswith("json")


def json_body(value: Any) -> bytes:
    return json.dumps(value, separators=(",", ":")).encode("utf-8")


def xml_body(contract: Contract, items: Sequence[XmlItem], *, declare: bool = True) -> bytes:
    shape = contract.request_shape
    decls = "".join(f" xmlns:{p}={quoteattr(u)}" for p, u in contract.namespaces.items()) if declare else ""
    parts = [f"<{shape.root}{decls}>"]
    for item in items:
        parts.append(f"<{shape.item}>")
        parts.extend(f"<{name}>{escape(text)}</{name}>" for name, text in item)
        parts.append(f"</{shape.item}>")
    parts.append(f"</{shape.root}>")
    return "".join(parts).encode("utf-8")


def override_body(contract: Contract, media: str, items: Sequence[Item]) -> bytes:
    """A well-formed override request of (OrderNumber, OrderStatus) pairs in `media`."""
    number, status = contract.number_field, contract.status_field
    if is_json(media):
        return json_body([{number: n, status: s} for n, s in items])
    return xml_body(contract, [[(number, str(n)), (status, s)] for n, s in items])


def parse_json(exchange: Exchange) -> Any:
    try:
        return json.loads(exchange.content)
    except (ValueError, UnicodeError, RecursionError) as exc:  # RecursionError: nested too deep
        raise BodyError(f"the body is not JSON ({exc}): {exchange.text()!r}") from exc


def parse_xml(exchange: Exchange) -> xmlread.Element:
    try:
        return xmlread.parse(exchange.content)
    except xmlread.XmlError as exc:
        raise BodyError(f"the body is not XML ({exc}): {exchange.text()!r}") from exc


def _media_of(exchange: Exchange) -> str:
    media = exchange.media_type
    if not media.endswith("json") and not media.endswith("xml"):
        raise BodyError(f"the answer's Content-Type {media or '(none)'!r} is neither JSON nor XML")
    return media


def _json_result(contract: Contract, raw: Any, i: int) -> Result:
    c = contract
    if not isinstance(raw, Mapping):
        raise BodyError(f"result {i} is not a JSON object: {raw!r}")
    number, status, success = raw.get(c.number_field), raw.get(c.status_field), raw.get(c.success_field)
    error = raw.get(c.error_field)
    if type(number) is not int or not isinstance(status, str) or not isinstance(success, bool):
        raise BodyError(
            f"result {i} lacks a well-typed {c.number_field}/{c.status_field}/{c.success_field}: {raw!r}"
        )
    if error is not None and not isinstance(error, str):
        raise BodyError(f"result {i} has a non-string {c.error_field}: {raw!r}")
    return Result(number, status, success, error)


def _xml_result(contract: Contract, node: xmlread.Element, i: int) -> Result:
    c = contract
    fields = {child.tag: child for child in node.children}
    try:
        number_text = fields[c.number_field].text
        status = fields[c.status_field].text
        success_text = fields[c.success_field].text
    except KeyError as exc:
        raise BodyError(f"XML result {i} has no <{exc.args[0]}> element") from None
    if not number_text.isdigit() or success_text not in ("true", "false"):
        raise BodyError(
            f"XML result {i} has {c.number_field}={number_text!r}, {c.success_field}={success_text!r}"
        )
    error_node = fields.get(c.error_field)
    error: str | None = None
    if error_node is not None and error_node.attributes.get(f"{{{XSI}}}nil") != "true":
        error = error_node.text
    return Result(int(number_text), status, success_text == "true", error)


def results(contract: Contract, exchange: Exchange) -> list[Result]:
    """The per-item results of an override answer, in the order the server sent them."""
    if is_json(_media_of(exchange)):
        value = parse_json(exchange)
        if not isinstance(value, list):
            raise BodyError(f"the answer is not a JSON array: {exchange.text()!r}")
        return [_json_result(contract, raw, i) for i, raw in enumerate(value)]
    root = parse_xml(exchange)
    return [_xml_result(contract, node, i) for i, node in enumerate(root.children)]


@dataclass(frozen=True, slots=True)
class HttpErrorBody:
    """An ASP.NET `HttpError` answer: its Message and ModelState (None when it has none).

    XML writes the reasons of one key as one element whose text joins them with spaces, so an XML
    ModelState value is a one-element list holding that text."""

    message: str | None
    model_state: dict[str, list[str]] | None
    xml: bool

    def reasons_equal(self, got: Sequence[str], want: Sequence[str]) -> bool:
        """Whether a key's reasons as read are `want` (joined by spaces in XML)."""
        return list(got) == ([" ".join(want)] if self.xml else list(want))


def http_error(contract: Contract, exchange: Exchange) -> HttpErrorBody:
    """The HttpError of an error answer, JSON or XML (keys decoded as XmlConvert.DecodeName does)."""
    if is_json(_media_of(exchange)):
        value = parse_json(exchange)
        if not isinstance(value, Mapping):
            raise BodyError(f"the error body is not a JSON object: {exchange.text()!r}")
        message = value.get("Message")
        raw_state = value.get("ModelState")
        state: dict[str, list[str]] | None = None
        if raw_state is not None:
            if not isinstance(raw_state, Mapping) or not all(
                isinstance(v, list) and all(isinstance(r, str) for r in v) for v in raw_state.values()
            ):
                raise BodyError(f"ModelState is not an object of string lists: {exchange.text()!r}")
            state = {str(k): list(v) for k, v in raw_state.items()}
        if message is not None and not isinstance(message, str):
            raise BodyError(f"Message is not a string: {exchange.text()!r}")
        return HttpErrorBody(message, state, xml=False)
    root = parse_xml(exchange)
    if root.tag != contract.error_root:
        raise BodyError(f"the XML error's root is <{root.tag}>, not <{contract.error_root}>")
    message_node = root.child("Message")
    state_node = root.child("ModelState")
    xml_state = None
    if state_node is not None:
        xml_state = {framework.decode_xml_name(c.tag): [c.text] for c in state_node.children}
    return HttpErrorBody(None if message_node is None else message_node.text, xml_state, xml=True)


def order_status(contract: Contract, exchange: Exchange) -> str:
    """OrderStatus of a GET /orders/{n} answer (JSON or XML)."""
    field = contract.status_field
    if is_json(_media_of(exchange)):
        value = parse_json(exchange)
        status = value.get(field) if isinstance(value, Mapping) else None
    else:
        node = parse_xml(exchange).child(field)
        status = None if node is None else node.text
    if not isinstance(status, str):
        raise BodyError(f"the order has no {field}: {exchange.text()!r}")
    return status


@dataclass(frozen=True, slots=True)
class CatalogueEntry:
    name: str
    overridable: bool


def catalogue(contract: Contract, exchange: Exchange) -> list[CatalogueEntry]:
    """The statuses of a GET /order-status JSON answer with their UserCanOverrideToStatus flag."""
    value = parse_json(exchange)
    (wrapper,) = contract.catalogue_shape.fields
    name_field = contract.status_field
    flag = next(f for f in contract.catalogue_fields if f not in (name_field,) and f.startswith("UserCan"))
    if not isinstance(value, list):
        raise BodyError(f"the status catalogue is not a JSON array: {exchange.text()!r}")
    entries = []
    for raw in value:
        inner = raw.get(wrapper) if isinstance(raw, Mapping) else None
        if not isinstance(inner, Mapping) or not isinstance(inner.get(name_field), str):
            raise BodyError(f"a catalogue entry lacks {wrapper}.{name_field}: {raw!r}")
        entries.append(CatalogueEntry(inner[name_field], inner.get(flag) is True))
    return entries
