"""The wire: exact requests and responses, and the curl command that shows each one.

Checks judge the server by what crosses the wire, so an `Exchange` keeps the bytes sent and
received, every header and the status. The bearer token is never stored in an exchange: the
Authorization header is recorded with a placeholder (`$STOREFEEDER_TOKEN` for the run's own token,
`<wrong-token>` and the like for made-up ones), so a curl command can be printed and pasted safely.
"""

from __future__ import annotations

import shlex
import time
from collections.abc import Iterable
from dataclasses import dataclass

import httpx

USER_AGENT = "storefeeder-conformance"
TOKEN_ENV = "STOREFEEDER_TOKEN"
VALID_LABEL = f"${TOKEN_ENV}"


class Unreachable(RuntimeError):
    """The server did not answer (connection refused, DNS failure, timeout)."""


@dataclass(frozen=True, slots=True)
class Bearer:
    """A token to send and how to show it: the label replaces the token in every record."""

    token: str
    label: str = VALID_LABEL


@dataclass(frozen=True, slots=True)
class Exchange:
    method: str
    url: str
    headers: tuple[tuple[str, str], ...]  # as sent, Authorization shown with its label
    body: bytes
    status: int
    response_headers: tuple[tuple[str, str], ...]
    content: bytes

    def header(self, name: str) -> str | None:
        wanted = name.lower()
        return next((v for k, v in self.response_headers if k.lower() == wanted), None)

    def request_header(self, name: str) -> str | None:
        wanted = name.lower()
        return next((v for k, v in self.headers if k.lower() == wanted), None)

    @property
    def media_type(self) -> str:
        """The response Content-Type without parameters, lower case ('' when absent)."""
        return (self.header("content-type") or "").split(";")[0].strip().lower()

    def text(self, limit: int = 300) -> str:
        text = self.content.decode("utf-8", "replace")
        return text if len(text) <= limit else text[:limit] + "..."

    def summary(self) -> str:
        return f"{self.method} {self.url} -> {self.status} {self.media_type or '(no Content-Type)'}"

    def curl(self) -> str:
        parts = ["curl", "-i", "-X", self.method, shlex.quote(self.url)]
        for name, value in self.headers:
            if name.lower() == "authorization" and value == f"Bearer {VALID_LABEL}":
                parts += ["-H", f'"Authorization: Bearer {VALID_LABEL}"']  # expands from the env
            else:
                parts += ["-H", shlex.quote(f"{name}: {value}")]
        if self.body:
            parts += ["--data-binary", shlex.quote(self.body.decode("utf-8", "replace"))]
        return " ".join(parts)


RETRY_STATUSES = frozenset({429, 503})
"""'Try again later' answers (openapi.yaml: nothing was changed); the wire waits and resends."""


class Wire:
    """An httpx client that records exchanges and never adds headers the checks did not ask for.

    A 429 or 503 is retried up to `retries` times after its Retry-After (at most `max_wait`
    seconds, 1 s when absent): rate limiting is not a contract violation, and a real service
    may throttle the suite.
    """

    def __init__(
        self, base_url: str, *, timeout: float = 30.0, retries: int = 3, max_wait: float = 10.0
    ) -> None:
        self.base_url = base_url.rstrip("/")
        self.retries = retries
        self.max_wait = max_wait
        self._client = httpx.Client(timeout=timeout, follow_redirects=False)
        for name in ("accept", "accept-encoding"):
            del self._client.headers[name]
        self._client.headers["user-agent"] = USER_AGENT
        self.sent = 0

    def close(self) -> None:
        self._client.close()

    def url(self, path: str) -> str:
        return self.base_url + path

    def send(
        self,
        method: str,
        path: str,
        *,
        body: bytes = b"",
        content_type: str | None = None,
        accept: str | None = None,
        bearer: Bearer | None = None,
        headers: Iterable[tuple[str, str]] = (),
        shown_body: bytes | None = None,
    ) -> Exchange:
        """Send one request; `shown_body` is what the record keeps instead of a body with secrets."""
        sent: list[tuple[str, str]] = []
        shown: list[tuple[str, str]] = []
        if content_type is not None:
            sent.append(("Content-Type", content_type))
        if accept is not None:
            sent.append(("Accept", accept))
        sent.extend(headers)
        shown.extend(sent)
        if bearer is not None:
            sent.append(("Authorization", f"Bearer {bearer.token}"))
            shown.append(("Authorization", f"Bearer {bearer.label}"))
        url = self.url(path)
        for attempt in range(self.retries + 1):
            self.sent += 1
            try:
                response = self._client.request(method, url, content=body or None, headers=sent)
            except httpx.TransportError as exc:
                raise Unreachable(f"{method} {url}: {type(exc).__name__}: {exc}") from exc
            if response.status_code not in RETRY_STATUSES or attempt == self.retries:
                break
            time.sleep(self._wait(response.headers.get("retry-after")))
        return Exchange(
            method=method,
            url=url,
            headers=tuple(shown),
            body=body if shown_body is None else shown_body,
            status=response.status_code,
            response_headers=tuple(response.headers.multi_items()),
            content=response.content,
        )

    def _wait(self, retry_after: str | None) -> float:
        try:
            seconds = float(retry_after) if retry_after is not None else 1.0
        except ValueError:
            seconds = 1.0
        return min(max(seconds, 0.0), self.max_wait)
