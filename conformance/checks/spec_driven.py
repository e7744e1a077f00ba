"""Schemathesis's generated cases and built-in checks, one check per operation."""

from __future__ import annotations

from .. import schemathesis_bridge
from ..context import CheckErrored, CheckFailed, Context
from ..contract import CATALOGUE, GET_ORDER, OVERRIDE, TOKEN
from .registry import Basis, check

SOURCE = (
    "openapi.yaml, through Schemathesis (examples, coverage and fuzzing phases; positive and negative); "
    "request bodies the framework binds beyond the canonical schema are not judged (schemathesis_bridge)"
)
CACHE_KEY = "schemathesis"


def spec_run(ctx: Context) -> schemathesis_bridge.SpecRun:
    """The one engine run of this suite run (made on first use)."""
    cached = ctx.cache.get(CACHE_KEY)
    if isinstance(cached, schemathesis_bridge.SpecRun):
        return cached
    steering = schemathesis_bridge.Steering(ctx.contract, tuple(ctx.absent), frozenset(ctx.catalogue))
    result = schemathesis_bridge.run(
        ctx.contract,
        base_url=ctx.wire.base_url,
        token=lambda: ctx.bearer().token,
        steering=steering,
        seed=ctx.seed,
        max_examples=ctx.max_examples,
        safe=not ctx.full,
        limits=ctx.wire.limits,
        deadline=lambda: ctx.wire.deadline,
        relayed=ctx.relayed,
    )
    ctx.stats.schemathesis_requests += result.total_requests
    ctx.cache[CACHE_KEY] = result
    return result


def _judge(ctx: Context, operation_id: str) -> str:
    result = spec_run(ctx)
    if result.fatal:
        raise CheckErrored(f"Schemathesis could not run: {result.fatal}")
    findings = result.findings.get(operation_id, [])
    errors = result.errors.get(operation_id, [])
    if findings:
        first = findings[0]
        kinds = sorted({f"{f.check}: {f.title}" for f in findings})
        more = f" ({len(findings)} failures: {'; '.join(kinds)})" if len(findings) > 1 else ""
        raise CheckFailed(
            f"{first.check}: {first.title}: {first.message.strip()}{more}", curl=first.curl or None
        )
    if errors:  # requests that got no readable answer show nothing about the contract
        raise CheckErrored(f"Schemathesis errors: {'; '.join(errors[:3])}")
    sent = result.requests.get(operation_id, 0)
    if not sent:
        raise CheckFailed("Schemathesis sent no request to this operation")
    return f"{sent} generated requests"


def _sentence(what: str) -> str:
    return (
        f"Schemathesis's positive and negative cases for {what} get answers that keep the schema, "
        "status codes, "
        "headers and media types (XML answers validated too)."
    )


@check(
    "schemathesis-override-order-statuses",
    group="schemathesis",
    sentence=_sentence("PUT orders/override-order-statuses"),
    basis=Basis.SEED,
    source="seed (the Help page's types and formats); " + SOURCE,
)
def st_override(ctx: Context) -> str:
    return _judge(ctx, OVERRIDE)


@check(
    "schemathesis-get-order",
    group="schemathesis",
    sentence=_sentence("GET orders/{ordernumber}"),
    basis=Basis.SEED,
    source="StoreFeeder's Help page of GET orders/{ordernumber} (DOC in docs/fidelity.md); " + SOURCE,
)
def st_get_order(ctx: Context) -> str:
    return _judge(ctx, GET_ORDER)


@check(
    "schemathesis-get-order-statuses",
    group="schemathesis",
    sentence=_sentence("GET order-status"),
    basis=Basis.SEED,
    source="StoreFeeder's Help page of GET order-status (DOC in docs/fidelity.md); " + SOURCE,
)
def st_catalogue(ctx: Context) -> str:
    return _judge(ctx, CATALOGUE)


@check(
    "schemathesis-create-token",
    group="schemathesis",
    sentence=_sentence("POST Token"),
    basis=Basis.FRAMEWORK,
    source="FW: OWIN's token endpoint (aspnet/AspNetKatana OAuthAuthorizationServerHandler.cs); " + SOURCE,
)
def st_token(ctx: Context) -> str:
    return _judge(ctx, TOKEN)
