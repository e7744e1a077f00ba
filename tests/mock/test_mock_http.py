"""Content negotiation, authentication, routing, the catalogue and GET orders/{n}."""

from __future__ import annotations

import json
import time
import xml.etree.ElementTree as ET

import httpx
import pytest
from storefeeder_mock import running_mock
from storefeeder_mock.spec import load_contract

from tests.mock.helpers import NOT_FOUND, PUT, XSD, XSI, Api, xml_items

pytestmark = pytest.mark.usefixtures("mock")
UNAUTHORIZED = {"Message": "Authorization has been denied for this request."}


# ---------------------------------------------------------------- request media types


@pytest.mark.parametrize(
    "content_type",
    [
        "application/json",
        "text/json",
        "application/json; charset=utf-8",
        "Application/JSON; charset=UTF-8",
        'text/json;charset="utf-8"',
        "application/xml",
        "text/xml",
        "application/xml; charset=utf-8",
        "text/xml; charset=utf-16",
    ],
)
def test_supported_request_media_types(api: Api, content_type: str) -> None:
    (a,) = api.fresh(1, not_status=["AwaitingPayment", "OnHold"])
    if "xml" in content_type.lower():
        body = xml_items([(a, "OnHold")])
        if "utf-16" in content_type:
            body = body.decode().encode("utf-16")
    else:
        body = json.dumps([{"OrderNumber": a, "OrderStatus": "OnHold"}]).encode()
    r = api.put(body, content_type)
    assert r.status_code == 200, r.text
    assert api.status(a) == "OnHold"


def test_utf16_json_with_charset(api: Api) -> None:
    (a,) = api.fresh(1, not_status=["AwaitingPayment", "OnHold"])
    body = json.dumps([{"OrderNumber": a, "OrderStatus": "OnHold"}]).encode("utf-16")
    assert api.put(body, "application/json; charset=utf-16").status_code == 200
    assert api.status(a) == "OnHold"


@pytest.mark.parametrize(
    "content_type",
    [
        "text/plain",
        "application/octet-stream",
        "multipart/form-data; boundary=x",
        "application/problem+json",
        "application/json-patch+json",
    ],
)
def test_unsupported_media_type_is_415_and_changes_nothing(api: Api, content_type: str) -> None:
    (a,) = api.fresh(1, not_status=["AwaitingPayment", "OnHold"])
    before = api.status(a)
    r = api.put(json.dumps([{"OrderNumber": a, "OrderStatus": "OnHold"}]).encode(), content_type)
    assert r.status_code == 415, r.text
    media = content_type.split(";")[0].strip().lower()
    assert r.json() == {
        "Message": f"The request entity's media type '{media}' is not supported for this resource."
    }
    assert api.status(a) == before


def test_missing_content_type_with_a_body_is_415_octet_stream(api: Api) -> None:
    (a,) = api.fresh(1, not_status=["AwaitingPayment", "OnHold"])
    before = api.status(a)
    r = api.http.put(
        PUT, content=f'[{{"OrderNumber": {a}, "OrderStatus": "OnHold"}}]'.encode(), headers=api.auth
    )
    assert r.status_code == 415
    assert "'application/octet-stream'" in r.json()["Message"]
    for unparsable in ("json", "application/json;;"):  # .NET drops a header it cannot parse
        r = api.put(f'[{{"OrderNumber": {a}, "OrderStatus": "OnHold"}}]'.encode(), unparsable)
        assert r.status_code == 415 and "no Content-Type header" in r.json()["Message"]
    assert api.status(a) == before


# ---------------------------------------------------------------- response media types


