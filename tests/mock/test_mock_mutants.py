"""Every catalogued mutant is observable, and breaks its own rule only.

CHECKS holds one small check per rule, named after the mutant that breaks it. The faithful mock
passes them all; each mutant fails exactly its own check (so it is observable, and it is small: it
does not break the rules the other checks guard), apart from the COLLATERAL listed with a reason.
"""

from __future__ import annotations

import json
import time
import xml.etree.ElementTree as ET
from collections.abc import Callable

import httpx
import pytest
from storefeeder_mock import running_mock
from storefeeder_mock.mutants import CATALOGUE, Mutant, parse

from tests.mock.helpers import NOT_FOUND, PUT, REFUSED, Api, xml_items


def item(n: object, s: str = "OnHold") -> dict[str, object]:
    return {"OrderNumber": n, "OrderStatus": s}


def check_batch_limit(api: Api) -> None:
    numbers = api.fresh(51, not_status=["AwaitingPayment", "OnHold"])
    r = api.put_json([item(n) for n in numbers])
    assert r.status_code == 400
    assert api.status(numbers[0]) != "OnHold"


def check_order_number_zero(api: Api) -> None:
    assert api.put_json([item(0)]).status_code == 400


def check_json_number_string_binds(api: Api) -> None:
    (n,) = api.fresh(1, not_status=["AwaitingPayment"])
    assert api.put_json([item(str(n))]).status_code == 200


def check_xml_number_text_binds(api: Api) -> None:
    (n,) = api.fresh(1, not_status=["AwaitingPayment"])
    assert api.put_xml([(f" 0{n} ", "OnHold")]).status_code == 200


def check_status_case_insensitive(api: Api) -> None:
    (n,) = api.fresh(1, not_status=["AwaitingPayment"])
    assert api.put_json([item(n, " onhold ")]).status_code == 200


def check_unknown_status(api: Api) -> None:
    (n,) = api.fresh(1, not_status=["AwaitingPayment"])
    assert api.put_json([item(n, "Teleported")]).status_code == 400


def check_success_never_with_error(api: Api) -> None:
    (n,) = api.fresh(1, not_status=["AwaitingPayment"])
    for result in api.override([(n, "PendingWaitingAllStock"), (api.missing(), "OnHold")]):
        assert not (result["Success"] and result.get("Error")), result


def check_failure_carries_error(api: Api) -> None:
    (result,) = api.override([(api.missing(), "OnHold")])
    assert result["Success"] is False and result.get("Error") == NOT_FOUND


def check_results_in_request_order(api: Api) -> None:
    (n,) = api.fresh(1, not_status=["AwaitingPayment"])
    items = [(n, "OnHold"), (api.missing(), "CourierClaim")]
    assert [(r["OrderNumber"], r["OrderStatus"]) for r in api.override(items)] == items


def check_one_result_per_item(api: Api) -> None:
    (n,) = api.fresh(1, not_status=["AwaitingPayment"])
    assert len(api.override([(n, "OnHold"), (n, "OnHold")])) == 2


def check_no_oracle_in_results(api: Api) -> None:
    foreign, missing = api.override([(api.foreign(), "OnHold"), (api.missing(), "OnHold")])
    assert foreign.get("Error") == missing.get("Error")


def check_no_oracle_in_get(api: Api) -> None:
    assert api.http.get(f"/orders/{api.foreign()}", headers=api.auth).status_code == 404


def check_idempotent(api: Api) -> None:
    (n,) = api.fresh(1, status="OnHold")
    assert api.override([(n, "OnHold")])[0]["Success"] is True


def check_persisted(api: Api) -> None:
    (n,) = api.fresh(1, not_status=["AwaitingPayment", "CourierClaim"])
    assert api.override([(n, "CourierClaim")])[0]["Success"] is True
    assert api.status(n) == "CourierClaim"


def check_rejected_batch_applies_nothing(api: Api) -> None:
    (n,) = api.fresh(1, not_status=["AwaitingPayment", "OnHold"])
    before = api.status(n)
    assert api.put_json([item(n), {"OrderNumber": -1, "OrderStatus": "OnHold"}]).status_code == 400
    assert api.status(n) == before


