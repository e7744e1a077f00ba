"""Content-Type parsing and media type negotiation."""

from __future__ import annotations

from storefeeder_mock.media import Negotiator, parse_content_type

MEDIA = ("application/json", "text/json", "application/xml", "text/xml")


def test_parse_content_type() -> None:
    assert parse_content_type(None) == (None, None)
    assert parse_content_type(b'Text/XML; Charset="UTF-16"; x=y') == ("text/xml", "utf-16")
    assert parse_content_type(b"application/json") == ("application/json", None)


def test_negotiator_falls_back_to_json() -> None:
    n = Negotiator(MEDIA)
    assert n.response_type(None) == "application/json"
    assert n.response_type(b"") == "application/json"
    assert n.response_type(b"image/*") == "application/json"
    assert n.response_type(b"*/*") == "application/json"
    assert n.response_type(b"text/xml;q=0.1, image/png") == "text/xml"
