"""Whole-request validation: 400 with Message and ModelState, and nothing in the batch applied."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from typing import Any

import pytest

from tests.mock.helpers import Api, xml_items

pytestmark = pytest.mark.usefixtures("mock")

RANGE = "The field OrderNumber must be between 1 and 2147483647."
PATTERN = "The field OrderNumber must match the regular expression '^[1-9]\\d*$'."


def assert_invalid_json(r: Any, key: str | None = None) -> dict[str, list[str]]:
    assert r.status_code == 400, r.text
    assert r.headers["content-type"] == "application/json; charset=utf-8"
    body = r.json()
    assert body["Message"] == "The request is invalid."
    state: dict[str, list[str]] = body["ModelState"]
    if key is not None:
        assert key in state, state
        assert all(isinstance(reason, str) and reason for reason in state[key])
    return state


# JSON items that must make the whole request a 400, and the ModelState key they must produce.
JSON_BAD_ITEMS = {
    "zero": ({"OrderNumber": 0, "OrderStatus": "OnHold"}, "model[2].OrderNumber"),
    "negative": ({"OrderNumber": -5, "OrderStatus": "OnHold"}, "model[2].OrderNumber"),
    "int32-overflow": ({"OrderNumber": 2147483648, "OrderStatus": "OnHold"}, "model[2].OrderNumber"),
    "huge": ({"OrderNumber": 10**30, "OrderStatus": "OnHold"}, "model[2].OrderNumber"),
    "fraction": ({"OrderNumber": 1.5, "OrderStatus": "OnHold"}, "model[2].OrderNumber"),
    "float-integral": ({"OrderNumber": 7.0, "OrderStatus": "OnHold"}, "model[2].OrderNumber"),
    "string-number": ({"OrderNumber": "1", "OrderStatus": "OnHold"}, "model[2].OrderNumber"),
    "boolean": ({"OrderNumber": True, "OrderStatus": "OnHold"}, "model[2].OrderNumber"),
    "null-number": ({"OrderNumber": None, "OrderStatus": "OnHold"}, "model[2].OrderNumber"),
    "missing-number": ({"OrderStatus": "OnHold"}, "model[2].OrderNumber"),
    "missing-status": ({"OrderNumber": 5}, "model[2].OrderStatus"),
    "null-status": ({"OrderNumber": 5, "OrderStatus": None}, "model[2].OrderStatus"),
    "unknown-status": ({"OrderNumber": 5, "OrderStatus": "Teleported"}, "model[2].OrderStatus"),
    "status-wrong-case": ({"OrderNumber": 5, "OrderStatus": "onhold"}, "model[2].OrderStatus"),
    "status-number": ({"OrderNumber": 5, "OrderStatus": 16}, "model[2].OrderStatus"),
    "status-padded": ({"OrderNumber": 5, "OrderStatus": " OnHold"}, "model[2].OrderStatus"),
    "item-null": (None, "model[2]"),
    "item-number": (17, "model[2]"),
    "item-array": ([5, "OnHold"], "model[2]"),
    "item-string": ("OnHold", "model[2]"),
}


@pytest.mark.parametrize("case", sorted(JSON_BAD_ITEMS))
def test_invalid_json_item_rejects_the_whole_batch(api: Api, case: str) -> None:
    bad, key = JSON_BAD_ITEMS[case]
    a, b = api.fresh(2, not_status=["AwaitingPayment", "OnHold"])
    before = api.statuses([a, b])
    items = [{"OrderNumber": a, "OrderStatus": "OnHold"}, {"OrderNumber": b, "OrderStatus": "OnHold"}, bad]
    state = assert_invalid_json(api.put_json(items), key)
    assert list(state) == [key]
    assert api.statuses([a, b]) == before


def test_range_reason_text(api: Api) -> None:
    state = assert_invalid_json(api.put_json([{"OrderNumber": 0, "OrderStatus": "OnHold"}]))
    assert state == {"model[0].OrderNumber": [RANGE]}


def test_every_invalid_item_is_named(api: Api) -> None:
    items = [
        {"OrderNumber": 0, "OrderStatus": "OnHold"},
        {"OrderNumber": 5, "OrderStatus": "OnHold"},
        {"OrderNumber": 5, "OrderStatus": "Nope"},
        {"OrderStatus": "Nope"},
    ]
    state = assert_invalid_json(api.put_json(items))
    assert list(state) == [
        "model[0].OrderNumber",
        "model[2].OrderStatus",
        "model[3].OrderNumber",
        "model[3].OrderStatus",
    ]


# XML OrderNumber texts that must be refused (the ^[1-9]\d*$ pattern and int32).
XML_BAD_NUMBERS = {
    "zero": "0",
    "leading-zero": "07",
    "plus-sign": "+7",
    "minus-sign": "-7",
    "leading-space": " 7",
    "trailing-space": "7 ",
    "trailing-newline": "7\n",
    "empty": "",
    "fraction": "7.0",
    "exponent": "7e2",
    "hex": "0x7",
    "overflow": "2147483648",
    "huge": "9" * 5000,
    "arabic-indic-digits": "\u0667",
    "fullwidth-digit": "\uff17",
    "nested-element": "<b>7</b>",
}


@pytest.mark.parametrize("case", sorted(XML_BAD_NUMBERS))
def test_invalid_xml_order_number_rejects_the_whole_batch(api: Api, case: str) -> None:
    a, b = api.fresh(2, not_status=["AwaitingPayment", "OnHold"])
    before = api.statuses([a, b])
    r = api.put_xml([(a, "OnHold"), (b, "OnHold"), (XML_BAD_NUMBERS[case], "OnHold")])
    state = assert_invalid_json(r, "model[2].OrderNumber")
    assert list(state) == ["model[2].OrderNumber"]
    assert api.statuses([a, b]) == before


@pytest.mark.parametrize("status", ["Teleported", "onhold", " OnHold", "OnHold ", "16", ""])
def test_invalid_xml_status_rejects_the_whole_batch(api: Api, status: str) -> None:
    (a,) = api.fresh(1, not_status=["AwaitingPayment", "OnHold"])
    before = api.status(a)
    r = api.put_xml([(a, "OnHold"), (5, status)])
    assert list(assert_invalid_json(r, "model[1].OrderStatus")) == ["model[1].OrderStatus"]
    assert api.status(a) == before


def test_xml_item_missing_fields(api: Api) -> None:
    body = (
        b"<ArrayOfOverrideOrderStatusModel><OverrideOrderStatusModel><OrderStatus>OnHold</OrderStatus>"
        b"</OverrideOrderStatusModel><OverrideOrderStatusModel><OrderNumber>5</OrderNumber>"
        b"</OverrideOrderStatusModel></ArrayOfOverrideOrderStatusModel>"
    )
    state = assert_invalid_json(api.put(body, "application/xml"))
    assert list(state) == ["model[0].OrderNumber", "model[1].OrderStatus"]


@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_fifty_one_valid_items_reject_and_apply_nothing(api: Api, fmt: str) -> None:
    numbers = api.fresh(51, not_status=["AwaitingPayment", "Returned"])
    before = api.statuses(numbers)
    items = [(n, "Returned") for n in numbers]
    if fmt == "json":
        r = api.put_json([{"OrderNumber": n, "OrderStatus": s} for n, s in items])
    else:
        r = api.put_xml(items)
    state = assert_invalid_json(r, "model")
    assert state == {
        "model": ["The field model must be a string or array type with a maximum length of '50'."]
    }
    assert api.statuses(numbers) == before


@pytest.mark.parametrize(
    "body",
    [b"{}", b'{"OrderNumber": 5, "OrderStatus": "OnHold"}', b'"text"', b"5", b"true", b"null"],
    ids=["object", "single-item-object", "string", "number", "boolean", "null"],
)
def test_json_body_that_is_not_an_array(api: Api, body: bytes) -> None:
    assert_invalid_json(api.put(body, "application/json"), "model")


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


@pytest.mark.parametrize(
    "body",
    [
        b"<OverrideOrderStatusModel/>",
        b"<ArrayOfOverrideOrderStatusResponse/>",
        b'<ArrayOfOverrideOrderStatusModel xmlns="http://example.com/"/>',
        b"<arrayofoverrideorderstatusmodel/>",
    ],
    ids=["item-as-root", "response-root", "default-namespace", "wrong-case"],
)
def test_xml_with_the_wrong_root(api: Api, body: bytes) -> None:
    assert_invalid_json(api.put(body, "application/xml"), "model")


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


def test_xml_invalid_request_without_accept_gets_a_json_error(api: Api) -> None:
    """Absent Accept = JSON (issue 3), whatever the request body's media type."""
    r = api.http.put(
        "/orders/override-order-statuses",
        content=xml_items([("0", "OnHold")]),
        headers={**api.auth, "Content-Type": "text/xml", "Accept": ""},
    )
    assert r.status_code == 400
    assert r.headers["content-type"] == "application/json; charset=utf-8"
    assert r.json()["ModelState"] == {"model[0].OrderNumber": [PATTERN]}


