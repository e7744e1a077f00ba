"""The SQLite store: its log compacts and reopens, and it refuses a database that is not its own."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from storefeeder_mock import store as store_module
from storefeeder_mock.seeding import generate
from storefeeder_mock.spec import load_contract
from storefeeder_mock.store import Store, StoreError


def test_store_compacts_its_log_and_reopens(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(store_module, "COMPACT_AT", 10)
    contract = load_contract()
    data = generate(0, contract)
    path = str(tmp_path / "s.sqlite3")
    store = Store(path, data)
    numbers = [o.number for o in data.orders[:30]]
    for i, n in enumerate(numbers):
        store.commit([(n, "OnHold" if i % 2 else "CourierClaim")])
    expected = store.lookup(numbers)
    store.commit([(numbers[0], "Returned")])  # one change left in the log when the process dies
    expected[numbers[0]] = (expected[numbers[0]][0], "Returned")
    store._db.close()  # like kill -9: no close(), no compaction, no checkpoint

    db = sqlite3.connect(path)
    assert db.execute("SELECT count(*) FROM changes").fetchone()[0] > 0
    db.close()
    reopened = Store(path, data)
    assert reopened.lookup(numbers) == expected
    reopened.close()
    db = sqlite3.connect(path)
    assert db.execute("SELECT count(*) FROM changes").fetchone()[0] == 0  # folded into orders
    stored = dict(
        db.execute(f"SELECT number, status FROM orders WHERE number IN ({','.join('?' * 30)})", numbers)
    )
    db.close()
    assert stored == {n: s for n, (_, s) in expected.items()}


def test_store_refuses_a_foreign_database(tmp_path: Path) -> None:
    path = tmp_path / "other.sqlite3"
    db = sqlite3.connect(path)
    db.execute("CREATE TABLE meta (key TEXT PRIMARY KEY, value BLOB NOT NULL)")
    db.execute("INSERT INTO meta VALUES ('schema', 'something else')")
    db.commit()
    db.close()
    with pytest.raises(StoreError):
        Store(str(path), generate(0, load_contract()))