@pytest.mark.parametrize(
    ("accept", "expected"),
    [
        (None, "application/json"),  # httpx sends */*
        ("", "application/json"),
        ("*/*", "application/json"),
        ("application/json", "application/json"),
        ("text/json", "text/json"),
        ("application/xml", "application/xml"),
        ("text/xml", "text/xml"),
        ("text/*", "text/json"),
        ("application/*", "application/json"),
        ("application/xml, application/json", "application/json"),  # a tie goes to JSON
        ("application/json;q=0.5, application/xml", "application/xml"),
        ("application/xml;q=0.9, */*;q=0.1", "application/xml"),
        ("text/xml;q=1, application/json;q=0.8", "text/xml"),
        ("application/json;q=0, text/xml;q=0.2", "text/xml"),
        ("image/png", "application/json"),  # nothing servable: JSON, no 406
        ("garbage", "application/json"),
    ],
)
def test_response_type_follows_accept(api: Api, accept: str | None, expected: str) -> None:
    headers = dict(api.auth)
    if accept is not None:
        headers["Accept"] = accept
    r = api.http.get("/order-status", headers=headers)
    assert r.status_code == 200
    assert r.headers["content-type"] == f"{expected}; charset=utf-8"
    if "xml" in expected:
        assert ET.fromstring(r.text).tag == "ArrayOfOrderStatusesResponse"
    else:
        assert isinstance(r.json(), list)


@pytest.mark.parametrize("accept", ["", "image/png"])
def test_no_usable_accept_answers_in_the_request_media_type(api: Api, accept: str) -> None:
    (a,) = api.fresh(1, not_status=["AwaitingPayment"])
    r = api.http.put(
        PUT,
        content=xml_items([(a, "OnHold")]),
        headers={**api.auth, "Content-Type": "text/xml", "Accept": accept},
    )
    assert r.status_code == 200
    assert r.headers["content-type"] == "text/xml; charset=utf-8"


def test_form_body_binds_an_empty_list_and_changes_nothing(api: Api) -> None:
    (a,) = api.fresh(1, not_status=["AwaitingPayment", "OnHold"])
    before = api.status(a)
    r = api.put(f"OrderNumber={a}&OrderStatus=OnHold".encode(), "application/x-www-form-urlencoded")
    assert (r.status_code, r.json()) == (200, [])
    assert api.status(a) == before


@pytest.mark.parametrize("content_type", ["application/json; charset=latin-9", "application/*"])
def test_other_charsets_and_media_ranges_read_as_json(api: Api, content_type: str) -> None:
    r = api.put(b'[{"OrderNumber": 5, "OrderStatus": "OnHold"}]', content_type)
    assert r.status_code == 200, r.text
    assert r.json()[0]["OrderNumber"] == 5


@pytest.mark.parametrize("accept", ["application/json", "text/json", "application/xml", "text/xml"])
def test_errors_are_negotiated_too(api: Api, accept: str) -> None:
    r = api.http.get("/order-status", headers={"Accept": accept})
    assert r.status_code == 401
    assert r.headers["content-type"] == f"{accept}; charset=utf-8"
    assert r.headers["www-authenticate"] == "Bearer"
    if "xml" in accept:
        assert r.text == "<Error><Message>Authorization has been denied for this request.</Message></Error>"
    else:
        assert r.json() == UNAUTHORIZED


# ---------------------------------------------------------------- authentication


def token_form(api: Api, **overrides: str) -> dict[str, str]:
    c = api.mock.account(api.account)
    form = {
        "grant_type": "password",
        "username": c.username,
        "password": c.password,
        "client_id": c.client_id,
    }
    form.update(overrides)
    return {k: v for k, v in form.items() if v != "<omit>"}


def test_token_response_shape(api: Api) -> None:
    r = api.http.post("/Token", data=token_form(api))
    assert r.status_code == 200
    assert r.headers["content-type"] == "application/json; charset=utf-8"
    body = r.json()
    assert set(body) == {"access_token", "token_type", "expires_in"}
    assert body["token_type"] == "bearer" and body["expires_in"] == 3600
    other = api.http.post("/Token", data=token_form(api)).json()["access_token"]
    assert other != body["access_token"]  # random, not derived from the credentials alone


@pytest.mark.parametrize(
    ("overrides", "error"),
    [
        ({"password": "wrong"}, "invalid_grant"),
        ({"username": "nobody@example.com"}, "invalid_grant"),
        ({"client_id": "00000000-0000-4000-8000-000000000000"}, "invalid_grant"),
        ({"password": "<omit>"}, "invalid_grant"),
        ({"grant_type": "client_credentials"}, "unsupported_grant_type"),
        ({"grant_type": "<omit>"}, "unsupported_grant_type"),
    ],
)
def test_token_refusals(api: Api, overrides: dict[str, str], error: str) -> None:
    r = api.http.post("/Token", data=token_form(api, **overrides), headers={"Accept": "application/xml"})
    assert r.status_code == 400
    assert r.headers["content-type"] == "application/json; charset=utf-8"  # always JSON
    assert r.json()["error"] == error
    if error == "invalid_grant":
        assert r.json()["error_description"] == "The user name or password is incorrect."


