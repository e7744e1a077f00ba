"""Model binding and validation of the override request, as ASP.NET Web API 2 does it.

The action takes `List<OverrideOrderStatusModel>` where OrderNumber is an `int` with
`[RegularExpression(@"^[1-9]\\d*$")]` and OrderStatus a `Statuses` enum with no attribute (the Help
page's model). What binds and which ModelState keys and texts a failure produces are the
framework's, checked against it in tests/differential (shared/tools/aspnet-twin), in the remote
view: every deserialisation error reads "An error has occurred.".

- JSON (Json.NET 6): numbers and number strings bind by Int32 rules; statuses by Enum.Parse
  (case-insensitive, trimmed, numbers, "A, B" flags); null or missing values leave the default
  (0), which the regular expression then refuses for OrderNumber; an OrderStatus left at 0 or set
  to an undefined number binds and reaches the action. A number token that is not an Int32 (1.5,
  1e2, 2147483648) breaks Json.NET's reader mid-item: the item is dropped and the next token is
  reported too, which `_reader_error` reproduces.
- XML (XmlSerializer): any failure anywhere is one key, `model`. Number text follows XmlConvert
  (blanks, sign, leading zeros); status names are exact; the first of duplicated elements wins;
  other elements are skipped.
- Then validation: the pattern runs on the bound int of each non-null item, keyed by its index
  in the bound list (`model[3].OrderNumber`).

Where this reads no different from strict JSON, a fast path binds without building any tree.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from . import jsonnet
from .codec import XmlNode
from .mutants import Mutant
from .spec import Contract

INT32_MIN, INT32_MAX = -(2**31), 2**31 - 1
SERIALIZATION_ERROR = "An error has occurred."
"""What a remote caller sees for any deserialisation error (HttpError without error detail)."""

Status = str | int
"""A bound status: its name, or the number of a value the enum does not define (0 when absent)."""
Item = tuple[int, Status]
"""(OrderNumber, OrderStatus) of one bound request item."""
NULL_ITEM: Item = (0, 0)
"""What a null item (`[null]`, an empty array slot) reaches the action as: action code decides."""

_DOTNET_INT = re.compile(r"[\t\n\v\f\r ]*([+-]?[0-9]+)[\t\n\v\f\r ]*", re.ASCII)
_XML_INT = re.compile(r"[\t\n\r ]*([+-]?[0-9]+)[\t\n\r ]*", re.ASCII)


def _refuse_constant(name: str) -> Any:
    raise ValueError(name)  # NaN and Infinity take the slow path


def _parse_int(text: str) -> int:
    """Cut an integer longer than any Int32 short (it stays out of range) so that int() never
    meets Python's digit limit."""
    return int(text if len(text) <= 20 else text[:20])


_STRICT_JSON = json.JSONDecoder(parse_constant=_refuse_constant, parse_int=_parse_int)


class XmlUnreadable(Exception):
    """XmlSerializer cannot deserialise the document (one ModelState key, `model`)."""


@dataclass(slots=True)
class Binding:
    """The outcome of binding: the bound items and the ModelState errors, if any.

    `model` is None when the body bound to null (an empty body, `null`): the action decides."""

    items: list[Item] | None = field(default_factory=list)
    errors: dict[str, list[str]] = field(default_factory=dict)
    too_many: bool = False  # more items than the batch limit: nothing was examined

    def fail(self, key: str, reason: str = SERIALIZATION_ERROR) -> None:
        self.errors.setdefault(key, []).append(reason)


class _ReaderBroke(Exception):
    """Json.NET's reader failed inside an item (a number token that is no Int32)."""

    def __init__(self, pair_index: int) -> None:
        self.pair_index = pair_index


