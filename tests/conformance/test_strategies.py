"""What the strategies send: the foreign order only refused targets, "invalid" items only ones the
framework refuses."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from storefeeder_conformance import strategies
from storefeeder_conformance.checks.semantics import mixed_batch
from storefeeder_conformance.context import Context, Mode
from storefeeder_conformance.contract import Contract

FOREIGN = 1_500_000_000


def _offline_context(contract: Contract, mode: Mode, catalogue: dict[str, bool]) -> Context:
    """A Context for what needs no server: strategies and batches built from the run's fixtures."""
    refused = [s for s, ok in catalogue.items() if not ok]
    own = {11: "OnHold", 12: "Despatched", **({13: refused[0]} if refused else {})}
    return Context(
        contract=contract,
        wire=None,  # type: ignore[arg-type]
        tokens=None,  # type: ignore[arg-type]
        mode=mode,
        seed=0,
        max_examples=10,
        catalogue=catalogue,
        own=own,
        foreign=FOREIGN,
        absent=[2_000_000_001, 2_000_000_002, 2_000_000_003],
    )


CATALOGUES = {
    "with-refused": {"OnHold": True, "Despatched": True, "Assigned": False},
    "all-overridable": {"OnHold": True, "Despatched": True},
}


@pytest.mark.parametrize("mode", list(Mode))
@pytest.mark.parametrize("catalogue", list(CATALOGUES))
def test_foreign_order_only_ever_gets_refused_targets(contract: Contract, mode: Mode, catalogue: str) -> None:
    """In both modes: a server that wrongly applies what the foreign order is sent changes nothing."""
    ctx = _offline_context(contract, mode, CATALOGUES[catalogue])
    sent: list[tuple[int, str]] = []

    @settings(max_examples=200, database=None, derandomize=True)
    @given(batch=strategies.batches(ctx))
    def collect(batch: list[tuple[int, str]]) -> None:
        sent.extend(batch)

    collect()
    sent.extend(mixed_batch(ctx))
    foreign_targets = {s for n, s in sent if n == FOREIGN}
    assert all(not ctx.catalogue[s] for s in foreign_targets), foreign_targets
    assert bool(foreign_targets) == bool(ctx.not_overridable)


def test_invalid_json_items_are_only_what_the_framework_refuses(contract: Contract) -> None:
    """No generated "invalid" JSON item is one ASP.NET binds: no number string (Json.NET reads
    "1001"), no status name in another case or a numeric id, no item without OrderStatus (bound as
    0, it reaches the action)."""
    ctx = _offline_context(contract, Mode.FULL, CATALOGUES["with-refused"])
    items: list[dict[str, object]] = []

    @settings(max_examples=400, database=None, derandomize=True)
    @given(item=strategies.invalid_json_items(ctx))
    def collect(item: dict[str, object]) -> None:
        items.append(item)

    collect()
    known = {s.lower() for s in (*ctx.catalogue, *contract.status_names)}
    for item in items:
        number, status = item.get(contract.number_field), item.get(contract.status_field)
        assert contract.status_field in item, item
        assert not isinstance(number, str), item
        assert isinstance(status, str), item
        bad_number = contract.number_field not in item or not (
            type(number) is int and contract.number_min <= number <= contract.number_max
        )
        bad_status = status.strip().lower() not in known and not status[:1].isdigit()
        assert bad_number or bad_status, item


XML_BINDS = re.compile(r"[\t\n\r ]*\+?0*([1-9][0-9]*)[\t\n\r ]*")
"""OrderNumber text XmlConvert.ToInt32 reads as a number of 1 or more."""


def test_invalid_xml_items_are_only_what_the_framework_refuses(contract: Contract) -> None:
    """No generated "invalid" XML item is one XmlSerializer binds and the pattern passes: leading
    zeros, a '+' sign and white space around the number bind, so they are never sent as invalid."""
    ctx = _offline_context(contract, Mode.FULL, CATALOGUES["with-refused"])
    items: list[list[tuple[str, str]]] = []

    @settings(max_examples=400, database=None, derandomize=True)
    @given(item=strategies.invalid_xml_items(ctx))
    def collect(item: list[tuple[str, str]]) -> None:
        items.append(list(item))

    collect()
    names = set(ctx.catalogue) | set(contract.status_names)
    for item in items:
        fields = dict(item)
        match = XML_BINDS.fullmatch(fields.get(contract.number_field, ""))
        number_binds = match is not None and int(match.group(1)) <= contract.number_max
        assert not (number_binds and fields.get(contract.status_field) in names), item
