"""Shared helpers: quiet consoles, run configurations against a running mock, order snapshots."""

from __future__ import annotations

import io
from collections.abc import Iterable
from typing import Any

import httpx
import pytest
from storefeeder_conformance import contract as contract_module
from storefeeder_conformance.config import RunConfig
from storefeeder_conformance.report import Console
from storefeeder_conformance.target import choose_embedded_orders
from storefeeder_conformance.tokens import Credentials
from storefeeder_mock import RunningMock

FAST_EXAMPLES = 10
"""Examples per property and Schemathesis operation in these tests (the default run uses 100)."""


class Captured(Console):
    """A console writing to memory, for assertions on what a run prints."""

    def __init__(self) -> None:
        super().__init__(out=io.StringIO(), progress=io.StringIO())

    @property
    def text(self) -> str:
        out = self.out
        assert isinstance(out, io.StringIO)
        return out.getvalue()


@pytest.fixture
def console() -> Captured:
    return Captured()


def config_for(mock: RunningMock, **overrides: Any) -> RunConfig:
    """A run against `mock` as an outside server: account 0, its chosen orders, an account-1 order."""
    contract = contract_module.load()
    orders, foreign = choose_embedded_orders(mock.fixtures, contract)
    account = mock.fixtures["accounts"][0]
    values: dict[str, Any] = {
        "base_url": mock.base_url,
        "credentials": Credentials(account["username"], account["password"], account["client_id"]),
        "orders": orders,
        "foreign": foreign,
        "max_examples": FAST_EXAMPLES,
    }
    values.update(overrides)
    return RunConfig(**values)


def all_statuses(mock: RunningMock, accounts: Iterable[int] = (0, 1, 2)) -> dict[int, str]:
    """Every order of the given accounts and its status now, read with GET as its owner."""
    statuses: dict[int, str] = {}
    for i in accounts:
        with httpx.Client(base_url=mock.base_url, headers={"Accept": "application/json"}) as client:
            for k, order in enumerate(mock.fixtures["accounts"][i]["orders"]):
                if k % 200 == 0:  # tokens may be short-lived in these tests
                    client.headers["Authorization"] = f"Bearer {mock.token(i)}"
                number = order["OrderNumber"]
                answer = client.get(f"/orders/{number}")
                assert answer.status_code == 200, answer.text
                statuses[number] = answer.json()["OrderStatus"]
    return statuses


def seeded_statuses(mock: RunningMock, accounts: Iterable[int] = (0, 1, 2)) -> dict[int, str]:
    return {
        o["OrderNumber"]: o["OrderStatus"] for i in accounts for o in mock.fixtures["accounts"][i]["orders"]
    }


@pytest.fixture(autouse=True)
def _journal_in_tmp(tmp_path: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    """Full-mode runs against a --base-url write a restore journal; keep it out of the home folder
    (an unfinished one left there would block a later run on the same port)."""
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))


@pytest.fixture(scope="session")
def contract() -> contract_module.Contract:
    """The contract as the suite reads it from the repository's openapi.yaml."""
    return contract_module.load()
