"""The mock's state: orders in SQLite (a file in WAL mode by default, or `:memory:`).

Durability: WAL with synchronous=NORMAL. A commit is in the WAL file (in the OS page cache)
before the response is sent, so it survives the mock process being killed (kill -9); only a
power loss or OS crash could lose the last commits, which a local mock does not need to survive.
Concurrency: one connection, used only from the event-loop thread; every request's reads and
writes run inside one BEGIN IMMEDIATE transaction with no await in between, so requests never
interleave and never lose an update. BEGIN IMMEDIATE also serialises against any other process
that opens the same file.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager

from .seeding import SeedData

SCHEMA_VERSION = "1"


class StoreError(RuntimeError):
    """The database cannot be used (for example it was seeded with another seed)."""


class Store:
    def __init__(self, path: str, data: SeedData) -> None:
        self.path = path
        self._db = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
        db = self._db
        if path != ":memory:":
            db.execute("PRAGMA journal_mode=WAL")
            db.execute("PRAGMA busy_timeout=5000")
        db.execute("PRAGMA synchronous=NORMAL")
        db.execute("BEGIN IMMEDIATE")
        try:
            db.execute("CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value BLOB NOT NULL)")
            db.execute(
                "CREATE TABLE IF NOT EXISTS orders ("
                " number INTEGER PRIMARY KEY, account INTEGER NOT NULL,"
                " status TEXT NOT NULL, guid TEXT NOT NULL)"
            )
            meta = dict(db.execute("SELECT key, value FROM meta").fetchall())
            if not meta:
                db.executemany(
                    "INSERT INTO orders (number, account, status, guid) VALUES (?, ?, ?, ?)",
                    ((o.number, o.account, o.status, o.guid) for o in data.orders),
                )
                db.executemany(
                    "INSERT INTO meta (key, value) VALUES (?, ?)",
                    [
                        ("schema", SCHEMA_VERSION),
                        ("seed", str(data.seed)),
                        ("secret", os.urandom(32)),
                    ],
                )
            elif meta.get("schema") != SCHEMA_VERSION:
                raise StoreError(f"{path}: not a storefeeder-mock database of schema {SCHEMA_VERSION}")
            elif meta.get("seed") != str(data.seed):
                raise StoreError(
                    f"{path} was seeded with seed {meta.get('seed')}, not {data.seed}: "
                    "use the same --seed or another --db"
                )
            db.execute("COMMIT")
        except BaseException:
            db.execute("ROLLBACK")
            db.close()
            raise
        secret = db.execute("SELECT value FROM meta WHERE key = 'secret'").fetchone()[0]
        self.secret: bytes = bytes(secret)

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """One atomic unit of work: committed on normal exit, rolled back on an exception."""
        db = self._db
        db.execute("BEGIN IMMEDIATE")
        try:
            yield
        except BaseException:
            db.execute("ROLLBACK")
            raise
        db.execute("COMMIT")

    def order(self, number: int) -> tuple[int, str, str] | None:
        """(account, status, guid) of an order, or None."""
        row = self._db.execute(
            "SELECT account, status, guid FROM orders WHERE number = ?", (number,)
        ).fetchone()
        if row is None:
            return None
        return int(row[0]), str(row[1]), str(row[2])

    def owners_and_statuses(self, numbers: Sequence[int]) -> dict[int, tuple[int, str]]:
        """number -> (account, status) for those of `numbers` that exist (call in a transaction)."""
        if not numbers:
            return {}
        sql = "SELECT number, account, status FROM orders WHERE number IN (" + ",?" * len(numbers)
        sql = sql.replace("(,", "(", 1) + ")"
        return {n: (a, s) for n, a, s in self._db.execute(sql, numbers)}

    def set_statuses(self, changes: Iterable[tuple[str, int]]) -> None:
        """Store (status, number) pairs (call in a transaction)."""
        self._db.executemany("UPDATE orders SET status = ? WHERE number = ?", changes)

    def close(self) -> None:
        try:
            if self.path != ":memory:":
                self._db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        finally:
            self._db.close()
