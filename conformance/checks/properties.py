"""Hypothesis properties over random batches: results follow the per-item model; one bad item
anywhere rejects the whole batch."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from typing import Any

from hypothesis import HealthCheck, Phase, Verbosity, given, seed, settings
from hypothesis import strategies as st

from .. import bodies, model, strategies
from ..bodies import Item
from ..context import CheckFailed, Context
from .common import before_of, json_item, partly_verified, xml_item
from .registry import Basis, check


def _settings(ctx: Context) -> settings:
    return settings(
        max_examples=ctx.max_examples,
        deadline=None,
        database=None,
        verbosity=Verbosity.quiet,
        suppress_health_check=list(HealthCheck),
        report_multiple_bugs=False,
        phases=(Phase.explicit, Phase.generate, Phase.shrink),
    )


def _run(ctx: Context, test: Callable[..., None]) -> None:
    """Run a Hypothesis test; a failure surfaces as the CheckFailed of the (shrunk) example."""
    try:
        seed(ctx.seed)(_settings(ctx)(test))()
    except CheckFailed:
        raise
    except BaseException as exc:  # Flaky and friends wrap the real failure in a group
        found = _find_failure(exc)
        if found is None:
            raise
        raise found from None


def _find_failure(exc: BaseException) -> CheckFailed | None:
    if isinstance(exc, CheckFailed):
        return exc
    for inner in getattr(exc, "exceptions", ()):
        found = _find_failure(inner)
        if found is not None:
            return found
    return None


@check(
    "per-item-results-match-model",
    group="properties",
    sentence="For random batches of own, missing and foreign orders and random statuses, in random media "
    "types, the results (and, in full mode, the stored statuses) are what the per-item rules say.",
    basis=Basis.ASSUMPTION,
    source="seed (per-item texts, Success/Error), GET /order-status flags; the order in which the "
    "per-item rules apply, and that an own order sent its own status succeeds (every safe-mode batch "
    "sends one), are action code",
    assumes=("Order of per-item rules", "Override to the current status"),
)
def results_match_model(ctx: Context) -> str | None:
    media = strategies.media_types(ctx)

    @given(batch=strategies.batches(ctx), content_type=media, accept=media)
    def prop(batch: list[Item], content_type: str, accept: str) -> None:
        state = before_of(ctx, batch)
        expected, after = model.apply(ctx.contract, ctx.catalogue, state, batch)
        exchange = ctx.put(
            bodies.override_body(ctx.contract, content_type, batch), content_type, accept=accept
        )
        results = ctx.results(exchange, "a random batch")
        got = Counter(r.key() for r in results)
        want = Counter(o.key() for o in expected)
        if got != want:
            extra, missing = sorted(map(str, got - want)), sorted(map(str, want - got))
            raise CheckFailed(f"unexpected results {extra}; expected but missing {missing}", exchange)
        if ctx.full:
            ctx.expect_unchanged(after, exchange, "the stored statuses should follow the model")

    _run(ctx, prop)
    return partly_verified(ctx, "the results", "the stored statuses")


@check(
    "invalid-item-anywhere-rejects-batch",
    group="properties",
    sentence="A random valid batch with one invalid item at a random place (JSON or XML) is rejected "
    "with 400 "
    "and nothing in it is applied.",
    basis=Basis.FRAMEWORK,
    source="FW: binding and validation run before the action (FormatterParameterBinding.cs); the invalid "
    "items are only those the framework refuses (strategies.invalid_json_items/invalid_xml_items); "
    "shared/reference/aspnet-webapi-behaviour.md",
)
def invalid_item_anywhere(ctx: Context) -> str | None:
    c = ctx.contract

    @given(
        batch=strategies.batches(ctx, max_size=c.batch_max - 1),
        where=st.integers(min_value=0),
        as_json=st.booleans(),
        bad_json=strategies.invalid_json_items(ctx),
        bad_xml=strategies.invalid_xml_items(ctx),
        media=st.integers(min_value=0, max_value=1),
    )
    def prop(
        batch: list[Item], where: int, as_json: bool, bad_json: dict[str, Any], bad_xml: Any, media: int
    ) -> None:
        before = before_of(ctx, batch)
        at = where % (len(batch) + 1)
        if as_json:
            content_type = c.json_types[media % len(c.json_types)]
            raw: list[Any] = [json_item(ctx, n, s) for n, s in batch]
            raw.insert(at, bad_json)
            body = bodies.json_body(raw)
        else:
            content_type = c.xml_types[media % len(c.xml_types)]
            xml_items = [xml_item(ctx, str(n), s) for n, s in batch]
            xml_items.insert(at, bad_xml)
            body = bodies.xml_body(c, xml_items)
        exchange = ctx.put(body, content_type, accept=c.json_types[0])
        ctx.expect_rejected(exchange, before, f"a batch with an invalid item at {at}")

    _run(ctx, prop)
    return partly_verified(ctx, "the 400 of every example")
