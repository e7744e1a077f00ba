"""An httpx transport that retries what is safe to retry: 429, 503 and dropped connections.

Upstream openapi-python-client leaves retries to the httpx client (issue #772), so this wraps the
transport the generated client uses. Every request this API takes is idempotent (GET, the
override PUT sets absolute statuses, POST /Token only issues a token), so a retry repeats nothing
harmful.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from dataclasses import dataclass

import httpx

RETRY_STATUSES = frozenset({429, 503})


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


class RetryTransport(httpx.BaseTransport):
    def __init__(
        self,
        inner: httpx.BaseTransport | None = None,
        policy: RetryPolicy | None = None,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self._inner = inner or httpx.HTTPTransport()
        self._policy = policy or RetryPolicy()
        self._sleep = sleep

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        request.read()  # the body must be replayable
        for attempt in range(1, self._policy.attempts + 1):
            last = attempt == self._policy.attempts
            try:
                response = self._inner.handle_request(request)
            except (httpx.ConnectError, httpx.ReadError, httpx.RemoteProtocolError, httpx.WriteError):
                if last:
                    raise
                self._sleep(self._policy.wait(attempt, None))
                continue
            if response.status_code not in RETRY_STATUSES or last:
                return response
            response.read()
            response.close()
            self._sleep(self._policy.wait(attempt, response))
        raise AssertionError("unreachable: the last attempt returns or raises")

    def close(self) -> None:
        self._inner.close()
