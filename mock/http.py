"""The HTTP layer: routing, size limits, authentication, content negotiation, responses.

Raw ASGI (no framework) for speed. Routes come from the contract's paths and operationIds;
matching is case-insensitive and ignores one trailing slash, as ASP.NET routing does. Order of
checks for a request: route (404/405), body size (413), bearer token (401), media type (415),
body parsing and model binding (400), then the action. Errors are content-negotiated like
every other response; the token endpoint always answers JSON.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from functools import partial
from typing import Any, NamedTuple

from . import auth
from .asgi import Headers, Message, Receive, Scope, Send, respond
from .binding import Binder, Binding
from .codec import (
    ArrayEncoder,
    CodecError,
    XmlWriter,
    decode_text,
    decode_xml,
    encode_json,
    json_object,
)
from .media import FORM, Negotiator, accept_charsets, parse_content_type
from .mutants import Mutant
from .rules import EMPTY_BODY, RESULT_FIELDS, Result, Rules
from .seeding import Account
from .spec import Contract, Status
from .store import Store

BODY_LIMIT = 1024 * 1024
"""Largest request body accepted (1 MiB; a 50-item request is at most about 3 KB in JSON, 7 KB in XML)."""

log = logging.getLogger("storefeeder_mock")

SERVER_ERROR = "An error has occurred."
OCTET_STREAM = "application/octet-stream"
NO_CONTENT_TYPE = (
    "The request contains an entity body but no Content-Type header. The inferred media type "
    "'application/octet-stream' is not supported for this resource."
)
"""Web API's 415 text for a body without Content-Type (System.Web.Http resources)."""
_WANTED = frozenset(
    {b"accept", b"accept-charset", b"authorization", b"content-type", b"content-length", b"host"}
)
_STATUS_ATTRS = {
    "OrderStatusID": "id",
    "OrderStatus": "name",
    "Description": "display",
    "UserCanOverrideToStatus": "overridable",
}
_NO_CACHE: Headers = [(b"cache-control", b"no-cache"), (b"pragma", b"no-cache"), (b"expires", b"-1")]


class _ClientGone(Exception):
    pass


class Reply:
    """A response before it is sent."""

    __slots__ = ("body", "headers", "status")

    def __init__(self, status: int, body: bytes, headers: Headers) -> None:
        self.status = status
        self.body = body
        self.headers = headers


class Route:
    __slots__ = ("literal", "method", "operation", "param", "pattern")

    def __init__(self, operation: str, method: str, template: str) -> None:
        self.operation = operation
        self.method = method
        params = re.findall(r"\{([^}]+)\}", template)
        self.param: str | None = params[0] if params else None
        self.literal = not params
        regex = re.sub(r"\\\{[^}]+\\\}", "([^/]+)", re.escape(template))
        self.pattern = re.compile(regex + "/?", re.IGNORECASE)


@dataclass(frozen=True)
class Call:
    """What an operation's handler gets: the caller's account (0 for the token endpoint, which
    needs none), the path parameter, the request body's stream and the headers."""

    account: int
    param: str | None
    receive: Receive
    headers: dict[bytes, bytes]


class Operation(NamedTuple):
    handler: Callable[[Call], Awaitable[Reply]]
    needs_token: bool = True
    reads_body: bool = False


