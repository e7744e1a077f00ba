"""The port of Json.NET 6's JsonTextReader: its leniency, where it stands after an error, its limits."""

from __future__ import annotations

import pytest
from storefeeder_mock import jsonreader as jr
from storefeeder_mock.jsonreader import JsonReaderError, JsonTextReader


def tokens(text: str) -> list[tuple[int, object, str]]:
    reader = JsonTextReader(text)
    out = []
    while reader.read():
        out.append((reader.token, reader.value, reader.path))
    return out


def test_json_net_reader_leniency() -> None:
    assert tokens("[{'a':1,b:0x1F,/*c*/ \"c\":010,},,NaN]")[:9] == [
        (jr.START_ARRAY, None, ""),
        (jr.START_OBJECT, None, "[0]"),
        (jr.PROPERTY_NAME, "a", "[0].a"),
        (jr.INTEGER, 1, "[0].a"),
        (jr.PROPERTY_NAME, "b", "[0].b"),
        (jr.INTEGER, 31, "[0].b"),
        (jr.COMMENT, "c", "[0].b"),
        (jr.PROPERTY_NAME, "c", "[0].c"),
        (jr.INTEGER, 8, "[0].c"),
    ]


def test_json_net_reader_errors_leave_it_where_json_net_does() -> None:
    reader = JsonTextReader('[{"a":1.5,"b":x}]')
    assert reader.read() and reader.read() and reader.read()
    with pytest.raises(JsonReaderError):
        reader.read_int32()  # 1.5 is consumed: the next read goes on
    assert reader.read() and (reader.token, reader.value) == (jr.PROPERTY_NAME, "b")
    for _ in range(2):  # an unexpected character stays where it is: every read fails again
        with pytest.raises(JsonReaderError):
            reader.read()


def test_json_net_reader_never_runs_away() -> None:
    for text in ("[" * 300, "[,,,", "{'a", "[1 2]", '"\\q"', "/*", "-", "\x00" * 10, "[08]"):
        reader = JsonTextReader(text)
        for _ in range(len(text) + 5):
            try:
                if not reader.read():
                    break
            except JsonReaderError:
                continue
