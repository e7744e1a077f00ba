"""Model binding and validation as ASP.NET Web API does it: what binds, and the 400s.

Every expectation below is what the real framework answered (shared/tools/aspnet-twin, remote
view) to the same body; tests/differential re-asks the framework live. A rejected batch changes
nothing.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from typing import Any

import pytest

from tests.mock.helpers import Api, xml_items

pytestmark = pytest.mark.usefixtures("mock")

PATTERN = "The field OrderNumber must match the regular expression '^[1-9]\\d*$'."
ERR = "An error has occurred."


def model_state(r: Any) -> dict[str, list[str]]:
    assert r.status_code == 400, r.text
    assert r.headers["content-type"] == "application/json; charset=utf-8"
    body = r.json()
    assert body["Message"] == "The request is invalid."
    state: dict[str, list[str]] = body["ModelState"]
    return state


def echoed(r: Any) -> list[tuple[Any, Any]]:
    assert r.status_code == 200, r.text
    return [(item["OrderNumber"], item["OrderStatus"]) for item in r.json()]


# JSON items (as text, for Json.NET's leniency) that bind, and what the action receives.
JSON_BINDS = {
    "number-string": ('{"OrderNumber":"7","OrderStatus":"OnHold"}', (7, "OnHold")),
    "padded-signed-string": ('{"OrderNumber":" +7 ","OrderStatus":"OnHold"}', (7, "OnHold")),
    "hex": ('{"OrderNumber":0x1F,"OrderStatus":"OnHold"}', (31, "OnHold")),
    "octal": ('{"OrderNumber":010,"OrderStatus":"OnHold"}', (8, "OnHold")),
    "status-other-case-padded": ('{"OrderNumber":7,"OrderStatus":" onHOLD "}', (7, "OnHold")),
    "status-id": ('{"OrderNumber":7,"OrderStatus":16}', (7, "OnHold")),
    "status-id-string": ('{"OrderNumber":7,"OrderStatus":"2"}', (7, "AwaitingPayment")),
    "status-flags": ('{"OrderNumber":7,"OrderStatus":"OnHold, Despatched"}', (7, 23)),
    "status-undefined-id": ('{"OrderNumber":7,"OrderStatus":999}', (7, 999)),
    "status-missing": ('{"OrderNumber":7}', (7, 0)),
    "status-null": ('{"OrderNumber":7,"OrderStatus":null}', (7, 0)),
    "lenient-syntax": ("{'OrderNumber':7,OrderStatus:'OnHold',/* c */}", (7, "OnHold")),
    "names-any-case-last-wins": (
        '{"ordernumber":7,"ORDERSTATUS":"OnHold","x":1,"OrderNumber":8}',
        (8, "OnHold"),
    ),
}


@pytest.mark.parametrize("case", sorted(JSON_BINDS))
def test_json_binds_like_json_net(api: Api, case: str) -> None:
    item, expected = JSON_BINDS[case]
    assert echoed(api.put(f"[{item}]".encode(), "application/json")) == [expected]


def test_json_trailing_content_is_ignored(api: Api) -> None:
    body = b'[{"OrderNumber":7,"OrderStatus":"OnHold"}] trailing garbage'
    assert echoed(api.put(body, "application/json")) == [(7, "OnHold")]


def test_json_empty_slot_and_null_item_reach_the_action(api: Api) -> None:
    body = b'[{"OrderNumber":7,"OrderStatus":"OnHold"},,null]'
    assert echoed(api.put(body, "application/json")) == [(7, "OnHold"), (0, 0), (0, 0)]


# JSON bodies that fail, with the whole ModelState the framework answers.
JSON_FAILS: dict[str, tuple[str, dict[str, list[str]]]] = {
    "zero": ('[{"OrderNumber":0,"OrderStatus":"OnHold"}]', {"model[0].OrderNumber": [PATTERN]}),
    "negative": ('[{"OrderNumber":-5,"OrderStatus":"OnHold"}]', {"model[0].OrderNumber": [PATTERN]}),
    "null": ('[{"OrderNumber":null,"OrderStatus":"OnHold"}]', {"model[0].OrderNumber": [PATTERN]}),
    "missing": ('[{"OrderStatus":"OnHold"}]', {"model[0].OrderNumber": [PATTERN]}),
    "empty-string": ('[{"OrderNumber":"","OrderStatus":"OnHold"}]', {"model[0].OrderNumber": [PATTERN]}),
    "word": ('[{"OrderNumber":"abc","OrderStatus":"OnHold"}]', {"model[0].OrderNumber": [ERR, PATTERN]}),
    "boolean": ('[{"OrderNumber":true,"OrderStatus":"OnHold"}]', {"model[0].OrderNumber": [ERR, PATTERN]}),
    "nan": ('[{"OrderNumber":NaN,"OrderStatus":"OnHold"}]', {"model[0].OrderNumber": [ERR, PATTERN]}),
    "fraction": (
        '[{"OrderNumber":1.5,"OrderStatus":"OnHold"}]',
        {"model[0].OrderNumber": [ERR], "model[0].OrderStatus": [ERR]},
    ),
    "int32-overflow": (
        '[{"OrderNumber":2147483648,"OrderStatus":"OnHold"}]',
        {"model[0].OrderNumber": [ERR], "model[0].OrderStatus": [ERR]},
    ),
    "fraction-last-property": ('[{"OrderNumber":1.5}]', {"model[0].OrderNumber": [ERR], "model": [ERR, ERR]}),
    "fraction-swallows-next-item": (
        '[{"OrderNumber":1.5},{"OrderNumber":0,"OrderStatus":"OnHold"}]',
        {"model[0].OrderNumber": [ERR], "model[1]": [ERR]},
    ),
    "fraction-drops-its-item": (
        '[{"OrderNumber":1.5,"OrderStatus":"OnHold"},{"OrderNumber":0,"OrderStatus":"OnHold"}]',
        {"model[0].OrderNumber": [ERR, PATTERN], "model[0].OrderStatus": [ERR]},
    ),
    "unknown-status": ('[{"OrderNumber":7,"OrderStatus":"Teleported"}]', {"model[0].OrderStatus": [ERR]}),
    "empty-status": ('[{"OrderNumber":7,"OrderStatus":""}]', {"model[0].OrderStatus": [ERR]}),
    "non-object-items-shift-indices": (
        '["x",{"OrderNumber":0,"OrderStatus":"OnHold"}]',
        {"model[0]": [ERR], "model[0].OrderNumber": [PATTERN]},
    ),
    "object-not-array": ('{"OrderNumber":6,"OrderStatus":"OnHold"}', {"model.OrderNumber": [ERR]}),
    "empty-object": ("{}", {"model": [ERR]}),
    "string": ('"text"', {"model": [ERR]}),
    "unreadable": ("garbage", {"model": [ERR]}),
    "every-bad-item-named": (
        '[{"OrderNumber":"abc","OrderStatus":"Bogus"},{"OrderNumber":0,"OrderStatus":"OnHold"}]',
        {
            "model[0].OrderNumber": [ERR, PATTERN],
            "model[0].OrderStatus": [ERR],
            "model[1].OrderNumber": [PATTERN],
        },
    ),
}


@pytest.mark.parametrize("case", sorted(JSON_FAILS))
def test_json_failures_are_the_frameworks(api: Api, case: str) -> None:
    body, expected = JSON_FAILS[case]
    state = model_state(api.put(body.encode(), "application/json"))
    assert state == expected
    assert list(state) == list(expected)


def test_a_bad_item_rejects_the_whole_batch(api: Api) -> None:
    a, b = api.fresh(2, not_status=["AwaitingPayment", "OnHold"])
    before = api.statuses([a, b])
    items = [{"OrderNumber": a, "OrderStatus": "OnHold"}, {"OrderNumber": b, "OrderStatus": "OnHold"}]
    for bad in ({"OrderNumber": 0, "OrderStatus": "OnHold"}, {"OrderNumber": 5, "OrderStatus": "Nope"}):
        assert api.put_json([*items, bad]).status_code == 400
        assert api.put_xml([(a, "OnHold"), (b, "OnHold"), ("x", "OnHold")]).status_code == 400
    assert api.statuses([a, b]) == before


# XML OrderNumber texts: XmlConvert.ToInt32 reads blanks, a sign and leading zeros.
XML_NUMBERS_BIND = {"leading-zero": "007", "blanks": " 7\n", "plus-sign": "+7", "char-reference": "&#55;"}
XML_NUMBERS_UNREADABLE = {
    "empty": "",
    "fraction": "7.0",
    "exponent": "7e2",
    "hex": "0x7",
    "overflow": "2147483648",
    "huge": "9" * 5000,
    "arabic-indic-digit": "\u0667",
    "fullwidth-digit": "\uff17",
}


@pytest.mark.parametrize("case", sorted(XML_NUMBERS_BIND))
def test_xml_number_text_binds_by_xmlconvert(api: Api, case: str) -> None:
    assert echoed(api.put_xml([(XML_NUMBERS_BIND[case], "OnHold")])) == [(7, "OnHold")]


@pytest.mark.parametrize("case", sorted(XML_NUMBERS_UNREADABLE))
def test_unreadable_xml_number_is_one_model_error(api: Api, case: str) -> None:
    r = api.put_xml([(5, "OnHold"), (XML_NUMBERS_UNREADABLE[case], "OnHold")])
    assert model_state(r) == {"model": [ERR]}


@pytest.mark.parametrize("number", ["0", "-7", "-0"])
def test_xml_number_below_one_fails_the_pattern(api: Api, number: str) -> None:
    r = api.put_xml([(5, "OnHold"), (number, "OnHold")])
    assert model_state(r) == {"model[1].OrderNumber": [PATTERN]}


@pytest.mark.parametrize("status", ["Teleported", "onhold", " OnHold", "16", ""])
def test_xml_status_names_are_exact(api: Api, status: str) -> None:
    assert model_state(api.put_xml([(5, "OnHold"), (6, status)])) == {"model": [ERR]}


def test_xml_item_missing_fields_bind_defaults(api: Api) -> None:
    body = (
        b"<ArrayOfOverrideOrderStatusModel><Other/><OverrideOrderStatusModel><OrderStatus>OnHold"
        b"</OrderStatus></OverrideOrderStatusModel><OverrideOrderStatusModel><OrderNumber>5</OrderNumber>"
        b"</OverrideOrderStatusModel></ArrayOfOverrideOrderStatusModel>"
    )
    assert model_state(api.put(body, "application/xml")) == {"model[0].OrderNumber": [PATTERN]}
    r = api.put(
        body.replace(b"<OrderStatus>OnHold</OrderStatus>", b"<OrderNumber>6</OrderNumber>"), "text/xml"
    )
    assert echoed(r) == [(6, 0), (5, 0)]


def test_xml_first_duplicate_wins_and_order_is_free(api: Api) -> None:
    body = (
        b"<ArrayOfOverrideOrderStatusModel><OverrideOrderStatusModel><OrderStatus>OnHold</OrderStatus>"
        b"<OrderNumber>7</OrderNumber><OrderNumber>8</OrderNumber><Extra/>"
        b"<OrderStatus>Despatched</OrderStatus></OverrideOrderStatusModel></ArrayOfOverrideOrderStatusModel>"
    )
    assert echoed(api.put(body, "application/xml")) == [(7, "OnHold")]


@pytest.mark.parametrize(
    "body",
    [
        b"<OverrideOrderStatusModel/>",
        b'<ArrayOfOverrideOrderStatusModel xmlns="http://example.com/"/>',
        b"<arrayofoverrideorderstatusmodel/>",
        b"<ArrayOfOverrideOrderStatusModel/>junk",
        b"<ArrayOfOverrideOrderStatusModel>",
    ],
    ids=["item-as-root", "default-namespace", "wrong-case", "trailing-junk", "truncated"],
)
def test_unreadable_xml_is_one_model_error(api: Api, body: bytes) -> None:
    assert model_state(api.put(body, "application/xml")) == {"model": [ERR]}


@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_fifty_one_valid_items_reject_and_apply_nothing(api: Api, fmt: str) -> None:
    numbers = api.fresh(51, not_status=["AwaitingPayment", "Returned"])
    before = api.statuses(numbers)
    items = [(n, "Returned") for n in numbers]
    if fmt == "json":
        r = api.put_json([{"OrderNumber": n, "OrderStatus": s} for n, s in items])
    else:
        r = api.put_xml(items)
    assert r.status_code == 400
    assert r.json() == {"Message": "You can only update up to 50 orders at once."}
    assert api.statuses(numbers) == before


def test_empty_body_is_400(api: Api, media: str) -> None:
    r = api.put(b"", media)
    assert r.status_code == 400
    assert r.json() == {
        "Message": "The request is invalid.",
        "ModelState": {"model": ["A non-empty request body is required."]},
    }


def test_empty_body_is_400_even_without_content_type(api: Api) -> None:
    r = api.http.put("/orders/override-order-statuses", headers=api.auth)
    assert r.status_code == 400


def test_json_null_body_is_400(api: Api) -> None:
    assert api.put(b"null", "application/json").status_code == 400


def test_xml_error_body_encodes_model_state_keys(api: Api) -> None:
    r = api.put_xml([(5, "OnHold"), (5, "OnHold"), (5, "OnHold"), ("0", "OnHold")], accept="application/xml")
    assert r.status_code == 400
    assert r.headers["content-type"] == "application/xml; charset=utf-8"
    assert r.text == (
        "<Error><Message>The request is invalid.</Message><ModelState>"
        "<model_x005B_3_x005D_.OrderNumber>The field OrderNumber must match the regular expression "
        "'^[1-9]\\d*$'.</model_x005B_3_x005D_.OrderNumber></ModelState></Error>"
    )
    ET.fromstring(r.text)


def test_xml_request_without_accept_is_answered_in_its_own_media_type(api: Api) -> None:
    """With no usable Accept, the negotiator falls back to the request body's media type."""
    for accept in ("", "image/png"):
        r = api.http.put(
            "/orders/override-order-statuses",
            content=xml_items([("0", "OnHold")]),
            headers={**api.auth, "Content-Type": "text/xml", "Accept": accept},
        )
        assert r.status_code == 400
        assert r.headers["content-type"] == "text/xml; charset=utf-8"


def test_json_duplicate_property_last_one_wins(api: Api) -> None:
    (a,) = api.fresh(1, not_status=["AwaitingPayment", "OnHold"])
    body = f'[{{"OrderNumber": 0, "OrderNumber": {a}, "OrderStatus": "OnHold"}}]'.encode()
    r = api.put(body, "application/json")
    assert r.status_code == 200, r.text
    assert api.status(a) == "OnHold"


def test_a_5000_digit_number_is_an_ordinary_error(api: Api) -> None:
    """Python's int() digit limit never shows."""
    for sign in ("", "-"):
        body = f'[{{"OrderNumber": {sign}{"9" * 5000}, "OrderStatus": "OnHold"}}]'.encode()
        state = model_state(api.put(body, "application/json"))
        assert state == {"model[0].OrderNumber": [ERR], "model[0].OrderStatus": [ERR]}
    body = f'[{{"OrderNumber": 5, "OrderStatus": {"9" * 5000}}}]'.encode()  # beyond BigInteger's 380
    assert model_state(api.put(body, "application/json")) == {
        "model[0].OrderStatus": [ERR],
        "model": [ERR, ERR],
    }
