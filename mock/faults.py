"""Fault injection: ASGI middleware in front of the HTTP layer.

SPEC is a comma-separated list of `kind=value` items (see docs/mock.md):

    latency=RATE:MS | latency=RATE:MIN-MAX   delay RATE of requests by MS (or MIN..MAX) milliseconds
    429=RATE[:SECONDS]                       answer 429 with Retry-After SECONDS (default 1)
    503=RATE[:SECONDS]                       answer 503, with Retry-After when SECONDS is given
    drop=RATE                                close the connection without an answer, before handling
    drop-after=RATE                          handle the request (changes are committed), then close
                                             the connection without sending the answer
    seed=N                                   the fault generator's seed (default: the mock's --seed)
    on=PREFIX[|PREFIX...]                    only requests whose path starts with a PREFIX (case-
                                             insensitive) meet faults; default: every request

RATE is a probability in 0..1; the rates of 429, 503, drop and drop-after add up to at most 1.
Every request in scope (by default the token endpoint too) draws exactly three numbers from one
generator seeded with `seed`, so the n-th such request always meets the same fault for the same
SPEC and seed.
"""

from __future__ import annotations

import asyncio
import math
import random
import re
from collections.abc import Callable
from dataclasses import dataclass

from .asgi import ASGIApp, Headers, Message, Receive, Scope, Send, respond

ABORT_EXTENSION = "storefeeder.abort"
"""scope["extensions"] key of a callable that drops the connection (set by the mock's server)."""

ErrorRenderer = Callable[[Scope, int, str, Headers], tuple[int, bytes, Headers]]


class FaultSpecError(ValueError):
    """A --faults SPEC that cannot be read."""


@dataclass(frozen=True, slots=True)
class FaultSpec:
    latency_rate: float = 0.0
    latency_min_ms: float = 0.0
    latency_max_ms: float = 0.0
    rate_429: float = 0.0
    retry_after_429: int = 1
    rate_503: float = 0.0
    retry_after_503: int | None = None
    rate_drop: float = 0.0
    rate_drop_after: float = 0.0
    seed: int | None = None
    paths: tuple[str, ...] = ()


def _q(text: str) -> str:
    """`text` quoted for an error message, cut short if long."""
    return repr(text) if len(text) <= 40 else f"{text[:40]!r}..."


def _rate(text: str, item: str) -> float:
    try:
        rate = float(text)
    except ValueError:
        raise FaultSpecError(f"{_q(item)}: {_q(text)} is not a rate between 0 and 1") from None
    if not 0.0 <= rate <= 1.0:
        raise FaultSpecError(f"{_q(item)}: the rate must be between 0 and 1")
    return rate


_SECONDS = re.compile(r"[0-9]{1,9}", re.ASCII)


def _non_negative_int(text: str, item: str) -> int:
    if not _SECONDS.fullmatch(text):  # ASCII digits only ("²".isdigit() is true), int() stays small
        raise FaultSpecError(f"{_q(item)}: {_q(text)} is not a whole number of seconds")
    return int(text)


def parse_spec(spec: str) -> FaultSpec:
    values: dict[str, object] = {}
    for raw in spec.split(","):
        item = raw.strip()
        if not item:
            continue
        kind, eq, value = item.partition("=")
        kind = kind.strip().lower()
        if not eq:
            raise FaultSpecError(f"{_q(item)}: expected kind=value")
        rate_text, _, param = value.partition(":")
        if kind == "seed":
            try:
                values["seed"] = int(value)
            except ValueError:
                raise FaultSpecError(f"{_q(item)}: the seed must be an integer") from None
        elif kind == "on":
            prefixes = tuple(p.strip().lower() for p in value.split("|") if p.strip())
            if not prefixes or not all(p.startswith("/") for p in prefixes):
                raise FaultSpecError(f"{_q(item)}: expected on=/PATH[|/PATH...]")
            values["paths"] = prefixes
        elif kind == "latency":
            values["latency_rate"] = _rate(rate_text, item)
            low, dash, high = param.partition("-")
            try:
                lo = float(low)
                hi = float(high) if dash else lo
            except ValueError:
                raise FaultSpecError(
                    f"{_q(item)}: expected latency=RATE:MS or latency=RATE:MIN-MAX"
                ) from None
            if not (math.isfinite(hi) and 0 <= lo <= hi):
                raise FaultSpecError(f"{_q(item)}: latency bounds must be finite and satisfy 0 <= MIN <= MAX")
            values["latency_min_ms"], values["latency_max_ms"] = lo, hi
        elif kind == "429":
            values["rate_429"] = _rate(rate_text, item)
            if param:
                values["retry_after_429"] = _non_negative_int(param, item)
        elif kind == "503":
            values["rate_503"] = _rate(rate_text, item)
            if param:
                values["retry_after_503"] = _non_negative_int(param, item)
        elif kind in ("drop", "drop-after"):
            if param:
                raise FaultSpecError(f"{_q(item)}: {kind} takes only a rate")
            values["rate_drop" if kind == "drop" else "rate_drop_after"] = _rate(rate_text, item)
        else:
            raise FaultSpecError(
                f"{_q(item)}: unknown fault {kind!r} (latency, 429, 503, drop, drop-after, seed, on)"
            )
    parsed = FaultSpec(**values)  # type: ignore[arg-type]
    if parsed.rate_429 + parsed.rate_503 + parsed.rate_drop + parsed.rate_drop_after > 1.0 + 1e-9:
        raise FaultSpecError("the rates of 429, 503, drop and drop-after add up to more than 1")
    return parsed


