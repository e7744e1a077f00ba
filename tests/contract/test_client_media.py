"""The generated client speaks all four media types both ways, with the seed's XML on the wire.

Each call goes to a scripted server on loopback that records the raw request and answers with the
spec's own example for the negotiated media type, so both directions are checked against the seed.
"""

from __future__ import annotations

import itertools
import json
import xml.etree.ElementTree as ET
from typing import Any

import pytest
from storefeeder_client import AuthenticatedClient
from storefeeder_client.api.order_statuses import get_order_statuses
from storefeeder_client.api.orders import get_order, override_order_statuses
from storefeeder_client.models import HttpError, HttpErrorModelState, OverrideOrderStatusModel, Statuses
from storefeeder_client.types import MEDIA_TYPES, MediaType

from .conftest import Recorded, Reply, ScriptedServer
from .spec_walk import load_spec

SPEC = load_spec()
XSD = "http://www.w3.org/2001/XMLSchema"
XSI = "http://www.w3.org/2001/XMLSchema-instance"
PAIRS = list(itertools.product(MEDIA_TYPES, MEDIA_TYPES))


def _example(path: str, method: str, status: str, media_type: str) -> Any:
    response = SPEC["paths"][path][method]["responses"][status]
    if "$ref" in response:
        response = SPEC["components"]["responses"][response["$ref"].rsplit("/", 1)[-1]]
    return response["content"][media_type]["example"]


def _serve_example(path: str, method: str, status: str = "200") -> Any:
    """A responder answering with the spec's example in the media type the request accepted."""

    def respond(request: Recorded) -> Reply:
        accept = request.headers.get("accept", "application/json")
        example = _example(path, method, status, accept)
        body = example.encode() if isinstance(example, str) else json.dumps(example).encode()
        return Reply(int(status), f"{accept}; charset=utf-8", body)

    return respond


def _client(server: ScriptedServer) -> AuthenticatedClient:
    return AuthenticatedClient(base_url=server.base_url, token="test-token")


SEED_REQUEST = SPEC["components"]["schemas"]["ArrayOfOverrideOrderStatusModel"]["example"]


def _seed_body() -> list[OverrideOrderStatusModel]:
    return [OverrideOrderStatusModel.from_dict(item) for item in SEED_REQUEST]


def _assert_seed_request_xml(raw: bytes) -> None:
    text = raw.decode("utf-8")
    assert not text.startswith("<?xml"), "XmlSerializer output in the Help page has no declaration"
    assert f'xmlns:xsd="{XSD}"' in text and f'xmlns:xsi="{XSI}"' in text
    root = ET.fromstring(raw)
    assert root.tag == "ArrayOfOverrideOrderStatusModel"
    assert [item.tag for item in root] == ["OverrideOrderStatusModel"] * 3
    for item, expected in zip(root, SEED_REQUEST, strict=True):
        assert [child.tag for child in item] == ["OrderNumber", "OrderStatus"]
        assert [child.text for child in item] == [str(expected["OrderNumber"]), expected["OrderStatus"]]


@pytest.mark.parametrize(("content_type", "accept"), PAIRS, ids=[f"{c}->{a}" for c, a in PAIRS])
def test_override_round_trip(
    scripted_server: ScriptedServer, content_type: MediaType, accept: MediaType
) -> None:
    path = "/orders/override-order-statuses"
    scripted_server.responder = _serve_example(path, "put")
    response = override_order_statuses.sync_detailed(
        client=_client(scripted_server), body=_seed_body(), content_type=content_type, accept=accept
    )

    sent = scripted_server.last
    assert (sent.method, sent.path) == ("PUT", path)
    assert sent.headers["content-type"] == content_type
    assert sent.headers["accept"] == accept
    assert sent.headers["authorization"] == "Bearer test-token"
    if "xml" in content_type:
        _assert_seed_request_xml(sent.body)
    else:
        assert json.loads(sent.body) == SEED_REQUEST

    assert response.status_code == 200
    assert isinstance(response.parsed, list)
    assert [item.to_dict() for item in response.parsed] == _example(path, "put", "200", "application/json")
    assert response.parsed[0].order_status is Statuses.ONHOLD


@pytest.mark.parametrize("accept", MEDIA_TYPES)
def test_order_statuses_in_every_media_type(scripted_server: ScriptedServer, accept: MediaType) -> None:
    scripted_server.responder = _serve_example("/order-status", "get")
    parsed = get_order_statuses.sync(client=_client(scripted_server), accept=accept)
    assert scripted_server.last.headers["accept"] == accept
    assert isinstance(parsed, list)
    assert [item.to_dict() for item in parsed] == _example("/order-status", "get", "200", "application/json")
    assert parsed[0].order_status.user_can_override_to_status is True


@pytest.mark.parametrize("accept", MEDIA_TYPES)
def test_get_order_in_every_media_type(scripted_server: ScriptedServer, accept: MediaType) -> None:
    scripted_server.responder = _serve_example("/orders/{ordernumber}", "get")
    order = get_order.sync(1, client=_client(scripted_server), accept=accept)
    assert scripted_server.last.path == "/orders/1"
    assert order is not None and not isinstance(order, HttpError)
    assert order.order_status is Statuses.DESPATCHED
    assert str(order.order_guid) == "0f8fad5b-d9cb-469f-a165-70867728950e"


@pytest.mark.parametrize("accept", MEDIA_TYPES)
def test_validation_error_in_every_media_type(scripted_server: ScriptedServer, accept: MediaType) -> None:
    scripted_server.responder = _serve_example("/orders/override-order-statuses", "put", "400")
    error = override_order_statuses.sync(client=_client(scripted_server), body=_seed_body(), accept=accept)
    assert isinstance(error, HttpError)
    assert error.message == "The request is invalid."
    assert isinstance(error.model_state, HttpErrorModelState)
    assert error.model_state.to_dict() == {
        "model[0].OrderNumber": ["The field OrderNumber must match the regular expression '^[1-9]\\d*$'."]
    }


def test_json_stays_the_default(scripted_server: ScriptedServer) -> None:
    scripted_server.responder = _serve_example("/orders/override-order-statuses", "put")
    override_order_statuses.sync(client=_client(scripted_server), body=_seed_body())
    assert scripted_server.last.headers["content-type"] == "application/json"
    assert scripted_server.last.headers["accept"] == "application/json"
