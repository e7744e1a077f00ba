"""The façade against the real mock over loopback: auth, batching, retries, clear errors."""

from __future__ import annotations

import time
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from storefeeder_mock import RunningMock, running_mock

from storefeeder import (
    BATCH_LIMIT,
    ApiError,
    AuthenticationFailed,
    BatchFailed,
    InvalidRequest,
    Outcome,
    RetryPolicy,
    StoreFeeder,
    TransportFailed,
)

from ..contract.spec_walk import load_spec
from .support import credentials, orders

NOT_FOUND = "Order doesnt exist or you do not have permission to access it."
NOT_ALLOWED = "Order cannot be overrriden to the given status."
FAST_RETRY = RetryPolicy(attempts=8, backoff=0.01, max_wait=0.05)


@pytest.fixture(scope="module")
def mock() -> Iterator[RunningMock]:
    with running_mock(seed=3) as running:
        yield running


def _api(mock: RunningMock, **options: Any) -> StoreFeeder:
    return StoreFeeder(mock.base_url, **credentials(mock), retry=options.pop("retry", FAST_RETRY), **options)


def _free_number(mock: RunningMock, offset: int = 0) -> int:
    free: int = mock.fixtures["free_order_numbers"]["min"] + offset
    return free


def test_batch_limit_matches_the_spec() -> None:
    spec = load_spec()
    assert spec["components"]["schemas"]["ArrayOfOverrideOrderStatusModel"]["maxItems"] == BATCH_LIMIT


@pytest.mark.parametrize("media_type", ["application/json", "text/xml"])
def test_more_than_50_changes_go_in_batches_in_order(mock: RunningMock, media_type: str) -> None:
    mine = [order["OrderNumber"] for order in orders(mock)[:110]]
    foreign = orders(mock, 1)[0]["OrderNumber"]
    changes = [(number, "OnHold") for number in mine] + [
        (foreign, "OnHold"),
        (mine[0], "PendingWaitingAllStock"),
    ]
    with _api(mock, media_type=media_type) as api:
        results = api.override_statuses(changes)
        assert [(r.order_number, str(r.order_status)) for r in results] == changes
        awaiting_payment = {
            o["OrderNumber"] for o in orders(mock)[:110] if o["OrderStatus"] == "AwaitingPayment"
        }
        for result in results[:110]:
            assert result.success is (result.order_number not in awaiting_payment), result
        assert (results[110].success, results[110].error) == (False, NOT_FOUND)
        assert (results[111].success, results[111].error) == (False, NOT_ALLOWED)
        moved = next(n for n in mine if n not in awaiting_payment)
        order = api.get_order(moved)
        assert order is not None and str(order.order_status) == "OnHold"


def test_bad_input_is_refused_before_anything_is_sent(mock: RunningMock) -> None:
    first = orders(mock)[120]
    with _api(mock) as api:
        with pytest.raises(InvalidRequest, match=r"item 1: OrderNumber 0 .*item 2: OrderNumber 2147483648"):
            api.override_statuses([(first["OrderNumber"], "Despatched"), (0, "OnHold"), (2**31, "OnHold")])
        order = api.get_order(first["OrderNumber"])
        assert order is not None and str(order.order_status) == first["OrderStatus"]


def test_unknown_status_is_the_servers_400_with_its_reason(mock: RunningMock) -> None:
    with _api(mock) as api, pytest.raises(ApiError) as raised:
        api.override_statuses([(orders(mock)[0]["OrderNumber"], "NoSuchStatus")])
    assert raised.value.status_code == 400 and raised.value.model_state


def test_a_later_batch_failing_keeps_the_earlier_results(mock: RunningMock) -> None:
    mine = [order["OrderNumber"] for order in orders(mock)[200:251]]
    changes = [(number, "OnHold") for number in mine[:50]] + [(mine[50], "NoSuchStatus")]
    with _api(mock) as api, pytest.raises(BatchFailed) as raised:
        api.override_statuses(changes)
    assert len(raised.value.completed) == 50
    assert isinstance(raised.value.cause, ApiError) and raised.value.cause.status_code == 400
    assert str(raised.value).startswith("batch 2 of 2 failed: ApiError: HTTP 400")
    assert [r.outcome for r in raised.value.results][50:] == [Outcome.REJECTED]
    assert "Nothing is unknown" in str(raised.value)


