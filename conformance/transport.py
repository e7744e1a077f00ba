"""Bounded HTTP: every request has a connect timeout, a read timeout, a total deadline for the whole
response and a cap on the response size, so no server can hold the suite or fill its memory.

httpx's read timeout restarts on every byte (a server sending one byte every few seconds never
trips it), so the total deadline is enforced below httpx, on the socket: `DeadlineBackend` wraps
httpcore's network backend and gives every read and write at most the time left until the
request's deadline. The body is read as a stream and the read stops at `max_bytes`.
"""

from __future__ import annotations

import ssl
import threading
import time
import typing
import zlib
from dataclasses import dataclass

import httpcore
import httpx

DEFAULT_REQUEST_TIMEOUT = 30.0
DEFAULT_CONNECT_TIMEOUT = 10.0
DEFAULT_MAX_RESPONSE_BYTES = 4 * 1024 * 1024


@dataclass(frozen=True, slots=True)
class Limits:
    request_timeout: float = DEFAULT_REQUEST_TIMEOUT  # the whole response, headers and body
    max_response_bytes: int = DEFAULT_MAX_RESPONSE_BYTES
    connect_timeout: float = DEFAULT_CONNECT_TIMEOUT

    @property
    def timeout(self) -> httpx.Timeout:
        connect = min(self.connect_timeout, self.request_timeout)
        return httpx.Timeout(self.request_timeout, connect=connect)


class TransportFault(RuntimeError):
    """The answer could not be read: the connection failed or dropped, or a limit was reached."""

    dropped = False  # a connection that failed or closed early: safe to try again


class Dropped(TransportFault):
    dropped = True


class TooSlow(TransportFault):
    pass


class TooLarge(TransportFault):
    pass


class Unsendable(TransportFault):
    """The request itself cannot be sent (a header value HTTP forbids): nothing about the server."""


class _Deadlines(threading.local):
    at: float | None = None


class _DeadlineStream(httpcore.NetworkStream):
    def __init__(self, inner: httpcore.NetworkStream, deadlines: _Deadlines) -> None:
        self._inner = inner
        self._deadlines = deadlines

    def _left(self, timeout: float | None) -> float | None:
        at = self._deadlines.at
        if at is None:
            return timeout
        left = at - time.monotonic()
        if left <= 0:
            raise httpcore.ReadTimeout("the response took longer than the request's total deadline")
        return left if timeout is None else min(timeout, left)

    def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        return self._inner.read(max_bytes, self._left(timeout))

    def write(self, buffer: bytes, timeout: float | None = None) -> None:
        self._inner.write(buffer, self._left(timeout))

    def close(self) -> None:
        self._inner.close()

    def start_tls(
        self,
        ssl_context: ssl.SSLContext,
        server_hostname: str | None = None,
        timeout: float | None = None,
    ) -> httpcore.NetworkStream:
        inner = self._inner.start_tls(ssl_context, server_hostname, self._left(timeout))
        return _DeadlineStream(inner, self._deadlines)

    def get_extra_info(self, info: str) -> typing.Any:
        return self._inner.get_extra_info(info)


class DeadlineBackend(httpcore.NetworkBackend):
    """httpcore's sync backend whose streams never wait past the current request's deadline."""

    def __init__(self) -> None:
        self._inner = httpcore.SyncBackend()
        self.deadlines = _Deadlines()

    def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: typing.Iterable[httpcore.SOCKET_OPTION] | None = None,
    ) -> httpcore.NetworkStream:
        stream = self._inner.connect_tcp(host, port, timeout, local_address, socket_options)
        return _DeadlineStream(stream, self.deadlines)

    def connect_unix_socket(
        self,
        path: str,
        timeout: float | None = None,
        socket_options: typing.Iterable[httpcore.SOCKET_OPTION] | None = None,
    ) -> httpcore.NetworkStream:
        return _DeadlineStream(self._inner.connect_unix_socket(path, timeout, socket_options), self.deadlines)

    def sleep(self, seconds: float) -> None:
        self._inner.sleep(seconds)


