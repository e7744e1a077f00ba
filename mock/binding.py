"""Model binding and validation of the override request, as ASP.NET Web API 2 does it.

The action takes `List<OverrideOrderStatusModel>` where OrderNumber is an `int` with
`[RegularExpression(@"^[1-9]\\d*$")]` and OrderStatus a `Statuses` enum with no attribute (the Help
page's model). What binds and which ModelState keys and texts a failure produces are the
framework's, checked against it in tests/differential (shared/tools/aspnet-twin), in the remote
view: every deserialisation error reads "An error has occurred.".

- JSON (Json.NET 6, `jsonreader.py` and `json_binding.py`): numbers and number strings bind by
  Int32 rules; statuses by Enum.Parse (case-insensitive, trimmed, numbers, "A, B" flags); null or
  missing values leave the default (0), which the regular expression then refuses for
  OrderNumber; an OrderStatus left at 0 or set to an undefined number binds and reaches the
  action. Broken text gets the errors Json.NET's recovery logs, under its reader's paths.
- XML (XmlSerializer): any failure anywhere is one key, `model`. Number text follows XmlConvert
  (blanks, sign, leading zeros); status names are exact; the first of duplicated elements wins;
  other elements are skipped.
- Then validation: the pattern runs on the bound int of each non-null item, keyed by its index
  in the bound list (`model[3].OrderNumber`).

Canonical JSON (what clients send) takes a fast path through the standard library's parser.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from .codec import XmlNode
from .json_binding import Item, Status, read_json
from .jsonreader import dotnet_int32
from .mutants import Mutant
from .spec import Contract

INT32_MAX = 2**31 - 1
SERIALIZATION_ERROR = "An error has occurred."
"""What a remote caller sees for any deserialisation error (HttpError without error detail)."""

NULL_ITEM: Item = (0, 0)
"""What a null item (`[null]`, an empty array slot) reaches the action as: action code decides."""

_XML_INT = re.compile(r"[\t\n\r ]*([+-]?[0-9]+)[\t\n\r ]*", re.ASCII)


def _refuse_constant(name: str) -> Any:
    raise ValueError(name)  # NaN and Infinity take the slow path


def _parse_int(text: str) -> int:
    """Cut an integer longer than any Int32 short (it stays out of range) so that int() never
    meets Python's digit limit."""
    return int(text if len(text) <= 20 else text[:20])


_JSON_BIG_NUMBER = re.compile(r'(?i)"OrderNumber"\s*:\s*([0-9]{10,})')  # the overflow-500 mutant only
_STRICT_JSON = json.JSONDecoder(parse_constant=_refuse_constant, parse_int=_parse_int)


class XmlUnreadable(Exception):
    """XmlSerializer cannot deserialise the document (one ModelState key, `model`)."""

    def __init__(self, field_key: str | None = None) -> None:
        super().__init__(field_key)
        self.field_key = field_key  # where it failed: only the xml-errors-per-field mutant says so


@dataclass(slots=True)
class Binding:
    """The outcome of binding: the bound items and the ModelState errors, if any.

    `model` is None when the body bound to null (an empty body, `null`): the action decides."""

    items: list[Item] | None = field(default_factory=list)
    errors: dict[str, list[str]] = field(default_factory=dict)
    too_many: bool = False  # more items than the batch limit: nothing was examined

    def fail(self, key: str, reason: str = SERIALIZATION_ERROR) -> None:
        self.errors.setdefault(key, []).append(reason)