def check_not_overridable_not_applied(api: Api) -> None:
    (n,) = api.fresh(1, not_status=["AwaitingPayment", "PendingWaitingAllStock"])
    before = api.status(n)
    api.override([(n, "PendingWaitingAllStock")])
    assert api.status(n) == before


def check_locked_status_stays(api: Api) -> None:
    (n,) = api.fresh(1, status="AwaitingPayment")
    (result,) = api.override([(n, "OnHold")])
    assert result["Success"] is False and api.status(n) == "AwaitingPayment"


def check_accept_honoured(api: Api) -> None:
    r = api.http.get("/order-status", headers={**api.auth, "Accept": "application/xml"})
    assert r.headers["content-type"].startswith("application/xml")


def check_unsupported_media_type(api: Api) -> None:
    (n,) = api.fresh(1, not_status=["AwaitingPayment"])
    assert api.put(json.dumps([item(n)]).encode(), "text/plain").status_code == 415


def check_text_json_accepted(api: Api) -> None:
    (n,) = api.fresh(1, not_status=["AwaitingPayment"])
    assert api.put(json.dumps([item(n)]).encode(), "text/json").status_code == 200


def xml_results(api: Api) -> ET.Element:
    (n,) = api.fresh(1, not_status=["AwaitingPayment"])
    r = api.put(
        xml_items([(n, "OnHold"), (api.missing(), "OnHold")]), "application/xml", accept="application/xml"
    )
    assert r.status_code == 200
    return ET.fromstring(r.text)


def check_xml_root_name(api: Api) -> None:
    assert xml_results(api).tag == "ArrayOfOverrideOrderStatusResponse"


def check_xml_namespaces(api: Api) -> None:
    r = api.http.get("/order-status", headers={**api.auth, "Accept": "text/xml"})
    head = r.text[: r.text.index(">")]
    assert 'xmlns:xsd="http://www.w3.org/2001/XMLSchema"' in head
    assert 'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"' in head


def check_xml_element_order(api: Api) -> None:
    order = ["Success", "Error", "OrderNumber", "OrderStatus"]
    for result in xml_results(api):
        tags = [c.tag for c in result]
        assert tags == [t for t in order if t in tags]


def check_unknown_bearer_refused(api: Api) -> None:
    assert api.http.get("/order-status", headers={"Authorization": "Bearer forged"}).status_code == 401


def check_expired_token_refused(api: Api) -> None:
    mutant = api.mock.app.mutant
    with running_mock(mutant=mutant.value if mutant else None, token_lifetime=0.3) as m:
        token = m.token(0)
        time.sleep(0.35)
        with httpx.Client(base_url=m.base_url) as http:
            assert http.get("/order-status", headers={"Authorization": f"Bearer {token}"}).status_code == 401


def check_challenge_header(api: Api) -> None:
    r = api.http.get("/order-status")
    assert r.status_code == 401 and r.headers.get("www-authenticate") == "Bearer"


def check_no_500_on_overflow(api: Api) -> None:
    assert api.put_json([item(2147483648)]).status_code == 400
    assert api.put_xml([("2147483648", "OnHold")]).status_code == 400


def check_any_charset_read(api: Api) -> None:
    assert api.put(b"[]", "application/json; charset=iso-8859-1").status_code == 200


def check_form_body_binds_empty(api: Api) -> None:
    assert api.put(b"a=b", "application/x-www-form-urlencoded").status_code == 200


def check_no_406(api: Api) -> None:
    assert api.put(b"[]", "application/json", accept="image/png").status_code == 200


def check_405_has_allow(api: Api) -> None:
    r = api.http.patch(PUT, headers=api.auth)
    assert r.status_code == 405 and r.headers.get("allow") == "PUT"


def check_xml_failure_is_one_key(api: Api) -> None:
    r = api.put_xml([("x", "OnHold")])
    assert r.status_code == 400 and list(r.json()["ModelState"]) == ["model"]


def check_pattern_text(api: Api) -> None:
    r = api.put_json([item(-1)])
    assert r.status_code == 400
    assert r.json()["ModelState"]["model[0].OrderNumber"][0].startswith("The field OrderNumber must match")


def check_malformed_json_400(api: Api) -> None:
    r = api.put(b'[{"OrderNumber":1', "application/json")
    assert r.status_code == 400 and r.json()["ModelState"]


