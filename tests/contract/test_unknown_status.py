"""A status name the client does not know parses: the raw name is kept for the caller."""

from __future__ import annotations

import json

import pytest
from storefeeder_client import AuthenticatedClient
from storefeeder_client.api.orders import get_order, override_order_statuses
from storefeeder_client.models import OrderModel, OverrideOrderStatusModel, Statuses

from .conftest import Recorded, Reply, ScriptedServer

NEW_NAME = "AwaitingCourierCollection"

RESULT_JSON = [{"OrderNumber": 5, "OrderStatus": NEW_NAME, "Success": True}]
RESULT_XML = (
    '<ArrayOfOverrideOrderStatusResponse xmlns:xsd="http://www.w3.org/2001/XMLSchema" '
    'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><OverrideOrderStatusResponse>'
    f"<Success>true</Success><OrderNumber>5</OrderNumber><OrderStatus>{NEW_NAME}</OrderStatus>"
    "</OverrideOrderStatusResponse></ArrayOfOverrideOrderStatusResponse>"
)


def test_unknown_name_is_kept_not_raised() -> None:
    status = Statuses(NEW_NAME)
    assert status.value == NEW_NAME and str(status) == NEW_NAME
    assert status == NEW_NAME
    assert status not in Statuses, "callers can tell a name the spec does not list"
    assert Statuses("OnHold") is Statuses.ONHOLD and Statuses.ONHOLD in Statuses


def test_unknown_name_round_trips_through_a_model() -> None:
    order = OrderModel.from_dict({"OrderNumber": 5, "OrderStatus": NEW_NAME})
    assert order.to_dict()["OrderStatus"] == NEW_NAME


@pytest.mark.parametrize("accept", ["application/json", "application/xml"])
def test_unknown_name_in_a_response(scripted_server: ScriptedServer, accept: str) -> None:
    def respond(request: Recorded) -> Reply:
        if "xml" in accept:
            return Reply(200, accept, RESULT_XML.encode())
        return Reply(200, accept, json.dumps(RESULT_JSON).encode())

    scripted_server.responder = respond
    client = AuthenticatedClient(base_url=scripted_server.base_url, token="t")
    body = [OverrideOrderStatusModel(order_number=5, order_status=Statuses.ONHOLD)]
    results = override_order_statuses.sync(client=client, body=body, accept=accept)  # type: ignore[arg-type]
    assert isinstance(results, list)
    assert results[0].order_status.value == NEW_NAME


def test_unknown_name_from_get_order(scripted_server: ScriptedServer) -> None:
    scripted_server.responder = lambda request: Reply(
        200, "application/json", json.dumps({"OrderNumber": 5, "OrderStatus": NEW_NAME, "Extra": 1}).encode()
    )
    order = get_order.sync(5, client=AuthenticatedClient(base_url=scripted_server.base_url, token="t"))
    assert isinstance(order, OrderModel)
    assert order.order_status.value == NEW_NAME
    assert order["Extra"] == 1, "properties the partial model does not name are kept too"