def test_json_duplicate_property_last_one_wins(api: Api) -> None:
    (a,) = api.fresh(1, not_status=["AwaitingPayment", "OnHold"])
    body = f'[{{"OrderNumber": 0, "OrderNumber": {a}, "OrderStatus": "OnHold"}}]'.encode()
    r = api.put(body, "application/json")
    assert r.status_code == 200, r.text
    assert api.status(a) == "OnHold"


@pytest.mark.parametrize("sign", ["", "-"])
@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_a_5000_digit_order_number_gets_the_range_reason(api: Api, fmt: str, sign: str) -> None:
    """Python's int() digit limit never shows: the ordinary ASP.NET-style reason, nothing else."""
    digits = sign + "9" * 5000
    if fmt == "json":
        body = f'[{{"OrderNumber": {digits}, "OrderStatus": "OnHold"}}]'.encode()
        r = api.put(body, "application/json")
        reason = RANGE
    else:
        r = api.put_xml([(digits, "OnHold")])
        reason = PATTERN if sign else RANGE
    assert assert_invalid_json(r) == {"model[0].OrderNumber": [reason]}


def test_a_5000_digit_number_elsewhere_in_json_is_not_an_error_of_its_own(api: Api) -> None:
    body = f'[{{"OrderNumber": 5, "OrderStatus": {"9" * 5000}, "Other": -{"1" * 5000}}}]'.encode()
    state = assert_invalid_json(api.put(body, "application/json"))
    assert list(state) == ["model[0].OrderStatus"]
    assert "digit" not in str(state)