def test_credentials_of_another_account_do_not_mix(api: Api, api_b: Api) -> None:
    form = token_form(api, client_id=api_b.mock.account(1).client_id)
    assert api.http.post("/Token", data=form).json()["error"] == "invalid_grant"


def test_token_needs_a_form_body(api: Api) -> None:
    r = api.http.post("/Token", json=token_form(api))
    assert r.status_code == 400 and r.json()["error"] == "unsupported_grant_type"


@pytest.mark.parametrize(
    "authorization",
    [None, "", "Bearer", "Basic dXNlcjpwYXNz", "Bearer not-a-token", "Bearer AAAA", "Token x"],
)
def test_missing_or_bad_bearer_is_401_and_changes_nothing(api: Api, authorization: str | None) -> None:
    (a,) = api.fresh(1, not_status=["AwaitingPayment", "OnHold"])
    before = api.status(a)
    headers = {"Content-Type": "application/json"}
    if authorization is not None:
        headers["Authorization"] = authorization
    r = api.http.put(PUT, content=json.dumps([{"OrderNumber": a, "OrderStatus": "OnHold"}]), headers=headers)
    assert r.status_code == 401
    assert r.headers["www-authenticate"] == "Bearer"
    assert r.json() == UNAUTHORIZED
    assert api.status(a) == before
    for path in ("/order-status", f"/orders/{a}"):
        assert (
            api.http.get(path, headers={k: v for k, v in headers.items() if k == "Authorization"}).status_code
            == 401
        )


def test_tampered_token_is_401(api: Api) -> None:
    token = api.token
    flipped = token[:-2] + ("A" if token[-2] != "A" else "B") + token[-1]
    r = api.http.get("/order-status", headers={"Authorization": f"Bearer {flipped}"})
    assert r.status_code == 401


def test_bearer_scheme_is_case_insensitive(api: Api) -> None:
    assert api.http.get("/order-status", headers={"Authorization": f"bearer {api.token}"}).status_code == 200


def test_tokens_expire() -> None:
    with running_mock(token_lifetime=0.5) as m:
        token = m.token(0)
        with httpx.Client(base_url=m.base_url) as http:
            headers = {"Authorization": f"Bearer {token}"}
            assert http.get("/order-status", headers=headers).status_code == 200
            body = http.post(
                "/Token",
                data={
                    "grant_type": "password",
                    "username": m.account(0).username,
                    "password": m.account(0).password,
                    "client_id": m.account(0).client_id,
                },
            ).json()
            assert body["expires_in"] == 1
            time.sleep(0.6)
            r = http.get("/order-status", headers=headers)
            assert r.status_code == 401 and r.headers["www-authenticate"] == "Bearer"
            n = m.fixtures["accounts"][0]["orders"][0]["OrderNumber"]
            r = http.put(PUT, json=[{"OrderNumber": n, "OrderStatus": "OnHold"}], headers=headers)
            assert r.status_code == 401


def test_a_token_from_another_mock_is_refused(api: Api) -> None:
    with running_mock() as other:
        foreign_token = other.token(0)
    assert (
        api.http.get("/order-status", headers={"Authorization": f"Bearer {foreign_token}"}).status_code == 401
    )


# ---------------------------------------------------------------- catalogue and orders


def test_catalogue_json_is_the_contract_catalogue(api: Api) -> None:
    contract = load_contract()
    r = api.http.get("/order-status", headers=api.auth)
    assert r.json() == [
        {
            "OrderStatus": {
                "OrderStatusID": s.id,
                "OrderStatus": s.name,
                "Description": s.display,
                "UserCanOverrideToStatus": s.overridable,
            }
        }
        for s in contract.statuses
    ]
    assert api.mock.fixtures["statuses"] == [item["OrderStatus"] for item in r.json()]