class Binder:
    def __init__(self, contract: Contract, mutant: Mutant | None) -> None:
        self.mutant = mutant
        shape = contract.override_request
        self.root, self.item = shape.root, shape.item
        self.number_field, self.status_field = shape.fields
        self.limit = contract.batch_limit + (1 if mutant is Mutant.BATCH_LIMIT_51 else 0)
        self.by_name = {s.name: s.name for s in contract.statuses}
        self.by_lower = {s.name.lower(): s.name for s in contract.statuses}
        self.by_id = {s.id: s.name for s in contract.statuses}
        self.pattern_reason = (
            f"The field {self.number_field} must match the regular expression "
            f"'{contract.order_number_pattern}'."
        )
        if mutant is Mutant.PATTERN_TEXT_RANGE:
            self.pattern_reason = (
                f"The field {self.number_field} must be between {contract.order_number_min} and "
                f"{contract.order_number_max}."
            )

    # ------------------------------------------------------------------ JSON

    def bind_json(self, text: str) -> Binding:
        if self.mutant is Mutant.JSON_OBJECT_AS_BATCH and text.lstrip().startswith("{"):
            text = f"[{text}]"
        fast = self._fast_json(text)
        if fast is not None:
            return fast
        if self.mutant is Mutant.OVERFLOW_500 and any(
            int(m.group(1)[:20]) > INT32_MAX for m in _JSON_BIG_NUMBER.finditer(text)
        ):
            raise OverflowError("Value was either too large or too small for an Int32.")
        items, keys, too_many = read_json(
            text,
            (self.number_field, self.status_field),
            self._parse_enum,
            self._status_of,
            self.limit,
            number_strings=self.mutant is not Mutant.JSON_NUMBER_STRING_REJECTED,
        )
        if too_many:
            return Binding(too_many=True)
        if self.mutant is Mutant.MALFORMED_JSON_500 and keys and not _well_formed_json(text):
            raise ValueError("Unexpected end when deserializing array.")  # unhandled: a 500
        binding = Binding()
        for key in keys:
            binding.fail(key)
        if items is None:
            binding.items = None
            return binding
        self._validate(items, binding)
        binding.items = [NULL_ITEM if item is None else item for item in items]
        return binding

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

    def _parse_enum(self, text: str) -> Status | None:
        """Enum.Parse(typeof(Statuses), text, ignoreCase: true), as StringEnumConverter calls it."""
        if self.mutant is Mutant.STATUS_CASE_SENSITIVE:
            return self.by_name.get(text)
        text = text.strip()
        if not text:
            return None
        if text[0] in "+-0123456789":
            number = dotnet_int32(text)
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
        except XmlUnreadable as exc:
            per_field = self.mutant is Mutant.XML_ERRORS_PER_FIELD and exc.field_key is not None
            binding.fail(exc.field_key if per_field and exc.field_key else "model")
            return binding
        self._validate(items, binding)
        binding.items = [NULL_ITEM if item is None else item for item in items]
        return binding

    def _xml_items(self, root: XmlNode) -> Sequence[Item]:
        if root.name != self.root and self.mutant is not Mutant.XML_ANY_ROOT:
            raise XmlUnreadable
        items: list[Item] = []
        for node in root.children:
            if node.name != self.item:
                continue
            number: int = 0
            status: Status = 0
            number_seen = status_seen = False  # XmlSerializer reads the first of duplicates
            for child in node.children:
                try:
                    if child.name == self.number_field and not number_seen:
                        number_seen = True
                        number = _dotnet_xml_int(self._simple_text(child), self.mutant)
                    elif child.name == self.status_field and not status_seen:
                        status_seen = True
                        status = self._xml_status(self._simple_text(child))
                    else:
                        continue
                except XmlUnreadable:
                    raise XmlUnreadable(f"model[{len(items)}].{child.name}") from None
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


def _well_formed_json(text: str) -> bool:
    """Whether the standard library reads `text` (the malformed-json-500 mutant only)."""
    try:
        json.loads(text)
    except (ValueError, RecursionError):
        return False
    return True


def _dotnet_xml_int(text: str, mutant: Mutant | None) -> int:
    """XmlConvert.ToInt32 of an element's text; XmlUnreadable when it cannot."""
    if mutant is Mutant.XML_NUMBER_STRICT and not re.fullmatch(r"-?[1-9][0-9]*|0", text):
        raise XmlUnreadable
    number = dotnet_int32(text, _XML_INT)
    if number is None:
        if mutant is Mutant.OVERFLOW_500 and _XML_INT.fullmatch(text):
            raise OverflowError("Value was either too large or too small for an Int32.")
        raise XmlUnreadable
    return number
