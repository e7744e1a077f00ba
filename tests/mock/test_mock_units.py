"""Unit tests of the pieces with rules of their own: negotiation, XML names, the store's log, fuzzing."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from storefeeder_mock import RunningMock, create_app, running_mock
from storefeeder_mock import jsonreader as jr
from storefeeder_mock import store as store_module
from storefeeder_mock.codec import CodecError, decode_text, decode_xml, encode_local_name
from storefeeder_mock.jsonreader import JsonReaderError, JsonTextReader
from storefeeder_mock.media import Negotiator, parse_content_type
from storefeeder_mock.seeding import generate
from storefeeder_mock.spec import load_contract
from storefeeder_mock.store import Store, StoreError

MEDIA = ("application/json", "text/json", "application/xml", "text/xml")


@pytest.mark.parametrize(
    ("key", "encoded"),
    [
        ("model[3].OrderNumber", "model_x005B_3_x005D_.OrderNumber"),
        ("model", "model"),
        ("3d", "_x0033_d"),
        ("a b", "a_x0020_b"),
        ("a:b", "a_x003A_b"),
        ("_x0041_", "_x005F_x0041_"),
        ("ordernumber", "ordernumber"),
    ],
)
def test_encode_local_name_like_xmlconvert(key: str, encoded: str) -> None:
    assert encode_local_name(key) == encoded


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


def test_text_decoding_by_charset() -> None:
    assert decode_text(b"\xef\xbb\xbf[1]", None) == "[1]"  # a UTF-8 BOM is dropped
    assert decode_text("[1]".encode("utf-16"), None) == "[1]"
    assert decode_text(b"[1]", "koi8-r") == "[1]"  # any other charset reads as UTF-8, as Web API does
    with pytest.raises(CodecError):
        decode_text(b"\xff[1]", "iso-8859-1")


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


def test_xml_decoder_refuses_dtds_and_depth() -> None:
    with pytest.raises(CodecError, match="DOCTYPE"):
        decode_xml(b"<!DOCTYPE a><a/>")
    with pytest.raises(CodecError, match="nested"):
        decode_xml(b"<a>" * 40 + b"</a>" * 40)
    node = decode_xml(b'<r xmlns:p="urn:x"><p:i>1</p:i><i>2</i></r>')
    assert [c.name for c in node.children] == ["urn:x i", "i"]


def test_store_compacts_its_log_and_reopens(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(store_module, "COMPACT_AT", 10)
    contract = load_contract()
    data = generate(0, contract)
    path = str(tmp_path / "s.sqlite3")
    store = Store(path, data)
    numbers = [o.number for o in data.orders[:30]]
    for i, n in enumerate(numbers):
        store.commit([(n, "OnHold" if i % 2 else "CourierClaim")])
    expected = store.lookup(numbers)
    store.commit([(numbers[0], "Returned")])  # one change left in the log when the process dies
    expected[numbers[0]] = (expected[numbers[0]][0], "Returned")
    store._db.close()  # like kill -9: no close(), no compaction, no checkpoint

    db = sqlite3.connect(path)
    assert db.execute("SELECT count(*) FROM changes").fetchone()[0] > 0
    db.close()
    reopened = Store(path, data)
    assert reopened.lookup(numbers) == expected
    reopened.close()
    db = sqlite3.connect(path)
    assert db.execute("SELECT count(*) FROM changes").fetchone()[0] == 0  # folded into orders
    stored = dict(
        db.execute(f"SELECT number, status FROM orders WHERE number IN ({','.join('?' * 30)})", numbers)
    )
    db.close()
    assert stored == {n: s for n, (_, s) in expected.items()}


def test_store_refuses_a_foreign_database(tmp_path: Path) -> None:
    path = tmp_path / "other.sqlite3"
    db = sqlite3.connect(path)
    db.execute("CREATE TABLE meta (key TEXT PRIMARY KEY, value BLOB NOT NULL)")
    db.execute("INSERT INTO meta VALUES ('schema', 'something else')")
    db.commit()
    db.close()
    with pytest.raises(StoreError):
        Store(str(path), generate(0, load_contract()))


@pytest.mark.parametrize("lifetime", [float("nan"), float("inf"), float("-inf"), 0.0, -1.0])
def test_a_lifetime_that_is_not_positive_and_finite_is_refused(lifetime: float) -> None:
    with pytest.raises(ValueError, match="token_lifetime"):
        create_app(token_lifetime=lifetime)
    with pytest.raises(ValueError, match="token_lifetime"), running_mock(token_lifetime=lifetime):
        pass  # pragma: no cover


def test_a_fractional_lifetime_rounds_up_and_tokens_are_issued() -> None:
    with running_mock(token_lifetime=0.25) as m:
        c = m.account(0)
        form = {"grant_type": "password", "username": c.username, "password": c.password}
        r = httpx.post(m.base_url + "/Token", data={**form, "client_id": c.client_id})
        assert r.status_code == 200 and r.json()["expires_in"] == 1


@pytest.mark.parametrize("port", [-1, 65536, 99999])
def test_running_mock_refuses_a_port_out_of_range(port: int) -> None:
    with pytest.raises(ValueError, match="port"), running_mock(port=port):
        pass  # pragma: no cover


# ---------------------------------------------------------------- fuzzing: never a 500


class Fuzz:
    def __init__(self, mock: RunningMock) -> None:
        self.http = httpx.Client(base_url=mock.base_url)
        self.token = mock.token(1)

    def put(self, body: bytes, media: str) -> httpx.Response:
        return self.http.put(
            "/orders/override-order-statuses",
            content=body,
            headers={"Authorization": f"Bearer {self.token}", "Content-Type": media},
        )


@pytest.fixture(scope="module")
def fuzz() -> Iterator[Fuzz]:
    with running_mock() as m:
        f = Fuzz(m)
        yield f
        f.http.close()


FUZZ = settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda children: (
        st.lists(children, max_size=4)
        | st.dictionaries(
            st.sampled_from(["OrderNumber", "OrderStatus", "orderNumber", "x"]) | st.text(max_size=5),
            children,
            max_size=4,
        )
    ),
    max_leaves=20,
)


@FUZZ
@given(body=json_values)
def test_fuzz_json_never_500(fuzz: Fuzz, body: object) -> None:
    r = fuzz.put(json.dumps(body).encode(), "application/json")
    assert r.status_code in (200, 400), r.text


@FUZZ
@given(body=st.binary(max_size=300), media=st.sampled_from(MEDIA))
def test_fuzz_bytes_never_500(fuzz: Fuzz, body: bytes, media: str) -> None:
    r = fuzz.put(body, media)
    assert r.status_code in (200, 400), r.text


XML_TOKENS = [
    *"<>/ =\"'&;!?[]-x1",
    "OrderNumber",
    "OrderStatus",
    "OverrideOrderStatusModel",
    "ArrayOfOverrideOrderStatusModel",
    "OnHold",
    "<!DOCTYPE",
    "<!ENTITY",
    "&#0;",
    "&amp;",
    "]]>",
    "<![CDATA[",
    "xmlns:p='urn:x'",
    "p:",
]


@FUZZ
@given(tokens=st.lists(st.sampled_from(XML_TOKENS), max_size=40))
def test_fuzz_xml_never_500(fuzz: Fuzz, tokens: list[str]) -> None:
    body = f"<ArrayOfOverrideOrderStatusModel>{''.join(tokens)}</ArrayOfOverrideOrderStatusModel>".encode()
    r = fuzz.put(body, "text/xml")
    assert r.status_code in (200, 400), r.text


def test_array_encoder_templates_match_the_generic_writer() -> None:
    from storefeeder_mock.codec import ArrayEncoder, json_object

    names = ("OrderNumber", "OrderStatus", "Success", "Error")
    order = ("OrderNumber", "OrderStatus", "Success", "Error")
    encoder = ArrayEncoder(names, order, json_object, "[", "]", ",")
    hole_digits = str(7**50)
    rows = [
        (5, "OnHold", True, None),
        (6, "OnHold", True, None),
        (7, "Draft", False, "100% refused"),
        (8, f"x{hole_digits}", False, None),
    ]
    for _ in range(2):  # the second pass uses the cached templates
        assert json.loads(encoder.encode(rows)) == [
            {k: v for k, v in zip(order, row, strict=True) if v is not None} for row in rows
        ]
