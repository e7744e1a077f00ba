"""The Schemathesis bridge: steering of generated bodies and XML answers made values for the schema."""

from __future__ import annotations

from storefeeder_conformance import xmlread
from storefeeder_conformance.bodies import override_body
from storefeeder_conformance.contract import Contract
from storefeeder_conformance.schemathesis_bridge import Steering, xml_to_value


def test_steering_rewrites_only_valid_numbers(contract: Contract) -> None:
    steering = Steering(contract, (2_000_000_001, 2_000_000_002), frozenset(contract.status_names))
    body = [{"OrderNumber": 5, "OrderStatus": "OnHold"}, {"OrderNumber": 0}, {"OrderNumber": "7"}, "x"]
    steering.rewrite(body)
    assert body[0] == {"OrderNumber": 2_000_000_002, "OrderStatus": "OnHold"}
    assert body[1:] == [{"OrderNumber": 0}, {"OrderNumber": "7"}, "x"]
    valid = override_body(contract, "application/xml", [(1, "OnHold")])
    assert steering.wire_valid(valid)
    assert steering.wire_valid(override_body(contract, "application/xml", []))
    assert not steering.wire_valid(valid.replace(b">1<", b">01<"))
    assert not steering.wire_valid(valid.replace(b"OnHold", b"Nope"))


def test_xml_answers_are_converted_for_schema_validation(contract: Contract) -> None:
    doc = dict(contract.document)
    schema = doc["components"]["schemas"]["ArrayOfOverrideOrderStatusResponse"]
    root = xmlread.parse(
        b"<R><I><Success>true</Success><OrderNumber>3</OrderNumber><OrderStatus>OnHold</OrderStatus></I></R>"
    )
    assert xml_to_value(doc, schema, root) == [{"Success": True, "OrderNumber": 3, "OrderStatus": "OnHold"}]
