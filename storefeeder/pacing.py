"""A client-side rate limit: requests start at least 1/rate seconds apart (no bursts).

StoreFeeder documents no limit; a third-party client of this API throttles itself to 3
requests/s (shared/reference/storefeeder-api-facts.md), so `requests_per_second=3` copies it.
The decision is here, free of I/O; the transports sleep for what `reserve` says.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable


class Pacer:
    def __init__(self, requests_per_second: float, clock: Callable[[], float] = time.monotonic) -> None:
        if not requests_per_second > 0:
            raise ValueError(f"requests_per_second must be positive, not {requests_per_second}")
        self.interval = 1.0 / requests_per_second
        self._clock = clock
        self._next = 0.0
        self._lock = threading.Lock()  # the sync façade may be shared between threads

    def reserve(self) -> float:
        """Take the next start slot; seconds to wait before starting the request."""
        with self._lock:
            now = self._clock()
            start = max(now, self._next)
            self._next = start + self.interval
            return start - now
