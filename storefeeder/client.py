"""`StoreFeeder`: the generated client with what users need on top: auth, batching, retries.

    with StoreFeeder(base_url, username=..., password=..., client_id=...) as api:
        results = api.override_statuses({1001: "OnHold", 1002: "Despatched"})

The token is fetched on first use and fetched again once when the API answers 401 (it expired).
More than 50 changes are sent in batches of 50, in order. Input is checked before anything is sent.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from functools import partial
from types import TracebackType
from typing import Any, Self, TypeVar

import httpx
from storefeeder_client import AuthenticatedClient, Client
from storefeeder_client.api.authentication import create_token
from storefeeder_client.api.order_statuses import get_order_statuses
from storefeeder_client.api.orders import get_order, override_order_statuses
from storefeeder_client.models import (
    HttpError,
    HttpErrorModelState,
    OrderModel,
    OrderStatusModel,
    OverrideOrderStatusModel,
    OverrideOrderStatusResponse,
    Statuses,
    TokenError,
    TokenRequest,
    TokenRequestGrantType,
)
from storefeeder_client.types import MediaType, Response, XmlError

from .errors import (
    ApiError,
    AuthenticationFailed,
    BatchFailed,
    InvalidRequest,
    ResponseUnreadable,
    StoreFeederError,
    TransportFailed,
)
from .retry import RetryPolicy, RetryTransport

BATCH_LIMIT = 50  # openapi.yaml: ArrayOfOverrideOrderStatusModel.maxItems (a test keeps them equal)
ORDER_NUMBER_MAX = 2**31 - 1  # openapi.yaml: OrderNumber is int32, minimum 1

T = TypeVar("T")
Changes = Mapping[int, str] | Iterable[tuple[int, str]]


class StoreFeeder:
    def __init__(
        self,
        base_url: str,
        *,
        username: str,
        password: str,
        client_id: str,
        media_type: MediaType = "application/json",
        retry: RetryPolicy | None = None,
        timeout: float = 30.0,
        transport: httpx.BaseTransport | None = None,
    ) -> None:
        self._credentials = TokenRequest(
            grant_type=TokenRequestGrantType.PASSWORD,
            username=username,
            password=password,
            client_id=client_id,
        )
        self._media_type: MediaType = media_type
        self._transport = RetryTransport(transport, retry)
        self._base_url = base_url.rstrip("/")
        self._timeout = httpx.Timeout(timeout)
        self._anonymous = Client(
            base_url=self._base_url, timeout=self._timeout, httpx_args={"transport": self._transport}
        )
        self._api: AuthenticatedClient | None = None

    # --- auth ------------------------------------------------------------------------------------

    def _login(self) -> AuthenticatedClient:
        response = create_token.sync_detailed(client=self._anonymous, body=self._credentials)
        if isinstance(response.parsed, TokenError):
            raise AuthenticationFailed(response.parsed.error_description or response.parsed.error)
        if response.status_code != 200 or response.parsed is None:
            raise AuthenticationFailed(f"POST /Token answered HTTP {response.status_code}")
        # The old client is dropped, not closed: it shares the transport (and its pool) with this one.
        self._api = AuthenticatedClient(
            base_url=self._base_url,
            token=response.parsed.access_token,
            timeout=self._timeout,
            httpx_args={"transport": self._transport},
        )
        return self._api

    def _call(self, send: Callable[..., Response[T]]) -> Response[T]:
        """`send(client=...)` with the current token; on 401 log in again and send once more.

        Failures below the API (connection, timeout, an unreadable body) become StoreFeederErrors.
        """
        try:
            response = send(client=self._api or self._login())
            if response.status_code == 401:
                response = send(client=self._login())
                if response.status_code == 401:
                    raise AuthenticationFailed("a fresh token was refused (401)")
        except httpx.HTTPError as error:
            raise TransportFailed(f"{type(error).__name__}: {error}") from error
        except XmlError as error:
            raise ResponseUnreadable(str(error)) from error
        return response

    # --- operations ------------------------------------------------------------------------------

    def override_statuses(self, changes: Changes) -> list[OverrideOrderStatusResponse]:
        """Override order statuses, 50 per request, one result per change in the order given.

        Per-item failures (missing order, status not allowed) come back as results with
        `success=False` and `error`; they are not raised. Raises InvalidRequest before sending
        anything if any order number is outside 1..2147483647.
        """
        items = _checked_items(changes)
        results: list[OverrideOrderStatusResponse] = []
        for start in range(0, len(items), BATCH_LIMIT):
            batch = items[start : start + BATCH_LIMIT]
            send = partial(
                override_order_statuses.sync_detailed,
                body=batch,
                content_type=self._media_type,
                accept=self._media_type,
            )
            try:
                results.extend(_expect(self._call(send), list))
            except StoreFeederError as error:
                if not results:
                    raise
                raise BatchFailed(error, list(results), start // BATCH_LIMIT + 1) from error
        return results

    def order_statuses(self) -> list[OrderStatusModel]:
        """The status catalogue."""
        response = self._call(partial(get_order_statuses.sync_detailed, accept=self._media_type))
        return [item.order_status for item in _expect(response, list)]

    def overridable_statuses(self) -> set[str]:
        """Names of the statuses `override_statuses` accepts as targets."""
        return {status.order_status for status in self.order_statuses() if status.user_can_override_to_status}

    def get_order(self, order_number: int) -> OrderModel | None:
        """One order, or None if it does not exist or belongs to another account."""
        response = self._call(partial(get_order.sync_detailed, order_number, accept=self._media_type))
        if response.status_code == 404:
            return None
        return _expect(response, OrderModel)

    # --- lifecycle -------------------------------------------------------------------------------

    def close(self) -> None:
        if self._api is not None:
            self._api.get_httpx_client().close()
        self._anonymous.get_httpx_client().close()

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        self.close()


def _checked_items(changes: Changes) -> list[OverrideOrderStatusModel]:
    pairs = list(changes.items()) if isinstance(changes, Mapping) else list(changes)
    problems = [
        f"item {index}: OrderNumber {number!r} is not an integer in 1..{ORDER_NUMBER_MAX}"
        for index, (number, _) in enumerate(pairs)
        if isinstance(number, bool) or not isinstance(number, int) or not 1 <= number <= ORDER_NUMBER_MAX
    ]
    if problems:
        raise InvalidRequest("nothing was sent: " + "; ".join(problems))
    return [
        OverrideOrderStatusModel(order_number=number, order_status=Statuses(status))
        for number, status in pairs
    ]


def _expect(response: Response[Any], kind: type[T]) -> T:
    """The parsed body if it is a `kind`, else the API's error as an ApiError."""
    if isinstance(response.parsed, kind):
        return response.parsed
    if isinstance(response.parsed, HttpError):
        model_state = response.parsed.model_state
        reasons = model_state.to_dict() if isinstance(model_state, HttpErrorModelState) else {}
        raise ApiError(response.status_code, response.parsed.message, reasons)
    raise ApiError(response.status_code, response.content.decode("utf-8", "replace")[:200] or "no body")
