"""Bearer tokens: the OWIN password grant and token checks.

A token is random (a 16-byte nonce) and self-contained, like OWIN's protected tickets: it carries
the account and the expiry time, sealed with an HMAC whose key lives in the store, so tokens
survive a restart of the mock on the same database file and cannot be forged.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import math
import os
import struct
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from urllib.parse import parse_qs

from .seeding import Account

_PAYLOAD = struct.Struct(">Hd16s")  # account, expiry (epoch seconds), nonce
_MAC_SIZE = 16
_TOKEN_SIZE = _PAYLOAD.size + _MAC_SIZE

FORM_TYPE = "application/x-www-form-urlencoded"
BAD_CREDENTIALS = "The user name or password is incorrect."


@dataclass(frozen=True, slots=True)
class TokenCheck:
    """The account a well-formed, authentic token names, and whether it has expired."""

    account: int
    expired: bool


class Tokens:
    def __init__(self, secret: bytes, lifetime: float, clock: Callable[[], float] = time.time) -> None:
        if not (math.isfinite(lifetime) and lifetime > 0):
            raise ValueError(f"token_lifetime must be a positive, finite number of seconds, not {lifetime}")
        self._secret = secret
        self.lifetime = lifetime
        self._clock = clock

    def _mac(self, payload: bytes) -> bytes:
        return hmac.new(self._secret, payload, hashlib.sha256).digest()[:_MAC_SIZE]

    def issue(self, account: int) -> tuple[str, int]:
        """A new token for `account` and its `expires_in` (whole seconds, rounded up)."""
        payload = _PAYLOAD.pack(account, self._clock() + self.lifetime, os.urandom(16))
        token = base64.urlsafe_b64encode(payload + self._mac(payload)).rstrip(b"=").decode("ascii")
        return token, math.ceil(self.lifetime)

    def check(self, token: str) -> TokenCheck | None:
        """None for anything that is not a token this mock issued."""
        try:
            raw = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4))
        except (binascii.Error, ValueError):
            return None
        if len(raw) != _TOKEN_SIZE:
            return None
        payload, mac = raw[: _PAYLOAD.size], raw[_PAYLOAD.size :]
        if not hmac.compare_digest(mac, self._mac(payload)):
            return None
        account, expires, _nonce = _PAYLOAD.unpack(payload)
        return TokenCheck(account=account, expired=self._clock() >= expires)


def bearer(header: bytes | None) -> str | None:
    """The token of an `Authorization: Bearer <token>` header (scheme case-insensitive)."""
    if header is None:
        return None
    scheme, _, token = header.decode("latin-1").strip().partition(" ")
    token = token.strip()
    if scheme.lower() != "bearer" or not token:
        return None
    return token


@dataclass(frozen=True, slots=True)
class GrantError:
    error: str
    description: str | None


def password_grant(
    form_body: bytes, content_type: str | None, accounts: Sequence[Account]
) -> Account | GrantError:
    """OWIN's token endpoint: grant_type=password with username, password and client_id.

    A body that is not a form reads as an empty form (OWIN does not read it), so it gets
    unsupported_grant_type. A wrong user, password or client_id gets one invalid_grant answer.
    """
    form: dict[str, list[str]] = {}
    if content_type == FORM_TYPE:
        try:
            form = parse_qs(form_body.decode("utf-8"), keep_blank_values=True, max_num_fields=64)
        except (UnicodeDecodeError, ValueError):
            form = {}

    def field(name: str) -> str | None:
        values = form.get(name)
        return values[0] if values else None

    if field("grant_type") != "password":
        return GrantError("unsupported_grant_type", None)
    username, password, client_id = field("username"), field("password"), field("client_id")
    for account in accounts:
        if (
            account.username == username
            and hmac.compare_digest(account.password.encode(), (password or "").encode())
            and account.client_id == client_id
        ):
            return account
    return GrantError("invalid_grant", BAD_CREDENTIALS)
