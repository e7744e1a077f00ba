"""Content negotiation by the Accept header, the way ASP.NET Web API ranks Accept entries.

Formatters are tried in the framework's order: the JSON formatter (application/json, text/json)
before the XML formatter (application/xml, text/xml). The response media type is:
1. from the Accept header: for each formatter the first Accept entry (sorted by q, literal before
   `type/*` before `*/*`, q=0 entries skipped) matching one of its media types; then the best
   literal match, else the best `type/*` match, else the best `*/*` match, where a later formatter
   wins only with a strictly higher q (so ties go to JSON, whatever the order in the header);
2. else (no Accept, or nothing in it that can be served) the request body's media type, when a
   formatter writes it (an XML request without a usable Accept is answered in XML);
3. else application/json, never 406.

The request side: a formatter reads a Content-Type when one of its media types falls within it
(so `application/*` reads as JSON); `application/x-www-form-urlencoded` is read by the form
formatters, which bind an empty list. Checked against the framework in tests/differential.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

MAX_ACCEPT_ENTRIES = 32
FORM = "application/x-www-form-urlencoded"

LITERAL, SUBTYPE_RANGE, ALL_RANGE = 3, 2, 1


_TOKEN = r"[!#$%&'*+\-.^_`|~0-9A-Za-z]+"
_PARAMETER = rf'[ \t]*;[ \t]*{_TOKEN}(?:[ \t]*=[ \t]*(?:{_TOKEN}|"(?:[^"\\]|\\.)*"))?'
_CONTENT_TYPE = re.compile(rf"[ \t]*{_TOKEN}/{_TOKEN}(?:{_PARAMETER})*[ \t]*")


def parse_content_type(value: bytes | None) -> tuple[str | None, str | None]:
    """(media type, charset), both lower case; (None, None) without a header or with one .NET
    cannot parse (`json`, `application/json;;`), which the framework treats as no header."""
    if value is None:
        return None, None
    text = value.decode("latin-1")
    if not _CONTENT_TYPE.fullmatch(text):
        return None, None
    media, _, params = text.partition(";")
    charset = None
    for param in params.split(";"):
        key, _, val = param.partition("=")
        if key.strip().lower() == "charset":
            charset = val.strip().strip('"').lower() or None
    return media.strip().lower(), charset


def _quality(text: str) -> float:
    """A q parameter; one .NET cannot read, or outside 0..1, counts as no quality at all (1)."""
    try:
        q = float(text.strip())
    except ValueError:
        return 1.0
    return q if 0.0 <= q <= 1.0 else 1.0


def accept_charsets(header: str) -> list[str]:
    """Accept-Charset names, lower case, best q first (q=0 left out)."""
    ranked: list[tuple[float, str]] = []
    for raw in header.split(",")[:MAX_ACCEPT_ENTRIES]:
        name, _, params = raw.partition(";")
        q = 1.0
        key, _, val = params.partition("=")
        if key.strip().lower() == "q":
            q = _quality(val)
        if q > 0 and name.strip():
            ranked.append((q, name.strip().lower()))
    ranked.sort(key=lambda entry: -entry[0])
    return [name for _, name in ranked]


def _accept_entries(accept: bytes) -> list[tuple[float, int, str]]:
    entries: list[tuple[float, int, str]] = []
    for raw in accept.decode("latin-1").split(",")[:MAX_ACCEPT_ENTRIES]:
        media, _, params = raw.partition(";")
        media = media.strip().lower()
        kind, slash, sub = media.partition("/")
        if not slash or not kind or not sub:
            continue
        q = 1.0
        for param in params.split(";"):
            key, _, val = param.partition("=")
            if key.strip().lower() == "q":
                q = _quality(val)
        if q == 0.0:
            continue  # q=0 is never used as a match
        rank = ALL_RANGE if kind == "*" else SUBTYPE_RANGE if sub == "*" else LITERAL
        if kind == "*" and sub != "*":
            continue
        entries.append((q, rank, media))
    entries.sort(key=lambda e: (-e[0], -e[1]))
    return entries


def _matches(entry: str, rank: int, media: str) -> bool:
    if rank == ALL_RANGE:
        return True
    if rank == SUBTYPE_RANGE:
        return media.partition("/")[0] == entry.partition("/")[0]
    return media == entry


class Negotiator:
    """Chooses the response media type among `media_types` (the contract's four)."""

    def __init__(self, media_types: Sequence[str]) -> None:
        json_types = tuple(m for m in media_types if m.endswith("json"))
        xml_types = tuple(m for m in media_types if m.endswith("xml"))
        self.formatters: tuple[tuple[str, ...], ...] = (json_types, xml_types)
        self.supported = frozenset(media_types)
        self.default = json_types[0]
        self._cache: dict[tuple[bytes | None, bytes | None], str] = {}

    def reader(self, request_type: str) -> str | None:
        """ "json", "xml" or FORM: the formatter that reads this request media type (None: 415)."""
        media = self.writer_type(request_type)
        if media is not None:
            return "xml" if self.is_xml(media) else "json"
        return FORM if request_type == FORM else None

    def writer_type(self, request_type: str) -> str | None:
        """The first formatter media type within `request_type` (which may be a range)."""
        kind, _, sub = request_type.partition("/")
        for types in self.formatters:
            for media in types:
                if request_type == media or (sub == "*" and (kind == "*" or media.startswith(kind + "/"))):
                    return media
        return None

    def response_type(self, accept: bytes | None, content_type: bytes | None = None) -> str:
        found = self._cache.get((accept, content_type))
        if found is None:
            found = self._negotiate(accept) or self._request_type(content_type) or self.default
            if len(self._cache) < 1024:
                self._cache[(accept, content_type)] = found
        return found

    def can_serve(self, accept: bytes | None) -> bool:
        """Whether an Accept header (None: absent) names something a formatter writes."""
        return not accept or self._negotiate(accept) is not None

    def _request_type(self, content_type: bytes | None) -> str | None:
        media, _ = parse_content_type(content_type)
        return self.writer_type(media) if media else None

    def _negotiate(self, accept: bytes | None) -> str | None:
        if accept:
            entries = _accept_entries(accept)
            best_by_rank: dict[int, tuple[float, str]] = {}
            for types in self.formatters:
                match = self._formatter_match(entries, types)
                if match is None:
                    continue
                q, rank, media = match
                current = best_by_rank.get(rank)
                if current is None or q > current[0]:
                    best_by_rank[rank] = (q, media)
            best: tuple[float, str] | None = None
            for rank in (LITERAL, SUBTYPE_RANGE, ALL_RANGE):
                candidate = best_by_rank.get(rank)
                if candidate is not None and (best is None or candidate[0] > best[0]):
                    best = candidate
            if best is not None:
                return best[1]
        return None

    @staticmethod
    def _formatter_match(
        entries: list[tuple[float, int, str]], types: tuple[str, ...]
    ) -> tuple[float, int, str] | None:
        for q, rank, entry in entries:
            for media in types:
                if _matches(entry, rank, media):
                    return q, rank, media
        return None

    @staticmethod
    def is_xml(media: str) -> bool:
        return media.endswith("xml")
