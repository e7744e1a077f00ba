"""Bearer tokens for the run: a fixed one (--token) or the OWIN password grant, refreshed in time.

Every token the run obtains, and the password and client_id, are kept in `secrets` so that the
report can scrub them from anything it prints or writes.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urlencode

from .contract import Contract
from .wire import RETRY_STATUSES, TOKEN_ENV, Bearer, Exchange, Wire

FORM = "application/x-www-form-urlencoded"
PASSWORD_ENV = "STOREFEEDER_PASSWORD"
CLIENT_ID_ENV = "STOREFEEDER_CLIENT_ID"
USERNAME_ENV = "STOREFEEDER_USERNAME"


class AuthFailed(RuntimeError):
    """The credentials or the token were refused, or the server failed to answer the login."""

    def __init__(self, message: str, exchange: Exchange | None = None) -> None:
        super().__init__(message)
        self.exchange = exchange


@dataclass(frozen=True, slots=True)
class Credentials:
    username: str
    password: str
    client_id: str


@dataclass(frozen=True, slots=True)
class Issued:
    token: str
    expires_in: float | None  # seconds, as the server said; None when unknown
    issued_at: float  # clock() when the answer arrived
    asked_at: float  # clock() when the request went out: the server issued the token in between

    def remaining(self, now: float) -> float | None:
        """At most this long until it expires (counted from the answer's arrival)."""
        return None if self.expires_in is None else self.issued_at + self.expires_in - now

    def surely_remaining(self, now: float) -> float | None:
        """At least this long until it expires (counted from the request: a slow login must not
        make the run believe a token lives longer than it does)."""
        return None if self.expires_in is None else self.asked_at + self.expires_in - now


class Tokens:
    def __init__(
        self,
        wire: Wire,
        contract: Contract,
        *,
        credentials: Credentials | None = None,
        token: str | None = None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        if credentials is None and token is None:
            raise ValueError("credentials or a token are needed")
        self.wire = wire
        self.contract = contract
        self.credentials = credentials
        self.clock = clock
        self.secrets: set[str] = set()
        if credentials is not None:
            self.secrets.update({credentials.password, credentials.client_id})
        self._current: Issued | None = None
        if token is not None:
            self.secrets.add(token)
            self._current = Issued(token, None, clock(), clock())

    @property
    def can_login(self) -> bool:
        return self.credentials is not None

    def form(self, credentials: Credentials) -> tuple[bytes, bytes]:
        """The form body, and the same with the password and client_id as env-var placeholders."""
        fields = {"grant_type": "password", "username": credentials.username}
        real = urlencode({**fields, "password": credentials.password, "client_id": credentials.client_id})
        shown = urlencode(fields) + f"&password=${PASSWORD_ENV}&client_id=${CLIENT_ID_ENV}"
        return real.encode(), shown.encode()

    def request_token(self, credentials: Credentials) -> Exchange:
        body, shown = self.form(credentials)
        return self.wire.send(
            "POST", self.contract.token_path, body=body, content_type=FORM, shown_body=shown
        )

    def login(self) -> Issued:
        """A new token from POST /Token; AuthFailed when refused."""
        if self.credentials is None:
            raise AuthFailed("no credentials to log in with (only a fixed token was given)")
        asked_at = self.clock()
        exchange = self.request_token(self.credentials)
        if exchange.status >= 500 or exchange.status in RETRY_STATUSES:
            raise AuthFailed(
                f"POST /Token: the server failed ({exchange.status}), the credentials were not judged: "
                f"{exchange.text()}",
                exchange,
            )
        if exchange.status != 200:
            raise AuthFailed(
                f"POST /Token refused the credentials: {exchange.status} {exchange.text()}", exchange
            )
        try:
            answer = json.loads(exchange.content)
            token = answer["access_token"]
            expires = answer.get("expires_in")
            if not isinstance(token, str) or not token:
                raise TypeError("access_token is not a non-empty string")
        except (ValueError, KeyError, TypeError, AttributeError, RecursionError) as exc:
            why = "nested too deep" if isinstance(exc, RecursionError) else str(exc)[:200]
            raise AuthFailed(
                f"POST /Token answered 200 without a readable access_token: {why}", exchange
            ) from None
        self.secrets.add(token)
        lifetime = float(expires) if isinstance(expires, int | float) else None
        return Issued(token, lifetime, self.clock(), asked_at)

    def bearer(self) -> Bearer:
        """The run's token, renewed before it runs out when credentials allow."""
        current = self._current
        if current is None or self._stale(current):
            current = self._current = self.login()
        return Bearer(current.token)

    def _stale(self, issued: Issued) -> bool:
        if not self.can_login or issued.expires_in is None:
            return False
        remaining = issued.surely_remaining(self.clock())
        assert remaining is not None
        # Renew with a quarter of the lifetime left (at least half a second, at most half the lifetime).
        margin = min(max(0.5, 0.25 * issued.expires_in), 0.5 * issued.expires_in)
        return remaining < margin

    @staticmethod
    def env_names() -> tuple[str, ...]:
        return (USERNAME_ENV, PASSWORD_ENV, CLIENT_ID_ENV, TOKEN_ENV)
