"""Which server a run checks: the one at a base URL, or the embedded mock started for the run.

Without a base URL the embedded mock is started (the one place this package imports
`storefeeder_mock`), and account 0's credentials and some of its orders, and an order of account 1
as the foreign order, are taken from its fixtures. The mode and bases default by target: full mode
and every basis on loopback; safe mode and the reliable bases off it, where full mode needs
`allow_writes`.
"""

from __future__ import annotations

import importlib
import ipaddress
import logging
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from .checks import RELIABLE, Basis
from .config import ConfigError, RunConfig
from .context import Mode
from .contract import Contract
from .tokens import Credentials, Tokens
from .wire import Wire


@dataclass(slots=True)
class Target:
    base_url: str
    credentials: Credentials | None
    token: str | None
    orders: list[int]
    foreign: int | None
    embedded: bool


def check_base_url(url: str) -> None:
    """A base URL the suite can use: http(s) with a host; ConfigError otherwise."""
    try:
        parts = urlsplit(url)
        host = parts.hostname
        _ = parts.port  # raises ValueError for a port that is not a number
    except ValueError as exc:
        raise ConfigError(f"--base-url {url!r} is not a valid URL: {exc}") from None
    if parts.scheme not in ("http", "https") or not host:
        raise ConfigError(f"--base-url {url!r}: expected http://host[:port] or https://host[:port]")


def is_loopback(url: str) -> bool:
    host = urlsplit(url).hostname or ""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def resolve_mode(config: RunConfig, target: Target) -> Mode:
    loopback = is_loopback(target.base_url)
    mode = config.mode or (Mode.FULL if loopback else Mode.SAFE)
    if mode is Mode.FULL and not loopback and not config.allow_writes:
        raise ConfigError(
            f"full mode makes real status changes; {target.base_url} is not loopback: add --allow-writes"
        )
    return mode


def resolve_bases(config: RunConfig, target: Target) -> frozenset[Basis]:
    """The bases this run checks: --basis, else every basis against the embedded mock and on loopback
    (a local server is a mock or a twin, whose assumptions are the project's), else seed and framework
    only: off loopback is the real service, whose action code the project only assumes."""
    if config.basis is not None:
        return config.basis
    if target.embedded or is_loopback(target.base_url):
        return frozenset(Basis)
    return RELIABLE


def choose_embedded_orders(fixtures: dict[str, Any], contract: Contract) -> tuple[list[int], int]:
    """Account 0's orders for the run (4 movable, one per refused status up to 2, one per status
    that cannot be left) and account 1's first order as the foreign one."""
    statuses = {s["OrderStatus"]: bool(s["UserCanOverrideToStatus"]) for s in fixtures["statuses"]}
    locked = {s for s, ok in contract.leavable.items() if not ok}
    chosen: list[int] = []
    movable = refused = 0
    seen: set[str] = set()
    for order in fixtures["accounts"][0]["orders"]:
        number, status = int(order["OrderNumber"]), str(order["OrderStatus"])
        if status in locked and status not in seen:
            chosen.append(number)
        elif statuses.get(status) and movable < 4 and status not in seen:
            chosen.append(number)
            movable += 1
        elif not statuses.get(status) and refused < 2 and status not in seen and status not in locked:
            chosen.append(number)
            refused += 1
        else:
            continue
        seen.add(status)
    foreign = int(fixtures["accounts"][1]["orders"][0]["OrderNumber"])
    return chosen, foreign


@contextmanager
def target_of(config: RunConfig, contract: Contract) -> Iterator[Target]:
    if config.base_url is not None:
        yield Target(config.base_url, config.credentials, config.token, config.orders, config.foreign, False)
        return
    # The one import of the mock in this package, through its public API only.
    storefeeder_mock = importlib.import_module("storefeeder_mock")

    options = config.embedded
    seed = config.seed if options.seed is None else options.seed
    try:
        storefeeder_mock.mutants.parse(options.mutant)
    except ValueError as exc:
        raise ConfigError(f"--mock-mutant: {exc}") from None
    with (
        tempfile.TemporaryDirectory(prefix="storefeeder-conformance-") as tmp,
        storefeeder_mock.running_mock(
            seed=seed,
            db_path=str(Path(tmp) / "mock.sqlite3"),
            mutant=options.mutant,
            token_lifetime=options.token_lifetime,
        ) as mock,
    ):
        # The mock's server logs malformed requests (Schemathesis sends some on purpose) as warnings.
        logging.getLogger("uvicorn.error").setLevel(logging.ERROR)
        account = mock.fixtures["accounts"][0]
        orders, foreign = choose_embedded_orders(mock.fixtures, contract)
        credentials = Credentials(account["username"], account["password"], account["client_id"])
        yield Target(mock.base_url, credentials, None, orders or config.orders, foreign, True)


def tokens_for(target: Target, wire: Wire, contract: Contract) -> Tokens:
    if target.credentials is None and target.token is None:
        raise ConfigError(
            "no credentials: give --username/--password/--client-id or --token "
            "(or the STOREFEEDER_* variables)"
        )
    return Tokens(wire, contract, credentials=target.credentials, token=target.token)
