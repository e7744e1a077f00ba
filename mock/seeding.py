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

from .spec import Contract, load_contract, with_extra_status

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
    extra_status: str | None = None  # a status the spec does not list (spec.with_extra_status)

    @property
    def key(self) -> str:
        """What a database file records of the data it was seeded with."""
        return str(self.seed) if self.extra_status is None else f"{self.seed}+{self.extra_status}"


def generate(seed: int, contract: Contract, extra_status: str | None = None) -> SeedData:
    """The seeded data. `contract` must already hold `extra_status` (spec.with_extra_status): as
    the last status it is the 20th order of each account, and some others by chance."""
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
    return SeedData(seed=seed, accounts=accounts, orders=tuple(orders), extra_status=extra_status)


def fixtures(seed: int = 0, extra_status: str | None = None) -> dict[str, Any]:
    """The seeded accounts, their orders (as seeded, before any change) and the status catalogue.

    Same as `storefeeder-mock fixtures --json [--extra-status NAME]`.
    """
    contract = with_extra_status(load_contract(), extra_status)
    data = generate(seed, contract, extra_status)
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