class _BoundedTransport(httpx.HTTPTransport):
    def __init__(self, backend: DeadlineBackend) -> None:
        super().__init__()
        # httpx has no parameter for the network backend; the pool it builds is replaced by one
        # with the same defaults and the deadline backend.
        self._pool = httpcore.ConnectionPool(
            ssl_context=httpx.create_ssl_context(), network_backend=backend, max_keepalive_connections=20
        )


@dataclass(frozen=True, slots=True)
class Answer:
    status: int
    headers: tuple[tuple[str, str], ...]
    content: bytes
    reason: str
    raw_headers: tuple[tuple[bytes, bytes], ...] = ()

    def header(self, name: str) -> str | None:
        wanted = name.lower()
        return next((v for k, v in self.headers if k.lower() == wanted), None)


class BoundedClient:
    """One httpx client whose every request is bounded by `limits`. Proxies from the environment
    are not used (they would bypass the deadline)."""

    def __init__(self, limits: Limits) -> None:
        self.limits = limits
        self._backend = DeadlineBackend()
        self._client = httpx.Client(
            transport=_BoundedTransport(self._backend),
            timeout=limits.timeout,
            follow_redirects=False,
            trust_env=False,
        )
        for name in ("accept", "accept-encoding", "user-agent"):
            del self._client.headers[name]

    def close(self) -> None:
        self._client.close()

    def request(
        self,
        method: str,
        url: str | httpx.URL,
        *,
        content: bytes | None,
        headers: typing.Sequence[tuple[str, str]] | typing.Sequence[tuple[bytes, bytes]],
    ) -> Answer:
        """Send and read the whole answer within the limits; TransportFault when that fails."""
        limits = self.limits
        self._backend.deadlines.at = time.monotonic() + limits.request_timeout
        try:
            with self._client.stream(method, url, content=content, headers=headers) as response:
                raw = bytearray()
                for chunk in response.iter_raw():
                    raw += chunk
                    if len(raw) > limits.max_response_bytes:
                        raise TooLarge(f"the answer is larger than {limits.max_response_bytes} bytes")
                body = _decoded(bytes(raw), response.headers.get("content-encoding"), limits)
                headers_out = tuple(response.headers.multi_items())
                return Answer(
                    response.status_code,
                    headers_out,
                    body,
                    response.reason_phrase,
                    tuple(response.headers.raw),
                )
        except httpx.LocalProtocolError as exc:
            raise Unsendable(f"the request cannot be sent: {exc}") from None
        except httpx.TimeoutException as exc:
            raise TooSlow(f"no complete answer within {limits.request_timeout:g} s ({exc})") from None
        except (httpx.ConnectError, httpx.ReadError, httpx.WriteError, httpx.RemoteProtocolError) as exc:
            raise Dropped(f"{type(exc).__name__}: {exc or 'the connection failed'}") from None
        except httpx.HTTPError as exc:
            raise TransportFault(f"{type(exc).__name__}: {exc}") from None
        finally:
            self._backend.deadlines.at = None


def _decoded(raw: bytes, encoding: str | None, limits: Limits) -> bytes:
    """The body without gzip/deflate, decompressed no further than the cap (a small gzip body can
    expand to gigabytes). Other encodings are kept as received."""
    name = (encoding or "").strip().lower()
    if name not in ("gzip", "x-gzip", "deflate"):
        return raw
    wbits = 47 if name != "deflate" else 15  # 47: gzip or zlib header, detected
    try:
        decoder = zlib.decompressobj(wbits)
        out = decoder.decompress(raw, limits.max_response_bytes + 1)
    except zlib.error as exc:
        raise TransportFault(f"the answer's {name} body cannot be decoded: {exc}") from None
    if len(out) > limits.max_response_bytes or decoder.unconsumed_tail:
        raise TooLarge(f"the answer decompresses to more than {limits.max_response_bytes} bytes")
    return out
