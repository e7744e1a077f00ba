"""Authentication: no token, a wrong token and an expired token get 401 and change nothing."""

from __future__ import annotations

import secrets
import time

from .. import bodies
from ..context import CheckFailed, CheckSkipped, Context
from ..tokens import Credentials
from ..wire import Bearer, Exchange
from .common import before_of, json_item, partly_verified
from .registry import Basis, check

FW_401 = (
    "FW: src/System.Web.Http/AuthorizeAttribute.cs, 401 'Authorization has been denied for this request.' "
    "(openapi.yaml Unauthorized)"
)


def _denied(ctx: Context, bearer: Bearer | None, what: str) -> Exchange:
    """Every secured operation refuses `bearer` with 401; a PUT that would apply changes nothing."""
    c = ctx.contract
    probe = ctx.probe_item()
    before = before_of(ctx, [probe])
    media = c.json_types[0]
    requests = [
        ctx.send("GET", c.catalogue_path, accept=media, bearer=bearer),
        ctx.get_order(next(iter(ctx.own), ctx.absent[0]), bearer=bearer),
        ctx.put(bodies.json_body([json_item(ctx, *probe)]), media, accept=media, bearer=bearer),
    ]
    for exchange in requests:
        ctx.expect_status(exchange, c.status_unauthorized, what)
    ctx.expect_unchanged(before, requests[-1], f"{what} was refused")
    return requests[0]


@check(
    "missing-token-rejected",
    group="auth",
    sentence="A request without a bearer token gets 401 on every secured operation and changes nothing.",
    basis=Basis.FRAMEWORK,
    source=FW_401,
)
def missing_token(ctx: Context) -> str | None:
    _denied(ctx, None, "a request without a token")
    return partly_verified(ctx, "the 401s", "that nothing changes")


@check(
    "wrong-token-rejected",
    group="auth",
    sentence="A made-up or tampered bearer token gets 401 on every secured operation and changes nothing.",
    basis=Basis.FRAMEWORK,
    source=FW_401,
)
def wrong_token(ctx: Context) -> str | None:
    real = ctx.bearer().token
    middle = len(real) // 2
    flipped = "A" if real[middle] != "A" else "B"
    tampered = real[:middle] + flipped + real[middle + 1 :]
    _denied(
        ctx, Bearer(secrets.token_urlsafe(max(16, len(real) * 3 // 4)), "<made-up-token>"), "a made-up token"
    )
    _denied(ctx, Bearer(tampered, "<tampered-token>"), "a tampered token")
    return partly_verified(ctx, "the 401s", "that nothing changes")


@check(
    "expired-token-rejected",
    group="auth",
    sentence="A token past its expires_in gets 401 and changes nothing.",
    basis=Basis.FRAMEWORK,
    source=FW_401 + "; OWIN token expiry (expires_in)",
)
def expired_token(ctx: Context) -> str | None:
    early = ctx.early_token
    if early is None:
        raise CheckSkipped("needs --username/--password/--client-id (a token whose lifetime the run knows)")
    remaining = early.remaining(ctx.tokens.clock())
    if remaining is None or early.expires_in is None:
        raise CheckSkipped("POST /Token gave no expires_in")
    if remaining > ctx.max_token_wait:
        raise CheckSkipped(
            f"tokens live {early.expires_in:.0f} s; waiting is impractical (against the embedded mock the "
            "suite uses short-lived tokens)"
        )
    time.sleep(max(0.0, remaining) + 0.25)
    _denied(ctx, Bearer(early.token, "<expired-token>"), "an expired token")
    return partly_verified(ctx, "the 401s", "that nothing changes")


@check(
    "unauthorized-carries-bearer-challenge",
    group="auth",
    sentence="A 401 answer carries WWW-Authenticate naming the Bearer scheme.",
    basis=Basis.FRAMEWORK,
    source="FW: OWIN bearer authentication's challenge through Web API's HostAuthenticationFilter "
    "(src/System.Web.Http.Owin/HostAuthenticationFilter.cs), RFC 6750; openapi.yaml Unauthorized headers",
)
def challenge(ctx: Context) -> None:
    c = ctx.contract
    exchange = ctx.send("GET", c.catalogue_path, accept=c.json_types[0])
    ctx.expect_status(exchange, c.status_unauthorized, "a request without a token")
    value = exchange.header(c.challenge_header)
    if value is None or not value.strip().lower().startswith("bearer"):
        raise CheckFailed(f"401 with {c.challenge_header}: {value!r}, expected the Bearer scheme", exchange)


@check(
    "bad-credentials-rejected",
    group="auth",
    sentence="POST /Token with unknown credentials gets 400 with error invalid_grant and no token.",
    basis=Basis.FRAMEWORK,
    source="FW: OWIN password grant, aspnet/AspNetKatana OAuthAuthorizationServerHandler.cs "
    "(openapi.yaml createToken 400 TokenError)",
)
def bad_credentials(ctx: Context) -> None:
    made_up = Credentials(
        username="conformance-nobody@invalid.example",
        password=secrets.token_urlsafe(12),
        client_id=secrets.token_hex(16),
    )
    exchange = ctx.tokens.request_token(made_up)
    ctx.expect_status(exchange, ctx.contract.status_token_refused, "unknown credentials")
    try:
        answer = bodies.parse_json(exchange)
    except bodies.BodyError as exc:
        raise CheckFailed(f"unknown credentials: {exc}", exchange) from None
    if not isinstance(answer, dict) or answer.get("error") != ctx.contract.token_error_code:
        raise CheckFailed(f"expected error {ctx.contract.token_error_code!r}: {exchange.text()}", exchange)
    if "access_token" in answer:
        raise CheckFailed("unknown credentials got an access_token", exchange)
