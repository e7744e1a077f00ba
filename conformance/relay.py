"""A loopback relay that puts Schemathesis's requests under the suite's limits.

Schemathesis sends with `requests`, whose read timeout restarts on every byte and which reads any
body whole into memory. Rather than reach into its transport, the engine is pointed at this relay
on 127.0.0.1, which forwards each request as it came to the real server through the bounded client
(transport.py) and hands the answer back. When the answer cannot be read (too slow, too large,
dropped), the relay answers 502 with the `X-Conformance-Relay` header saying why, and the bridge
turns that into an error of the operation instead of a finding against the server.

After `max_faults` such failures, or once the run's deadline passes, the relay answers that way at
once without forwarding: a server that cannot answer does not hold the run for every generated case.
"""

from __future__ import annotations

import http.server
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from urllib.parse import urlsplit

import httpx

from .transport import Answer, BoundedClient, Limits, TransportFault, Unsendable

FAULT_HEADER = "X-Conformance-Relay"
UNSENT_HEADER = "X-Conformance-Relay-Unsent"  # a request HTTP cannot carry: neither error nor finding
HOP_BY_HOP = frozenset(
    {"connection", "keep-alive", "transfer-encoding", "te", "trailer", "upgrade", "proxy-connection"}
)
DROPPED = HOP_BY_HOP | {"content-length", "content-encoding"}  # the relay sends the decoded body


class Relay:
    def __init__(
        self,
        target: str,
        limits: Limits,
        *,
        max_faults: int = 5,
        retries: int = 3,
        deadline: Callable[[], float | None] = lambda: None,
    ) -> None:
        parts = urlsplit(target)
        self.origin = f"{parts.scheme}://{parts.netloc}"
        self.base_path = parts.path.rstrip("/")
        self.limits = limits
        self.max_faults = max_faults
        self.retries = retries
        self.deadline = deadline
        self.faults: list[str] = []
        self._lock = threading.Lock()
        self._local = threading.local()
        self._clients: list[BoundedClient] = []
        self._server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _handler(self))
        self._server.daemon_threads = True
        self._thread = threading.Thread(
            target=self._server.serve_forever, name="conformance-relay", daemon=True
        )

    @property
    def url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host!s}:{port}{self.base_path}"

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()
        with self._lock:
            for client in self._clients:
                client.close()

    def client(self) -> BoundedClient:
        client: BoundedClient | None = getattr(self._local, "client", None)
        if client is None:
            client = self._local.client = BoundedClient(self.limits)
            with self._lock:
                self._clients.append(client)
        return client

    def send(self, method: str, url: str, body: bytes | None, headers: list[tuple[bytes, bytes]]) -> Answer:
        """Forward once, and up to `retries` more times when the connection dropped (as the wire
        does for the suite's own requests: a dropped connection is a fault, not an answer)."""
        for attempt in range(self.retries + 1):
            try:
                return self.client().request(method, url, content=body, headers=headers)
            except TransportFault as exc:
                if not exc.dropped or attempt == self.retries:
                    raise
                time.sleep(min(0.2 * 2**attempt, 2.0))
        raise AssertionError("unreachable")

    def refusal(self) -> str | None:
        """Why the relay answers at once without forwarding, if it does."""
        deadline = self.deadline()
        if deadline is not None and time.monotonic() >= deadline:
            return "not sent: the run's --deadline passed"
        with self._lock:
            if len(self.faults) >= self.max_faults:
                return f"not sent: {len(self.faults)} earlier requests could not be read"
        return None

    def record(self, fault: str) -> None:
        with self._lock:
            self.faults.append(fault)


def _handler(relay: Relay) -> type[http.server.BaseHTTPRequestHandler]:
    class Handler(http.server.BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, format: str, *args: object) -> None:
            pass  # the relay is silent: what it sees may hold secrets

        def __getattr__(self, name: str) -> Callable[[], None]:
            if name.startswith("do_"):
                return self._forward
            raise AttributeError(name)

        def _forward(self) -> None:
            length = int(self.headers.get("content-length") or 0)
            body = self.rfile.read(length) if length > 0 else None
            refused = relay.refusal()
            if refused is not None:
                self._fault(refused)
                return
            headers = [
                (k.encode("latin-1"), v.encode("latin-1"))
                for k, v in self.headers.items()
                if k.lower() not in HOP_BY_HOP and k.lower() != "host"
            ]
            try:
                answer = relay.send(self.command, relay.origin + self.path, body, headers)
            except Unsendable as exc:
                self._fault(str(exc), header=UNSENT_HEADER)
                return
            except TransportFault as exc:
                fault = f"{self.command} {self.path.split('?')[0]}: {exc}"
                relay.record(fault)
                self._fault(fault)
                return
            except (httpx.InvalidURL, ValueError, UnicodeError) as exc:
                self._fault(f"the relay could not send {self.command} {self.path!r}: {exc}")
                return
            lines = [f"HTTP/1.1 {answer.status} {answer.reason}".encode("latin-1", "replace")]
            for name, value in answer.raw_headers:
                if name.lower().decode("latin-1") not in DROPPED:
                    lines.append(name + b": " + value)
            lines.append(b"Content-Length: " + str(len(answer.content)).encode())
            head = b"\r\n".join(lines) + b"\r\n\r\n"
            self.wfile.write(head if self.command == "HEAD" else head + answer.content)

        def _fault(self, why: str, header: str = FAULT_HEADER) -> None:
            text = why.encode("utf-8", "replace")
            note = why.encode("ascii", "replace").replace(b"\r", b" ").replace(b"\n", b" ")
            head = (
                b"HTTP/1.1 502 Bad Gateway\r\n" + header.encode() + b": " + note + b"\r\n"
                b"Content-Type: text/plain; charset=utf-8\r\nContent-Length: " + str(len(text)).encode()
            )
            self.wfile.write(head + b"\r\n\r\n" + text)

    return Handler


@contextmanager
def running(
    target: str, limits: Limits, *, deadline: Callable[[], float | None] = lambda: None
) -> Iterator[Relay]:
    relay = Relay(target, limits, deadline=deadline)
    relay.start()
    try:
        yield relay
    finally:
        relay.stop()
