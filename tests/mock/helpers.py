"""Helpers for the mock's tests: a client of one account, XML builders; all over real HTTP."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from collections.abc import Sequence
from typing import Any

import httpx
from storefeeder_mock import RunningMock

PUT = "/orders/override-order-statuses"
NOT_FOUND = "Order doesnt exist or you do not have permission to access it."
REFUSED = "Order cannot be overrriden to the given status."
XSD = "http://www.w3.org/2001/XMLSchema"
XSI = "http://www.w3.org/2001/XMLSchema-instance"
JSON_TYPES = ("application/json", "text/json")
XML_TYPES = ("application/xml", "text/xml")
MEDIA_TYPES = JSON_TYPES + XML_TYPES


def xml_items(items: Sequence[tuple[Any, Any]], declarations: bool = True) -> bytes:
    """An ArrayOfOverrideOrderStatusModel document; values are written as given."""
    ns = f' xmlns:xsd="{XSD}" xmlns:xsi="{XSI}"' if declarations else ""
    body = "".join(
        f"<OverrideOrderStatusModel><OrderNumber>{n}</OrderNumber><OrderStatus>{s}</OrderStatus>"
        "</OverrideOrderStatusModel>"
        for n, s in items
    )
    return f"<ArrayOfOverrideOrderStatusModel{ns}>{body}</ArrayOfOverrideOrderStatusModel>".encode()


def parse_xml_results(text: str) -> list[dict[str, Any]]:
    root = ET.fromstring(text)
    assert root.tag == "ArrayOfOverrideOrderStatusResponse"
    out = []
    for item in root:
        assert item.tag == "OverrideOrderStatusResponse"
        fields: dict[str, Any] = {}
        for child in item:
            fields[child.tag] = child.text
        fields["Success"] = {"true": True, "false": False}[fields["Success"]]
        fields["OrderNumber"] = int(fields["OrderNumber"])
        out.append(fields)
    return out


class Api:
    """A client of one account of a running mock."""

    def __init__(self, mock: RunningMock, account: int = 0) -> None:
        self.mock = mock
        self.account = account
        self.http = httpx.Client(base_url=mock.base_url, timeout=30)
        self.token = mock.token(account)
        self.auth = {"Authorization": f"Bearer {self.token}"}
        self._given: set[int] = set()

    def close(self) -> None:
        self.http.close()

    # -- orders of this account that no other test has used yet (their seeded status holds)
    def fresh(self, count: int = 1, status: str | None = None, not_status: Sequence[str] = ()) -> list[int]:
        found = []
        for order in self.mock.fixtures["accounts"][self.account]["orders"]:
            n, s = order["OrderNumber"], order["OrderStatus"]
            if n in self._given or (status is not None and s != status) or s in not_status:
                continue
            found.append(n)
            self._given.add(n)
            if len(found) == count:
                return found
        raise AssertionError("ran out of fresh orders")

    def foreign(self, other: int = 1) -> int:
        return int(self.mock.fixtures["accounts"][other]["orders"][-1]["OrderNumber"])

    def missing(self) -> int:
        return int(self.mock.fixtures["free_order_numbers"]["min"]) + 12345

    def put(
        self, content: bytes, content_type: str, accept: str | None = None, **headers: str
    ) -> httpx.Response:
        h = {**self.auth, "Content-Type": content_type, **headers}
        if accept is not None:
            h["Accept"] = accept
        return self.http.put(PUT, content=content, headers=h)

    def put_json(
        self, items: Any, media: str = "application/json", accept: str | None = None
    ) -> httpx.Response:
        return self.put(json.dumps(items).encode(), media, accept)

    def put_xml(
        self,
        items: Sequence[tuple[Any, Any]],
        media: str = "application/xml",
        accept: str | None = None,
        declarations: bool = True,
    ) -> httpx.Response:
        return self.put(xml_items(items, declarations), media, accept)

    def override(
        self, items: Sequence[tuple[int, str]], media: str = "application/json"
    ) -> list[dict[str, Any]]:
        """PUT items in `media`, expect 200, return the results as dicts (JSON or XML)."""
        if media in JSON_TYPES:
            r = self.put_json([{"OrderNumber": n, "OrderStatus": s} for n, s in items], media, accept=media)
        else:
            r = self.put_xml(items, media, accept=media)
        assert r.status_code == 200, r.text
        assert r.headers["content-type"] == f"{media}; charset=utf-8"
        if media in JSON_TYPES:
            return list(r.json())
        return parse_xml_results(r.text)

    def status(self, number: int) -> str | None:
        r = self.http.get(f"/orders/{number}", headers=self.auth)
        if r.status_code == 404:
            return None
        assert r.status_code == 200, r.text
        return str(r.json()["OrderStatus"])

    def statuses(self, numbers: Sequence[int]) -> list[str | None]:
        return [self.status(n) for n in numbers]
