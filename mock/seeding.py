"""Deterministic seed data: accounts, their API users and their orders.

Everything derives from one integer seed through `random.Random(seed)`, so the same seed gives the
same accounts, passwords, order numbers, GUIDs and statuses on every machine. Order numbers are
spread over 1..FREE_FROM-1 and interleaved between accounts; numbers from FREE_FROM up to the
int32 maximum never exist in any account (a guaranteed-free range for "missing order" tests).
"""

from __future__ import annotations

import random
import uuid
from dataclasses import dataclass
from typing import Any

from .spec import Contract, load_contract

ACCOUNTS = 3
ORDERS_PER_ACCOUNT = 3000
FREE_FROM = 1_000_000_000
"""Order numbers >= FREE_FROM (and <= 2147483647) exist in no account, for every seed."""


@dataclass(frozen=True, slots=True)
class Account:
    index: int
    username: str
    password: str
    client_id: str


@dataclass(frozen=True, slots=True)
class Order:
    number: int
    account: int
    status: str
    guid: str


@dataclass(frozen=True, slots=True)
class SeedData:
    seed: int
    accounts: tuple[Account, ...]
    orders: tuple[Order, ...]  # sorted by number


def generate(seed: int, contract: Contract) -> SeedData:
    rng = random.Random(seed)
    accounts = tuple(
        Account(
            index=i,
            username=f"api-user-{i + 1}@seed-{seed}.storefeeder-mock.test",
            password=f"pw-{rng.getrandbits(64):016x}",
            client_id=str(uuid.UUID(int=rng.getrandbits(128), version=4)),
        )
        for i in range(ACCOUNTS)
    )
    names = [s.name for s in contract.statuses]
    # Weights: overridable statuses and the common lifecycle ones are the bulk; every status
    # still appears in every account (the first len(names) orders of each account cycle through them).
    weights = [6 if s.overridable else 2 for s in contract.statuses]
    total = ACCOUNTS * ORDERS_PER_ACCOUNT
    numbers = rng.sample(range(1, FREE_FROM), total)
    orders: list[Order] = []
    for k, number in enumerate(numbers):
        account = k % ACCOUNTS
        nth = k // ACCOUNTS
        status = names[nth] if nth < len(names) else rng.choices(names, weights)[0]
        guid = str(uuid.UUID(int=rng.getrandbits(128), version=4))
        orders.append(Order(number=number, account=account, status=status, guid=guid))
    orders.sort(key=lambda o: o.number)
    return SeedData(seed=seed, accounts=accounts, orders=tuple(orders))


def fixtures(seed: int = 0) -> dict[str, Any]:
    """The seeded accounts, their orders (as seeded, before any change) and the status catalogue.

    Same as `storefeeder-mock fixtures --json`.
    """
    contract = load_contract()
    data = generate(seed, contract)
    return fixtures_of(data, contract)


def fixtures_of(data: SeedData, contract: Contract) -> dict[str, Any]:
    per_account: list[list[dict[str, Any]]] = [[] for _ in data.accounts]
    for order in data.orders:
        per_account[order.account].append({"OrderNumber": order.number, "OrderStatus": order.status})
    return {
        "seed": data.seed,
        "accounts": [
            {
                "username": a.username,
                "password": a.password,
                "client_id": a.client_id,
                "orders": per_account[a.index],
            }
            for a in data.accounts
        ],
        "statuses": [
            {
                "OrderStatusID": s.id,
                "OrderStatus": s.name,
                "Description": s.display,
                "UserCanOverrideToStatus": s.overridable,
            }
            for s in contract.statuses
        ],
        "free_order_numbers": {"min": FREE_FROM, "max": contract.order_number_max},
    }
