"""Small hostile servers on 127.0.0.1 for the suite's robustness tests.

`Hostile` reads each request on a raw socket and hands it to a behaviour, which writes whatever it
likes (a drip, an endless body, nothing) or forwards to a real server (the mock) and alters the
answer. Every server is bounded: it lives for one `with` block, its threads are daemons, and a
drip or an endless body stops when the client goes away or the block ends.
"""

from __future__ import annotations

import json
import socket
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

import httpx


@dataclass(slots=True)
class Request:
    method: str
    path: str
    headers: dict[str, str]
    body: bytes

    @property
    def from_schemathesis(self) -> bool:
        return self.headers.get("user-agent", "").startswith("schemathesis")


@dataclass(slots=True)
class Seen:
    """What the server received: every Authorization header and body, to look for in the output."""

    authorizations: set[str] = field(default_factory=set)
    bodies: list[bytes] = field(default_factory=list)
    puts: int = 0
    count: int = 0


Behaviour = Callable[[socket.socket, Request, "Hostile"], None]


class Hostile:
    def __init__(self, behaviour: Behaviour, upstream: str | None = None) -> None:
        self.behaviour = behaviour
        self.upstream = upstream
        self.seen = Seen()
        self.stopped = threading.Event()
        self.lock = threading.Lock()
        self._listener = socket.create_server(("127.0.0.1", 0))
        self._listener.settimeout(0.2)
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._client = httpx.Client(timeout=10)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self._listener.getsockname()[1]}"

    def _serve(self) -> None:
        while not self.stopped.is_set():
            try:
                conn, _ = self._listener.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            threading.Thread(target=self._connection, args=(conn,), daemon=True).start()

    def _connection(self, conn: socket.socket) -> None:
        conn.settimeout(30)
        reader = conn.makefile("rb")
        try:
            while not self.stopped.is_set():
                request = _read_request(reader)
                if request is None:
                    return
                with self.lock:
                    self.seen.count += 1
                    auth = request.headers.get("authorization")
                    if auth:
                        self.seen.authorizations.add(auth.removeprefix("Bearer "))
                    self.seen.bodies.append(request.body)
                    self.seen.puts += request.method == "PUT"
                self.behaviour(conn, request, self)
        except OSError:
            pass
        finally:
            conn.close()

    def forward(self, request: Request) -> httpx.Response:
        assert self.upstream is not None
        headers = {
            k: v for k, v in request.headers.items() if k not in ("host", "content-length", "connection")
        }
        return self._client.request(
            request.method, self.upstream + request.path, content=request.body or None, headers=headers
        )

    def stop(self) -> None:
        self.stopped.set()
        self._listener.close()
        self._thread.join(timeout=5)
        self._client.close()


@contextmanager
def hostile(behaviour: Behaviour, upstream: str | None = None) -> Iterator[Hostile]:
    server = Hostile(behaviour, upstream)
    server._thread.start()
    try:
        yield server
    finally:
        server.stop()


def _read_request(reader: object) -> Request | None:
    readline = reader.readline  # type: ignore[attr-defined]
    line = readline(65537)
    if not line:
        return None
    method, path, _ = line.decode("latin-1").split(" ", 2)
    headers: dict[str, str] = {}
    while True:
        raw = readline(65537)
        if raw in (b"\r\n", b"\n", b""):
            break
        name, _, value = raw.decode("latin-1").partition(":")
        headers[name.strip().lower()] = value.strip()
    length = int(headers.get("content-length") or 0)
    body = reader.read(length) if length else b""  # type: ignore[attr-defined]
    return Request(method, path, headers, body)


# ---------------------------------------------------------------------------------- answers


def answer(conn: socket.socket, status: int, body: bytes, content_type: str = "application/json") -> None:
    head = f"HTTP/1.1 {status} X\r\nContent-Type: {content_type}\r\nContent-Length: {len(body)}\r\n\r\n"
    conn.sendall(head.encode() + body)


def relay_answer(conn: socket.socket, response: httpx.Response) -> None:
    body = response.content
    lines = [f"HTTP/1.1 {response.status_code} {response.reason_phrase}"]
    for name, value in response.headers.multi_items():
        if name.lower() not in ("content-length", "transfer-encoding", "connection", "content-encoding"):
            lines.append(f"{name}: {value}")
    lines.append(f"Content-Length: {len(body)}")
    conn.sendall(("\r\n".join(lines) + "\r\n\r\n").encode("latin-1") + body)


def drip(conn: socket.socket, server: Hostile, every: float = 0.3) -> None:
    """A 200 whose headers and body arrive one byte at a time, for as long as the client waits."""
    data = (
        b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 100000\r\n\r\n" + b" " * 100000
    )
    for byte in data:
        if server.stopped.is_set():
            return
        conn.sendall(bytes([byte]))
        time.sleep(every)


def endless_chunked(conn: socket.socket, server: Hostile) -> None:
    conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n")
    chunk = b"%x\r\n%s\r\n" % (65536, b"[" * 65536)
    deadline = time.monotonic() + 60
    while not server.stopped.is_set() and time.monotonic() < deadline:
        conn.sendall(chunk)


def huge(conn: socket.socket, server: Hostile, size: int = 100 * 1024 * 1024) -> None:
    conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: %d\r\n\r\n" % size)
    block = b" " * 65536
    for _ in range(size // len(block)):
        if server.stopped.is_set():
            return
        conn.sendall(block)


def deep_json(depth: int = 200_000) -> bytes:
    return b"[" * depth + b"]" * depth


def echo_of(request: Request) -> bytes:
    """The request as a careless server echoes it: headers and body, raw and JSON-escaped."""
    text = request.body.decode("latin-1")
    return json.dumps({"headers": request.headers, "body": text, "raw": f"{request.headers} {text}"}).encode()
