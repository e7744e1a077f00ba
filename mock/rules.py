"""Model binding and validation, per-item semantics and the status catalogue.

Whole-request validation comes first, as ASP.NET model binding does: any invalid item makes the
request a 400 whose ModelState names the offending value, and the action (so every write) does
not run. Then each item gets one result, in request order, all inside one store transaction.

Source of every rule and text: the contract (openapi.yaml) through `spec.Contract`; texts that
the contract leaves to the framework (the ModelState reasons) follow ASP.NET's wording.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from .codec import XmlNode
from .mutants import Mutant
from .spec import Contract
from .store import Store

Item = tuple[int, str]
"""(OrderNumber, OrderStatus) of one valid request item."""

Result = tuple[int, str, bool, str | None]
"""(OrderNumber, OrderStatus, Success, Error) of one item, Error None when absent."""

FOREIGN_ORACLE_TEXT = "You do not have permission to access this order."  # mutant only
EMPTY_BODY = "A non-empty request body is required."

_JSON_INT_STRING = re.compile(r"-?[0-9]{1,12}", re.ASCII)
_MAX_DIGITS = 12


@dataclass(slots=True)
class Binding:
    """The outcome of model binding: the valid items, and ModelState errors if any."""

    items: list[Item] = field(default_factory=list)
    errors: dict[str, list[str]] = field(default_factory=dict)
    first_error_at: int | None = None  # index of the first invalid item (None: whole body)

    def fail(self, key: str, reason: str, index: int | None = None) -> None:
        self.errors.setdefault(key, []).append(reason)
        if index is not None and self.first_error_at is None:
            self.first_error_at = index


class Rules:
    def __init__(self, contract: Contract, store: Store, mutant: Mutant | None) -> None:
        self.contract = contract
        self.store = store
        self.mutant = mutant
        statuses = contract.status_map()
        self.known = frozenset(statuses)
        self.overridable = frozenset(n for n, s in statuses.items() if s.overridable)
        self.locked = frozenset(n for n, s in statuses.items() if not s.leavable)
        self.limit = contract.batch_limit + (1 if mutant is Mutant.BATCH_LIMIT_51 else 0)
        self.min_number = 0 if mutant is Mutant.ORDER_NUMBER_ZERO else contract.order_number_min
        self.max_number = contract.order_number_max
        self.text_pattern = re.compile(contract.order_number_pattern, re.ASCII)
        number_field, status_field = contract.override_request.fields
        self.number_field, self.status_field = number_field, status_field
        self.lower_fields = {number_field.lower(): number_field, status_field.lower(): status_field}
        self.range_reason = (
            f"The field {number_field} must be between {contract.order_number_min} and "
            f"{contract.order_number_max}."
        )
        self.pattern_reason = (
            f"The field {number_field} must match the regular expression '{contract.order_number_pattern}'."
        )
        self.limit_reason = (
            f"The field model must be a string or array type with a maximum length of "
            f"'{contract.batch_limit}'."
        )

    # ------------------------------------------------------------------ binding

    def bind_json(self, value: Any) -> Binding:
        binding = Binding()
        if value is None:
            binding.fail("model", EMPTY_BODY)
            return binding
        if not isinstance(value, list):
            binding.fail(
                "model", f"The request body must be a JSON array of {self.contract.override_request.item}."
            )
            return binding
        if len(value) > self.limit:
            binding.fail("model", self.limit_reason)
            return binding
        nf, sf = self.number_field, self.status_field
        low, high, known = self.min_number, self.max_number, self.known
        items = binding.items
        for i, raw in enumerate(value):
            # Fast path: a well-formed item with exactly the two properties.
            if type(raw) is dict and len(raw) == 2:
                number, status = raw.get(nf), raw.get(sf)
                if type(number) is int and low <= number <= high and type(status) is str and status in known:
                    if binding.first_error_at is None:
                        items.append((number, status))
                    continue
            self._bind_json_item(i, raw, binding)
        return binding

    def _bind_json_item(self, i: int, raw: Any, binding: Binding) -> None:
        if not isinstance(raw, dict):
            binding.fail(f"model[{i}]", f"The model[{i}] field must be a JSON object.", i)
            return
        found: dict[str, Any] = {}
        for key, val in raw.items():  # Json.NET matches names case-insensitively; the last one wins
            canonical = self.lower_fields.get(key.lower())
            if canonical is not None:
                found[canonical] = val
        number = self._json_number(found.get(self.number_field), i, binding)
        status = self._status(found.get(self.status_field), i, binding)
        if number is not None and status is not None and binding.first_error_at is None:
            binding.items.append((number, status))

    def _json_number(self, raw: Any, i: int, binding: Binding) -> int | None:
        key = f"model[{i}].{self.number_field}"
        if raw is None:
            binding.fail(key, f"The {self.number_field} field is required.", i)
            return None
        if (
            type(raw) is str
            and self.mutant is Mutant.JSON_STRING_ORDER_NUMBER
            and _JSON_INT_STRING.fullmatch(raw)
        ):
            raw = int(raw)
        if type(raw) is not int:  # bool, float (1.0 too), string, array, object
            binding.fail(key, f"The field {self.number_field} must be a JSON integer.", i)
            return None
        return self._in_range(raw, key, i, binding)

    def _in_range(self, number: int, key: str, i: int, binding: Binding) -> int | None:
        if number > self.max_number and self.mutant is Mutant.OVERFLOW_500:
            raise OverflowError("Value was either too large or too small for an Int32.")
        if not self.min_number <= number <= self.max_number:
            binding.fail(key, self.range_reason, i)
            return None
        return number

    def _status(self, raw: Any, i: int, binding: Binding) -> str | None:
        key = f"model[{i}].{self.status_field}"
        if raw is None:
            binding.fail(key, f"The {self.status_field} field is required.", i)
            return None
        if type(raw) is str and (raw in self.known or self.mutant is Mutant.UNKNOWN_STATUS_ACCEPTED):
            return raw
        binding.fail(key, f"The value is not a valid {self.status_field} name.", i)
        return None

    def bind_xml(self, root: XmlNode) -> Binding:
        binding = Binding()
        shape = self.contract.override_request
        if root.name != shape.root:
            binding.fail(
                "model", f"There is an error in XML document: the root element must be <{shape.root}>."
            )
            return binding
        nodes = [child for child in root.children if child.name == shape.item]
        if len(nodes) > self.limit:
            binding.fail("model", self.limit_reason)
            return binding
        for i, node in enumerate(nodes):
            fields = {child.name: child for child in node.children}  # the last one wins
            number = self._xml_number(fields.get(self.number_field), i, binding)
            status_node = fields.get(self.status_field)
            status = None
            if status_node is not None and status_node.children:
                binding.fail(
                    f"model[{i}].{self.status_field}",
                    f"The value is not a valid {self.status_field} name.",
                    i,
                )
            else:
                status = self._status(None if status_node is None else status_node.text, i, binding)
            if number is not None and status is not None and binding.first_error_at is None:
                binding.items.append((number, status))
        return binding

    def _xml_number(self, node: XmlNode | None, i: int, binding: Binding) -> int | None:
        key = f"model[{i}].{self.number_field}"
        if node is None:
            binding.fail(key, f"The {self.number_field} field is required.", i)
            return None
        text = node.text
        if self.mutant is Mutant.XML_LEADING_ZERO and not node.children and len(text) <= _MAX_DIGITS:
            try:
                return self._in_range(int(text), key, i, binding)
            except ValueError:
                pass
        if node.children or not self.text_pattern.fullmatch(text):
            binding.fail(key, self.pattern_reason, i)
            return None
        # Beyond int32 either way; the cap keeps int() away from huge digit strings.
        number = int(text) if len(text) <= _MAX_DIGITS else self.max_number + 1
        return self._in_range(number, key, i, binding)

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
            elif target not in self.overridable and mutant is not Mutant.NOT_OVERRIDABLE_IGNORED:
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
            results.append((number, target, success, error))
        changes = [(n, s) for n, s in state.items() if s != original[n]]
        if mutant is not Mutant.LOST_WRITE:
            # Committed before any result leaves: what the response reports is what is stored.
            self.store.commit(changes)
        if mutant is Mutant.RESULTS_REVERSED:
            results.reverse()
        elif mutant is Mutant.DUPLICATES_DROPPED:
            kept: dict[int, Result] = {}
            for result in results:
                kept.setdefault(result[0], result)
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
