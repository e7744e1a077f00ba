"""What a check gets: the contract, the wire, the run's orders and helpers to judge answers.

`fixtures.prepare` fills a `Context` once (status catalogue from the server, original status of
every `--order`, order numbers verified absent) and the runner hands it to every check. Helpers
raise `CheckFailed` (with the exchange that shows it) or `CheckSkipped` (with the reason); a check
never prints.
"""

from __future__ import annotations

import enum
import random
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from . import bodies, framework
from .bodies import Item, Result
from .contract import Contract
from .journal import Journal
from .tokens import Issued, Tokens
from .wire import Bearer, Exchange, Wire


class Mode(enum.StrEnum):
    SAFE = "safe"
    FULL = "full"


class CheckFailed(Exception):
    """The server broke the rule; `exchange` is the request/answer that shows it."""

    def __init__(self, message: str, exchange: Exchange | None = None, *, curl: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.exchange = exchange
        self.curl = curl if curl is not None else (exchange.curl() if exchange is not None else None)


class CheckErrored(Exception):
    """The check could not get its answers (faults, limits): the contract was not shown broken."""


class CheckSkipped(Exception):
    """The check cannot run with what this run has (the reason says what is missing)."""


@dataclass(slots=True)
class Stats:
    schemathesis_requests: int = 0  # the suite's own requests are counted by the wire


@dataclass(slots=True)
class Context:
    contract: Contract
    wire: Wire
    tokens: Tokens
    mode: Mode
    seed: int
    max_examples: int
    catalogue: Mapping[str, bool]  # status name -> UserCanOverrideToStatus, as the server lists them
    own: Mapping[int, str]  # --order -> status when the run started
    foreign: int | None
    absent: Sequence[int]  # verified: GET answers 404
    early_token: Issued | None = None  # obtained at start, for the expired-token check
    max_token_wait: float = 15.0
    relayed: bool = True  # Schemathesis through the bounding relay (not for the embedded mock)
    journal: Journal | None = None  # full mode: the restore journal the after-run check marks
    rng: random.Random = field(default_factory=random.Random)
    stats: Stats = field(default_factory=Stats)
    cache: dict[str, Any] = field(default_factory=dict)  # results shared between checks

    # ------------------------------------------------------------------ mode and fixtures

    @property
    def full(self) -> bool:
        return self.mode is Mode.FULL

    def require_full(self, why: str) -> None:
        if not self.full:
            raise CheckSkipped(f"needs full mode: {why}")

    def writes_observable(self) -> bool:
        """Whether an item a faulty server wrongly applies would show through GET: only in full mode
        with an own order that can be moved (safe mode sends own orders their current status)."""
        return self.full and bool(self.movable())

    def unobservable_because(self) -> str:
        if not self.full:
            return "safe mode sends own orders their current status; needs full mode"
        return "no --order is in a status a user may override to"

    def require_foreign(self) -> int:
        if self.foreign is None:
            raise CheckSkipped("needs --foreign-order (an order of another account)")
        return self.foreign

    @property
    def overridable(self) -> list[str]:
        return [name for name, ok in self.catalogue.items() if ok]

    @property
    def not_overridable(self) -> list[str]:
        return [name for name, ok in self.catalogue.items() if not ok]

    def movable(self) -> list[int]:
        """Own orders whose original status is a permitted target (so they can be moved back)."""
        leavable = self.contract.leavable
        return [n for n, s in self.own.items() if self.catalogue.get(s) and leavable.get(s, True)]

    def require_movable(self, count: int = 1) -> list[int]:
        orders = self.movable()
        if len(orders) < count:
            raise CheckSkipped(
                f"needs {count} --order(s) in a status that can be overridden to; this run has {len(orders)}"
            )
        return orders[:count]

    def other_target(self, current: str) -> str:
        """A permitted target different from `current` (deterministic for the run's seed)."""
        choices = [s for s in self.overridable if s != current]
        if not choices:
            raise CheckSkipped("the status catalogue has no second status that can be overridden to")
        return self.rng.choice(choices)

    def probe_item(self) -> Item:
        """An item of an own order that a faithful server would apply: a real transition in full
        mode, the order's own status in safe mode. Placed in batches that must be rejected whole."""
        orders = self.movable()
        if not orders:
            return (self.absent[0], self.overridable[0])
        number = orders[0]
        return (number, self.other_target(self.own[number]) if self.full else self.own[number])

    # ------------------------------------------------------------------ wire

    def bearer(self) -> Bearer:
        return self.tokens.bearer()

    def send(self, method: str, path: str, **kwargs: Any) -> Exchange:
        return self.wire.send(method, path, **kwargs)

    def put(
        self,
        body: bytes,
        content_type: str | None,
        *,
        accept: str | None = None,
        bearer: Bearer | bool | None = True,
    ) -> Exchange:
        """PUT an override body as given; `bearer=True` uses the run's token, None sends none."""
        token = self.bearer() if bearer is True else (bearer or None)
        return self.send(
            "PUT",
            self.contract.override_path,
            body=body,
            content_type=content_type,
            accept=accept,
            bearer=token,
        )

    def put_items(
        self, items: Sequence[Item], media: str | None = None, *, accept: str | None = None
    ) -> Exchange:
        media = media or self.contract.json_types[0]
        return self.put(bodies.override_body(self.contract, media, items), media, accept=accept or media)

    def get_order(
        self, number: int | str, *, accept: str | None = None, bearer: Bearer | bool | None = True
    ) -> Exchange:
        token = self.bearer() if bearer is True else (bearer or None)
        return self.send(
            "GET",
            self.contract.order_path(number),
            accept=accept or self.contract.json_types[0],
            bearer=token,
        )

    def status_of(self, number: int) -> str:
        exchange = self.get_order(number)
        if exchange.status != 200:
            raise CheckFailed(f"GET of own order {number} answered {exchange.status}", exchange)
        try:
            return bodies.order_status(self.contract, exchange)
        except bodies.BodyError as exc:
            raise CheckFailed(f"GET of own order {number}: {exc}", exchange) from None

    def snapshot(self, numbers: Iterable[int]) -> dict[int, str]:
        return {n: self.status_of(n) for n in dict.fromkeys(numbers)}

    def expect_unchanged(self, before: Mapping[int, str], cause: Exchange, what: str) -> None:
        """Every order in `before` still has that status (GET), else fail showing `cause`."""
        for number, status in before.items():
            now = self.status_of(number)
            if now != status:
                raise CheckFailed(f"{what}, yet order {number} went from {status} to {now}", cause)

    # ------------------------------------------------------------------ judging answers

    def results(self, exchange: Exchange, what: str) -> list[Result]:
        """The per-item results of a 200 answer; fail on any other status or an unreadable body."""
        if exchange.status != 200:
            raise CheckFailed(f"{what}: expected 200, got {exchange.status}: {exchange.text()}", exchange)
        try:
            return bodies.results(self.contract, exchange)
        except bodies.BodyError as exc:
            raise CheckFailed(f"{what}: {exc}", exchange) from None

    def expect_status(self, exchange: Exchange, expected: int, what: str) -> None:
        if exchange.status != expected:
            raise CheckFailed(
                f"{what}: expected {expected}, got {exchange.status}: {exchange.text()}", exchange
            )

    def expect_rejected(
        self,
        exchange: Exchange,
        before: Mapping[int, str],
        what: str,
        *,
        model_state: Mapping[str, Sequence[str]] | None = None,
        keys: Sequence[str] = (),
    ) -> None:
        """A whole-request rejection: the contract's 400, and no order changed. With `model_state`
        the answer must be ASP.NET's HttpError with exactly that ModelState (keys written with the
        `model` prefix, whatever the action parameter is called); with `keys`, it must have those."""
        self.expect_status(exchange, self.contract.status_invalid, what)
        if model_state is not None or keys:
            self.expect_model_state(exchange, what, model_state, keys)
        self.expect_unchanged(before, exchange, f"{what} was rejected")

    def expect_model_state(
        self,
        exchange: Exchange,
        what: str,
        model_state: Mapping[str, Sequence[str]] | None = None,
        keys: Sequence[str] = (),
    ) -> None:
        """The 400 is `{"Message": "The request is invalid.", "ModelState": ...}` (HttpError.cs) with
        exactly `model_state` and at least `keys` (normalised by framework.normalise_keys)."""
        try:
            error = bodies.http_error(self.contract, exchange)
        except bodies.BodyError as exc:
            raise CheckFailed(f"{what}: {exc}", exchange) from None
        if error.message != framework.INVALID_MESSAGE:
            raise CheckFailed(
                f"{what}: HttpError Message {error.message!r}, expected {framework.INVALID_MESSAGE!r}",
                exchange,
            )
        if error.model_state is None:
            raise CheckFailed(f"{what}: the 400 has no ModelState: {exchange.text()}", exchange)
        state, prefixes = framework.normalise_keys(error.model_state)
        if len(prefixes) > 1:
            raise CheckFailed(f"{what}: ModelState keys with different prefixes {sorted(prefixes)}", exchange)
        if model_state is not None:
            same = set(state) == set(model_state) and all(
                error.reasons_equal(state[k], model_state[k]) for k in model_state
            )
            if not same:
                want = {k: list(v) for k, v in model_state.items()}
                raise CheckFailed(f"{what}: ModelState {error.model_state}, expected {want}", exchange)
        missing = [k for k in keys if k not in state]
        if missing:
            raise CheckFailed(f"{what}: ModelState {error.model_state} lacks {missing}", exchange)
