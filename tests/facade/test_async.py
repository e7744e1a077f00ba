"""AsyncStoreFeeder against the mock over loopback: batching, order, concurrency, faults, expiry."""

from __future__ import annotations

import asyncio
import json
import math
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from storefeeder_mock import RunningMock, running_mock

from storefeeder import (
    AsyncStoreFeeder,
    AuthenticationFailed,
    BatchFailed,
    BatchReport,
    Outcome,
    OverrideResult,
    RetryPolicy,
    StoreFeeder,
    TransportFailed,
)

from .support import LOCKED, Recording, async_api, orders, other_target, override_async, stored_status

PUT = "/orders/override-order-statuses"


@pytest.fixture(scope="module")
def mock() -> Iterator[RunningMock]:
    with running_mock(seed=21) as running:
        yield running


def _expected_outcome(mock: RunningMock, number: int, target: str) -> Outcome:
    mine = {o["OrderNumber"] for o in orders(mock)}
    if number not in mine or stored_status(mock, number) == LOCKED:
        return Outcome.FAILED
    return Outcome.SUCCEEDED


def _check_against_store(mock: RunningMock, changes: list[tuple[int, str]], results: list[Any]) -> None:
    """One result per change, in input order, each with its batch; the store agrees with each."""
    assert [(r.order_number, str(r.order_status)) for r in results] == changes
    assert [r.batch for r in results] == [i // 50 + 1 for i in range(len(changes))]
    for result in results:
        stored = stored_status(mock, result.order_number)
        if result.outcome is Outcome.SUCCEEDED:
            assert stored == str(result.order_status), result
        else:
            assert result.outcome is Outcome.FAILED and result.error, result


@pytest.mark.parametrize("count", [0, 1, 50, 51])
def test_small_counts_go_in_the_right_batches(mock: RunningMock, count: int) -> None:
    start = {0: 0, 1: 10, 50: 20, 51: 80}[count]
    chosen = orders(mock)[start : start + count]
    changes = [(o["OrderNumber"], other_target(o["OrderStatus"])) for o in chosen]
    expected = [_expected_outcome(mock, number, status) for number, status in changes]
    recording = Recording()
    reports: list[BatchReport] = []

    results = override_async(mock, changes, on_batch=reports.append, transport=recording, max_in_flight=4)
    _check_against_store(mock, changes, results)
    assert [r.outcome for r in results] == expected
    assert len(recording.outcomes(PUT)) == math.ceil(count / 50)
    assert sorted(report.batch.number for report in reports) == list(range(1, math.ceil(count / 50) + 1))
    assert recording.outcomes("/Token") == ([200] if count else []), "no login when there is nothing to do"


def test_ten_thousand_changes_four_in_flight() -> None:
    with running_mock(seed=22) as mock:
        numbers = [o["OrderNumber"] for account in range(3) for o in orders(mock, account)]
        numbers += [mock.fixtures["free_order_numbers"]["min"] + i for i in range(1000)]
        assert len(numbers) == 10_000
        target = {o["OrderNumber"]: other_target(o["OrderStatus"]) for o in orders(mock)}
        changes = [(n, target.get(n, "OnHold")) for n in numbers]
        expected = [_expected_outcome(mock, n, s) for n, s in changes]
        recording = Recording()

        results = override_async(mock, changes, transport=recording, max_in_flight=4)
        _check_against_store(mock, changes, results)
        assert [r.outcome for r in results] == expected
        assert len(recording.outcomes(PUT)) == 200 and recording.peak == 4


def test_faults_under_concurrency_resolve_every_change_exactly_once() -> None:
    faults = "429=0.1:1,503=0.1,drop=0.05,drop-after=0.05,latency=0.3:1-5,seed=7"
    with running_mock(seed=23, faults=faults) as mock:
        chosen = orders(mock)[:1000]
        changes = [(o["OrderNumber"], other_target(o["OrderStatus"])) for o in chosen]
        before = {o["OrderNumber"]: o["OrderStatus"] for o in chosen}
        recording = Recording()
        reports: list[BatchReport] = []

        results = override_async(mock, changes, on_batch=reports.append, transport=recording, max_in_flight=4)
        assert len(results) == len(changes)
        assert all(r.outcome in (Outcome.SUCCEEDED, Outcome.FAILED) for r in results)
        assert sorted(report.batch.number for report in reports) == list(range(1, 21)), "each batch once"
        _check_against_store(mock, changes, results)
        for result in results:
            if result.outcome is Outcome.FAILED:
                assert stored_status(mock, result.order_number) == before[result.order_number] == LOCKED
        seen = set(recording.outcomes(PUT))
        assert {429, 503, "RemoteProtocolError"} <= seen, seen
        assert recording.peak == 4


def test_an_expired_token_is_replaced_mid_run_once_per_expiry() -> None:
    with running_mock(seed=24, token_lifetime=0.3, faults="latency=1:15,on=/orders") as mock:
        chosen = orders(mock)[:2000]
        changes = [(o["OrderNumber"], other_target(o["OrderStatus"])) for o in chosen]
        recording = Recording()

        results = override_async(mock, changes, transport=recording, max_in_flight=2)
        _check_against_store(mock, changes, results)
        logins = len(recording.outcomes("/Token"))
        refused = recording.outcomes(PUT).count(401)
        assert logins >= 2 and refused >= 1, (logins, refused)
        assert logins - 1 <= refused, "concurrent 401s share one login"
        assert logins <= 1 + refused and logins < 40


class BreaksAfter(httpx.AsyncHTTPTransport):
    """Every request after the first `good` ones fails to connect."""

    def __init__(self, good: int) -> None:
        super().__init__()
        self.left = good

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        self.left -= 1
        if self.left < 0:
            raise httpx.ConnectError("the network went away")
        return await super().handle_async_request(request)


def test_a_failed_batch_leaves_its_items_unknown_and_stops_new_batches(mock: RunningMock) -> None:
    chosen = orders(mock)[300:550]  # 5 batches
    changes = [(o["OrderNumber"], other_target(o["OrderStatus"])) for o in chosen]

    async def run() -> None:
        transport = BreaksAfter(good=3)  # /Token, batches 1 and 2
        async with async_api(mock, transport=transport, retry=RetryPolicy(2, 0.001, 0.001)) as api:
            await api.override_statuses(changes)

    with pytest.raises(BatchFailed) as raised:
        asyncio.run(run())
    failure = raised.value
    assert isinstance(failure.cause, TransportFailed) and failure.batch_number == 3
    outcomes = [r.outcome for r in failure.results]
    assert all(o in (Outcome.SUCCEEDED, Outcome.FAILED) for o in outcomes[:100])
    assert outcomes[100:150] == [Outcome.UNKNOWN] * 50 and outcomes[150:] == [Outcome.NOT_SENT] * 100
    assert all(r.success is None for r in failure.unknown) and len(failure.unknown) == 50
    assert str(failure).startswith("batch 3 of 5 failed: TransportFailed")
    assert "50 unknown, 100 not sent" in str(failure)
    for result in failure.results[150:]:
        assert stored_status(mock, result.order_number) != str(result.order_status), "not sent means not sent"


def test_refused_credentials_raise_before_any_batch(mock: RunningMock) -> None:
    account = mock.account(0)
    recording = Recording()

    async def run() -> None:
        async with AsyncStoreFeeder(
            mock.base_url,
            username=account.username,
            password="wrong",
            client_id=account.client_id,
            max_in_flight=4,
            transport=recording,
        ) as api:
            await api.override_statuses([(orders(mock)[0]["OrderNumber"], "OnHold")] * 200)

    with pytest.raises(AuthenticationFailed):
        asyncio.run(run())
    assert [path for path, _, _ in recording.attempts] == ["/Token"]


def test_requests_per_second_spaces_every_request(mock: RunningMock) -> None:
    chosen = orders(mock)[600:800]
    changes = [(o["OrderNumber"], "OnHold") for o in chosen]
    recording = Recording()

    async def run() -> None:
        async with async_api(mock, transport=recording, max_in_flight=4, requests_per_second=40) as api:
            await api.override_statuses(changes)

    asyncio.run(run())
    starts = sorted(started for _, _, started in recording.attempts)
    assert len(starts) == 5  # /Token and 4 batches
    # Slots are reserved 1/40 s apart and nothing starts before its slot; a late wake-up can
    # shorten one gap, never the whole span.
    assert starts[-1] - starts[0] >= 4 / 40 * 0.9, starts


def test_sync_and_async_agree(mock: RunningMock) -> None:
    chosen = orders(mock)[900:960]
    foreign = orders(mock, 1)[0]["OrderNumber"]
    changes = [(o["OrderNumber"], "CourierClaim") for o in chosen] + [(foreign, "OnHold")]
    account = mock.account(0)
    with StoreFeeder(
        mock.base_url, username=account.username, password=account.password, client_id=account.client_id
    ) as sync_api:
        first = sync_api.override_statuses(changes)

    assert override_async(mock, changes, max_in_flight=2) == first
    assert first[-1].outcome is Outcome.FAILED and first[-1].batch == 2


def test_options_are_checked(mock: RunningMock) -> None:
    with pytest.raises(ValueError, match="max_in_flight"):
        async_api(mock, max_in_flight=0)
    with pytest.raises(ValueError, match="requests_per_second"):
        async_api(mock, requests_per_second=0)


def test_concurrent_401s_share_one_login() -> None:
    """Four batches in flight all meet an expired token: one new login, not four."""
    logins: list[str] = []
    refused: list[str] = []

    async def handle(request: httpx.Request) -> httpx.Response:
        if request.url.path == "/Token":
            logins.append(f"t{len(logins) + 1}")
            await asyncio.sleep(0.05 if len(logins) > 1 else 0)  # the others meet 401 meanwhile
            return httpx.Response(
                200, json={"access_token": logins[-1], "token_type": "bearer", "expires_in": 60}
            )
        token = request.headers["authorization"].split()[-1]
        await asyncio.sleep(0.02)  # keep all four in flight together
        if token == "t1":  # the first token expires at once
            refused.append(token)
            return httpx.Response(401, json={"Message": "Authorization has been denied for this request."})
        items = json.loads(request.content)
        return httpx.Response(200, json=[{**item, "Success": True} for item in items])

    async def run() -> list[OverrideResult]:
        async with AsyncStoreFeeder(
            "http://api.test",
            username="u",
            password="p",
            client_id="c",
            max_in_flight=4,
            transport=httpx.MockTransport(handle),
        ) as api:
            return await api.override_statuses([(n, "OnHold") for n in range(1, 201)])

    results = asyncio.run(run())
    assert [r.outcome for r in results] == [Outcome.SUCCEEDED] * 200
    assert refused == ["t1"] * 4 and logins == ["t1", "t2"]
