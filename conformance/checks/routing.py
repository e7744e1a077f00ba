"""Routing: another method on the override's URL is the framework's 405, naming what is allowed."""

from __future__ import annotations

from .. import bodies, framework
from ..context import CheckFailed, Context
from ..contract import OVERRIDE
from .registry import Basis, check

METHODS = ("PATCH",)
"""Methods a Web API 2 service is least likely to route to another action of its own on this URL
(GET may reach `GET orders/{ordernumber}`, and a DELETE or POST `orders/{x}` route of the service's
own could take the request, so neither is sent)."""


@check(
    "other-method-gets-405-with-allow",
    group="routing",
    sentence="PATCH on the override's URL gets 405 with the framework's message naming the method and an "
    "Allow header that lists PUT (JSON and XML).",
    basis=Basis.FRAMEWORK,
    source="FW: src/System.Web.Http/Controllers/ApiControllerActionSelector.cs (Create405Response: "
    "ApiControllerActionSelector_HttpMethodNotSupported, Allow); shared/reference/aspnet-webapi-behaviour.md "
    "'Routing and methods'",
)
def other_method(ctx: Context) -> None:
    c = ctx.contract
    operation = c.op(OVERRIDE)
    for method in METHODS:
        for accept in (c.json_types[0], c.xml_types[0]):
            exchange = ctx.send(
                method,
                operation.path,
                body=bodies.json_body([]),
                content_type=c.json_types[0],
                accept=accept,
                bearer=ctx.bearer(),
            )
            what = f"{method} {operation.path}"
            ctx.expect_status(exchange, 405, what)
            allow = {m.strip().upper() for m in (exchange.header("allow") or "").split(",") if m.strip()}
            if operation.method not in allow:
                raise CheckFailed(
                    f"{what}: Allow is {exchange.header('allow')!r}, it must list {operation.method}",
                    exchange,
                )
            try:
                error = bodies.http_error(c, exchange)
            except bodies.BodyError as exc:
                raise CheckFailed(f"{what}: {exc}", exchange) from None
            expected = framework.METHOD_NOT_ALLOWED.format(method=method)
            if error.message != expected:
                raise CheckFailed(f"{what}: Message {error.message!r}, expected {expected!r}", exchange)
