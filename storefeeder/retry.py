"""httpx transports that retry what is safe to retry (429, 503, dropped connections) and pace
requests to a rate limit: `RetryTransport` (sync) and `AsyncRetryTransport`, one decision.

Upstream openapi-python-client leaves retries to the httpx client (issue #772), so this wraps the
transport the generated client uses. Every request this API takes is idempotent (GET, the
override PUT sets absolute statuses, POST /Token only issues a token), so a retry repeats nothing
harmful. Each attempt, retries included, takes a slot from the pacer: the service counts them all.
"""

from __future__ import annotations

import asyncio
import random
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

import httpx

from .pacing import Pacer

RETRY_STATUSES = frozenset({429, 503})
RETRY_ERRORS = (httpx.ConnectError, httpx.ReadError, httpx.RemoteProtocolError, httpx.WriteError)


@dataclass(frozen=True)
class RetryPolicy:
    """How often and how long to retry. `attempts` counts the first try."""

    attempts: int = 4
    backoff: float = 0.2  # seconds before the first retry; doubles each time, with jitter
    max_wait: float = 30.0  # never sleep longer than this, whatever Retry-After says

    def wait(self, retry: int, response: httpx.Response | None) -> float:
        """Seconds to sleep before retry number `retry` (1-based)."""
        retry_after = _retry_after(response) if response is not None else None
        if retry_after is not None:
            return min(retry_after, self.max_wait)
        return min(self.backoff * 2.0 ** (retry - 1) * random.uniform(0.5, 1.0), self.max_wait)


def _retry_after(response: httpx.Response) -> float | None:
    """Retry-After in seconds, when it is given as seconds (the form the API documents)."""
    try:
        return max(0.0, float(response.headers["retry-after"]))
    except (KeyError, ValueError):
        return None


class Attempts:
    """The retry decision for one request: after each attempt, seconds to wait before the next,
    or None to stop (return the response, or re-raise the error)."""

    def __init__(self, policy: RetryPolicy) -> None:
        self._policy = policy
        self._made = 0

    def after(self, response: httpx.Response | None) -> float | None:
        """`response` is None when the attempt raised one of RETRY_ERRORS."""
        self._made += 1
        if self._made >= self._policy.attempts:
            return None
        if response is not None and response.status_code not in RETRY_STATUSES:
            return None
        return self._policy.wait(self._made, response)


class RetryTransport(httpx.BaseTransport):
    def __init__(
        self,
        inner: httpx.BaseTransport | None = None,
        policy: RetryPolicy | None = None,
        sleep: Callable[[float], None] = time.sleep,
        pacer: Pacer | None = None,
    ) -> None:
        self._inner = inner or httpx.HTTPTransport()
        self._policy = policy or RetryPolicy()
        self._sleep = sleep
        self._pacer = pacer

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        request.read()  # the body must be replayable
        attempts = Attempts(self._policy)
        while True:
            if self._pacer is not None and (delay := self._pacer.reserve()) > 0:
                self._sleep(delay)
            try:
                response = self._inner.handle_request(request)
            except RETRY_ERRORS:
                if (wait := attempts.after(None)) is None:
                    raise
            else:
                if (wait := attempts.after(response)) is None:
                    return response
                response.read()
                response.close()
            self._sleep(wait)

    def close(self) -> None:
        self._inner.close()


class AsyncRetryTransport(httpx.AsyncBaseTransport):
    def __init__(
        self,
        inner: httpx.AsyncBaseTransport | None = None,
        policy: RetryPolicy | None = None,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
        pacer: Pacer | None = None,
    ) -> None:
        self._inner = inner or httpx.AsyncHTTPTransport()
        self._policy = policy or RetryPolicy()
        self._sleep = sleep
        self._pacer = pacer

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        await request.aread()  # the body must be replayable
        attempts = Attempts(self._policy)
        while True:
            if self._pacer is not None and (delay := self._pacer.reserve()) > 0:
                await self._sleep(delay)
            try:
                response = await self._inner.handle_async_request(request)
            except RETRY_ERRORS:
                if (wait := attempts.after(None)) is None:
                    raise
            else:
                if (wait := attempts.after(response)) is None:
                    return response
                await response.aread()
                await response.aclose()
            await self._sleep(wait)

    async def aclose(self) -> None:
        await self._inner.aclose()
