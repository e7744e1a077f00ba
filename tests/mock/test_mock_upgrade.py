"""`Upgrade: h2c` is ignored, as IIS ignores it: the request is served in HTTP/1.1, body and all.

Java's built-in HttpClient sends `Connection: Upgrade, HTTP2-Settings` and `Upgrade: h2c` on
every plain-http request. These tests speak raw HTTP/1.1 over a socket, so nothing between them
and the mock can drop or rewrite the header.
"""

from __future__ import annotations

import json
import socket
import time

import pytest
from storefeeder_mock import RunningMock

PUT = "/orders/override-order-statuses"
H2C = (
    "Connection: Upgrade, HTTP2-Settings\r\n"
    "Upgrade: h2c\r\n"
    "HTTP2-Settings: AAEAAEAAAAIAAAABAAMAAABkAAQBAAAAAAUAAEAA\r\n"
)


def _request(mock: RunningMock, body: bytes, extra_headers: str) -> bytes:
    host = mock.base_url.removeprefix("http://")
    return (
        f"PUT {PUT} HTTP/1.1\r\nHost: {host}\r\n{extra_headers}"
        f"Authorization: Bearer {mock.token(0)}\r\nContent-Type: application/json\r\n"
        f"Content-Length: {len(body)}\r\n\r\n"
    ).encode() + body


def _read_response(sock: socket.socket) -> tuple[str, bytes]:
    """Status line and body of one response (the mock always sends Content-Length)."""
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = sock.recv(65536)
        assert chunk, f"connection closed after {data!r}"
        data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    length = next(int(line.split(":", 1)[1]) for line in lines if line.lower().startswith("content-length:"))
    while len(body) < length:
        chunk = sock.recv(65536)
        assert chunk
        body += chunk
    return lines[0], body[:length]


def _orders(mock: RunningMock, start: int) -> list[int]:
    return [o["OrderNumber"] for o in mock.fixtures["accounts"][0]["orders"][start : start + 2]]


@pytest.mark.parametrize("split", [False, True], ids=["one-write", "head-then-body"])
def test_h2c_upgrade_is_ignored_and_the_body_is_read(storefeeder_mock: RunningMock, split: bool) -> None:
    first, second = _orders(storefeeder_mock, 100)
    body = json.dumps([{"OrderNumber": first, "OrderStatus": "OnHold"}]).encode()
    request = _request(storefeeder_mock, body, H2C)
    host, port = storefeeder_mock.base_url.removeprefix("http://").rsplit(":", 1)
    with socket.create_connection((host, int(port)), timeout=5) as sock:
        if split:
            head_end = request.index(b"\r\n\r\n") + 4
            sock.sendall(request[:head_end])
            time.sleep(0.1)  # the body arrives in a later chunk, as Java writes it
            sock.sendall(request[head_end:])
        else:
            sock.sendall(request)
        status, answer = _read_response(sock)
        assert status == "HTTP/1.1 200 OK", answer
        assert json.loads(answer) == [{"OrderNumber": first, "OrderStatus": "OnHold", "Success": True}]
        # The connection stays HTTP/1.1: a second request on it is served too.
        body = json.dumps([{"OrderNumber": second, "OrderStatus": "OnHold"}]).encode()
        sock.sendall(_request(storefeeder_mock, body, H2C))
        status, answer = _read_response(sock)
        assert status == "HTTP/1.1 200 OK", answer
        assert json.loads(answer)[0]["OrderNumber"] == second


def test_a_body_that_mentions_upgrade_is_left_alone(storefeeder_mock: RunningMock) -> None:
    """Only the head is rewritten: an `Upgrade:` line in the body (an XML comment) reaches the
    binder unchanged, so Content-Length still matches and the item is applied."""
    (order, _) = _orders(storefeeder_mock, 200)
    body = (
        "<ArrayOfOverrideOrderStatusModel><!--\r\nUpgrade: h2c\r\n--><OverrideOrderStatusModel>"
        f"<OrderNumber>{order}</OrderNumber><OrderStatus>OnHold</OrderStatus>"
        "</OverrideOrderStatusModel></ArrayOfOverrideOrderStatusModel>"
    ).encode()
    request = _request(storefeeder_mock, body, H2C).replace(b"application/json", b"application/xml")
    host, port = storefeeder_mock.base_url.removeprefix("http://").rsplit(":", 1)
    with socket.create_connection((host, int(port)), timeout=5) as sock:
        sock.sendall(request)
        status, answer = _read_response(sock)
    assert status == "HTTP/1.1 200 OK", answer
    assert f"<OrderNumber>{order}</OrderNumber>".encode() in answer and b"<Success>true</Success>" in answer
