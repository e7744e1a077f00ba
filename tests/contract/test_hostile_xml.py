"""Hostile XML in a response is refused with a clear error, before any entity is expanded."""

from __future__ import annotations

from pathlib import Path

import pytest
from storefeeder_client import AuthenticatedClient
from storefeeder_client.api.orders import get_order
from storefeeder_client.types import XmlError, parse_xml

from .conftest import Reply, ScriptedServer

BILLION_LAUGHS = """<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
<!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">]>
<OrderModel><OrderNumber>1</OrderNumber><OrderStatus>&lol4;</OrderStatus></OrderModel>"""

PLAIN_DOCTYPE = """<!DOCTYPE OrderModel><OrderModel><OrderNumber>1</OrderNumber>
<OrderStatus>OnHold</OrderStatus></OrderModel>"""


def _external_entity(secret: Path) -> str:
    return f"""<?xml version="1.0"?>
<!DOCTYPE OrderModel [<!ENTITY secret SYSTEM "file://{secret}">]>
<OrderModel><OrderNumber>1</OrderNumber><OrderStatus>&secret;</OrderStatus></OrderModel>"""


@pytest.fixture
def secret_file(tmp_path: Path) -> Path:
    path = tmp_path / "secret.txt"
    path.write_text("TOP-SECRET", encoding="utf-8")
    return path


def _hostile_documents(secret: Path) -> dict[str, str]:
    return {
        "billion-laughs": BILLION_LAUGHS,
        "external-entity": _external_entity(secret),
        "doctype": PLAIN_DOCTYPE,
        "undeclared-entity": "<OrderModel><OrderStatus>&nbsp;</OrderStatus></OrderModel>",
        "malformed": "<OrderModel><OrderNumber>1</OrderModel>",
    }


@pytest.mark.parametrize(
    "name", ["billion-laughs", "external-entity", "doctype", "undeclared-entity", "malformed"]
)
def test_parse_xml_refuses(name: str, secret_file: Path) -> None:
    with pytest.raises(XmlError) as raised:
        parse_xml(_hostile_documents(secret_file)[name])
    assert "TOP-SECRET" not in str(raised.value)
    expected = (
        "malformed XML" if name in ("undeclared-entity", "malformed") else "DTDs and entities are not allowed"
    )
    assert expected in str(raised.value)


@pytest.mark.parametrize("name", ["billion-laughs", "external-entity", "doctype"])
def test_client_refuses_hostile_response(
    scripted_server: ScriptedServer, secret_file: Path, name: str
) -> None:
    document = _hostile_documents(secret_file)[name].encode()
    scripted_server.responder = lambda request: Reply(200, "application/xml", document)
    client = AuthenticatedClient(base_url=scripted_server.base_url, token="t")
    with pytest.raises(XmlError, match="DTDs and entities are not allowed"):
        get_order.sync(1, client=client, accept="application/xml")


def test_bad_values_in_xml_are_named() -> None:
    from storefeeder_client.models import OrderModel

    with pytest.raises(XmlError, match="<OrderNumber> is not an integer: 'one'"):
        OrderModel.from_xml(parse_xml("<OrderModel><OrderNumber>one</OrderNumber></OrderModel>"))


def test_deep_nesting_is_refused_not_a_recursion_error() -> None:
    from storefeeder_client.models import OrderModel

    deep = "<Extra>" * 3000 + "x" + "</Extra>" * 3000
    document = f"<OrderModel><OrderNumber>1</OrderNumber><OrderStatus>OnHold</OrderStatus>{deep}</OrderModel>"
    with pytest.raises(XmlError, match="nested more than 64 levels deep"):
        OrderModel.from_xml(parse_xml(document))


def test_a_missing_required_element_is_named() -> None:
    from storefeeder_client.models import OverrideOrderStatusResponse

    item = "<OverrideOrderStatusResponse><OrderNumber>1</OrderNumber><OrderStatus>OnHold</OrderStatus>"
    with pytest.raises(
        XmlError, match="<OverrideOrderStatusResponse> lacks required element\\(s\\): Success"
    ):
        OverrideOrderStatusResponse.from_xml(parse_xml(item + "</OverrideOrderStatusResponse>"))
