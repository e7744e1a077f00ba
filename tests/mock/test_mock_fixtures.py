"""Seed data, the public Python API and the pytest plugin."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import httpx
import pytest
import storefeeder_mock
from storefeeder_mock import RunningMock, create_app, fixtures, running_mock
from storefeeder_mock.spec import load_contract


def test_fixtures_shape_and_volume() -> None:
    data = fixtures(0)
    assert data["seed"] == 0
    assert len(data["accounts"]) >= 2
    contract = load_contract()
    assert [s["OrderStatus"] for s in data["statuses"]] == [s.name for s in contract.statuses]
    for account in data["accounts"]:
        assert set(account) == {"username", "password", "client_id", "orders"}
        orders = account["orders"]
        assert len(orders) >= 2000
        assert all(set(o) == {"OrderNumber", "OrderStatus"} for o in orders)
        statuses = Counter(o["OrderStatus"] for o in orders)
        assert set(statuses) == {s.name for s in contract.statuses}  # every status, in every account
        assert statuses["AwaitingPayment"] > 0


def test_order_numbers_are_spread_unique_and_disjoint_from_the_free_range() -> None:
    data = fixtures(0)
    free = data["free_order_numbers"]
    assert free["max"] == 2147483647
    numbers = [o["OrderNumber"] for a in data["accounts"] for o in a["orders"]]
    assert len(numbers) == len(set(numbers))  # no order is in two accounts
    assert all(1 <= n < free["min"] for n in numbers)
    assert max(numbers) > 100 * len(numbers)  # spread, not 1..N
    per_account = [sorted(o["OrderNumber"] for o in a["orders"]) for a in data["accounts"]]
    low = [a[0] for a in per_account]
    assert max(low) < min(a[-1] for a in per_account)  # interleaved between accounts


def test_fixtures_are_deterministic_by_seed() -> None:
    assert fixtures(1) == fixtures(1)
    assert fixtures(1) != fixtures(2)
    a, b = fixtures(1)["accounts"][0], fixtures(2)["accounts"][0]
    assert a["password"] != b["password"] and a["client_id"] != b["client_id"]


def test_running_mock_object(storefeeder_mock: RunningMock) -> None:
    assert storefeeder_mock.base_url.startswith("http://127.0.0.1:")
    assert not storefeeder_mock.base_url.endswith("/")
    creds = storefeeder_mock.account(1)
    assert creds.username == storefeeder_mock.fixtures["accounts"][1]["username"]
    assert storefeeder_mock.fixtures == fixtures(0)
    r = httpx.post(
        storefeeder_mock.base_url + "/Token",
        data={
            "grant_type": "password",
            "username": creds.username,
            "password": creds.password,
            "client_id": creds.client_id,
        },
    )
    assert r.status_code == 200


@pytest.mark.storefeeder_mock(seed=9, mutant="results-reversed")
def test_plugin_marker_options(storefeeder_mock: RunningMock) -> None:
    assert storefeeder_mock.fixtures == fixtures(9)
    assert storefeeder_mock.app.mutant is not None and storefeeder_mock.app.mutant.value == "results-reversed"


def test_plugin_fixture_is_fresh_per_test_part_1(storefeeder_mock: RunningMock) -> None:
    n = storefeeder_mock.fixtures["accounts"][0]["orders"][0]["OrderNumber"]
    r = httpx.put(
        storefeeder_mock.base_url + "/orders/override-order-statuses",
        json=[{"OrderNumber": n, "OrderStatus": "CourierClaim"}],
        headers={"Authorization": f"Bearer {storefeeder_mock.token(0)}"},
    )
    assert r.json()[0]["Success"] is True


def test_plugin_fixture_is_fresh_per_test_part_2(storefeeder_mock: RunningMock) -> None:
    first = storefeeder_mock.fixtures["accounts"][0]["orders"][0]
    r = httpx.get(
        storefeeder_mock.base_url + f"/orders/{first['OrderNumber']}",
        headers={"Authorization": f"Bearer {storefeeder_mock.token(0)}"},
    )
    assert r.json()["OrderStatus"] == first["OrderStatus"]


def test_session_fixture(storefeeder_mock_session: RunningMock) -> None:
    assert storefeeder_mock_session.base_url.startswith("http://127.0.0.1:")


def test_create_app_is_an_asgi_app_with_close() -> None:
    app = create_app(seed=2, mutant="lost-write", faults="503=0.1")
    assert callable(app) and app.fixtures == fixtures(2)
    app.close()
    app.close()  # idempotent
    with pytest.raises(ValueError):
        create_app(mutant="nope")
    with pytest.raises(ValueError):
        create_app(faults="teapot=1")


def test_public_names() -> None:
    assert {"create_app", "running_mock", "fixtures", "mutants"} <= set(storefeeder_mock.__all__)
    assert storefeeder_mock.mutants.CATALOGUE


def test_spec_location_from_env(monkeypatch: pytest.MonkeyPatch) -> None:
    from storefeeder_mock.spec import SpecError, default_spec_path

    monkeypatch.setenv("STOREFEEDER_SPEC", "/nonexistent/openapi.yaml")
    assert str(default_spec_path()) == "/nonexistent/openapi.yaml"
    with pytest.raises(SpecError):
        load_contract()
    monkeypatch.delenv("STOREFEEDER_SPEC")
    assert default_spec_path().name == "openapi.yaml" and default_spec_path().exists()


def test_file_db_reopens_with_state(tmp_path: Path) -> None:
    db = str(tmp_path / "state.sqlite3")
    with running_mock(db_path=db) as m:
        n = m.fixtures["accounts"][0]["orders"][1]["OrderNumber"]
        headers = {"Authorization": f"Bearer {m.token(0)}"}
        httpx.put(
            m.base_url + "/orders/override-order-statuses",
            json=[{"OrderNumber": n, "OrderStatus": "Returned"}],
            headers=headers,
        )
    with running_mock(db_path=db) as m:
        r = httpx.get(m.base_url + f"/orders/{n}", headers=headers)  # same token: it survives too
        assert r.json()["OrderStatus"] == "Returned"
