"""What a run reads from its server before the checks, into the `Context` every check gets: a
token, the status catalogue, each `--order`'s original status, and order numbers GET answers 404 for.

A server that cannot be reached or read here is a ConfigError (exit code 2), one line, no traceback.
"""

from __future__ import annotations

import random

from . import bodies
from .config import ConfigError, RunConfig
from .context import Context
from .contract import Contract
from .target import Target, resolve_mode
from .tokens import AuthFailed, Tokens
from .wire import DeadlinePassed, Unreachable, Wire

ABSENT_COUNT = 8


def absent_numbers(wire: Wire, contract: Contract, tokens: Tokens, seed: int) -> list[int]:
    """Order numbers that GET answers 404 for, drawn high in the int32 range."""
    rng = random.Random(f"absent:{seed}")
    found: list[int] = []
    for _ in range(ABSENT_COUNT * 4):
        number = rng.randint(contract.number_max - 10**8, contract.number_max - 1)
        exchange = wire.send("GET", contract.order_path(number), bearer=tokens.bearer())
        if exchange.status == contract.status_not_found:
            found.append(number)
        if len(found) == ABSENT_COUNT:
            return found
    raise ConfigError("could not find order numbers that GET /orders/{n} answers 404 for")


def prepare(config: RunConfig, contract: Contract, target: Target, wire: Wire, tokens: Tokens) -> Context:
    """Authenticate, read the status catalogue, the orders' statuses and absent numbers."""
    try:
        return _prepare(config, contract, target, wire, tokens)
    except Unreachable as exc:
        raise ConfigError(f"the server is unreachable: {exc}") from None
    except DeadlinePassed:
        raise ConfigError("the run's --deadline passed during setup") from None


def _catalogue(contract: Contract, wire: Wire, tokens: Tokens) -> dict[str, bool]:
    """Status name -> UserCanOverrideToStatus, from GET /order-status with the run's token."""
    try:
        bearer = tokens.bearer()
        answer = wire.send("GET", contract.catalogue_path, accept=contract.json_types[0], bearer=bearer)
    except AuthFailed as exc:
        raise ConfigError(f"authentication failed: {exc}") from None
    if answer.status == contract.status_unauthorized:
        raise ConfigError("authentication failed: GET /order-status answered 401 with the run's token")
    if answer.status != 200:
        failed = " (the server failed)" if answer.status >= 500 else ""
        raise ConfigError(f"GET /order-status answered {answer.status}{failed}: {answer.text()}")
    try:
        catalogue = {e.name: e.overridable for e in bodies.catalogue(contract, answer)}
    except bodies.BodyError as exc:
        raise ConfigError(f"cannot read the status catalogue: {exc}") from None
    if not any(catalogue.values()):
        raise ConfigError("the status catalogue has no status a user can override to")
    return catalogue


def _original_statuses(contract: Contract, target: Target, wire: Wire, tokens: Tokens) -> dict[int, str]:
    """Each --order's status by GET, before the run changes anything."""
    own: dict[int, str] = {}
    for number in dict.fromkeys(target.orders):
        answer = wire.send(
            "GET", contract.order_path(number), accept=contract.json_types[0], bearer=tokens.bearer()
        )
        if answer.status != 200:
            raise ConfigError(
                f"--order {number}: GET /orders/{number} answered {answer.status}; "
                "not an order of this account?"
            )
        try:
            own[number] = bodies.order_status(contract, answer)
        except bodies.BodyError as exc:
            raise ConfigError(f"--order {number}: {exc}") from None
    return own


def _prepare(config: RunConfig, contract: Contract, target: Target, wire: Wire, tokens: Tokens) -> Context:
    mode = resolve_mode(config, target)
    try:
        early = tokens.login() if tokens.can_login else None
    except AuthFailed as exc:
        raise ConfigError(f"authentication failed: {exc}") from None
    catalogue = _catalogue(contract, wire, tokens)
    own = _original_statuses(contract, target, wire, tokens)
    if target.foreign is not None and target.foreign in own:
        raise ConfigError(f"--foreign-order {target.foreign} is one of the --order numbers")
    absent = absent_numbers(wire, contract, tokens, config.seed)
    return Context(
        contract=contract,
        wire=wire,
        tokens=tokens,
        mode=mode,
        seed=config.seed,
        max_examples=config.max_examples,
        catalogue=catalogue,
        own=own,
        foreign=target.foreign,
        absent=absent,
        early_token=early,
        max_token_wait=config.max_token_wait,
    )