class Binder:
    def __init__(self, contract: Contract, mutant: Mutant | None) -> None:
        self.mutant = mutant
        shape = contract.override_request
        self.root, self.item = shape.root, shape.item
        self.number_field, self.status_field = shape.fields
        self.fields_by_lower = {name.lower(): name for name in shape.fields}
        self.limit = contract.batch_limit + (1 if mutant is Mutant.BATCH_LIMIT_51 else 0)
        self.by_name = {s.name: s.name for s in contract.statuses}
        self.by_lower = {s.name.lower(): s.name for s in contract.statuses}
        self.by_id = {s.id: s.name for s in contract.statuses}
        self.pattern_reason = (
            f"The field {self.number_field} must match the regular expression "
            f"'{contract.order_number_pattern}'."
        )

    # ------------------------------------------------------------------ JSON

    def bind_json(self, text: str) -> Binding:
        fast = self._fast_json(text)
        if fast is not None:
            return fast
        try:
            value = jsonnet.read(text)
        except (jsonnet.JsonSyntaxError, RecursionError):
            binding = Binding()
            binding.fail("model")  # Json.NET's recovery keys for unreadable JSON are not reproduced
            return binding
        return self._bind_tree(value)

    def _fast_json(self, text: str) -> Binding | None:
        """Strict JSON whose every item is `{OrderNumber: int, OrderStatus: known name}`."""
        try:
            value = _STRICT_JSON.decode(text.strip())
        except (ValueError, RecursionError):
            return None
        if type(value) is not list:
            return None
        if len(value) > self.limit:
            return Binding(too_many=True)
        nf, sf, names = self.number_field, self.status_field, self.by_name
        items: list[Item] = []
        for raw in value:
            if type(raw) is not dict or len(raw) != 2:
                return None
            number, status = raw.get(nf), raw.get(sf)
            if type(number) is not int or not 0 < number <= INT32_MAX or type(status) is not str:
                return None
            if status not in names:
                return None
            items.append((number, status))
        # A duplicated key collapses in a dict: only trust the fast path when none can hide.
        if text.count('"' + nf + '"') != len(items) or text.count('"' + sf + '"') != len(items):
            return None
        return Binding(items)

    def _bind_tree(self, value: Any) -> Binding:
        binding = Binding()
        if value is None:
            binding.items = None
            return binding
        if isinstance(value, jsonnet.Object):
            binding.fail("model" if not value.pairs else f"model.{value.pairs[0][0]}")
            return binding
        if not isinstance(value, list):
            binding.fail("model")
            return binding
        if len(value) > self.limit:
            return Binding(too_many=True)
        items: list[Item | None] = []
        position = 0
        while position < len(value):
            raw = value[position]
            if raw is None or raw is jsonnet.UNDEFINED:
                items.append(None)
            elif not isinstance(raw, jsonnet.Object):
                binding.fail(f"model[{position}]")
            else:
                try:
                    items.append(self._json_item(raw, position, binding))
                except _ReaderBroke as broke:
                    if self._reader_error(raw, broke.pair_index, position, len(value), binding):
                        position += 1  # the error handling swallowed the next item too
                    elif position + 1 >= len(value):
                        break
            position += 1
        self._validate(items, binding)
        binding.items = [NULL_ITEM if item is None else item for item in items]
        return binding

    @staticmethod
    def _reader_error(
        raw: jsonnet.Object, pair_index: int, position: int, count: int, binding: Binding
    ) -> bool:
        """Json.NET's recovery after its reader broke on a property value: the token after that
        value is read again at the list level and fails too. Returns True if that token was the
        start of the next item (which is then skipped)."""
        if pair_index + 1 < len(raw.pairs):
            binding.fail(f"model[{position}].{raw.pairs[pair_index + 1][0]}")
            return False
        if position + 1 < count:
            binding.fail(f"model[{position + 1}]")
            return True
        binding.fail("model")
        binding.fail("model")
        return False

    def _json_item(self, raw: jsonnet.Object, position: int, binding: Binding) -> Item:
        number: int = 0
        status: Status = 0
        for index, (name, value) in enumerate(raw.pairs):
            canonical = self.fields_by_lower.get(name.lower())
            key = f"model[{position}].{name}"
            if _has_bad_number(value):  # the reader itself fails, whatever the property
                binding.fail(key)
                raise _ReaderBroke(index)
            if canonical == self.number_field:
                found = self._json_number(value, key, index, binding)
                if found is not None:
                    number = found
            elif canonical == self.status_field and value is not None:  # NullValueHandling.Ignore
                bound = self._json_status(value)
                if bound is None:
                    binding.fail(key)
                else:
                    status = bound
        return number, status

    def _json_number(self, value: Any, key: str, index: int, binding: Binding) -> int | None:
        if value is None:
            return None
        if value is jsonnet.UNDEFINED:
            binding.fail(key)
            return None
        if isinstance(value, jsonnet.Number):
            if value.kind == "int" and value.value is not None and INT32_MIN <= value.value <= INT32_MAX:
                return value.value
            if value.kind == "constant":
                binding.fail(key)
                return None
            if value.kind == "int" and self.mutant is Mutant.OVERFLOW_500:
                raise OverflowError("Value was either too large or too small for an Int32.")
            binding.fail(key)
            raise _ReaderBroke(index)
        if isinstance(value, str) and self.mutant is not Mutant.JSON_NUMBER_STRING_REJECTED:
            if value == "":
                return None  # Json.NET reads an empty string as null
            found = _dotnet_int(value, _DOTNET_INT)
            if found is not None:
                return found
        binding.fail(key)
        return None

    def _json_status(self, value: Any) -> Status | None:
        if isinstance(value, jsonnet.Number):
            if value.kind != "int" or value.value is None or not -(2**63) <= value.value < 2**63:
                return None
            return self._status_of((value.value + 2**31) % 2**32 - 2**31)  # Int64 cast to Int32
        if isinstance(value, str):
            return self._parse_enum(value)
        return None

    def _parse_enum(self, text: str) -> Status | None:
        """Enum.Parse(typeof(Statuses), text, ignoreCase: true), as StringEnumConverter calls it."""
        if self.mutant is Mutant.STATUS_CASE_SENSITIVE:
            return self.by_name.get(text)
        text = text.strip()
        if not text:
            return None
        if text[0] in "+-0123456789":
            number = _dotnet_int(text, _DOTNET_INT)
            return None if number is None else self._status_of(number)
        total = 0
        for part in text.split(","):
            name = self.by_lower.get(part.strip().lower())
            if name is None:
                return None if self.mutant is not Mutant.UNKNOWN_STATUS_ACCEPTED else text
            total |= self._id_of(name)
        return self._status_of(total)

    def _id_of(self, name: str) -> int:
        return next(i for i, n in self.by_id.items() if n == name)

    def _status_of(self, number: int) -> Status:
        return self.by_id.get(number, number)

    # ------------------------------------------------------------------ XML

    def bind_xml(self, root: XmlNode) -> Binding:
        binding = Binding()
        if root.name == self.root and sum(1 for c in root.children if c.name == self.item) > self.limit:
            return Binding(too_many=True)
        try:
            items: list[Item | None] = list(self._xml_items(root))
        except XmlUnreadable:
            binding.fail("model")
            return binding
        self._validate(items, binding)
        binding.items = [NULL_ITEM if item is None else item for item in items]
        return binding

    def _xml_items(self, root: XmlNode) -> Sequence[Item]:
        if root.name != self.root:
            raise XmlUnreadable
        items: list[Item] = []
        for node in root.children:
            if node.name != self.item:
                continue
            number: int = 0
            status: Status = 0
            number_seen = status_seen = False  # XmlSerializer reads the first of duplicates
            for child in node.children:
                if child.name == self.number_field and not number_seen:
                    number_seen = True
                    number = _dotnet_xml_int(self._simple_text(child), self.mutant)
                elif child.name == self.status_field and not status_seen:
                    status_seen = True
                    status = self._xml_status(self._simple_text(child))
                else:
                    continue
                if child.children:  # the reader came out of the child element one level short:
                    items.append((number, status))  # the item, the list and the document end here
                    return items
            items.append((number, status))
        return items

    @staticmethod
    def _simple_text(node: XmlNode) -> str:
        """What ReadElementString reads: the element's text, or, when the content starts with an
        element, that element's text (XmlReader.ReadString steps into it); comments before or
        inside the text and anything else make it unreadable."""
        if node.mixed:
            raise XmlUnreadable
        if not node.children:
            return node.text
        first = node.children[0]
        if node.text.strip(" \t\r\n") or first.children or first.mixed:
            raise XmlUnreadable
        return first.text

    def _xml_status(self, text: str) -> Status:
        name = self.by_name.get(text)
        if name is None:
            if self.mutant is Mutant.UNKNOWN_STATUS_ACCEPTED:
                return text
            raise XmlUnreadable
        return name

    # ------------------------------------------------------------------ validation

    def _validate(self, items: Sequence[Item | None], binding: Binding) -> None:
        """[RegularExpression] on the bound int of every non-null item (so 0 and negatives fail)."""
        floor = -1 if self.mutant is Mutant.ORDER_NUMBER_ZERO else 0
        for index, item in enumerate(items):
            if item is not None and item[0] <= floor:
                binding.fail(f"model[{index}].{self.number_field}", self.pattern_reason)