def check_malformed_xml_400(api: Api) -> None:
    r = api.put(b"<ArrayOfOverrideOrderStatusModel><OverrideOrderStatusModel>", "application/xml")
    assert r.status_code == 400 and list(r.json()["ModelState"]) == ["model"]


def check_dtd_refused(api: Api) -> None:
    (n,) = api.fresh(1, not_status=["AwaitingPayment", "OnHold"])
    body = (
        '<!DOCTYPE ArrayOfOverrideOrderStatusModel [<!ENTITY s "OnHold">]><ArrayOfOverrideOrderStatusModel>'
        f"<OverrideOrderStatusModel><OrderNumber>{n}</OrderNumber><OrderStatus>&s;</OrderStatus>"
        "</OverrideOrderStatusModel></ArrayOfOverrideOrderStatusModel>"
    )
    assert api.put(body.encode(), "application/xml").status_code == 400
    assert api.status(n) != "OnHold"


def check_xml_root_checked(api: Api) -> None:
    body = xml_items([(api.missing(), "OnHold")], True).replace(b"ArrayOfOverrideOrderStatusModel", b"Orders")
    assert api.put(body, "text/xml").status_code == 400


def check_json_object_refused(api: Api) -> None:
    assert api.put_json(item(api.missing())).status_code == 400


def check_body_read_by_content_type(api: Api) -> None:
    # Not read as the other format (a 400 or, under the *-500 mutants, a 500: never a 200).
    assert api.put(json.dumps([item(api.missing())]).encode(), "application/xml").status_code != 200
    assert api.put(xml_items([(api.missing(), "OnHold")], True), "application/json").status_code != 200


CHECKS: dict[Mutant, Callable[[Api], None]] = {
    Mutant.BATCH_LIMIT_51: check_batch_limit,
    Mutant.ORDER_NUMBER_ZERO: check_order_number_zero,
    Mutant.JSON_NUMBER_STRING_REJECTED: check_json_number_string_binds,
    Mutant.XML_NUMBER_STRICT: check_xml_number_text_binds,
    Mutant.STATUS_CASE_SENSITIVE: check_status_case_insensitive,
    Mutant.UNKNOWN_STATUS_ACCEPTED: check_unknown_status,
    Mutant.SUCCESS_WITH_ERROR: check_success_never_with_error,
    Mutant.ERROR_MISSING_ON_FAILURE: check_failure_carries_error,
    Mutant.RESULTS_REVERSED: check_results_in_request_order,
    Mutant.DUPLICATES_DROPPED: check_one_result_per_item,
    Mutant.FOREIGN_ORDER_ORACLE: check_no_oracle_in_results,
    Mutant.GET_FOREIGN_ORDER: check_no_oracle_in_get,
    Mutant.SAME_STATUS_FAILS: check_idempotent,
    Mutant.LOST_WRITE: check_persisted,
    Mutant.PARTIAL_APPLY: check_rejected_batch_applies_nothing,
    Mutant.NOT_OVERRIDABLE_IGNORED: check_not_overridable_not_applied,
    Mutant.LOCKED_STATUS_MOVABLE: check_locked_status_stays,
    Mutant.ACCEPT_IGNORED: check_accept_honoured,
    Mutant.CONTENT_TYPE_IGNORED: check_unsupported_media_type,
    Mutant.TEXT_JSON_REJECTED: check_text_json_accepted,
    Mutant.XML_WRONG_ROOT: check_xml_root_name,
    Mutant.XML_NO_NAMESPACES: check_xml_namespaces,
    Mutant.XML_ELEMENT_ORDER: check_xml_element_order,
    Mutant.AUTH_ANY_BEARER: check_unknown_bearer_refused,
    Mutant.AUTH_EXPIRED_ACCEPTED: check_expired_token_refused,
    Mutant.AUTH_NO_CHALLENGE: check_challenge_header,
    Mutant.OVERFLOW_500: check_no_500_on_overflow,
    Mutant.CHARSET_REJECTED: check_any_charset_read,
    Mutant.FORM_BODY_415: check_form_body_binds_empty,
    Mutant.NOT_ACCEPTABLE_406: check_no_406,
    Mutant.METHOD_NOT_ALLOWED_WITHOUT_ALLOW: check_405_has_allow,
    Mutant.XML_ERRORS_PER_FIELD: check_xml_failure_is_one_key,
    Mutant.PATTERN_TEXT_RANGE: check_pattern_text,
    Mutant.MALFORMED_JSON_500: check_malformed_json_400,
    Mutant.MALFORMED_XML_500: check_malformed_xml_400,
    Mutant.XML_DTD_EXPANDED: check_dtd_refused,
    Mutant.XML_ANY_ROOT: check_xml_root_checked,
    Mutant.JSON_OBJECT_AS_BATCH: check_json_object_refused,
    Mutant.BODY_FORMAT_SNIFFED: check_body_read_by_content_type,
}