class FaultMiddleware:
    """Injects the faults of a FaultSpec, reproducibly, in front of `app`."""

    def __init__(
        self,
        app: ASGIApp,
        spec: FaultSpec,
        default_seed: int,
        render_error: ErrorRenderer,
        too_many_message: str,
        unavailable_message: str,
    ) -> None:
        self.app = app
        self.spec = spec
        self._random = random.Random(spec.seed if spec.seed is not None else default_seed)
        self._render_error = render_error
        self._too_many = too_many_message
        self._unavailable = unavailable_message

    def next_fault(self) -> tuple[float, str | None]:
        """(delay in seconds, fault kind or None) for the next request; always 3 draws."""
        s = self.spec
        u_latency, u_amount, u_fault = self._random.random(), self._random.random(), self._random.random()
        delay = 0.0
        if u_latency < s.latency_rate:
            delay = (s.latency_min_ms + (s.latency_max_ms - s.latency_min_ms) * u_amount) / 1000.0
        threshold = 0.0
        for kind, rate in (
            ("429", s.rate_429),
            ("503", s.rate_503),
            ("drop", s.rate_drop),
            ("drop-after", s.rate_drop_after),
        ):
            threshold += rate
            if u_fault < threshold:
                return delay, kind
        return delay, None

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or (
            self.spec.paths and not str(scope["path"]).lower().startswith(self.spec.paths)
        ):
            await self.app(scope, receive, send)
            return
        delay, fault = self.next_fault()
        if delay:
            await asyncio.sleep(delay)
        if fault is None:
            await self.app(scope, receive, send)
        elif fault == "429":
            await self._error(scope, send, 429, self._too_many, self.spec.retry_after_429)
        elif fault == "503":
            await self._error(scope, send, 503, self._unavailable, self.spec.retry_after_503)
        elif fault == "drop":
            await _drain(receive)
            await _drop(scope, receive, send)
        else:
            await self.app(scope, receive, _swallow)
            await _drop(scope, receive, send)

    async def _error(
        self, scope: Scope, send: Send, status: int, message: str, retry_after: int | None
    ) -> None:
        extra: Headers = [] if retry_after is None else [(b"retry-after", str(retry_after).encode("ascii"))]
        status, body, headers = self._render_error(scope, status, message, extra)
        await respond(send, status, body, headers)


async def _swallow(_message: Message) -> None:
    return None


async def _drain(receive: Receive) -> None:
    """Read the request body to its end first: closing a socket with unread bytes sends a TCP reset,
    which the client sees as a read error instead of a clean "disconnected without a response"."""
    message = await receive()
    while message["type"] == "http.request" and message.get("more_body", False):
        message = await receive()


async def _drop(scope: Scope, receive: Receive, send: Send) -> None:
    abort = scope.get("extensions", {}).get(ABORT_EXTENSION)
    if abort is not None:
        abort()
        # Wait until the server has seen the connection go, so it does not answer for us.
        while (await receive())["type"] != "http.disconnect":
            pass
        return
    # Another ASGI server: promise a body and never finish it; the server closes the connection.
    await send({"type": "http.response.start", "status": 200, "headers": [(b"content-length", b"1")]})
