"""Many clients at once: no lost update, no torn batch, responses agree with what was committed."""

from __future__ import annotations

import random
import threading
import time
from dataclasses import dataclass
from pathlib import Path

import httpx
from storefeeder_mock import running_mock

PUT = "/orders/override-order-statuses"
TARGETS = [
    "OnHold",
    "CourierClaim",
    "Despatched",
    "Returned",
    "PartReturn",
    "CancelledByClient",
    "WaitingForCustomerContact",
    "CompleteReadyToPick",
    "PendingWaitingAllStock",
]  # last one refused


@dataclass
class Write:
    start: float
    end: float
    status: str


def test_concurrent_overlapping_batches(tmp_path: Path) -> None:
    db = str(tmp_path / "concurrent.sqlite3")
    threads, rounds = 12, 25
    with running_mock(db_path=db, seed=7) as m:
        orders = [o for o in m.fixtures["accounts"][0]["orders"] if o["OrderStatus"] != "AwaitingPayment"][
            :30
        ]
        numbers = [o["OrderNumber"] for o in orders]
        initial = {o["OrderNumber"]: o["OrderStatus"] for o in orders}
        tokens = [m.token(0), m.token(1)]
        writes: dict[int, list[Write]] = {n: [] for n in numbers}
        observed: dict[int, set[str]] = {n: set() for n in numbers}
        lock = threading.Lock()
        failures: list[str] = []

        def client(seed: int) -> None:
            rnd = random.Random(seed)
            foreign = seed % 4 == 3  # every fourth client is another account: all its items must fail
            headers = {"Authorization": f"Bearer {tokens[1 if foreign else 0]}"}
            with httpx.Client(base_url=m.base_url, timeout=30) as http:
                for _ in range(rounds):
                    if rnd.random() < 0.2:
                        n = rnd.choice(numbers)
                        r = http.get(f"/orders/{n}", headers=headers)
                        if not foreign:
                            with lock:
                                observed[n].add(r.json()["OrderStatus"])
                        continue
                    batch = [(rnd.choice(numbers), rnd.choice(TARGETS)) for _ in range(rnd.randint(1, 50))]
                    start = time.perf_counter()
                    r = http.put(
                        PUT, json=[{"OrderNumber": n, "OrderStatus": s} for n, s in batch], headers=headers
                    )
                    end = time.perf_counter()
                    if r.status_code != 200:
                        failures.append(f"{r.status_code} {r.text[:200]}")
                        continue
                    results = r.json()
                    if [(x["OrderNumber"], x["OrderStatus"]) for x in results] != batch:
                        failures.append("results do not match the request items")
                    for (n, s), x in zip(batch, results, strict=True):
                        expected = not foreign and s != "PendingWaitingAllStock"
                        if x["Success"] is not expected:
                            failures.append(f"unexpected result {x}")
                        if x["Success"]:
                            with lock:
                                writes[n].append(Write(start, end, s))

        workers = [threading.Thread(target=client, args=(i,)) for i in range(threads)]
        for w in workers:
            w.start()
        for w in workers:
            w.join(120)
        assert not failures, failures[:5]

        with httpx.Client(base_url=m.base_url) as http:
            final = {
                n: http.get(f"/orders/{n}", headers={"Authorization": f"Bearer {tokens[0]}"}).json()[
                    "OrderStatus"
                ]
                for n in numbers
            }

    total = sum(len(w) for w in writes.values())
    assert total > 1000  # the test did real work
    for n in numbers:
        history = writes[n]
        if not history:
            assert final[n] == initial[n]
            continue
        # Linearizability: the final status is that of a write no other write started after.
        candidates = {w.status for w in history if not any(o.start > w.end for o in history)}
        assert final[n] in candidates, (n, final[n], candidates)
        # Every status a reader saw was committed by someone (or was the seed's).
        assert observed[n] <= {w.status for w in history} | {initial[n]}

    # What the responses acknowledged is in the file: reopen it in a new mock.
    with running_mock(db_path=db, seed=7) as again, httpx.Client(base_url=again.base_url) as http:
        headers = {"Authorization": f"Bearer {again.token(0)}"}
        assert {n: http.get(f"/orders/{n}", headers=headers).json()["OrderStatus"] for n in numbers} == final


def test_disjoint_concurrent_writers_lose_nothing() -> None:
    """Each client owns its own orders and writes them in sequence: every last write must stick."""
    with running_mock() as m:
        orders = [
            o["OrderNumber"]
            for o in m.fixtures["accounts"][0]["orders"]
            if o["OrderStatus"] != "AwaitingPayment"
        ]
        token = m.token(0)
        clients, per_client = 16, 10
        last: dict[int, str] = {}
        lock = threading.Lock()
        failures: list[str] = []

        def client(i: int) -> None:
            mine = orders[i * per_client : (i + 1) * per_client]
            rnd = random.Random(i)
            with httpx.Client(base_url=m.base_url, timeout=30) as http:
                for _ in range(20):
                    status = rnd.choice(TARGETS[:-1])
                    r = http.put(
                        PUT,
                        json=[{"OrderNumber": n, "OrderStatus": status} for n in mine],
                        headers={"Authorization": f"Bearer {token}"},
                    )
                    if r.status_code != 200 or not all(x["Success"] for x in r.json()):
                        failures.append(r.text[:200])
                        continue
                    with lock:
                        for n in mine:
                            last[n] = status

        workers = [threading.Thread(target=client, args=(i,)) for i in range(clients)]
        for w in workers:
            w.start()
        for w in workers:
            w.join(120)
        assert not failures, failures[:3]
        assert len(last) == clients * per_client
        with httpx.Client(base_url=m.base_url) as http:
            for n, status in last.items():
                r = http.get(f"/orders/{n}", headers={"Authorization": f"Bearer {token}"})
                assert r.json()["OrderStatus"] == status
