"""`StoreFeeder`: the generated client with what users need on top: auth, batching, retries.

    with StoreFeeder(base_url, username=..., password=..., client_id=...) as api:
        results = api.override_statuses({1001: "OnHold", 1002: "Despatched"})

This module only performs I/O with the generated `sync_detailed` functions; what to send and how
to judge the answers is in `protocol` and `results`, shared with `AsyncStoreFeeder`.
"""

from __future__ import annotations

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
from .results import BATCH_LIMIT, BatchReport, Changes, OverridePlan, OverrideResult
from .retry import RetryPolicy, RetryTransport

__all__ = ["BATCH_LIMIT", "StoreFeeder"]

T = TypeVar("T")
OnBatch = Callable[[BatchReport], None]


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
        requests_per_second: float | None = None,
        transport: httpx.BaseTransport | None = None,
    ) -> None:
        self._config = make_config(
            base_url, username, password, client_id, media_type, timeout, requests_per_second
        )
        self._transport = RetryTransport(transport, retry, pacer=self._config.pacer)
        self._anonymous = Client(
            base_url=self._config.base_url,
            timeout=self._config.timeout,
            httpx_args={"transport": self._transport},
        )
        self._api: AuthenticatedClient | None = None

    # --- performing the protocol's effects -------------------------------------------------------

    def _run(self, steps: protocol.Steps[T]) -> T:
        try:
            effect = next(steps)
            while True:
                if isinstance(effect, protocol.NeedToken):
                    effect = steps.send(self._token(effect.refused))
                else:
                    effect = steps.send(self._send(effect))
        except StopIteration as done:
            result: T = done.value
            return result
        finally:
            steps.close()

    def _send(self, call: protocol.Send) -> Response[Any]:
        client = self._api if call.authenticated else self._anonymous
        try:
            return call.sync(client=client, **call.kwargs)
        except (httpx.HTTPError, XmlError) as error:
            raise protocol.transport_failure(error) from error

    def _token(self, refused: str | None) -> str:
        if self._api is None or self._api.token == refused:
            token = self._run(protocol.login(self._config.credentials))
            # The old client is dropped, not closed: it shares the transport (and its pool).
            self._api = AuthenticatedClient(
                base_url=self._config.base_url,
                token=token,
                timeout=self._config.timeout,
                httpx_args={"transport": self._transport},
            )
        return self._api.token

    # --- operations ------------------------------------------------------------------------------

    def override_statuses(self, changes: Changes, *, on_batch: OnBatch | None = None) -> list[OverrideResult]:
        """Override order statuses, 50 per request, one result per change in the order given.

        Per-item failures (missing order, status not allowed) are results with `success=False`
        and `error`; they are not raised. Raises InvalidRequest before sending anything if any
        order number is outside 1..2147483647. After a batch fails no further batch is sent;
        then BatchFailed (with every result) is raised, or the failure itself when surely
        nothing was applied. `on_batch` is called as each batch is done.
        """
        plan = OverridePlan(changes)
        while (batch := plan.next_batch()) is not None:
            try:
                answers = self._run(protocol.override_batch(batch.items, self._config.media_type))
            except StoreFeederError as error:
                report = plan.fail(batch, error)
            else:
                report = plan.record(batch, answers)
            if on_batch is not None:
                on_batch(report)
        return plan.finish()

    def order_statuses(self) -> list[OrderStatusModel]:
        """The status catalogue."""
        return self._run(protocol.order_statuses(self._config.media_type))

    def overridable_statuses(self) -> set[str]:
        """Names of the statuses `override_statuses` accepts as targets."""
        return {status.order_status for status in self.order_statuses() if status.user_can_override_to_status}

    def get_order(self, order_number: int) -> OrderModel | None:
        """One order, or None if it does not exist or belongs to another account."""
        return self._run(protocol.order(order_number, self._config.media_type))

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
