"""The wire's record of a request: curl commands show a placeholder, never the token."""

from __future__ import annotations

import pytest
from storefeeder_conformance.wire import Bearer, Exchange, Wire


def test_curl_shows_a_placeholder_never_the_token() -> None:
    wire = Wire("http://127.0.0.1:1")
    try:
        with pytest.raises(Exception, match="ConnectError"):
            wire.send("GET", "/x", bearer=Bearer("s3cret-token-value"))
    finally:
        wire.close()
    exchange = Exchange(
        "PUT",
        "http://h/p",
        (("Authorization", "Bearer $STOREFEEDER_TOKEN"), ("Content-Type", "a/b")),
        b"[1]",
        400,
        (),
        b"",
    )
    curl = exchange.curl()
    assert '"Authorization: Bearer $STOREFEEDER_TOKEN"' in curl and "--data-binary '[1]'" in curl
