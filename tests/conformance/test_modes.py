"""Safe mode changes no order (even on a faulty server); full mode restores every order, also
after a failing check or an interrupt; the mode defaults and refusals."""

from __future__ import annotations

from typing import Any

import pytest
from storefeeder_conformance import Basis, ConfigError, Mode, Outcome, restoring, run
from storefeeder_conformance.checks import Check
from storefeeder_conformance.config import RunConfig
from storefeeder_conformance.context import CheckFailed, Context
from storefeeder_conformance.runner import DEFAULT_FULL_WARNING
from storefeeder_conformance.target import Target, is_loopback, resolve_mode
from storefeeder_mock import RunningMock

from .conftest import Captured, all_statuses, config_for, seeded_statuses

WRITING_MUTANTS = ("not-overridable-ignored", "partial-apply", "auth-any-bearer", "locked-status-movable")
"""Faulty servers that would apply what safe mode sends, if safe mode sent anything that changes."""


@pytest.mark.parametrize(
    "mutant",
    [
        pytest.param(None, marks=pytest.mark.storefeeder_mock(seed=2, token_lifetime=3.0), id="faithful"),
        *(
            pytest.param(m, marks=pytest.mark.storefeeder_mock(seed=2, mutant=m), id=m)
            for m in WRITING_MUTANTS
        ),
    ],
)
def test_safe_mode_changes_no_order(
    storefeeder_mock: RunningMock, console: Captured, mutant: str | None
) -> None:
    report = run(config_for(storefeeder_mock, mode=Mode.SAFE), console)
    assert report.settings["mode"] == "safe"
    if mutant is None:
        failed = [f"{r.name}: {r.message}" for r in report.results if r.outcome is Outcome.FAIL]
        assert not failed
    assert all_statuses(storefeeder_mock) == seeded_statuses(storefeeder_mock)


def _wreck(ctx: Context) -> None:
    """Move every movable order to another status, check that it moved, then stop."""
    for number in ctx.movable():
        ctx.put_items([(number, ctx.other_target(ctx.own[number]))])
    assert any(ctx.status_of(n) != ctx.own[n] for n in ctx.movable())


def _interrupting(ctx: Context) -> None:
    _wreck(ctx)
    raise KeyboardInterrupt


def _failing(ctx: Context) -> None:
    _wreck(ctx)
    raise CheckFailed("planted failure")


def _check(name: str, func: object) -> Check:
    assert callable(func)
    return Check(name=name, group="semantics", sentence="test", basis=Basis.SEED, source="test", run=func)


@pytest.mark.storefeeder_mock(seed=4)
def test_full_mode_restores_after_interrupt(storefeeder_mock: RunningMock, console: Captured) -> None:
    config = config_for(storefeeder_mock, mode=Mode.FULL)
    checks = [
        _check("wreck", _wreck),
        _check("wreck-then-interrupt", _interrupting),
        _check("never", _failing),
    ]
    with pytest.raises(KeyboardInterrupt):
        run(config, console, checks=checks)
    assert "interrupted" in console.text
    assert "PASS  orders-left-as-found" in console.text
    assert "never" not in console.text
    assert all_statuses(storefeeder_mock, [0]) == seeded_statuses(storefeeder_mock, [0])


@pytest.mark.storefeeder_mock(seed=4)
def test_full_mode_restores_after_a_failing_check(storefeeder_mock: RunningMock, console: Captured) -> None:
    report = run(config_for(storefeeder_mock, mode=Mode.FULL), console, checks=[_check("planted", _failing)])
    assert report.failed == ["planted"]
    assert report.results[-1].name == "orders-left-as-found" and report.results[-1].outcome is Outcome.PASS
    assert all_statuses(storefeeder_mock, [0]) == seeded_statuses(storefeeder_mock, [0])


@pytest.mark.storefeeder_mock(seed=4)
def test_a_crashing_check_fails_and_is_restored(storefeeder_mock: RunningMock, console: Captured) -> None:
    def crash(ctx: Context) -> None:
        _wreck(ctx)
        raise RuntimeError("boom")

    report = run(config_for(storefeeder_mock, mode=Mode.FULL), console, checks=[_check("crash", crash)])
    assert report.failed == ["crash"] and "RuntimeError: boom" in report.results[0].message
    assert all_statuses(storefeeder_mock, [0]) == seeded_statuses(storefeeder_mock, [0])


