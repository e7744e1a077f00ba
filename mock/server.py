"""Running the mock under uvicorn: in a background thread (tests) or in the foreground (CLI).

One worker, httptools + uvloop. The HTTP protocol class adds one ASGI extension,
`storefeeder.abort`, that drops the current connection (the faults middleware uses it), and a
deadline for a request's headers: uvicorn times out only idle keep-alive connections, and every
byte received cancels that, so a client trickling headers (slowloris) could hold a connection
forever.
"""

from __future__ import annotations

import json
import re
import socket
import threading
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

import uvicorn

from .app import MockService
from .faults import ABORT_EXTENSION

HEADER_TIMEOUT = 5.0
"""Seconds a connection has to send a request's complete headers, counted from connecting or from
the end of the previous response; then it is closed, however many bytes it has trickled in."""

UPGRADE_HEADER = re.compile(rb"\r\nupgrade[ \t]*:", re.IGNORECASE)
"""An `Upgrade` header line (not the first line: that is the request line)."""
IGNORED_UPGRADE = b"x-storefeeder-ignored-upgrade"
"""What the parser sees instead, so it never switches protocols."""

try:  # uvicorn[standard] brings httptools and uvloop; fall back cleanly without them
    import asyncio

    from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol

    class MockHttpProtocol(HttpToolsProtocol):
        """uvicorn's httptools protocol plus a way for the app to drop the connection, the header
        deadline (`header_timeout`, set per server by `make_server`), and `Upgrade` ignored as IIS
        does.

        IIS ignores `Upgrade: h2c` (Java's HttpClient sends it on every plain-http request) and
        answers in HTTP/1.1. llhttp instead ends the message at the headers and treats the rest
        as another protocol, so the body was lost. The header is renamed in the bytes before the
        parser reads them (the app still sees it as `upgrade`). Only the head at the start of a
        chunk is rewritten, never a body: clients write a request's head in one piece.
        """

        header_timeout: float = HEADER_TIMEOUT
        _header_deadline: asyncio.TimerHandle | None = None
        _head_open = True  # the next bytes begin a request head

        def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
            super().connection_made(transport)
            self._arm_header_deadline()

        def connection_lost(self, exc: Exception | None) -> None:
            self._disarm_header_deadline()
            super().connection_lost(exc)

        def data_received(self, data: bytes) -> None:
            if self._head_open:
                end = data.find(b"\r\n\r\n")
                head = data if end < 0 else data[: end + 2]
                if UPGRADE_HEADER.search(head):
                    head = UPGRADE_HEADER.sub(b"\r\n" + IGNORED_UPGRADE + b":", head)
                    data = head if end < 0 else head + data[end + 2 :]
            super().data_received(data)

        def on_header(self, name: bytes, value: bytes) -> None:
            super().on_header(b"upgrade" if name.lower() == IGNORED_UPGRADE else name, value)

        def on_message_begin(self) -> None:
            self._head_open = True
            super().on_message_begin()
            extensions: dict[str, Any] = dict(self.scope.get("extensions") or {})
            extensions[ABORT_EXTENSION] = self._abort_connection
            self.scope["extensions"] = extensions

        def on_headers_complete(self) -> None:
            self._head_open = False
            self._disarm_header_deadline()  # the body is the app's business, not this deadline's
            super().on_headers_complete()

        def on_message_complete(self) -> None:
            self._head_open = True
            super().on_message_complete()

        def on_response_complete(self) -> None:
            waiting = not self.pipeline  # else the next request's headers are already in
            super().on_response_complete()
            if waiting and not self.transport.is_closing():
                self._arm_header_deadline()

        def _arm_header_deadline(self) -> None:
            self._disarm_header_deadline()
            self._header_deadline = self.loop.call_later(self.header_timeout, self._headers_too_slow)

        def _disarm_header_deadline(self) -> None:
            if self._header_deadline is not None:
                self._header_deadline.cancel()
                self._header_deadline = None

        def _headers_too_slow(self) -> None:
            self._header_deadline = None
            if not self.transport.is_closing():
                self.transport.close()

        def _abort_connection(self) -> None:
            self.transport.abort()

    HTTP_PROTOCOL: type[Any] | str = MockHttpProtocol
except ImportError:  # pragma: no cover
    HTTP_PROTOCOL = "auto"

