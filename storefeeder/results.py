"""A bulk override as a plan: the input checked and cut into batches, and every item's result.

Shared by `StoreFeeder` and `AsyncStoreFeeder`: the drivers take batches from `next_batch()` and
report each one's answer (`record`) or failure (`fail`); `finish()` returns one result per change,
in input order, or raises. After a failure no further batch is handed out.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum

from storefeeder_client.models import OverrideOrderStatusModel, OverrideOrderStatusResponse, Statuses

from .errors import ApiError, AuthenticationFailed, BatchFailed, InvalidRequest, StoreFeederError

BATCH_LIMIT = 50  # openapi.yaml: ArrayOfOverrideOrderStatusModel.maxItems (a test keeps them equal)
ORDER_NUMBER_MAX = 2**31 - 1  # openapi.yaml: OrderNumber is int32, minimum 1

Changes = Mapping[int, str] | Iterable[tuple[int, str]]


class Outcome(StrEnum):
    SUCCEEDED = "succeeded"  # the API applied it
    FAILED = "failed"  # the API answered for this item: not applied, `error` says why
    REJECTED = "rejected"  # the API refused its whole batch (a 4xx): not applied
    UNKNOWN = "unknown"  # sent, but no usable answer after retries: may or may not be applied
    NOT_SENT = "not_sent"  # never sent, because an earlier batch failed


@dataclass(slots=True)  # not frozen: frozen dataclasses cost 4x to build, and there are 10,000s
class OverrideResult:
    """What became of one change (treat as read-only). `success` is None when unknown."""

    order_number: int
    order_status: Statuses  # the status asked for
    outcome: Outcome
    batch: int  # 1-based number of the request it went in
    error: str | None = None

    @property
    def success(self) -> bool | None:
        if self.outcome is Outcome.UNKNOWN:
            return None
        return self.outcome is Outcome.SUCCEEDED


@dataclass(frozen=True, slots=True)
class Batch:
    number: int  # 1-based
    start: int  # index of its first item in the input
    items: list[OverrideOrderStatusModel]


@dataclass(frozen=True, slots=True)
class BatchReport:
    """One batch done: its results (in input order) and, if it failed, why."""

    batch: Batch
    results: list[OverrideResult]
    error: StoreFeederError | None = None


def checked_items(changes: Changes) -> list[OverrideOrderStatusModel]:
    """The changes as request items; InvalidRequest naming every bad order number otherwise."""
    pairs = list(changes.items()) if isinstance(changes, Mapping) else list(changes)
    problems = [
        f"item {index}: OrderNumber {number!r} is not an integer in 1..{ORDER_NUMBER_MAX}"
        for index, (number, _) in enumerate(pairs)
        if isinstance(number, bool) or not isinstance(number, int) or not 1 <= number <= ORDER_NUMBER_MAX
    ]
    if problems:
        raise InvalidRequest("nothing was sent: " + "; ".join(problems))
    statuses = {status: Statuses(status) for status in {status for _, status in pairs}}
    return [OverrideOrderStatusModel(order_number=n, order_status=statuses[s]) for n, s in pairs]


def failure_outcome(error: StoreFeederError) -> Outcome:
    """A failed batch's items: REJECTED when the API surely did not apply them, else UNKNOWN."""
    if isinstance(error, AuthenticationFailed):
        return Outcome.REJECTED  # refused with 401, or never sent because the login failed
    if isinstance(error, ApiError) and 400 <= error.status_code < 500 and error.status_code != 429:
        return Outcome.REJECTED  # a bad batch is refused whole (docs/fidelity.md)
    return Outcome.UNKNOWN  # no answer, 5xx/429 after retries, or an unreadable answer


class OverridePlan:
    def __init__(self, changes: Changes) -> None:
        self.items = checked_items(changes)
        self.batches = [
            Batch(start // BATCH_LIMIT + 1, start, self.items[start : start + BATCH_LIMIT])
            for start in range(0, len(self.items), BATCH_LIMIT)
        ]
        self._results: list[OverrideResult | None] = [None] * len(self.items)
        self._pending = iter(self.batches)
        self.failure: tuple[Batch, StoreFeederError] | None = None

    def next_batch(self) -> Batch | None:
        """The next batch to send; None when all are handed out or one has failed."""
        return None if self.failure else next(self._pending, None)

    def record(self, batch: Batch, answers: list[OverrideOrderStatusResponse]) -> BatchReport:
        number, succeeded, failed = batch.number, Outcome.SUCCEEDED, Outcome.FAILED
        results = [
            OverrideResult(
                item.order_number,
                item.order_status,
                succeeded if answer.success else failed,
                number,
                answer.error or None,
            )
            for item, answer in zip(batch.items, answers, strict=True)
        ]
        self._results[batch.start : batch.start + len(results)] = results
        return BatchReport(batch, results)

    def fail(self, batch: Batch, error: StoreFeederError) -> BatchReport:
        outcome = failure_outcome(error)
        results = [
            OverrideResult(item.order_number, item.order_status, outcome, batch.number, str(error))
            for item in batch.items
        ]
        self._results[batch.start : batch.start + len(results)] = results
        if self.failure is None or batch.number < self.failure[0].number:
            self.failure = (batch, error)
        return BatchReport(batch, results, error)

    def finish(self) -> list[OverrideResult]:
        """Every change's result in input order; raises if a batch failed.

        The failure's own error is raised when the call surely changed nothing (every item
        rejected or never sent), else BatchFailed with every result."""
        results = [
            result or OverrideResult(item.order_number, item.order_status, Outcome.NOT_SENT, batch.number)
            for batch in self.batches
            for item, result in zip(
                batch.items, self._results[batch.start : batch.start + len(batch.items)], strict=True
            )
        ]
        if self.failure is None:
            return results
        batch, error = self.failure
        if all(result.outcome in (Outcome.REJECTED, Outcome.NOT_SENT) for result in results):
            raise error
        raise BatchFailed(error, results, batch.number, len(self.batches))
