"""Slow clients: a connection that has not sent a request's complete headers within the header
timeout is closed (slowloris), however many bytes it trickles in, and the others are served.

Everything here is bounded: loopback only, a 1-second header timeout, a few hundred sockets, and
every wait has its own deadline.
"""

from __future__ import annotations

import selectors
import socket
import time
from collections.abc import Iterator

import httpx
import pytest
from storefeeder_mock import RunningMock, running_mock
from storefeeder_mock.server import HEADER_TIMEOUT

TIMEOUT = 1.0
HALF_OPEN = 300
PARTIAL = (
    b"",  # connected, nothing sent
    b"PUT /orders/override-order-statuses HTTP/1.1\r\n",  # the request line only
    b"GET /order-status HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: application/json\r\n",  # no blank line
)


@pytest.fixture
def mock() -> Iterator[RunningMock]:
    with running_mock(header_timeout=TIMEOUT) as m:
        yield m


def _address(mock: RunningMock) -> tuple[str, int]:
    host, port = mock.base_url.removeprefix("http://").rsplit(":", 1)
    return host, int(port)


def _open(mock: RunningMock, first_bytes: bytes) -> socket.socket:
    sock = socket.create_connection(_address(mock), timeout=5)
    if first_bytes:
        sock.sendall(first_bytes)
    sock.setblocking(False)
    return sock


def _closed_by_server(sock: socket.socket) -> bool:
    """Whether the server has closed `sock` (EOF or reset); it sends nothing before closing."""
    try:
        data = sock.recv(4096)
    except BlockingIOError:
        return False
    except ConnectionResetError:
        return True
    assert data == b"", f"the server answered a request it never completed: {data[:200]!r}"
    return True


def _wait_all_closed(socks: list[socket.socket], deadline: float) -> set[socket.socket]:
    """Wait (until `deadline`) for the server to close every socket; the ones still open."""
    open_ = set(socks)
    with selectors.DefaultSelector() as selector:
        for sock in socks:
            selector.register(sock, selectors.EVENT_READ)
        while open_ and time.monotonic() < deadline:
            for key, _ in selector.select(timeout=0.1):
                ready = key.fileobj
                assert isinstance(ready, socket.socket)
                if _closed_by_server(ready):
                    selector.unregister(ready)
                    open_.discard(ready)
    return open_


def _get_catalogue(mock: RunningMock, token: str) -> httpx.Response:
    with httpx.Client(base_url=mock.base_url, timeout=TIMEOUT) as client:
        return client.get("/order-status", headers={"Authorization": f"Bearer {token}"})


def test_the_default_header_timeout_is_a_few_seconds() -> None:
    assert 2.0 <= HEADER_TIMEOUT <= 10.0


def test_half_open_connections_are_closed_and_others_are_served(mock: RunningMock) -> None:
    token = mock.token()
    started = time.monotonic()
    socks = [_open(mock, PARTIAL[i % len(PARTIAL)]) for i in range(HALF_OPEN)]
    try:
        # With every half-open connection held, others are served at once, again and again.
        for _ in range(5):
            answer = _get_catalogue(mock, token)
            assert answer.status_code == 200, answer.text
        early = [s for s in socks if _closed_by_server(s)]
        assert not early or time.monotonic() - started >= TIMEOUT * 0.9, (
            f"{len(early)} connections closed before their header timeout"
        )
        still_open = _wait_all_closed(socks, started + TIMEOUT + 4.0)
        assert not still_open, f"{len(still_open)} of {HALF_OPEN} half-open connections outlived the timeout"
        assert time.monotonic() - started >= TIMEOUT * 0.9
        assert _get_catalogue(mock, token).status_code == 200
    finally:
        for sock in socks:
            sock.close()


def test_trickled_headers_do_not_extend_the_deadline(mock: RunningMock) -> None:
    """One byte every 0.1 s keeps the connection busy but never completes the headers."""
    request = b"GET /order-status HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: " + b"a" * 200
    sock = _open(mock, b"")
    started = time.monotonic()
    closed_after: float | None = None
    try:
        for byte in request:
            try:
                sock.send(bytes([byte]))
            except (BrokenPipeError, ConnectionResetError):
                closed_after = time.monotonic() - started
                break
            if _closed_by_server(sock):
                closed_after = time.monotonic() - started
                break
            if time.monotonic() - started > TIMEOUT + 4.0:
                break
            time.sleep(0.1)
    finally:
        sock.close()
    assert closed_after is not None, "the trickling client was never disconnected"
    assert TIMEOUT * 0.9 <= closed_after <= TIMEOUT + 2.0, closed_after


def test_a_kept_alive_connection_gets_the_deadline_again(mock: RunningMock) -> None:
    """After a complete exchange, the next request's headers have the same time, no more."""
    token = mock.token().encode()
    sock = socket.create_connection(_address(mock), timeout=5)
    try:
        sock.sendall(b"GET /order-status HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + token + b"\r\n\r\n")
        first = sock.recv(65536)
        assert first.startswith(b"HTTP/1.1 200"), first[:200]
        sock.sendall(b"GET /order-status HTTP/1.1\r\n")  # and then nothing more
        started = time.monotonic()
        sock.setblocking(False)
        assert not _wait_all_closed([sock], started + TIMEOUT + 4.0)
        assert time.monotonic() - started >= TIMEOUT * 0.5
    finally:
        sock.close()


def test_a_slow_body_after_complete_headers_is_not_cut(mock: RunningMock) -> None:
    """The deadline covers headers only: a body that arrives later than the timeout is still read."""
    body = b"[]"
    head = (
        b"PUT /orders/override-order-statuses HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
        b"Authorization: Bearer " + mock.token().encode() + b"\r\n"
        b"Content-Length: " + str(len(body)).encode() + b"\r\n\r\n"
    )
    with socket.create_connection(_address(mock), timeout=TIMEOUT + 5) as sock:
        sock.sendall(head)
        time.sleep(TIMEOUT + 0.5)
        sock.sendall(body)
        answer = sock.recv(65536)
    assert answer.startswith(b"HTTP/1.1 200"), answer[:200]
    assert answer.endswith(b"[]")