def test_catalogue_and_missingorders(mock: RunningMock) -> None:
    with _api(mock) as api:
        assert {"OnHold", "Despatched"} <= api.overridable_statuses()
        assert "PendingWaitingAllStock" not in api.overridable_statuses()
        assert api.get_order(_free_number(mock)) is None
        assert api.get_order(orders(mock, 1)[0]["OrderNumber"]) is None, "a foreign order looks missing"


def test_bad_credentials_raise_authentication_failed(mock: RunningMock) -> None:
    account = mock.account(0)
    api = StoreFeeder(mock.base_url, username=account.username, password="wrong", client_id=account.client_id)
    with api, pytest.raises(AuthenticationFailed):
        api.order_statuses()


def test_an_expired_token_is_replaced_once() -> None:
    transport = PathCounter()
    with (
        running_mock(seed=4, token_lifetime=0.5) as short_lived,
        _api(short_lived, transport=transport) as api,
    ):
        assert api.order_statuses()
        time.sleep(0.7)
        assert api.order_statuses(), "the expired token was replaced and the call repeated"
        assert transport.paths == ["/Token", "/order-status", "/order-status", "/Token", "/order-status"]


class PathCounter(httpx.HTTPTransport):
    def __init__(self) -> None:
        super().__init__()
        self.paths: list[str] = []

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        self.paths.append(request.url.path)
        return super().handle_request(request)


class CountingTransport(httpx.HTTPTransport):
    """Records what each attempt met, so the test can show faults really happened."""

    def __init__(self) -> None:
        super().__init__()
        self.outcomes: list[int | str] = []

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        try:
            response = super().handle_request(request)
        except httpx.TransportError as error:
            self.outcomes.append(type(error).__name__)
            raise
        self.outcomes.append(response.status_code)
        return response


def test_faults_are_retried_and_every_change_lands() -> None:
    faults = "429=0.2:0,503=0.2,drop=0.1,drop-after=0.1,seed=11"
    transport = CountingTransport()
    with running_mock(seed=5, faults=faults) as flaky, _api(flaky, transport=transport) as api:
        chosen = [o for o in orders(flaky)[:150] if o["OrderStatus"] != "AwaitingPayment"]
        target = {
            o["OrderNumber"]: ("Despatched" if o["OrderStatus"] != "Despatched" else "OnHold") for o in chosen
        }
        results = api.override_statuses(target)
        assert all(result.success for result in results)
        for number, status in list(target.items())[::10]:
            order = api.get_order(number)
            assert order is not None and str(order.order_status) == status
    assert {503, "RemoteProtocolError"} <= set(transport.outcomes), transport.outcomes


def test_retries_are_bounded() -> None:
    with (
        running_mock(seed=6, faults="503=1.0") as down,
        _api(down, retry=RetryPolicy(2, 0.01, 0.01)) as api,
        pytest.raises(AuthenticationFailed, match="503"),
    ):
        api.order_statuses()


def test_transport_errors_surface_after_retries() -> None:
    api = StoreFeeder(
        "http://127.0.0.1:9", username="u", password="p", client_id="c", retry=RetryPolicy(2, 0.01)
    )
    with api, pytest.raises(TransportFailed, match="ConnectError"):
        api.order_statuses()


class FailingAfter(httpx.HTTPTransport):
    """A transport whose connection breaks for good after `good` requests."""

    def __init__(self, good: int) -> None:
        super().__init__()
        self.left = good

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        self.left -= 1
        if self.left < 0:
            raise httpx.ConnectError("the network went away")
        return super().handle_request(request)


def test_a_lost_connection_in_a_later_batch_keeps_the_earlier_results(mock: RunningMock) -> None:
    mine = [order["OrderNumber"] for order in orders(mock)[300:379]]
    transport = FailingAfter(good=2)  # POST /Token, then the first batch
    with (
        _api(mock, transport=transport, retry=RetryPolicy(2, 0.01, 0.01)) as api,
        pytest.raises(BatchFailed) as raised,
    ):
        api.override_statuses([(number, "OnHold") for number in mine])
    assert len(raised.value.completed) == 50
    assert isinstance(raised.value.cause, TransportFailed)
    outcomes = [r.outcome for r in raised.value.results]
    assert outcomes[50:] == [Outcome.UNKNOWN] * 29, "the batch that got no answer is unknown, not dropped"
    assert [r.batch for r in raised.value.results][49:51] == [1, 2]
    assert "29 unknown" in str(raised.value) and "sending them again is safe" in str(raised.value)
