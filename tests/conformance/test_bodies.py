"""Bodies: override answers read strictly, XML requests written with the contract's names."""

from __future__ import annotations

import pytest
from storefeeder_conformance import xmlread
from storefeeder_conformance.bodies import BodyError, override_body, results
from storefeeder_conformance.contract import Contract
from storefeeder_conformance.wire import Exchange


def _answer(content: bytes, media: str) -> Exchange:
    """A 200 answer to a PUT with this body and Content-Type."""
    return Exchange("PUT", "http://x/o", (), b"", 200, (("Content-Type", media),), content)


def test_results_are_read_strictly(contract: Contract) -> None:
    ok = _answer(b'[{"OrderNumber":1,"OrderStatus":"OnHold","Success":true}]', "application/json")
    assert [r.key() for r in results(contract, ok)] == [(1, "OnHold", True, None)]
    for bad in (
        b'[{"OrderNumber":"1","OrderStatus":"OnHold","Success":true}]',
        b'[{"OrderNumber":1}]',
        b"{}",
    ):
        with pytest.raises(BodyError):
            results(contract, _answer(bad, "application/json"))
    xml = (
        b"<ArrayOfOverrideOrderStatusResponse><OverrideOrderStatusResponse><Success>false</Success>"
        b"<Error>E</Error><OrderNumber>2</OrderNumber><OrderStatus>Draft</OrderStatus>"
        b"</OverrideOrderStatusResponse></ArrayOfOverrideOrderStatusResponse>"
    )
    assert [r.key() for r in results(contract, _answer(xml, "text/xml; charset=utf-8"))] == [
        (2, "Draft", False, "E")
    ]
    with pytest.raises(BodyError, match="neither JSON nor XML"):
        results(contract, _answer(b"[]", "text/plain"))


def test_xml_request_body_uses_the_contract_names(contract: Contract) -> None:
    root = xmlread.parse(override_body(contract, "application/xml", [(7, "OnHold")]))
    assert root.tag == contract.request_shape.root and root.child_tags == [contract.request_shape.item]
    assert root.children[0].child_tags == [contract.number_field, contract.status_field]
    assert root.namespaces == dict(contract.namespaces)
