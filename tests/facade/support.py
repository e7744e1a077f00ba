"""Shared by the façade tests: accounts, orders and what the mock's store holds."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from typing import Any, TypedDict

import httpx
from storefeeder_mock import RunningMock

from storefeeder import AsyncStoreFeeder, BatchReport, OverrideResult, RetryPolicy
from storefeeder.results import Changes

FAST_RETRY = RetryPolicy(attempts=10, backoff=0.005, max_wait=0.02)
LOCKED = "AwaitingPayment"  # the one status an order cannot leave (openapi.yaml: leavable false)


def orders(mock: RunningMock, account: int = 0) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = mock.fixtures["accounts"][account]["orders"]
    return found


class Credentials(TypedDict):
    username: str
    password: str
    client_id: str


def credentials(mock: RunningMock) -> Credentials:
    """The façade's login arguments for the mock's first account."""
    account = mock.account(0)
    return {"username": account.username, "password": account.password, "client_id": account.client_id}


def async_api(mock: RunningMock, **options: Any) -> AsyncStoreFeeder:
    return AsyncStoreFeeder(
        mock.base_url, **credentials(mock), retry=options.pop("retry", FAST_RETRY), **options
    )


def override_async(
    mock: RunningMock,
    changes: Changes,
    *,
    on_batch: Callable[[BatchReport], None] | None = None,
    **options: Any,
) -> list[OverrideResult]:
    """`override_statuses` through an AsyncStoreFeeder made with `options`, run to the end."""

    async def run() -> list[OverrideResult]:
        async with async_api(mock, **options) as api:
            return await api.override_statuses(changes, on_batch=on_batch)

    return asyncio.run(run())


def stored_status(mock: RunningMock, number: int) -> str | None:
    """The status the mock has committed for an order (None: no such order)."""
    found = mock.app.store.order(number)
    return None if found is None else found[1]


def other_target(status: str) -> str:
    return "Despatched" if status != "Despatched" else "OnHold"


class Recording(httpx.AsyncHTTPTransport):
    """Records every attempt (path, status or error name, start time) and the peak concurrency."""

    def __init__(self) -> None:
        super().__init__()
        self.attempts: list[tuple[str, int | str, float]] = []
        self.in_flight = 0
        self.peak = 0

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        started = time.monotonic()
        self.in_flight += 1
        self.peak = max(self.peak, self.in_flight)
        try:
            response = await super().handle_async_request(request)
        except httpx.TransportError as error:
            self.attempts.append((request.url.path, type(error).__name__, started))
            raise
        finally:
            self.in_flight -= 1
        self.attempts.append((request.url.path, response.status_code, started))
        return response

    def outcomes(self, path: str) -> list[int | str]:
        return [outcome for seen, outcome, _ in self.attempts if seen == path]


class RequestLog:
    """Wraps a running mock's ASGI app to record every request: method, path, headers."""

    def __init__(self, mock: RunningMock) -> None:
        self._inner = mock.app.app
        mock.app.app = self
        self.requests: list[tuple[str, str, dict[str, str]]] = []

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] == "http":
            headers = {k.decode("latin-1"): v.decode("latin-1") for k, v in scope["headers"]}
            self.requests.append((scope["method"], scope["path"], headers))
        await self._inner(scope, receive, send)

    def paths(self) -> list[str]:
        return [f"{method} {path}" for method, path, _ in self.requests]

    def clear(self) -> None:
        self.requests.clear()
