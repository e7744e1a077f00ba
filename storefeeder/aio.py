"""`AsyncStoreFeeder`: `StoreFeeder`'s API and guarantees on the generated `asyncio` functions,
plus bounded concurrency for bulk overrides.

    async with AsyncStoreFeeder(base_url, username=..., password=..., client_id=...,
                                max_in_flight=4, requests_per_second=3) as api:
        results = await api.override_statuses(changes)

Only I/O is here; what to send and how to judge the answers is in `protocol` and `results`.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from types import TracebackType
from typing import Any, Self, TypeVar

import httpx
from storefeeder_client import AuthenticatedClient, Client
from storefeeder_client.models import OrderModel, OrderStatusModel
from storefeeder_client.types import MediaType, Response, XmlError

from . import protocol
from .config import make_config
from .errors import StoreFeederError
from .results import BatchReport, Changes, OverridePlan, OverrideResult
from .retry import AsyncRetryTransport, RetryPolicy

T = TypeVar("T")
OnBatch = Callable[[BatchReport], None]


class AsyncStoreFeeder:
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
        requests_per_second: float | None = None,
        max_in_flight: int = 1,
        transport: httpx.AsyncBaseTransport | None = None,
    ) -> None:
        if max_in_flight < 1:
            raise ValueError(f"max_in_flight must be at least 1, not {max_in_flight}")
        self._config = make_config(
            base_url, username, password, client_id, media_type, timeout, requests_per_second
        )
        self.max_in_flight = max_in_flight
        limits = httpx.Limits(max_connections=max(max_in_flight, 10))
        inner = transport or httpx.AsyncHTTPTransport(limits=limits)
        self._transport = AsyncRetryTransport(inner, retry, pacer=self._config.pacer)
        self._anonymous = Client(
            base_url=self._config.base_url,
            timeout=self._config.timeout,
            httpx_args={"transport": self._transport},
        )
        self._api: AuthenticatedClient | None = None
        self._login_lock = asyncio.Lock()

    # --- performing the protocol's effects -------------------------------------------------------

    async def _run(self, steps: protocol.Steps[T]) -> T:
        try:
            effect = next(steps)
            while True:
                if isinstance(effect, protocol.NeedToken):
                    effect = steps.send(await self._token(effect.refused))
                else:
                    effect = steps.send(await self._send(effect))
        except StopIteration as done:
            result: T = done.value
            return result
        finally:
            steps.close()

    async def _send(self, call: protocol.Send) -> Response[Any]:
        client = self._api if call.authenticated else self._anonymous
        try:
            return await call.aio(client=client, **call.kwargs)
        except (httpx.HTTPError, XmlError) as error:
            raise protocol.transport_failure(error) from error

    async def _token(self, refused: str | None) -> str:
        if self._api is None or self._api.token == refused:
            async with self._login_lock:  # one login however many requests met the 401
                if self._api is None or self._api.token == refused:
                    token = await self._run(protocol.login(self._config.credentials))
                    # The old client is dropped, not closed: it shares the transport and its pool.
                    self._api = AuthenticatedClient(
                        base_url=self._config.base_url,
                        token=token,
                        timeout=self._config.timeout,
                        httpx_args={"transport": self._transport},
                    )
        return self._api.token

    # --- operations ------------------------------------------------------------------------------

    async def override_statuses(
        self, changes: Changes, *, on_batch: OnBatch | None = None
    ) -> list[OverrideResult]:
        """As `StoreFeeder.override_statuses`, with up to `max_in_flight` batches in flight.

        Results are in input order whatever order the batches finish in; `on_batch` is called
        as each finishes. After a failure no new batch starts; those in flight finish.
        """
        plan = OverridePlan(changes)
        if plan.batches:
            await self._token(None)  # log in once, before the batches fan out

        async def worker() -> None:
            while (batch := plan.next_batch()) is not None:
                try:
                    answers = await self._run(protocol.override_batch(batch.items, self._config.media_type))
                except StoreFeederError as error:
                    report = plan.fail(batch, error)
                else:
                    report = plan.record(batch, answers)
                if on_batch is not None:
                    on_batch(report)

        await asyncio.gather(*(worker() for _ in range(min(self.max_in_flight, len(plan.batches)))))
        return plan.finish()

    async def order_statuses(self) -> list[OrderStatusModel]:
        """The status catalogue."""
        return await self._run(protocol.order_statuses(self._config.media_type))

    async def overridable_statuses(self) -> set[str]:
        """Names of the statuses `override_statuses` accepts as targets."""
        statuses = await self.order_statuses()
        return {status.order_status for status in statuses if status.user_can_override_to_status}

    async def get_order(self, order_number: int) -> OrderModel | None:
        """One order, or None if it does not exist or belongs to another account."""
        return await self._run(protocol.order(order_number, self._config.media_type))

    # --- lifecycle -------------------------------------------------------------------------------

    async def aclose(self) -> None:
        if self._api is not None:
            await self._api.get_async_httpx_client().aclose()
        await self._anonymous.get_async_httpx_client().aclose()

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        await self.aclose()
