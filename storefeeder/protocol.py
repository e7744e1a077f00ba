"""The façade's logic with no I/O in it: auth, the calls, and how answers are judged.

Each operation is a generator of *effects* that a driver performs: `Send` (one generated-client
call) and `NeedToken` (a usable bearer token). `StoreFeeder` performs them with the generated
`sync_detailed` functions, `AsyncStoreFeeder` with `asyncio_detailed`; everything else (when to
log in again, what counts as an error, how a batch's answer is checked) lives here once.
"""

from __future__ import annotations

from collections.abc import Callable, Coroutine, Generator
from dataclasses import dataclass, field
from types import ModuleType
from typing import Any, TypeVar

import httpx
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
    TokenError,
    TokenRequest,
)
from storefeeder_client.types import MediaType, Response, XmlError

from .errors import ApiError, AuthenticationFailed, ResponseUnreadable, StoreFeederError, TransportFailed

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class Send:
    """Call one generated endpoint (`sync_detailed` or `asyncio_detailed`) with these arguments."""

    sync: Callable[..., Response[Any]]
    aio: Callable[..., Coroutine[Any, Any, Response[Any]]]
    kwargs: dict[str, Any] = field(default_factory=dict)
    authenticated: bool = True


@dataclass(frozen=True, slots=True)
class NeedToken:
    """A usable token, please. `refused` is a token the API answered 401 to: log in again unless
    another request has already replaced it (so concurrent 401s cost one login, not one each)."""

    refused: str | None = None


Effect = Send | NeedToken
Steps = Generator[Effect, Any, T]


def send(endpoint: ModuleType, *, authenticated: bool = True, **kwargs: Any) -> Send:
    return Send(endpoint.sync_detailed, endpoint.asyncio_detailed, kwargs, authenticated)


def transport_failure(error: httpx.HTTPError | XmlError) -> StoreFeederError:
    """What a failure below the API (connection, timeout, an unreadable body) means to users."""
    if isinstance(error, XmlError):
        return ResponseUnreadable(str(error))
    return TransportFailed(f"{type(error).__name__}: {error}")


# --- auth ----------------------------------------------------------------------------------------


def login(credentials: TokenRequest) -> Steps[str]:
    """POST /Token; the access token, or AuthenticationFailed with the server's reason."""
    response: Response[Any] = yield send(create_token, authenticated=False, body=credentials)
    if isinstance(response.parsed, TokenError):
        raise AuthenticationFailed(response.parsed.error_description or response.parsed.error)
    if response.status_code != 200 or response.parsed is None:
        raise AuthenticationFailed(f"POST /Token answered HTTP {response.status_code}")
    token: str = response.parsed.access_token
    return token


def authenticated(call: Send) -> Steps[Response[Any]]:
    """`call` with the current token; on 401 (the token expired) with a fresh one, once."""
    token = yield NeedToken()
    response: Response[Any] = yield call
    if response.status_code == 401:
        yield NeedToken(refused=token)
        response = yield call
        if response.status_code == 401:
            raise AuthenticationFailed("a fresh token was refused (401)")
    return response


# --- operations ----------------------------------------------------------------------------------


def override_batch(items: list[OverrideOrderStatusModel], media_type: MediaType) -> Steps[list[Any]]:
    """One PUT of at most 50 items; the API's results, checked to answer exactly these items."""
    response = yield from authenticated(
        send(override_order_statuses, body=items, content_type=media_type, accept=media_type)
    )
    results: list[OverrideOrderStatusResponse] = expect(response, list)
    if len(results) != len(items) or any(
        result.order_number != item.order_number for result, item in zip(results, items, strict=True)
    ):
        raise ResponseUnreadable(
            f"the API answered {len(results)} results that do not match the {len(items)} items sent"
        )
    return results


def order_statuses(media_type: MediaType) -> Steps[list[OrderStatusModel]]:
    response = yield from authenticated(send(get_order_statuses, accept=media_type))
    return [item.order_status for item in expect(response, list)]


def order(order_number: int, media_type: MediaType) -> Steps[OrderModel | None]:
    response = yield from authenticated(send(get_order, ordernumber=order_number, accept=media_type))
    if response.status_code == 404:
        return None
    found: OrderModel = expect(response, OrderModel)
    return found


def expect(response: Response[Any], kind: type[T]) -> T:
    """The parsed body if it is a `kind`, else the API's error as an ApiError."""
    if isinstance(response.parsed, kind):
        return response.parsed
    if isinstance(response.parsed, HttpError):
        model_state = response.parsed.model_state
        reasons = model_state.to_dict() if isinstance(model_state, HttpErrorModelState) else {}
        raise ApiError(response.status_code, response.parsed.message, reasons)
    raise ApiError(response.status_code, response.content.decode("utf-8", "replace")[:200] or "no body")