def _dotnet_int(text: str, pattern: re.Pattern[str]) -> int | None:
    """Int32.Parse / XmlConvert.ToInt32: blanks around, one sign, ASCII digits, Int32 range."""
    match = pattern.fullmatch(text)
    if match is None:
        return None
    signed = match.group(1)
    sign = "-" if signed[0] == "-" else ""
    digits = signed.lstrip("+-").lstrip("0") or "0"  # any number of leading zeros
    number = int(sign + digits) if len(digits) <= 12 else INT32_MAX + 1
    return number if INT32_MIN <= number <= INT32_MAX else None


def _dotnet_xml_int(text: str, mutant: Mutant | None) -> int:
    """XmlConvert.ToInt32 of an element's text; XmlUnreadable when it cannot."""
    if mutant is Mutant.XML_NUMBER_STRICT and not re.fullmatch(r"-?[1-9][0-9]*|0", text):
        raise XmlUnreadable
    number = _dotnet_int(text, _XML_INT)
    if number is None:
        if mutant is Mutant.OVERFLOW_500 and _XML_INT.fullmatch(text):
            raise OverflowError("Value was either too large or too small for an Int32.")
        raise XmlUnreadable
    return number


def _has_bad_number(value: Any) -> bool:
    """A number token Json.NET's reader cannot parse (octal 08), anywhere in a value."""
    if isinstance(value, jsonnet.Number):
        return value.kind == "bad"
    if isinstance(value, list):
        return any(_has_bad_number(v) for v in value)
    if isinstance(value, jsonnet.Object):
        return any(_has_bad_number(v) for _, v in value.pairs)
    return False
