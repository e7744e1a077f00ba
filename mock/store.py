"""The mock's state: orders in SQLite (a file in WAL mode by default, or `:memory:`).

Layout: `orders` holds every order as seeded or as of the last compaction; `changes` is an
append-only log of status changes, one row per changed order per request. A request's changes
are appended and committed in one transaction; appending touches one or two pages, where updating
50 orders in place would rewrite up to 50 pages. The current state is `orders` with `changes`
replayed in order; the store keeps it in memory (an index of committed data, updated only after a
commit succeeds) and folds the log back into `orders` when it opens, when it closes and whenever
the log passes COMPACT_AT rows.

Durability: WAL with synchronous=NORMAL. A commit is written to the WAL file (the OS page cache)
before the response is sent, so it survives the mock being killed (kill -9); only a power cut or
an OS crash could lose the last commits, which a local mock need not survive. The database is
opened with locking_mode=EXCLUSIVE: one mock process owns a file, a second one is refused.
Concurrency: requests run on one event-loop thread and a request's read-decide-append-commit has
no await in it, so requests never interleave and no update is lost.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterable

from .seeding import SeedData

SCHEMA_VERSION = "2"
COMPACT_AT = 200_000
"""Fold the change log into `orders` once it holds this many rows."""


class StoreError(RuntimeError):
    """The database cannot be used (another seed, another program's file, or in use)."""


class Store:
    def __init__(self, path: str, data: SeedData) -> None:
        self.path = path
        try:
            self._db = sqlite3.connect(path, isolation_level=None, check_same_thread=False, timeout=0.5)
        except sqlite3.Error as exc:
            raise StoreError(f"{path}: {exc}") from exc
        try:
            self._open(data)
        except BaseException as exc:
            self._db.close()
            if isinstance(exc, sqlite3.Error):
                hint = " (is another mock using this file?)" if "locked" in str(exc) else ""
                raise StoreError(f"{path}: {exc}{hint}") from exc
            raise

    def _open(self, data: SeedData) -> None:
        db = self._db
        db.execute("PRAGMA locking_mode=EXCLUSIVE")  # before WAL: the WAL index lives in memory
        if self.path != ":memory:":
            mode = db.execute("PRAGMA journal_mode=WAL").fetchone()[0]
            if mode != "wal":
                raise StoreError(f"{self.path}: cannot use WAL mode (got {mode})")
        db.execute("PRAGMA synchronous=NORMAL")
        db.execute("BEGIN IMMEDIATE")
        try:
            db.execute("CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value BLOB NOT NULL)")
            db.execute(
                "CREATE TABLE IF NOT EXISTS orders ("
                " number INTEGER PRIMARY KEY, account INTEGER NOT NULL,"
                " status TEXT NOT NULL, guid TEXT NOT NULL)"
            )
            db.execute(
                "CREATE TABLE IF NOT EXISTS changes ("
                " seq INTEGER PRIMARY KEY, number INTEGER NOT NULL, status TEXT NOT NULL)"
            )
            meta = dict(db.execute("SELECT key, value FROM meta").fetchall())
            if not meta:
                db.executemany(
                    "INSERT INTO orders (number, account, status, guid) VALUES (?, ?, ?, ?)",
                    ((o.number, o.account, o.status, o.guid) for o in data.orders),
                )
                db.executemany(
                    "INSERT INTO meta (key, value) VALUES (?, ?)",
                    [("schema", SCHEMA_VERSION), ("seed", data.key), ("secret", os.urandom(32))],
                )
            elif meta.get("schema") != SCHEMA_VERSION:
                raise StoreError(f"{self.path}: not a storefeeder-mock database (schema {SCHEMA_VERSION})")
            elif meta.get("seed") != data.key:
                raise StoreError(
                    f"{self.path} was seeded with seed {meta.get('seed')}, not {data.key}: "
                    "use the same --seed (and --extra-status) or another --db"
                )
            db.execute("COMMIT")
        except BaseException:
            db.execute("ROLLBACK")
            raise
        self.secret: bytes = bytes(db.execute("SELECT value FROM meta WHERE key = 'secret'").fetchone()[0])
        self._orders: dict[int, tuple[int, str]] = {}
        self._guids: dict[int, str] = {}
        for number, account, status, guid in db.execute("SELECT number, account, status, guid FROM orders"):
            self._orders[number] = (account, status)
            self._guids[number] = guid
        self._logged = 0
        for number, status in db.execute("SELECT number, status FROM changes ORDER BY seq"):
            self._orders[number] = (self._orders[number][0], status)
            self._logged += 1
        self._touched: set[int] = set()
        if self._logged:
            self._compact(all_orders=True)

    # ------------------------------------------------------------------ reads (committed state)

    def lookup(self, numbers: Iterable[int]) -> dict[int, tuple[int, str]]:
        """number -> (account, status) for those of `numbers` that exist."""
        orders = self._orders
        return {n: orders[n] for n in numbers if n in orders}

    def order(self, number: int) -> tuple[int, str, str] | None:
        """(account, status, guid) of an order, or None."""
        found = self._orders.get(number)
        if found is None:
            return None
        return found[0], found[1], self._guids[number]

    # ------------------------------------------------------------------ writes

    def commit(self, changes: list[tuple[int, str]]) -> None:
        """Durably record new statuses, (number, status) pairs of existing orders, atomically."""
        if not changes:
            return
        db = self._db
        db.execute("BEGIN IMMEDIATE")
        try:
            db.executemany("INSERT INTO changes (number, status) VALUES (?, ?)", changes)
            db.execute("COMMIT")
        except BaseException:
            if db.in_transaction:
                db.execute("ROLLBACK")
            raise
        orders = self._orders
        for number, status in changes:
            orders[number] = (orders[number][0], status)
            self._touched.add(number)
        self._logged += len(changes)
        if self._logged >= COMPACT_AT:
            self._compact()

    def _compact(self, all_orders: bool = False) -> None:
        """Fold the change log into `orders` (one transaction) and empty it."""
        numbers = self._orders.keys() if all_orders else self._touched
        db = self._db
        db.execute("BEGIN IMMEDIATE")
        try:
            db.executemany(
                "UPDATE orders SET status = ? WHERE number = ? AND status <> ?",
                ((self._orders[n][1], n, self._orders[n][1]) for n in numbers),
            )
            db.execute("DELETE FROM changes")
            db.execute("COMMIT")
        except BaseException:
            if db.in_transaction:
                db.execute("ROLLBACK")
            raise
        self._touched = set()
        self._logged = 0

    def close(self) -> None:
        try:
            if self._logged:
                self._compact()
            if self.path != ":memory:":
                self._db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        finally:
            self._db.close()
