"""Per-item semantics of the override action, the status catalogue, GET order.

Binding and validation (binding.py) come first; this is StoreFeeder's own action code, which
nobody outside knows: every rule here is an assumption recorded in docs/fidelity.md, with the
texts from the contract (openapi.yaml) through `spec.Contract`. Each item gets one result, in
request order, all inside one store transaction.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import NamedTuple

from .json_binding import Item, Status
from .mutants import Mutant
from .spec import Contract
from .store import Store


class Result(NamedTuple):
    """One item's result; its fields are the contract's RESULT_FIELDS, in the same order."""

    order_number: int
    order_status: Status
    success: bool
    error: str | None  # None when the result has no Error


RESULT_FIELDS = ("OrderNumber", "OrderStatus", "Success", "Error")

FOREIGN_ORACLE_TEXT = "You do not have permission to access this order."  # mutant only
EMPTY_BODY = "A non-empty request body is required."
TOO_MANY = "You can only update up to {} orders at once."
"""The Help page's sentence; answered as the 400's Message (the status is an assumption)."""

_MAX_DIGITS = 12


class Rules:
    def __init__(self, contract: Contract, store: Store, mutant: Mutant | None) -> None:
        self.contract = contract
        self.store = store
        self.mutant = mutant
        statuses = contract.status_map()
        self.known = frozenset(statuses)
        self.overridable = frozenset(n for n, s in statuses.items() if s.overridable)
        self.locked = frozenset(n for n, s in statuses.items() if not s.leavable)
        self.max_number = contract.order_number_max
        self.text_pattern = re.compile(contract.order_number_pattern, re.ASCII)
        self.too_many_message = TOO_MANY.format(contract.batch_limit)

    # ------------------------------------------------------------------ semantics

    def override(self, account: int, items: Sequence[Item]) -> list[Result]:
        """Apply the items in order, commit them in one transaction; one result per item.

        Runs without any await on the event-loop thread: no other request can interleave.
        """
        mutant = self.mutant
        not_found = self.contract.not_found_text
        refused = self.contract.not_overridable_text
        numbers = list(dict.fromkeys(n for n, _ in items))
        results: list[Result] = []
        found = self.store.lookup(numbers)
        original = {n: s for n, (a, s) in found.items() if a == account}
        state = dict(original)
        for number, target in items:
            current = state.get(number)
            success = False
            error: str | None = None
            if current is None:
                error = not_found
                if mutant is Mutant.FOREIGN_ORDER_ORACLE and number in found:
                    error = FOREIGN_ORACLE_TEXT
            elif target not in self.overridable and (
                mutant is not Mutant.NOT_OVERRIDABLE_IGNORED or target not in self.known
            ):  # an undefined status value (0 when absent) is never a target
                error = refused
                success = mutant is Mutant.SUCCESS_WITH_ERROR
            elif (current in self.locked and mutant is not Mutant.LOCKED_STATUS_MOVABLE) or (
                current == target and mutant is Mutant.SAME_STATUS_FAILS
            ):
                error = refused  # locked source status, or (mutant) same status
            else:
                success = True
                state[number] = target
            if error is not None and mutant is Mutant.ERROR_MISSING_ON_FAILURE:
                error = None
            results.append(Result(number, target, success, error))
        changes = [(n, s) for n, s in state.items() if s != original[n]]
        if mutant is not Mutant.LOST_WRITE:
            # Committed before any result leaves: what the response reports is what is stored.
            self.store.commit(changes)
        if mutant is Mutant.RESULTS_REVERSED:
            results.reverse()
        elif mutant is Mutant.DUPLICATES_DROPPED:
            kept: dict[int, Result] = {}
            for result in results:
                kept.setdefault(result.order_number, result)
            results = list(kept.values())
        return results

    def order(self, account: int, number: int) -> tuple[str, str] | None:
        """(status, guid) of the caller's order; None when missing or another account's."""
        row = self.store.order(number)
        if row is None:
            return None
        owner, status, guid = row
        if owner != account and self.mutant is not Mutant.GET_FOREIGN_ORDER:
            return None
        return status, guid

    def path_number(self, text: str) -> int | None:
        """An order number from the URL path (pattern and int32 range), else None."""
        if len(text) > _MAX_DIGITS or not self.text_pattern.fullmatch(text):
            return None
        number = int(text)
        return number if number <= self.max_number else None