def test_catalogue_xml(api: Api) -> None:
    r = api.http.get("/order-status", headers={**api.auth, "Accept": "text/xml"})
    assert r.text.startswith(
        f'<ArrayOfOrderStatusesResponse xmlns:xsd="{XSD}" xmlns:xsi="{XSI}">'
        "<OrderStatusesResponse><OrderStatus><OrderStatusID>2</OrderStatusID>"
        "<OrderStatus>AwaitingPayment</OrderStatus><Description>Awaiting Payment</Description>"
        "<UserCanOverrideToStatus>false</UserCanOverrideToStatus></OrderStatus>"
        "</OrderStatusesResponse><OrderStatusesResponse>"
    )
    root = ET.fromstring(r.text)
    assert len(root) == len(load_contract().statuses)


def test_get_order_json_and_xml(api: Api) -> None:
    order = api.mock.fixtures["accounts"][0]["orders"][-1]
    n = order["OrderNumber"]
    r = api.http.get(f"/orders/{n}", headers=api.auth)
    body = r.json()
    assert list(body) == ["OrderNumber", "OrderGuid", "OrderStatus"]
    assert body["OrderNumber"] == n and len(body["OrderGuid"]) == 36
    r = api.http.get(f"/orders/{n}", headers={**api.auth, "Accept": "application/xml"})
    assert r.text == (
        f'<OrderModel xmlns:xsd="{XSD}" xmlns:xsi="{XSI}"><OrderNumber>{n}</OrderNumber>'
        f"<OrderGuid>{body['OrderGuid']}</OrderGuid><OrderStatus>{body['OrderStatus']}</OrderStatus>"
        "</OrderModel>"
    )


def test_get_missing_or_foreign_order_is_one_404(api: Api) -> None:
    for n in (api.missing(), api.foreign()):
        r = api.http.get(f"/orders/{n}", headers=api.auth)
        assert r.status_code == 404
        assert r.json() == {"Message": NOT_FOUND}


@pytest.mark.parametrize("text", ["0", "07", "-1", "abc", "2147483648", "1.5", "9" * 400])
def test_get_order_with_a_bad_number_is_400(api: Api, text: str) -> None:
    r = api.http.get(f"/orders/{text}", headers=api.auth)
    assert r.status_code == 400
    assert r.json()["Message"] == "The request is invalid."


# ---------------------------------------------------------------- routing


def test_routes_are_case_insensitive_and_allow_a_trailing_slash(api: Api) -> None:
    assert api.http.get("/ORDER-STATUS/", headers=api.auth).status_code == 200
    (a,) = api.fresh(1, not_status=["AwaitingPayment"])
    r = api.http.put(
        "/Orders/Override-Order-Statuses",
        json=[{"OrderNumber": a, "OrderStatus": "OnHold"}],
        headers=api.auth,
    )
    assert r.status_code == 200


def test_unknown_path_is_404(api: Api) -> None:
    r = api.http.get("/orders", headers=api.auth)
    assert r.status_code == 404
    assert r.json()["Message"].startswith("No HTTP resource was found that matches the request URI")


@pytest.mark.parametrize(
    ("method", "path"), [("GET", PUT), ("POST", PUT), ("DELETE", "/order-status"), ("GET", "/Token")]
)
def test_wrong_method_is_405(api: Api, method: str, path: str) -> None:
    r = api.http.request(method, path, headers=api.auth)
    assert r.status_code == 405
    assert "allow" in r.headers


def test_utf16_request_is_answered_in_utf16(api: Api) -> None:
    body = '[{"OrderNumber": 5, "OrderStatus": "OnHold"}]'.encode("utf-16-le")
    r = api.put(body, "application/json; charset=utf-16")
    assert r.status_code == 200
    assert r.headers["content-type"] == "application/json; charset=utf-16"
    assert r.content.startswith(b"\xff\xfe") and r.json()[0]["OrderNumber"] == 5
    r = api.put(b"[]", "application/json", **{"Accept-Charset": "utf-16;q=0.9, iso-8859-1"})
    assert r.headers["content-type"] == "application/json; charset=utf-16"


@pytest.mark.parametrize("accept", ["application/xml;q=abc", "application/xml;q=1.5"])
def test_an_unreadable_quality_counts_as_one(api: Api, accept: str) -> None:
    r = api.put(b"[]", "application/json", accept=accept)
    assert r.headers["content-type"] == "application/xml; charset=utf-8"