def test_mode_defaults_and_refusals() -> None:
    def target(url: str) -> Target:
        return Target(url, None, "t", [], None, False)

    assert (
        is_loopback("http://127.0.0.1:8080")
        and is_loopback("http://localhost")
        and is_loopback("http://[::1]:1")
    )
    assert not is_loopback("https://rest.storefeeder.com")
    assert resolve_mode(RunConfig(), target("https://rest.storefeeder.com")) is Mode.SAFE
    assert resolve_mode(RunConfig(), target("http://127.0.0.1:9")) is Mode.FULL
    with pytest.raises(ConfigError, match="--allow-writes"):
        resolve_mode(RunConfig(mode=Mode.FULL), target("https://rest.storefeeder.com"))
    assert (
        resolve_mode(RunConfig(mode=Mode.FULL, allow_writes=True), target("https://x.example")) is Mode.FULL
    )


@pytest.mark.storefeeder_mock(seed=4)
def test_an_order_of_another_account_is_refused_as_own(
    storefeeder_mock: RunningMock, console: Captured
) -> None:
    foreign = storefeeder_mock.fixtures["accounts"][1]["orders"][0]["OrderNumber"]
    with pytest.raises(ConfigError, match=f"--order {foreign}"):
        run(config_for(storefeeder_mock, orders=[foreign]), console)


@pytest.mark.storefeeder_mock(seed=1, faults="429=0.15:0,503=0.05:0,seed=3,on=/orders")
def test_throttling_is_waited_out_not_reported(storefeeder_mock: RunningMock, console: Captured) -> None:
    """429 and 503 ('nothing was changed, try again') are retried after Retry-After, not failures."""
    select = [
        "batch-limit-51-rejected",
        "one-result-per-item",
        "success-visible-through-get",
        "per-item-results-match-model",
    ]
    report = run(config_for(storefeeder_mock, select=select), console)
    assert report.exit_code == 0, console.text


@pytest.mark.storefeeder_mock(seed=4)
def test_restore_goes_on_past_an_unreadable_order(
    storefeeder_mock: RunningMock, console: Captured, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An order GET cannot read is reported; every other order (also later ones) is still restored."""
    hidden: list[int] = []
    real_read = restoring.read_status

    def read_status(contract: Any, wire: Any, tokens: Any, number: int) -> str:
        if number in hidden:
            raise RuntimeError(f"GET of own order {number} answered 500")
        return real_read(contract, wire, tokens, number)

    def wreck_then_hide(ctx: Context) -> None:
        _wreck(ctx)
        hidden.append(ctx.movable()[0])  # the first movable order: others come after it

    monkeypatch.setattr(restoring, "read_status", read_status)
    report = run(
        config_for(storefeeder_mock, mode=Mode.FULL), console, checks=[_check("wreck", wreck_then_hide)]
    )
    assert report.results[0].outcome is Outcome.PASS, report.results[0].message
    guard, [unreadable] = report.results[-1], hidden
    assert guard.name == "orders-left-as-found" and guard.outcome is Outcome.FAIL
    assert f"cannot read order {unreadable}" in guard.message
    now, seeded = all_statuses(storefeeder_mock, [0]), seeded_statuses(storefeeder_mock, [0])
    assert now[unreadable] != seeded[unreadable]
    del now[unreadable], seeded[unreadable]
    assert now == seeded


@pytest.mark.storefeeder_mock(seed=4)
@pytest.mark.parametrize("mode", [None, Mode.FULL, Mode.SAFE])
def test_default_full_mode_on_loopback_says_it_writes(
    storefeeder_mock: RunningMock, console: Captured, mode: Mode | None
) -> None:
    """A loopback URL may be a tunnel to a real service: full mode chosen by default says so."""
    run(config_for(storefeeder_mock, mode=mode, select=["one-result-per-item"]), console)
    lines = console.text.splitlines()
    assert (DEFAULT_FULL_WARNING in lines) is (mode is None)
    if mode is None:
        assert lines.index(DEFAULT_FULL_WARNING) == 1  # right after the line naming the target


def test_the_embedded_mock_needs_no_such_warning(console: Captured) -> None:
    run(RunConfig(max_examples=5, select=["one-result-per-item"]), console)
    assert "full mode" in console.text and DEFAULT_FULL_WARNING not in console.text
