"""What both façades are built from: credentials, media type, base URL, timeout, pacing."""

from __future__ import annotations

from dataclasses import dataclass, field

import httpx
from storefeeder_client.models import TokenRequest, TokenRequestGrantType
from storefeeder_client.types import MEDIA_TYPES, MediaType

from .pacing import Pacer


@dataclass(frozen=True)
class Config:
    base_url: str
    credentials: TokenRequest = field(repr=False)  # never printed: it holds the password
    media_type: MediaType
    timeout: httpx.Timeout
    pacer: Pacer | None


def make_config(
    base_url: str,
    username: str,
    password: str,
    client_id: str,
    media_type: MediaType,
    timeout: float,
    requests_per_second: float | None,
) -> Config:
    if media_type not in MEDIA_TYPES:
        raise ValueError(f"media_type must be one of {', '.join(MEDIA_TYPES)}, not {media_type!r}")
    credentials = TokenRequest(
        grant_type=TokenRequestGrantType.PASSWORD, username=username, password=password, client_id=client_id
    )
    pacer = Pacer(requests_per_second) if requests_per_second is not None else None
    return Config(base_url.rstrip("/"), credentials, media_type, httpx.Timeout(timeout), pacer)