try:
    import uvloop  # noqa: F401

    LOOP = "uvloop"
except ImportError:  # pragma: no cover
    LOOP = "asyncio"


@dataclass(frozen=True, slots=True)
class Credentials:
    username: str
    password: str
    client_id: str


def bind_socket(host: str, port: int) -> socket.socket:
    """A listening socket; ValueError for a port outside 0..65535 (OSError for the rest)."""
    if not 0 <= port <= 65535:
        raise ValueError(f"{port} is not a port number (0..65535)")
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind((host, port))
    sock.listen(2048)
    sock.set_inheritable(True)
    return sock


def url_of(sock: socket.socket) -> str:
    host, port = sock.getsockname()[:2]
    if ":" in host:
        host = f"[{host}]"
    return f"http://{host}:{port}"


def make_server(
    app: MockService,
    *,
    log_level: str = "warning",
    access_log: bool = False,
    on_ready: Callable[[], None] | None = None,
    header_timeout: float = HEADER_TIMEOUT,
) -> uvicorn.Server:
    http: type[Any] | str = HTTP_PROTOCOL
    if isinstance(http, type):
        http = type(http.__name__, (http,), {"header_timeout": header_timeout})
    config = uvicorn.Config(
        app,
        loop=LOOP,
        http=http,
        lifespan="on",
        log_level=log_level,
        access_log=access_log,
        server_header=False,
        timeout_graceful_shutdown=5,
    )

    class _Server(uvicorn.Server):
        async def startup(self, sockets: list[socket.socket] | None = None) -> None:
            await super().startup(sockets)
            if on_ready is not None and not self.should_exit:
                on_ready()

    return _Server(config)


class RunningMock:
    """A mock served on loopback by `running_mock`."""

    def __init__(self, app: MockService, base_url: str) -> None:
        self.app = app
        self.base_url = base_url
        self.fixtures: dict[str, Any] = app.fixtures

    def account(self, i: int = 0) -> Credentials:
        a = self.fixtures["accounts"][i]
        return Credentials(username=a["username"], password=a["password"], client_id=a["client_id"])

    def token(self, i: int = 0) -> str:
        """A fresh bearer token for account `i` (a real POST /Token)."""
        c = self.account(i)
        form = urllib.parse.urlencode(
            {
                "grant_type": "password",
                "username": c.username,
                "password": c.password,
                "client_id": c.client_id,
            }
        ).encode()
        request = urllib.request.Request(
            self.base_url + "/Token",
            data=form,
            headers={"Content-Type": "application/x-www-form-urlencoded"},
            method="POST",
        )
        with urllib.request.urlopen(request, timeout=10) as response:
            return str(json.load(response)["access_token"])


@contextmanager
def running_mock(
    *,
    db_path: str = ":memory:",
    seed: int = 0,
    mutant: str | None = None,
    faults: str | None = None,
    token_lifetime: float = 3600.0,
    host: str = "127.0.0.1",
    port: int = 0,
    header_timeout: float = HEADER_TIMEOUT,
    extra_status: str | None = None,
) -> Iterator[RunningMock]:
    """Serve a fresh mock on `host:port` (0 = a free port) in a background thread; a connection
    that has not sent a request's complete headers within `header_timeout` seconds is closed."""
    app = MockService(
        db_path=db_path,
        seed=seed,
        mutant=mutant,
        faults=faults,
        token_lifetime=token_lifetime,
        extra_status=extra_status,
    )
    try:
        sock = bind_socket(host, port)
    except (OSError, ValueError):
        app.close()
        raise
    ready = threading.Event()
    server = make_server(app, on_ready=ready.set, header_timeout=header_timeout)
    failure: list[BaseException] = []

    def run() -> None:
        try:
            server.run(sockets=[sock])
        except BaseException as exc:  # pragma: no cover - reported below
            failure.append(exc)
        finally:
            ready.set()

    thread = threading.Thread(target=run, name="storefeeder-mock", daemon=True)
    thread.start()
    try:
        if not ready.wait(30) or failure or not server.started:
            raise RuntimeError(f"the mock did not start: {failure[0] if failure else 'timeout'}")
        yield RunningMock(app, url_of(sock))
    finally:
        server.should_exit = True
        thread.join(30)
        sock.close()
        app.close()
