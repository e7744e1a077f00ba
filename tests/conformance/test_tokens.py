"""Tokens: when the run renews its bearer token, counted from when the login was sent."""

from __future__ import annotations

import json
from typing import Any

from storefeeder_conformance import contract as contract_module
from storefeeder_conformance.tokens import Credentials, Tokens
from storefeeder_conformance.wire import Exchange

CREDENTIALS = Credentials("user", "secret-password", "secret-client")


class SlowLogins:
    """A wire whose every POST /Token takes `seconds` of the fake clock and issues a new token."""

    def __init__(self, seconds: float, expires_in: float) -> None:
        self.now = 100.0
        self.seconds = seconds
        self.expires_in = expires_in
        self.logins = 0

    def clock(self) -> float:
        return self.now

    def send(self, method: str, path: str, **_: Any) -> Exchange:
        self.now += self.seconds
        self.logins += 1
        body = json.dumps({"access_token": f"token-{self.logins}", "expires_in": self.expires_in})
        return Exchange(method, path, (), b"", 200, (), body.encode())


def tokens_over(wire: SlowLogins) -> Tokens:
    return Tokens(wire, contract_module.load(), credentials=CREDENTIALS, clock=wire.clock)  # type: ignore[arg-type]


def test_a_token_is_renewed_counting_from_when_the_login_was_sent() -> None:
    # 3 s tokens, renewed when less than 0.75 s surely remains. The login took 1 s; 1.5 s after its
    # answer the token surely has 0.5 s left (counted from the request): renew. Counted from the
    # answer it would seem to have 1.5 s left, and be kept past its real expiry.
    wire = SlowLogins(seconds=1.0, expires_in=3.0)
    tokens = tokens_over(wire)
    assert tokens.bearer().token == "token-1"
    wire.now += 1.5
    assert tokens.bearer().token == "token-2"


def test_a_fresh_token_is_kept_while_it_surely_lives() -> None:
    wire = SlowLogins(seconds=0.0, expires_in=3.0)
    tokens = tokens_over(wire)
    assert tokens.bearer().token == "token-1"
    wire.now += 2.0  # 1 s left, more than the 0.75 s margin
    assert tokens.bearer().token == "token-1"
    assert wire.logins == 1
