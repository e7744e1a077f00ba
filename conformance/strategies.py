"""What to send: Hypothesis strategies for batches, built from the run's orders and the contract.

Plain Hypothesis (hypothesis-jsonschema is broken with current Hypothesis). Safe mode only ever
sends an own order its own status; full mode sends it any status a user may override to. Another
account's order only ever gets targets a user may NOT override to, in both modes (a server that
wrongly applies them still cannot change it); without such a target it is left out.
"""

from __future__ import annotations

from typing import Any

from hypothesis import strategies as st

from .bodies import XmlItem
from .context import Context, Item

MAX_BATCH = 12
"""Batches drawn by the properties stay small: the rules are per item; the limit has its own check."""


def items(ctx: Context) -> st.SearchStrategy[Item]:
    """One well-formed item: an own order, a missing one or (when given) another account's, the
    latter only with a target a user may not override to (left out when the catalogue has none).

    Own orders only ever get a permitted target (full mode) or their own status (safe mode, and
    orders already in a refused status), so a faulty server cannot strand an order in a status
    that the run could not override it back from.
    """
    statuses = list(ctx.catalogue)
    choices: list[st.SearchStrategy[Item]] = []
    movable = ctx.movable()[:6]
    if movable:
        if ctx.full:
            choices.append(st.tuples(st.sampled_from(movable), st.sampled_from(ctx.overridable)))
        else:
            choices.append(st.sampled_from(movable).map(lambda n: (n, ctx.own[n])))
    stuck = [n for n, s in ctx.own.items() if not ctx.catalogue.get(s, False)][:3]
    if stuck:
        choices.append(st.sampled_from(stuck).map(lambda n: (n, ctx.own[n])))
    choices.append(st.tuples(st.sampled_from(list(ctx.absent)), st.sampled_from(statuses)))
    if ctx.foreign is not None and ctx.not_overridable:
        choices.append(st.tuples(st.just(ctx.foreign), st.sampled_from(ctx.not_overridable)))
    return st.one_of(choices)


def batches(ctx: Context, max_size: int = MAX_BATCH) -> st.SearchStrategy[list[Item]]:
    return st.lists(items(ctx), min_size=1, max_size=min(max_size, ctx.contract.batch_max))


def media_types(ctx: Context) -> st.SearchStrategy[str]:
    return st.sampled_from(list(ctx.contract.op("overrideOrderStatuses").request_media))


def _unknown_statuses(ctx: Context) -> st.SearchStrategy[str]:
    known = set(ctx.catalogue) | set(ctx.contract.status_names)
    return st.text(alphabet=st.characters(codec="ascii", categories=("L", "N")), max_size=20).filter(
        lambda s: s not in known
    )


def invalid_json_items(ctx: Context) -> st.SearchStrategy[dict[str, Any]]:
    """A JSON item that model binding must refuse: bad OrderNumber, unknown status or a missing field.

    No numeric-string OrderNumber ("1001"): Json.NET coerces it, so that rule is the skippable check
    `order-number-numeric-string-rejected`, not part of this property.
    """
    c = ctx.contract
    good_number = st.sampled_from(list(ctx.absent))
    good_status = st.sampled_from(list(ctx.catalogue))
    bad_number: st.SearchStrategy[Any] = st.one_of(
        st.integers(max_value=c.number_min - 1),
        st.integers(min_value=c.number_max + 1),
        st.floats(allow_nan=False, allow_infinity=False).filter(lambda f: not f.is_integer()),
        st.booleans(),
        st.none(),
    )
    return st.one_of(
        st.builds(lambda n, s: {c.number_field: n, c.status_field: s}, bad_number, good_status),
        st.builds(lambda n, s: {c.number_field: n, c.status_field: s}, good_number, _unknown_statuses(ctx)),
        st.builds(lambda s: {c.status_field: s}, good_status),
        st.builds(lambda n: {c.number_field: n}, good_number),
    )


def invalid_xml_items(ctx: Context) -> st.SearchStrategy[XmlItem]:
    """An XML item whose OrderNumber text breaks the text pattern, or whose status is unknown."""
    c = ctx.contract
    number = st.sampled_from(list(ctx.absent)).map(str)
    bad_text = st.one_of(
        number.map(lambda t: "0" + t),
        number.map(lambda t: "+" + t),
        number.map(lambda t: "-" + t),
        st.tuples(st.sampled_from([" ", "\t", "\n"]), number).map(lambda p: p[0] + p[1]),
        st.tuples(number, st.sampled_from([" ", "\n", ".0", "e0", "x"])).map(lambda p: p[0] + p[1]),
        st.just(""),
        st.just("0"),
        st.integers(min_value=c.number_max + 1, max_value=10**20).map(str),
    )
    status = st.sampled_from(list(ctx.catalogue))
    return st.one_of(
        st.builds(lambda t, s: [(c.number_field, t), (c.status_field, s)], bad_text, status),
        st.builds(lambda t, s: [(c.number_field, t), (c.status_field, s)], number, _unknown_statuses(ctx)),
    )