XML_CHECKS = {Mutant.XML_WRONG_ROOT.value, Mutant.XML_NO_NAMESPACES.value, Mutant.XML_ELEMENT_ORDER.value}
COLLATERAL: dict[str, set[str]] = {
    # Answering JSON to every Accept leaves no XML response to look at.
    Mutant.ACCEPT_IGNORED.value: XML_CHECKS,
    # Sniffing the body instead of reading the Content-Type leaves no form formatter to bind a form,
    # and reads JSON sent as XML as JSON.
    Mutant.CONTENT_TYPE_IGNORED.value: {Mutant.FORM_BODY_415.value, Mutant.BODY_FORMAT_SNIFFED.value},
}
"""Checks that a mutant cannot help failing besides its own, and why."""


SLOW = {Mutant.AUTH_EXPIRED_ACCEPTED}
"""Checks that start a mock of their own (expiry needs a short token lifetime); run for the faithful
mock and their own mutant only: no other mutant touches token expiry."""


def failing_checks(mutant: str | None) -> set[str]:
    failed = set()
    with running_mock(mutant=mutant) as m:
        api = Api(m)
        try:
            for name, check in CHECKS.items():
                if name in SLOW and mutant is not None and name.value != mutant:
                    continue
                try:
                    check(api)
                except Exception:  # an assertion, or a body that cannot even be parsed
                    failed.add(name.value)
        finally:
            api.close()
    return failed


def test_catalogue_has_at_least_15_described_mutants_and_a_check_each() -> None:
    assert len(CATALOGUE) >= 15
    assert set(CHECKS) == set(Mutant) and set(CATALOGUE) == {m.value for m in Mutant}
    for name, description in CATALOGUE.items():
        assert description.endswith(".") and len(description) > 30, name


def test_faithful_mock_passes_every_check() -> None:
    assert failing_checks(None) == set()


@pytest.mark.parametrize("name", sorted(CATALOGUE))
def test_mutant_breaks_exactly_its_own_rule(name: str) -> None:
    assert failing_checks(name) == {name} | COLLATERAL.get(name, set())


def test_unknown_mutant_name_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown mutant"):
        parse("nope")
    assert parse(None) is None and parse("") is None


def test_mutant_deviations_in_detail() -> None:
    """A few mutants, looked at closely: the deviation is the documented one."""
    with running_mock(mutant="success-with-error") as m:
        api = Api(m)
        (n,) = api.fresh(1, not_status=["AwaitingPayment"])
        assert api.override([(n, "Draft")]) == [
            {"OrderNumber": n, "OrderStatus": "Draft", "Success": True, "Error": REFUSED}
        ]
        api.close()
    with running_mock(mutant="xml-wrong-root") as m:
        api = Api(m)
        r = api.put(xml_items([]), "application/xml", accept="application/xml")
        assert ET.fromstring(r.text).tag == "OverrideOrderStatusResponses"
        api.close()
    with running_mock(mutant="overflow-500") as m:
        api = Api(m)
        r = api.put_json([item(2147483648)])
        assert r.status_code == 500 and r.json() == {"Message": "An error has occurred."}
        api.close()
    with running_mock(mutant="partial-apply") as m:
        api = Api(m)
        (n,) = api.fresh(1, not_status=["AwaitingPayment", "OnHold"])
        assert api.put_json([item(n), item(1, "Nope")]).status_code == 400
        assert api.status(n) == "OnHold"
        api.close()
    with running_mock(mutant="auth-any-bearer") as m, httpx.Client(base_url=m.base_url) as http:
        r = http.put(PUT, json=[], headers={"Authorization": "Bearer anything"})
        assert r.status_code == 200
