"""`extra_status`: the mock serves one status name the spec does not list, as the real service
can (its list is longer than the spec's), so clients can be shown to decode it."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from storefeeder_mock import RunningMock, create_app, fixtures, running_mock
from storefeeder_mock.cli import main
from storefeeder_mock.store import StoreError

from tests.mock.helpers import PUT, REFUSED

NEW = "BrandNewStatus"


@pytest.fixture(scope="module")
def extra_mock() -> Iterator[RunningMock]:
    with running_mock(extra_status=NEW) as mock:
        yield mock


def _client(mock: RunningMock) -> httpx.Client:
    return httpx.Client(
        base_url=mock.base_url, headers={"Authorization": f"Bearer {mock.token(0)}"}, timeout=30
    )


def _orders_in(mock: RunningMock, status: str) -> list[int]:
    orders = mock.fixtures["accounts"][0]["orders"]
    return [o["OrderNumber"] for o in orders if o["OrderStatus"] == status]


def test_the_catalogue_lists_the_extra_status_after_the_spec_ones(extra_mock: RunningMock) -> None:
    with _client(extra_mock) as http:
        catalogue = http.get("/order-status").json()
        xml = http.get("/order-status", headers={"Accept": "application/xml"}).text
    last = catalogue[-1]["OrderStatus"]
    assert last["OrderStatus"] == NEW and last["UserCanOverrideToStatus"] is False
    assert last["OrderStatusID"] == max(s["OrderStatus"]["OrderStatusID"] for s in catalogue[:-1]) + 1
    assert [s["OrderStatus"] for s in extra_mock.fixtures["statuses"]][-1] == NEW
    assert NEW in [e.text for e in ET.fromstring(xml).iter("OrderStatus") if e.text]


def test_some_seeded_orders_carry_it_and_are_served_with_it(extra_mock: RunningMock) -> None:
    carrying = _orders_in(extra_mock, NEW)
    assert len(carrying) >= 10
    with _client(extra_mock) as http:
        order = http.get(f"/orders/{carrying[0]}").json()
        xml = http.get(f"/orders/{carrying[0]}", headers={"Accept": "text/xml"}).text
    assert order["OrderStatus"] == NEW
    assert f"<OrderStatus>{NEW}</OrderStatus>" in xml


def test_the_enum_binds_it_but_it_is_no_target_and_can_be_left(extra_mock: RunningMock) -> None:
    first, second = _orders_in(extra_mock, NEW)[1:3]
    target = _orders_in(extra_mock, "OnHold")[1]
    body = [
        {"OrderNumber": first, "OrderStatus": "OnHold"},
        {"OrderNumber": target, "OrderStatus": NEW},
    ]
    with _client(extra_mock) as http:
        results = http.put(PUT, content=json.dumps(body), headers={"Content-Type": "application/json"}).json()
        after = http.get(f"/orders/{first}").json()["OrderStatus"]
        untouched = http.get(f"/orders/{second}").json()["OrderStatus"]
    assert results == [
        {"OrderNumber": first, "OrderStatus": "OnHold", "Success": True},
        {"OrderNumber": target, "OrderStatus": NEW, "Success": False, "Error": REFUSED},
    ]
    assert (after, untouched) == ("OnHold", NEW)


def test_without_the_option_nothing_changes() -> None:
    plain, extra = fixtures(0), fixtures(0, NEW)
    assert NEW not in {s["OrderStatus"] for s in plain["statuses"]}
    assert plain["statuses"] == extra["statuses"][:-1]
    numbers = [[o["OrderNumber"] for o in a["orders"]] for a in plain["accounts"]]
    assert numbers == [[o["OrderNumber"] for o in a["orders"]] for a in extra["accounts"]]


@pytest.mark.parametrize("name", ["", "onhold", "Brand New", "1st", "x" * 65])
def test_a_bad_or_known_name_is_refused(name: str) -> None:
    with pytest.raises(ValueError, match="extra status"):
        create_app(extra_status=name)


def test_a_database_seeded_without_it_is_refused_with_it(tmp_path: Path) -> None:
    db = str(tmp_path / "mock.sqlite3")
    create_app(db_path=db).close()
    with pytest.raises(StoreError, match=r"seed 0, not 0\+BrandNewStatus"):
        create_app(db_path=db, extra_status=NEW)


def test_the_command_line_takes_it(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["fixtures", "--json", "--extra-status", NEW]) == 0
    assert json.loads(capsys.readouterr().out)["statuses"][-1]["OrderStatus"] == NEW
    assert main(["fixtures", "--extra-status", "OnHold"]) == 2
    assert "already in the contract" in capsys.readouterr().err
