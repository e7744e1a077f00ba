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

from .transport import BoundedClient, Limits, TransportFault

USER_AGENT = "storefeeder-conformance"
TOKEN_ENV = "STOREFEEDER_TOKEN"
VALID_LABEL = f"${TOKEN_ENV}"


class Unreachable(RuntimeError):
    """No answer could be read: connection refused or dropped (after retries), DNS failure, the
    request's deadline or the response size cap reached."""


class DeadlinePassed(RuntimeError):
    """The whole run's deadline (--deadline) passed: the run stops, restores and reports."""


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
    """A bounded client (transport.py) that records exchanges and never adds headers the checks
    did not ask for.

    Every request the suite makes is safe to repeat (a read, a refused batch, or an override to a
    status an order is meant to have), so faults are retried up to `retries` times: a dropped
    connection after a short pause, a 429 or 503 after its Retry-After (at most `max_wait`
    seconds, 1 s when absent). A request that still cannot get through raises `Unreachable`;
    rate limiting and flaky networks are not contract violations.

    `deadline` (a time.monotonic() value) is the whole run's: past it every send raises
    `DeadlinePassed`; `restoring.unhurried` lifts it to restore the orders.
    """

    def __init__(
        self,
        base_url: str,
        *,
        limits: Limits | None = None,
        retries: int = 3,
        max_wait: float = 10.0,
        deadline: float | None = None,
    ) -> None:
        self.base_url = base_url.rstrip("/")
        self.limits = limits or Limits()
        self.retries = retries
        self.max_wait = max_wait
        self.deadline = deadline
        self._client = BoundedClient(self.limits)
        self.sent = 0
        self.faults = 0  # requests retried or given up because of a transport fault

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
        sent: list[tuple[str, str]] = [("User-Agent", USER_AGENT)]
        shown: list[tuple[str, str]] = []
        if content_type is not None:
            shown.append(("Content-Type", content_type))
        if accept is not None:
            shown.append(("Accept", accept))
        shown.extend(headers)
        sent.extend(shown)
        if bearer is not None:
            sent.append(("Authorization", f"Bearer {bearer.token}"))
            shown.append(("Authorization", f"Bearer {bearer.label}"))
        url = self.url(path)
        answer = None
        for attempt in range(self.retries + 1):
            self._check_deadline()
            self.sent += 1
            try:
                answer = self._client.request(method, url, content=body or None, headers=sent)
            except TransportFault as exc:
                self.faults += 1
                if not exc.dropped or attempt == self.retries:
                    raise Unreachable(f"{method} {url}: {exc}") from None
                self._pause(min(0.2 * 2**attempt, 2.0))
                continue
            if answer.status not in RETRY_STATUSES or attempt == self.retries:
                break
            self._pause(self._wait(answer.header("retry-after")))
        assert answer is not None
        return Exchange(
            method=method,
            url=url,
            headers=tuple(shown),
            body=body if shown_body is None else shown_body,
            status=answer.status,
            response_headers=answer.headers,
            content=answer.content,
        )

    def _check_deadline(self) -> None:
        if self.deadline is not None and time.monotonic() >= self.deadline:
            raise DeadlinePassed("the run's --deadline passed")

    def _pause(self, seconds: float) -> None:
        if self.deadline is not None:
            seconds = min(seconds, max(0.0, self.deadline - time.monotonic()))
        time.sleep(seconds)

    def _wait(self, retry_after: str | None) -> float:
        try:
            seconds = float(retry_after) if retry_after is not None else 1.0
        except ValueError:
            seconds = 1.0
        if seconds != seconds:  # NaN
            seconds = 1.0
        return min(max(seconds, 0.0), self.max_wait)
