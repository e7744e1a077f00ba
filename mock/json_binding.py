"""Json.NET 6's serializer reading `List<OverrideOrderStatusModel>`, errors and recovery included.

What JsonSerializerInternalReader does for this one type (Newtonsoft.Json 6.0.8: `Deserialize`,
`CreateValueInternal`, `PopulateList`, `PopulateObject`, `HandleError`), with Web API's error
handler, which marks every error handled and logs it to ModelState under `model` + the reader's
path. Recovery is the point: after an error the serializer skips ahead and goes on, so one broken
token can produce several errors, drop an item, or swallow the next one, and the keys say where
the reader was. Read from that code, checked against the framework by tests/differential.

Nothing here raises: whatever the text, the outcome is the items read so far (or None, the
null model) and the errors logged.
"""

from __future__ import annotations

from collections.abc import Callable

from . import jsonreader as jr

Status = str | int
"""A bound status: its name, or the number of a value the enum does not define (0 when absent)."""
Item = tuple[int, Status]
"""(OrderNumber, OrderStatus) of one bound request item."""


class _TooMany(Exception):
    """More items than the batch limit: reading stops (the action refuses the batch anyway)."""


class JsonNetReading:
    """One deserialisation: `run()` returns the list (None for a null model); `errors` holds
    (ModelState key) per logged error, in order."""

    def __init__(
        self,
        text: str,
        fields: tuple[str, str],
        parse_status: Callable[[str], Status | None],
        status_of: Callable[[int], Status],
        limit: int,
        number_strings: bool = True,
    ) -> None:
        self.reader = jr.JsonTextReader(text)
        self.reader.number_strings = number_strings
        self.number_field, self.status_field = fields
        self.by_lower = {name.lower(): name for name in fields}
        self.parse_status = parse_status
        self.status_of = status_of
        self.limit = limit
        self.errors: list[str] = []
        self.too_many = False
        self._budget = 4 * len(text) + 64  # reads; each one consumes text or ends, so never spent

    def run(self) -> list[Item | None] | None:
        try:
            if not self._read_skipping_comments():
                return None
            return self._root_value()
        except _TooMany:
            self.too_many = True
            return None
        except Exception:  # Deserialize's own catch: logged, and the model is null
            self._log()
            return None

    # ------------------------------------------------------------------ helpers

    def _log(self) -> None:
        path = self.reader.path
        self.errors.append("model" if not path else f"model{path}" if path[0] == "[" else f"model.{path}")

    def _read(self) -> bool:
        self._budget -= 1
        if self._budget < 0:
            raise jr.JsonReaderError("read budget spent")  # a safety net, not Json.NET's
        return self.reader.read()

    def _read_skipping_comments(self) -> bool:
        while True:
            if not self._read():
                return False
            if self.reader.token != jr.COMMENT:
                return True

    def _handle_error(self, read_past: bool, initial_depth: int) -> None:
        reader = self.reader
        if read_past:
            reader.skip()
            while reader.depth > initial_depth + 1:
                if not self._read():
                    break

    def _unexpected_end(self) -> None:
        """ThrowUnexpectedEndException: logged and handled where it is thrown."""
        self._log()

    # ------------------------------------------------------------------ the list

    def _root_value(self) -> list[Item | None] | None:
        reader = self.reader
        while True:
            token = reader.token
            if token == jr.START_ARRAY:
                return self._populate_list()
            if token in (jr.NULL, jr.UNDEFINED) or (token == jr.STRING and reader.value == ""):
                return None
            if token == jr.START_OBJECT:
                if not self._read():
                    raise jr.JsonReaderError("Unexpected end when deserializing object.")
                raise jr.JsonReaderError("Cannot deserialize the current JSON object into a list.")
            if token != jr.COMMENT:
                raise jr.JsonReaderError("Cannot convert this value to a list.")
            if not self._read():
                raise jr.JsonReaderError("Unexpected end when deserializing object.")

    def _populate_list(self) -> list[Item | None]:
        reader = self.reader
        items: list[Item | None] = []
        initial_depth = reader.depth
        previous_error_at: int | None = None
        finished = False
        while not finished:
            try:
                if not self._read_skipping_comments():
                    break
                if reader.token == jr.END_ARRAY:
                    finished = True
                else:
                    items.append(self._item_value())
                    if len(items) > self.limit:
                        raise _TooMany
            except _TooMany:
                raise
            except Exception:
                error_at = reader.position_at(initial_depth)
                self._log()
                self._handle_error(True, initial_depth)
                if previous_error_at is not None and previous_error_at == error_at:
                    raise jr.JsonReaderError("Infinite loop detected from error handling.") from None
                previous_error_at = error_at
        if not finished:
            self._unexpected_end()
        return items

    def _item_value(self) -> Item | None:
        reader = self.reader
        while True:
            token = reader.token
            if token == jr.START_OBJECT:
                if not self._read():
                    raise jr.JsonReaderError("Unexpected end when deserializing object.")
                return self._populate_object()
            if token in (jr.NULL, jr.UNDEFINED) or (token == jr.STRING and reader.value == ""):
                return None  # a null item: the action gets it as it is
            if token != jr.COMMENT:  # an array, a number, a string, true: no conversion to the model
                raise jr.JsonReaderError("Cannot convert this value to the model.")
            if not self._read():
                raise jr.JsonReaderError("Unexpected end when deserializing object.")

    # ------------------------------------------------------------------ one item

    def _populate_object(self) -> Item:
        reader = self.reader
        number: int = 0
        status: Status = 0
        initial_depth = reader.depth
        finished = False
        while True:
            token = reader.token
            if token == jr.PROPERTY_NAME:
                name = reader.value
                try:
                    field = self.by_lower.get(name.lower())
                    if field is None:
                        if self._read():
                            reader.skip()
                    elif field == self.number_field:
                        value = reader.read_int32()
                        if reader.token == jr.NONE:
                            raise jr.JsonReaderError("Unexpected end when setting a value.")
                        if reader.token == jr.INTEGER:
                            number = int(value or 0)
                        elif reader.token != jr.NULL:  # NullValueHandling.Ignore
                            raise jr.JsonReaderError("Unexpected token while deserializing.")
                    else:
                        if not self._read():
                            raise jr.JsonReaderError("Unexpected end when setting a value.")
                        if reader.token != jr.NULL:  # NullValueHandling.Ignore
                            status = self._status_value()
                except Exception:
                    self._log()
                    self._handle_error(True, initial_depth)
            elif token == jr.END_OBJECT:
                finished = True
            elif token != jr.COMMENT:
                raise jr.JsonReaderError("Unexpected token when deserializing object.")
            if finished or not self._read():
                break
        if not finished:
            self._unexpected_end()
        return number, status

    def _status_value(self) -> Status:
        """StringEnumConverter.ReadJson: a name (Enum.Parse, ignoring case) or an integer."""
        reader = self.reader
        if reader.token == jr.STRING:
            status = self.parse_status(reader.value)
            if status is None:
                raise jr.JsonReaderError("Error converting value to Statuses.")
            return status
        if reader.token == jr.INTEGER and -(2**63) <= reader.value < 2**63:
            return self.status_of((reader.value + 2**31) % 2**32 - 2**31)  # Int64 cast to Int32
        raise jr.JsonReaderError("Unexpected token when parsing enum.")


def read_json(
    text: str,
    fields: tuple[str, str],
    parse_status: Callable[[str], Status | None],
    status_of: Callable[[int], Status],
    limit: int,
    number_strings: bool = True,
) -> tuple[list[Item | None] | None, list[str], bool]:
    """(items or None for a null model, ModelState keys of the errors in order, too many items).
    `number_strings` False is the json-number-string-rejected mutant."""
    reading = JsonNetReading(text, fields, parse_status, status_of, limit, number_strings)
    items = reading.run()
    return items, reading.errors, reading.too_many
