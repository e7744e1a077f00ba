"""RetryTransport retries 429, 503 and dropped connections, honours Retry-After, and gives up."""

from __future__ import annotations

import asyncio

import httpx
import pytest

from storefeeder import AsyncRetryTransport, RetryPolicy, RetryTransport
from storefeeder.pacing import Pacer


def _client(handler: httpx.MockTransport, sleeps: list[float], attempts: int = 4) -> httpx.Client:
    transport = RetryTransport(
        handler, RetryPolicy(attempts=attempts, backoff=0.1, max_wait=5), sleeps.append
    )
    return httpx.Client(transport=transport, base_url="http://api.test")


def _scripted(*answers: int | Exception) -> tuple[httpx.MockTransport, list[bytes]]:
    bodies: list[bytes] = []
    queue = list(answers)

    def handle(request: httpx.Request) -> httpx.Response:
        bodies.append(request.content)
        answer = queue.pop(0)
        if isinstance(answer, Exception):
            raise answer
        headers = {"Retry-After": "2"} if answer == 429 else {}
        return httpx.Response(answer, headers=headers, json={"n": len(bodies)})

    return httpx.MockTransport(handle), bodies


def test_429_waits_retry_after_then_succeeds() -> None:
    handler, bodies = _scripted(429, 200)
    sleeps: list[float] = []
    response = _client(handler, sleeps).put("/x", json=[1, 2])
    assert response.status_code == 200 and response.json() == {"n": 2}
    assert sleeps == [2.0]
    assert bodies == [b"[1,2]", b"[1,2]"], "the body is sent again unchanged"


def test_503_and_dropped_connections_back_off() -> None:
    handler, bodies = _scripted(503, httpx.RemoteProtocolError("dropped"), httpx.ConnectError("refused"), 200)
    sleeps: list[float] = []
    assert _client(handler, sleeps).get("/x").status_code == 200
    assert len(bodies) == 4 and len(sleeps) == 3
    assert 0.05 <= sleeps[0] <= 0.1 and 0.1 <= sleeps[1] <= 0.2 and 0.2 <= sleeps[2] <= 0.4


def test_gives_up_with_the_last_answer() -> None:
    handler, bodies = _scripted(503, 503, 503)
    sleeps: list[float] = []
    assert _client(handler, sleeps, attempts=3).get("/x").status_code == 503
    assert len(bodies) == 3 and len(sleeps) == 2


def test_gives_up_with_the_last_connection_error() -> None:
    handler, _ = _scripted(httpx.ConnectError("a"), httpx.ConnectError("b"))
    with pytest.raises(httpx.ConnectError, match="b"):
        _client(handler, [], attempts=2).get("/x")


def test_other_errors_are_not_retried() -> None:
    handler, bodies = _scripted(400, 200)
    assert _client(handler, []).put("/x", json=[]).status_code == 400
    assert len(bodies) == 1


def test_retry_after_is_capped() -> None:
    policy = RetryPolicy(max_wait=5)
    assert policy.wait(1, httpx.Response(429, headers={"Retry-After": "3600"})) == 5
    assert policy.wait(1, httpx.Response(429, headers={"Retry-After": "soon"})) <= policy.backoff


def test_the_async_transport_makes_the_same_decisions() -> None:
    handler, bodies = _scripted(429, 503, httpx.ReadError("dropped"), 200)
    sleeps: list[float] = []

    async def sleep(seconds: float) -> None:
        sleeps.append(seconds)

    async def run() -> httpx.Response:
        transport = AsyncRetryTransport(handler, RetryPolicy(attempts=4, backoff=0.1, max_wait=5), sleep)
        async with httpx.AsyncClient(transport=transport, base_url="http://api.test") as client:
            return await client.put("/x", json=[1])

    response = asyncio.run(run())
    assert response.status_code == 200 and len(bodies) == 4
    assert sleeps[0] == 2.0 and 0.1 <= sleeps[1] <= 0.2 and 0.2 <= sleeps[2] <= 0.4


def test_the_pacer_spaces_starts_and_never_bursts() -> None:
    now = [100.0]
    pacer = Pacer(4, clock=lambda: now[0])
    assert [pacer.reserve() for _ in range(3)] == [0.0, 0.25, 0.5]
    now[0] += 2.0  # idle time is not saved up for a burst later
    assert [pacer.reserve() for _ in range(2)] == [0.0, 0.25]


def test_paced_attempts_include_retries() -> None:
    handler, bodies = _scripted(503, 200)
    sleeps: list[float] = []
    now = [0.0]
    transport = RetryTransport(
        handler, RetryPolicy(attempts=2, backoff=0.0), sleeps.append, Pacer(10, clock=lambda: now[0])
    )
    httpx.Client(transport=transport, base_url="http://api.test").get("/x")
    assert len(bodies) == 2 and sleeps == [0.0, 0.1], "the retry waited for its own slot"
