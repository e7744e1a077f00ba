"""What to send: Hypothesis strategies for batches, built from the run's orders and the contract.

Plain Hypothesis (hypothesis-jsonschema is broken with current Hypothesis). Safe mode only ever
sends an own order its own status; full mode sends it any status a user may override to. Another
account's order only ever gets targets a user may NOT override to, in both modes (a server that
wrongly applies them still cannot change it); without such a target it is left out.
"""

from __future__ import annotations

from typing import Any

from hypothesis import strategies as st

from .bodies import Item, XmlItem
from .context import Context
from .contract import OVERRIDE

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
    return st.sampled_from(list(ctx.contract.op(OVERRIDE).request_media))


def _unknown_statuses(ctx: Context) -> st.SearchStrategy[str]:
    """Status texts that neither Json.NET nor XmlSerializer binds: not a name in any case, and not
    starting with a digit or sign (Json.NET reads "16" or "-1" as a numeric value, which binds)."""
    known = {s.lower() for s in (*ctx.catalogue, *ctx.contract.status_names)}
    return st.text(alphabet=st.characters(codec="ascii", categories=("L", "N")), max_size=20).filter(
        lambda s: s.lower() not in known and not s[:1].isdigit()
    )


def invalid_json_items(ctx: Context) -> st.SearchStrategy[dict[str, Any]]:
    """A JSON item the framework refuses (400 before the action runs), and only such items.

    An OrderNumber below 1 (null and a missing one bind as 0) fails the pattern; one beyond Int32, a
    fraction or a boolean fails Json.NET's reader; an unknown status name fails StringEnumConverter.
    Not here, because they bind (shared/reference/aspnet-webapi-behaviour.md): number strings
    ("1001"), status names in another case, numeric status ids, and a missing or null OrderStatus
    (bound as 0, which reaches the action).
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
    )


def invalid_xml_items(ctx: Context) -> st.SearchStrategy[XmlItem]:
    """An XML item the framework refuses: OrderNumber text XmlConvert cannot read as an Int32
    (blank, a fraction, an exponent, trailing letters, beyond Int32), one that binds below 1 ('0',
    '-N', a missing element), or a status that is not exactly a name.

    Not here, because XmlConvert reads them as N: leading zeros, a '+' sign, white space around."""
    c = ctx.contract
    number = st.sampled_from(list(ctx.absent)).map(str)
    bad_text = st.one_of(
        number.map(lambda t: "-" + t),
        st.tuples(number, st.sampled_from([".0", "e0", "x", " 1"])).map(lambda p: p[0] + p[1]),
        st.sampled_from(["", " ", "0", "-0", "+"]),
        st.integers(min_value=c.number_max + 1, max_value=10**20).map(str),
    )
    status = st.sampled_from(list(ctx.catalogue))
    return st.one_of(
        st.builds(lambda t, s: [(c.number_field, t), (c.status_field, s)], bad_text, status),
        st.builds(lambda t, s: [(c.number_field, t), (c.status_field, s)], number, _unknown_statuses(ctx)),
        st.builds(lambda s: [(c.status_field, s)], status),
    )
