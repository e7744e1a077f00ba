"""PUT orders/override-order-statuses: per-item semantics, in all four media types."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest

from tests.mock.helpers import NOT_FOUND, REFUSED, XSD, XSI, Api

pytestmark = pytest.mark.usefixtures("mock")


def test_success_is_stored_and_reported(api: Api, media: str) -> None:
    a, b = api.fresh(2, not_status=["AwaitingPayment", "OnHold", "CourierClaim"])
    results = api.override([(a, "OnHold"), (b, "CourierClaim")], media)
    assert results == [
        {"OrderNumber": a, "OrderStatus": "OnHold", "Success": True},
        {"OrderNumber": b, "OrderStatus": "CourierClaim", "Success": True},
    ]
    assert api.statuses([a, b]) == ["OnHold", "CourierClaim"]


def test_missing_and_foreign_orders_fail_with_one_text(api: Api, api_b: Api, media: str) -> None:
    foreign = api.foreign()
    before = api_b.status(foreign)
    missing = api.missing()
    results = api.override([(missing, "OnHold"), (foreign, "OnHold")], media)
    assert results == [
        {"OrderNumber": missing, "OrderStatus": "OnHold", "Success": False, "Error": NOT_FOUND},
        {"OrderNumber": foreign, "OrderStatus": "OnHold", "Success": False, "Error": NOT_FOUND},
    ]
    assert api_b.status(foreign) == before  # the other account's order did not change


def test_not_overridable_target_fails_per_item(api: Api, media: str) -> None:
    (a,) = api.fresh(1, not_status=["AwaitingPayment"])
    before = api.status(a)
    results = api.override([(a, "PendingWaitingAllStock")], media)
    assert results == [
        {"OrderNumber": a, "OrderStatus": "PendingWaitingAllStock", "Success": False, "Error": REFUSED}
    ]
    assert api.status(a) == before


@pytest.mark.parametrize("target", ["AwaitingPayment", "Assigned", "Delivered", "Draft", "ShippedByAmazon"])
def test_every_non_overridable_status_is_refused(api: Api, target: str) -> None:
    (a,) = api.fresh(1, not_status=["AwaitingPayment", target])
    before = api.status(a)
    assert api.override([(a, target)]) == [
        {"OrderNumber": a, "OrderStatus": target, "Success": False, "Error": REFUSED}
    ]
    assert api.status(a) == before


def test_catalogue_flags_drive_the_per_item_rule(api: Api) -> None:
    catalogue = api.mock.fixtures["statuses"]
    for entry in catalogue:
        (a,) = api.fresh(1, not_status=["AwaitingPayment"])
        (result,) = api.override([(a, entry["OrderStatus"])])
        assert result["Success"] is entry["UserCanOverrideToStatus"], entry


def test_orders_in_awaiting_payment_cannot_be_moved(api: Api, media: str) -> None:
    (a,) = api.fresh(1, status="AwaitingPayment")
    results = api.override([(a, "OnHold")], media)
    assert results == [{"OrderNumber": a, "OrderStatus": "OnHold", "Success": False, "Error": REFUSED}]
    assert api.status(a) == "AwaitingPayment"


def test_override_to_current_status_succeeds(api: Api, media: str) -> None:
    (a,) = api.fresh(1, status="OnHold")
    assert api.override([(a, "OnHold")], media) == [
        {"OrderNumber": a, "OrderStatus": "OnHold", "Success": True}
    ]
    assert api.status(a) == "OnHold"


def test_one_result_per_item_in_request_order_duplicates_included(api: Api, media: str) -> None:
    a, b = api.fresh(2, not_status=["AwaitingPayment"])
    missing = api.missing()
    items = [(b, "OnHold"), (a, "CourierClaim"), (missing, "OnHold"), (a, "Despatched"), (b, "OnHold")]
    results = api.override(items, media)
    assert [(r["OrderNumber"], r["OrderStatus"]) for r in results] == items
    assert [r["Success"] for r in results] == [True, True, False, True, True]
    assert api.statuses([a, b]) == ["Despatched", "OnHold"]  # applied in order: the last one wins


def test_mixed_batch_applies_only_the_successes(api: Api) -> None:
    ok, locked = (
        api.fresh(1, not_status=["AwaitingPayment", "Returned"])[0],
        api.fresh(1, status="AwaitingPayment")[0],
    )
    results = api.override([(ok, "Returned"), (locked, "Returned"), (api.foreign(), "Returned")])
    assert [r["Success"] for r in results] == [True, False, False]
    assert api.statuses([ok, locked]) == ["Returned", "AwaitingPayment"]


def test_empty_array_is_200_with_empty_array(api: Api) -> None:
    r = api.put_json([])
    assert r.status_code == 200
    assert r.json() == []
    r = api.put_xml([], accept="application/xml")
    assert r.status_code == 200
    root = ET.fromstring(r.text)
    assert root.tag == "ArrayOfOverrideOrderStatusResponse" and len(root) == 0


def test_fifty_items_is_the_largest_batch(api: Api) -> None:
    numbers = api.fresh(50, not_status=["AwaitingPayment"])
    results = api.override([(n, "WaitingForCustomerContact") for n in numbers])
    assert len(results) == 50 and all(r["Success"] for r in results)
    assert set(api.statuses(numbers)) == {"WaitingForCustomerContact"}


def test_success_omits_error_in_json(api: Api) -> None:
    (a,) = api.fresh(1, not_status=["AwaitingPayment"])
    r = api.put_json([{"OrderNumber": a, "OrderStatus": "OnHold"}])
    assert r.text == f'[{{"OrderNumber":{a},"OrderStatus":"OnHold","Success":true}}]'
    assert r.headers["content-type"] == "application/json; charset=utf-8"


def test_xml_response_is_exactly_xmlserializer_style(api: Api) -> None:
    (a,) = api.fresh(1, not_status=["AwaitingPayment"])
    missing = api.missing()
    r = api.put_xml([(a, "OnHold"), (missing, "CancelledByClient")], accept="application/xml")
    assert r.headers["content-type"] == "application/xml; charset=utf-8"
    assert r.text == (
        f'<ArrayOfOverrideOrderStatusResponse xmlns:xsd="{XSD}" xmlns:xsi="{XSI}">'
        f"<OverrideOrderStatusResponse><Success>true</Success><OrderNumber>{a}</OrderNumber>"
        "<OrderStatus>OnHold</OrderStatus></OverrideOrderStatusResponse>"
        f"<OverrideOrderStatusResponse><Success>false</Success><Error>{NOT_FOUND}</Error>"
        f"<OrderNumber>{missing}</OrderNumber><OrderStatus>CancelledByClient</OrderStatus>"
        "</OverrideOrderStatusResponse></ArrayOfOverrideOrderStatusResponse>"
    )


def test_xml_request_without_namespace_declarations_is_accepted(api: Api) -> None:
    (a,) = api.fresh(1, not_status=["AwaitingPayment"])
    r = api.put_xml([(a, "OnHold")], declarations=False)
    assert r.status_code == 200, r.text
    assert api.status(a) == "OnHold"


def test_xml_request_with_declaration_whitespace_and_any_child_order(api: Api) -> None:
    a, b = api.fresh(2, not_status=["AwaitingPayment"])
    body = (
        '<?xml version="1.0" encoding="utf-8"?>\n'
        f'<ArrayOfOverrideOrderStatusModel xmlns:xsi="{XSI}" xmlns:xsd="{XSD}">\n'
        f"  <OverrideOrderStatusModel>\n    <OrderNumber>{a}</OrderNumber>\n"
        "    <OrderStatus>OnHold</OrderStatus>\n  </OverrideOrderStatusModel>\n"
        f"  <OverrideOrderStatusModel><OrderStatus>CourierClaim</OrderStatus><OrderNumber>{b}</OrderNumber>"
        "<Unknown>ignored</Unknown></OverrideOrderStatusModel>\n"
        "</ArrayOfOverrideOrderStatusModel>\n"
    ).encode()
    r = api.put(body, "text/xml; charset=utf-8")
    assert r.status_code == 200, r.text
    assert api.statuses([a, b]) == ["OnHold", "CourierClaim"]


def test_json_unknown_properties_are_ignored_and_names_match_case_insensitively(api: Api) -> None:
    a, b = api.fresh(2, not_status=["AwaitingPayment"])
    r = api.put_json(
        [
            {"OrderNumber": a, "OrderStatus": "OnHold", "Comment": "x"},
            {"orderNumber": b, "orderstatus": "CourierClaim"},
        ]
    )
    assert r.status_code == 200, r.text
    assert api.statuses([a, b]) == ["OnHold", "CourierClaim"]


def test_another_account_sees_its_own_orders_only(api: Api, api_b: Api) -> None:
    (b_order,) = api_b.fresh(1, not_status=["AwaitingPayment"])
    assert api.status(b_order) is None  # 404 for account 0
    assert api_b.override([(b_order, "OnHold")]) == [
        {"OrderNumber": b_order, "OrderStatus": "OnHold", "Success": True}
    ]
    assert api_b.status(b_order) == "OnHold"