class HttpApp:
    """The mock's ASGI application without faults."""

    def __init__(
        self,
        contract: Contract,
        store: Store,
        accounts: Sequence[Account],
        mutant: Mutant | None,
        token_lifetime: float,
        body_limit: int = BODY_LIMIT,
    ) -> None:
        self.contract = contract
        self.store = store
        self.accounts = tuple(accounts)
        self.mutant = mutant
        self.rules = Rules(contract, store, mutant)
        self.binder = Binder(contract, mutant)
        self.tokens = auth.Tokens(store.secret, token_lifetime)
        self.negotiator = Negotiator(contract.media_types)
        self.xml = XmlWriter(mutant)
        self.body_limit = body_limit
        self.routes = sorted(
            (Route(op, method, template) for op, (method, template) in contract.routes.items()),
            key=lambda r: not r.literal,
        )
        shape = contract.override_response
        self._json_results = ArrayEncoder(
            RESULT_FIELDS, contract.override_response_json_keys, json_object, "[", "]", ","
        )
        xml_start, xml_end = self.xml.collection_bounds(shape.root)
        self._xml_results = ArrayEncoder(
            RESULT_FIELDS, shape.fields, partial(self.xml.item, shape.item), xml_start, xml_end, ""
        )
        self._catalogue = self._render_catalogue()
        self._closed = False
        self._operations = {  # by operationId
            "createToken": Operation(self._token, needs_token=False, reads_body=True),
            "overrideOrderStatuses": Operation(self._override, reads_body=True),
            "getOrderStatuses": Operation(self._get_catalogue),
            "getOrder": Operation(self._get_order),
        }

    # ------------------------------------------------------------------ ASGI entry

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        kind = scope["type"]
        if kind == "http":
            await self._http(scope, receive, send)
        elif kind == "lifespan":
            await self._lifespan(receive, send)

    async def _lifespan(self, receive: Receive, send: Send) -> None:
        while True:
            message = await receive()
            if message["type"] == "lifespan.startup":
                await send({"type": "lifespan.startup.complete"})
            elif message["type"] == "lifespan.shutdown":
                self.close()
                await send({"type": "lifespan.shutdown.complete"})
                return

    def close(self) -> None:
        if not self._closed:
            self._closed = True
            self.store.close()

    async def _http(self, scope: Scope, receive: Receive, send: Send) -> None:
        headers: dict[bytes, bytes] = {}
        for name, value in scope["headers"]:
            if name in _WANTED:
                headers[name] = headers[name] + b"," + value if name in headers else value
        try:
            reply = await self._dispatch(scope, receive, headers)
        except _ClientGone:
            return
        except Exception:
            log.exception("unhandled error for %s %s", scope.get("method"), scope.get("path"))
            reply = self.error(headers, 500, SERVER_ERROR)
        if response_charset(headers) == "utf-16":
            reply = _as_utf16(reply)
        await respond(send, reply.status, reply.body, reply.headers)

    # ------------------------------------------------------------------ errors

    def response_type(self, headers: dict[bytes, bytes]) -> str:
        if self.mutant is Mutant.ACCEPT_IGNORED:
            return self.negotiator.default
        return self.negotiator.response_type(headers.get(b"accept"), headers.get(b"content-type"))

    def error(
        self,
        headers: dict[bytes, bytes],
        status: int,
        message: str,
        model_state: dict[str, list[str]] | None = None,
        extra: Headers | None = None,
    ) -> Reply:
        """An HttpError body in the negotiated media type."""
        media = self.response_type(headers)
        if self.negotiator.is_xml(media):
            body = self.xml.error(self.contract.error_root, message, model_state)
        else:
            value: dict[str, Any] = {"Message": message}
            if model_state:
                value["ModelState"] = model_state
            body = encode_json(value)
        return Reply(status, body, [(b"content-type", _content_type(media)), *(extra or [])])

    def error_for_scope(self, scope: Scope, status: int, message: str, extra: Headers) -> Reply:
        """For the faults middleware: an error body negotiated from the request's headers."""
        headers = {name: value for name, value in scope["headers"] if name in _WANTED}
        return self.error(headers, status, message, extra=extra)

    def _invalid(self, headers: dict[bytes, bytes], model_state: dict[str, list[str]]) -> Reply:
        return self.error(headers, 400, self.contract.invalid_message, model_state)

    def _unauthorized(self, headers: dict[bytes, bytes]) -> Reply:
        extra: Headers = [] if self.mutant is Mutant.AUTH_NO_CHALLENGE else [(b"www-authenticate", b"Bearer")]
        return self.error(headers, 401, self.contract.unauthorized_message, extra=extra)

    def _too_large(self, headers: dict[bytes, bytes]) -> Reply:
        return self.error(headers, 413, self.contract.too_large_message, extra=[(b"connection", b"close")])

    # ------------------------------------------------------------------ routing

    async def _dispatch(self, scope: Scope, receive: Receive, headers: dict[bytes, bytes]) -> Reply:
        path: str = scope["path"]
        method: str = scope["method"]
        matched: list[tuple[Route, str | None]] = []
        for route in self.routes:  # literal templates first; they take precedence
            if matched and matched[0][0].literal and not route.literal:
                break
            m = route.pattern.fullmatch(path)
            if m is not None:
                matched.append((route, m.group(1) if route.param else None))
        if not matched:
            host = headers.get(b"host", b"localhost").decode("latin-1")
            query = scope.get("query_string", b"").decode("latin-1")
            uri = f"http://{host}{path}" + (f"?{query}" if query else "")
            return self.error(
                headers, 404, f"No HTTP resource was found that matches the request URI '{uri}'."
            )
        for route, param in matched:
            if route.method == method:
                return await self._operation(route.operation, param, scope, receive, headers)
        allow = ", ".join(sorted({r.method for r, _ in matched}))
        return self.error(
            headers,
            405,
            f"The requested resource does not support http method '{method}'.",
            extra=[]
            if self.mutant is Mutant.METHOD_NOT_ALLOWED_WITHOUT_ALLOW
            else [(b"allow", allow.encode())],
        )

    async def _operation(
        self, operation: str, param: str | None, scope: Scope, receive: Receive, headers: dict[bytes, bytes]
    ) -> Reply:
        if self.mutant is Mutant.NOT_ACCEPTABLE_406 and not self.negotiator.can_serve(headers.get(b"accept")):
            return Reply(406, b"", [])
        chosen = self._operations[operation]
        if chosen.reads_body and self._declared_too_large(headers):
            return self._too_large(headers)
        account = 0
        if chosen.needs_token:
            authenticated = self._authenticate(headers)
            if authenticated is None:
                return self._unauthorized(headers)
            account = authenticated
        return await chosen.handler(Call(account, param, receive, headers))

    def _declared_too_large(self, headers: dict[bytes, bytes]) -> bool:
        declared = headers.get(b"content-length")
        if declared is None:
            return False
        try:
            return int(declared) > self.body_limit
        except ValueError:
            return False

    async def _read_body(self, receive: Receive) -> bytes | None:
        """The whole request body, or None once it passes the size limit."""
        chunks: list[bytes] = []
        size = 0
        while True:
            message: Message = await receive()
            if message["type"] == "http.disconnect":
                raise _ClientGone
            chunk: bytes = message.get("body", b"")
            size += len(chunk)
            if size > self.body_limit:
                return None
            chunks.append(chunk)
            if not message.get("more_body", False):
                return chunks[0] if len(chunks) == 1 else b"".join(chunks)

    # ------------------------------------------------------------------ auth

    def _authenticate(self, headers: dict[bytes, bytes]) -> int | None:
        token = auth.bearer(headers.get(b"authorization"))
        if token is None:
            return None
        check = self.tokens.check(token)
        if check is None:
            return 0 if self.mutant is Mutant.AUTH_ANY_BEARER else None
        if check.expired and self.mutant is not Mutant.AUTH_EXPIRED_ACCEPTED:
            return None
        return check.account

    async def _token(self, call: Call) -> Reply:
        headers = call.headers
        body = await self._read_body(call.receive)
        if body is None:
            return self._too_large(headers)
        content_type, _ = parse_content_type(headers.get(b"content-type"))
        granted = auth.password_grant(body, content_type, self.accounts)
        json_type = [(b"content-type", _content_type("application/json")), *_NO_CACHE]
        if isinstance(granted, auth.GrantError):
            value = {"error": granted.error}
            if granted.description is not None:
                value["error_description"] = granted.description
            return Reply(400, encode_json(value), json_type)
        token, expires_in = self.tokens.issue(granted.index)
        return Reply(
            200,
            encode_json({"access_token": token, "token_type": "bearer", "expires_in": expires_in}),
            json_type,
        )

    # ------------------------------------------------------------------ operations

    async def _override(self, call: Call) -> Reply:
        account, headers = call.account, call.headers
        body = await self._read_body(call.receive)
        if body is None:
            return self._too_large(headers)
        if not body:  # Web API binds null without asking a formatter; the action decides
            return self._invalid(headers, {"model": [EMPTY_BODY]})
        binding = self._bind(body, headers)
        if isinstance(binding, Reply):
            return binding
        if binding.too_many:
            return self.error(headers, 400, self.rules.too_many_message)
        if binding.errors:
            if self.mutant is Mutant.PARTIAL_APPLY and binding.items:
                self.rules.override(account, binding.items)
            return self._invalid(headers, binding.errors)
        if binding.items is None:
            return self._invalid(headers, {"model": [EMPTY_BODY]})
        results = self.rules.override(account, binding.items)
        media = self.response_type(headers)
        out = self._results_xml(results) if self.negotiator.is_xml(media) else self._results_json(results)
        return Reply(200, out, [(b"content-type", _content_type(media))])

    def _bind(self, body: bytes, headers: dict[bytes, bytes]) -> Binding | Reply:
        """The body through the formatter its Content-Type selects, or a 415 when none reads it."""
        request_type, charset = parse_content_type(headers.get(b"content-type"))
        reader: str | None
        if self.mutant is Mutant.CONTENT_TYPE_IGNORED:
            reader = "xml" if body.lstrip()[:1] == b"<" else "json"
        elif not request_type:
            return self.error(headers, 415, NO_CONTENT_TYPE)
        else:
            reader = self.negotiator.reader(request_type)
            if reader is None or (request_type == "text/json" and self.mutant is Mutant.TEXT_JSON_REJECTED):
                return self._unsupported(headers, request_type)
            if self.mutant is Mutant.BODY_FORMAT_SNIFFED and reader in ("json", "xml"):
                reader = "xml" if body.lstrip()[:1] == b"<" else "json"
        if self.mutant is Mutant.CHARSET_REJECTED and charset not in (None, "utf-8", "utf-16"):
            return self._unsupported(headers, request_type or OCTET_STREAM)
        if reader == FORM:
            if self.mutant is Mutant.FORM_BODY_415:
                return self._unsupported(headers, FORM)
            return Binding([])  # the form formatters bind a list they cannot fill as an empty one
        try:
            if reader == "xml":
                entities = self.mutant is Mutant.XML_DTD_EXPANDED
                return self.binder.bind_xml(decode_xml(body, internal_entities=entities))
            return self.binder.bind_json(decode_text(body, charset))
        except CodecError as exc:
            if self.mutant is Mutant.MALFORMED_XML_500 and reader == "xml" and exc.malformed:
                raise RuntimeError(f"unhandled: {exc}") from None
            binding = Binding()
            binding.fail("model")
            return binding

    def _unsupported(self, headers: dict[bytes, bytes], media: str) -> Reply:
        return self.error(headers, 415, self.contract.unsupported_media_template.replace("{}", media, 1))

    def _results_json(self, results: list[Result]) -> bytes:
        return self._json_results.encode(results)

    def _results_xml(self, results: list[Result]) -> bytes:
        if not results:
            return self.xml.empty_collection(self.contract.override_response.root)
        return self._xml_results.encode(results)

    async def _get_catalogue(self, call: Call) -> Reply:
        media = self.response_type(call.headers)
        body = self._catalogue[self.negotiator.is_xml(media)]
        return Reply(200, body, [(b"content-type", _content_type(media))])

    async def _get_order(self, call: Call) -> Reply:
        account, headers = call.account, call.headers
        number = self.rules.path_number(call.param or "")
        if number is None:
            route = next(r for r in self.routes if r.operation == "getOrder")
            return self._invalid(headers, {route.param or "ordernumber": [self.binder.pattern_reason]})
        found = self.rules.order(account, number)
        if found is None:
            return self.error(headers, 404, self.contract.not_found_text)
        status, guid = found
        values = {"OrderNumber": number, "OrderGuid": guid, "OrderStatus": status}
        fields = [(name, values.get(name)) for name in self.contract.order_fields]
        media = self.response_type(headers)
        if self.negotiator.is_xml(media):
            body = self.xml.record(self.contract.order_root, fields)
        else:
            body = encode_json({k: v for k, v in fields if v is not None})
        return Reply(200, body, [(b"content-type", _content_type(media))])

    def _render_catalogue(self) -> tuple[bytes, bytes]:
        """(JSON, XML) bodies of GET order-status; the catalogue never changes."""
        c = self.contract

        def fields(status: Status) -> list[tuple[str, Any]]:
            return [(name, getattr(status, _STATUS_ATTRS[name])) for name in c.catalogue_fields]

        wrapper = c.catalogue_wrapper_field
        as_json = encode_json([{wrapper: dict(fields(s))} for s in c.statuses])
        as_xml = self.xml.collection(
            c.catalogue.root, c.catalogue.item, ([(wrapper, fields(s))] for s in c.statuses)
        )
        return as_json, as_xml


def response_charset(headers: dict[bytes, bytes]) -> str:
    """The formatters' encodings are UTF-8 and UTF-16: the best Accept-Charset naming one, else the
    request's charset if it is one, else UTF-8 (MediaTypeFormatter.SelectCharacterEncoding)."""
    accept = headers.get(b"accept-charset")
    if accept:
        for name in accept_charsets(accept.decode("latin-1")):
            if name in ("utf-8", "utf-16"):
                return name
    _, charset = parse_content_type(headers.get(b"content-type"))
    return "utf-16" if charset == "utf-16" else "utf-8"


def _as_utf16(reply: Reply) -> Reply:
    """A negotiated UTF-8 reply re-encoded as UTF-16 (little-endian with a BOM, as .NET writes)."""
    headers = [
        (name, value.replace(b"charset=utf-8", b"charset=utf-16") if name == b"content-type" else value)
        for name, value in reply.headers
    ]
    if headers == reply.headers:
        return reply
    return Reply(reply.status, b"\xff\xfe" + reply.body.decode("utf-8").encode("utf-16-le"), headers)


def _content_type(media: str) -> bytes:
    return f"{media}; charset=utf-8".encode("ascii")
