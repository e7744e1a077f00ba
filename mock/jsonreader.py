"""Json.NET 6's JsonTextReader, as far as ASP.NET Web API's JSON formatter meets it.

Web API reads request bodies with Json.NET, which is lenient (single quotes, unquoted names,
comments, hex and octal numbers, NaN, `undefined`, an empty array slot) and, when the text is
broken, reports errors whose ModelState keys are the reader's path at that moment. Reproducing
those keys needs the reader's own states, so this module follows JsonTextReader's state machine
(Newtonsoft.Json 6.0.8, `JsonTextReader.cs` and `JsonReader.cs`): the same tokens, states, depth,
path, and the same position after an error, which decides whether the next read fails again.
It is a behavioural model written from reading that code, checked against the framework by
tests/differential; it knows nothing of dates, constructors or a MaxDepth other than 256.
"""

from __future__ import annotations

import re
from typing import Any

# Tokens
NONE, START_OBJECT, START_ARRAY, START_CONSTRUCTOR, PROPERTY_NAME, COMMENT = range(6)
INTEGER, FLOAT, STRING, BOOLEAN, NULL, UNDEFINED, END_OBJECT, END_ARRAY, END_CONSTRUCTOR = range(6, 15)
START_TOKENS = frozenset({START_OBJECT, START_ARRAY, START_CONSTRUCTOR})
VALUE_TOKENS = frozenset({INTEGER, FLOAT, STRING, BOOLEAN, NULL, UNDEFINED})

# Reader states (JsonReader.State)
START, PROPERTY, OBJECT_START, OBJECT, ARRAY_START, ARRAY, POST_VALUE, FINISHED = range(8)

OBJECT_SCOPE, ARRAY_SCOPE = "object", "array"
MAX_DEPTH = 256  # JsonMediaTypeFormatter.MaxDepth
MAX_BIG_INTEGER_CHARS = 380  # MaximumJavascriptIntegerCharacterLength
_SPECIAL_PATH_CHARS = frozenset(".[] ()")
_PLAIN_STRING = {'"': re.compile(r'[^"\\\r\n]*'), "'": re.compile(r"[^'\\\r\n]*")}
_INT64 = 2**63
_DOUBLE = re.compile(r"[ \t\n\v\f\r]*[+-]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?[ \t\n\v\f\r]*")
_NUMBER_CHARS = frozenset("-+aAbBcCdDeEfFxX.0123456789")
_ESCAPES = {"b": "\b", "t": "\t", "n": "\n", "f": "\f", "r": "\r", "\\": "\\", '"': '"', "'": "'", "/": "/"}


class JsonReaderError(Exception):
    """What JsonReaderException stands for: the reader cannot go on from here."""


class _Scope:
    __slots__ = ("kind", "name", "position")

    def __init__(self, kind: str | None) -> None:
        self.kind = kind
        self.position = -1
        self.name: str | None = None


class JsonTextReader:
    def __init__(self, text: str) -> None:
        self.text = text
        self.pos = 0
        self.state = START
        self.stack: list[_Scope] = []
        self.current = _Scope(None)
        self.token = NONE
        self.value: Any = None
        self.read_as_int32 = False
        self.depth_exceeded = False
        self.number_strings = True  # False: the json-number-string-rejected mutant

    # ------------------------------------------------------------------ JsonReader

    @property
    def depth(self) -> int:
        depth = len(self.stack)
        if self.token in START_TOKENS or self.current.kind is None:
            return depth
        return depth + 1

    @property
    def path(self) -> str:
        if self.current.kind is None:
            return ""
        inside = self.state not in (ARRAY_START, OBJECT_START)
        scopes = [*self.stack, self.current] if inside else self.stack
        out = ""
        for scope in scopes:
            if scope.kind == OBJECT_SCOPE:
                name = scope.name or ""
                part = f"['{name}']" if _SPECIAL_PATH_CHARS.intersection(name) else name
                out += f".{part}" if out else part
            elif scope.kind == ARRAY_SCOPE:
                out += f"[{scope.position}]"
        return out

    def position_at(self, depth: int) -> int:
        """JsonReader.GetPosition(depth).Position."""
        return self.stack[depth].position if depth < len(self.stack) else self.current.position

    def read(self) -> bool:
        self.read_as_int32 = False
        if not self._read_internal():
            self._set_token(NONE)
            return False
        return True

    def read_int32(self) -> int | None:
        """JsonReader.ReadAsInt32Internal: the next value as an Int32 (None for null or ])."""
        self.read_as_int32 = True
        while True:
            if not self._read_internal():
                self._set_token(NONE)
                return None
            if self.token != COMMENT:
                break
        token, value = self.token, self.value
        if token in (INTEGER, FLOAT):
            if not isinstance(value, int):  # NaN or Infinity: Convert.ToInt32 overflows
                raise JsonReaderError("Value was either too large or too small for an Int32.")
            return int(value)
        if token == NULL:
            return None
        if token == STRING:
            if not value:
                self._set_token(NULL)
                return None
            number = dotnet_int32(value) if self.number_strings else None
            if number is None:
                raise JsonReaderError("Could not convert string to integer.")
            self._set_token(INTEGER, number, update_index=False)
            return number
        if token == END_ARRAY:
            return None
        raise JsonReaderError("Error reading integer. Unexpected token.")

    def skip(self) -> None:
        if self.token == PROPERTY_NAME:
            self.read()
        if self.token in START_TOKENS:
            depth = self.depth
            while self.read() and depth < self.depth:
                pass

    def _set_token(self, token: int, value: Any = None, update_index: bool = True) -> None:
        self.token, self.value = token, value
        if token == START_OBJECT:
            self.state = OBJECT_START
            self._push(OBJECT_SCOPE)
        elif token == START_ARRAY:
            self.state = ARRAY_START
            self._push(ARRAY_SCOPE)
        elif token == END_OBJECT:
            self._validate_end(OBJECT_SCOPE)
        elif token == END_ARRAY:
            self._validate_end(ARRAY_SCOPE)
        elif token == END_CONSTRUCTOR:
            self._validate_end("constructor")
        elif token == PROPERTY_NAME:
            self.state = PROPERTY
            self.current.name = value
        elif token in VALUE_TOKENS:
            self._set_post_value_state(update_index)

    def _set_post_value_state(self, update_index: bool) -> None:
        self.state = POST_VALUE if self.current.kind is not None else FINISHED
        if update_index and self.current.kind == ARRAY_SCOPE:
            self.current.position += 1

    def _push(self, kind: str) -> None:
        if self.current.kind == ARRAY_SCOPE:
            self.current.position += 1
        if self.current.kind is None:
            self.current = _Scope(kind)
            return
        self.stack.append(self.current)
        self.current = _Scope(kind)
        if len(self.stack) + 1 > MAX_DEPTH and not self.depth_exceeded:
            self.depth_exceeded = True
            raise JsonReaderError("The reader's MaxDepth has been exceeded.")

    def _validate_end(self, kind: str) -> None:
        closed = self.current.kind
        self.current = self.stack.pop() if self.stack else _Scope(None)
        if self.depth <= MAX_DEPTH:
            self.depth_exceeded = False
        if closed != kind:
            raise JsonReaderError("JsonToken is not valid for closing this container.")
        self.state = POST_VALUE if self.current.kind is not None else FINISHED

    def _set_state_based_on_current(self) -> None:
        kind = self.current.kind
        self.state = OBJECT if kind == OBJECT_SCOPE else ARRAY if kind == ARRAY_SCOPE else FINISHED

    # ------------------------------------------------------------------ JsonTextReader

    def _at_end(self) -> bool:
        return self.pos >= len(self.text)

    def _read_internal(self) -> bool:
        while True:
            state = self.state
            if state in (START, PROPERTY, ARRAY, ARRAY_START):
                return self._parse_value()
            if state in (OBJECT, OBJECT_START):
                return self._parse_object()
            if state == POST_VALUE:
                if self._parse_post_value():
                    return True
                continue
            # FINISHED. Web API reads no further once the root value is complete, so trailing
            # content is ignored; only error recovery can come here.
            self._eat_whitespace()
            if self._at_end():
                return False
            if self.text[self.pos] == "/":
                self._parse_comment()
                return True
            raise JsonReaderError("Additional text encountered after finished reading JSON content.")

    def _parse_value(self) -> bool:
        text = self.text
        while True:
            if self._at_end():
                return False
            ch = text[self.pos]
            if ch == "\x00" or ch.isspace():
                self.pos += 1
            elif ch in "\"'":
                self._parse_string(ch)
                return True
            elif ch == "t":
                self._parse_word("true", BOOLEAN, True)
                return True
            elif ch == "f":
                self._parse_word("false", BOOLEAN, False)
                return True
            elif ch == "n":
                if self.pos + 1 >= len(text):
                    raise JsonReaderError("Unexpected end.")
                if text[self.pos + 1] != "u":  # `new Date(...)` constructors are not modelled
                    raise JsonReaderError("Unexpected character encountered while parsing value.")
                self._parse_word("null", NULL, None)
                return True
            elif ch == "N":
                self._parse_word("NaN", FLOAT, float("nan"))
                return True
            elif ch == "I":
                self._parse_word("Infinity", FLOAT, float("inf"))
                return True
            elif ch == "-" and text.startswith("-I", self.pos):
                self._parse_word("-Infinity", FLOAT, float("-inf"))
                return True
            elif ch == "/":
                self._parse_comment()
                return True
            elif ch == "u":
                self._parse_word("undefined", UNDEFINED, None)
                return True
            elif ch == "{":
                self.pos += 1
                self._set_token(START_OBJECT)
                return True
            elif ch == "[":
                self.pos += 1
                self._set_token(START_ARRAY)
                return True
            elif ch == "]":
                self.pos += 1
                self._set_token(END_ARRAY)
                return True
            elif ch == ",":  # an empty slot: the comma is left for the next read
                self._set_token(UNDEFINED)
                return True
            elif ch == ")":
                self.pos += 1
                self._set_token(END_CONSTRUCTOR)
                return True
            elif ch.isnumeric() or ch in "-.":
                self._parse_number()
                return True
            else:
                raise JsonReaderError("Unexpected character encountered while parsing value.")

    def _parse_post_value(self) -> bool:
        text = self.text
        while True:
            if self._at_end():
                self.state = FINISHED
                return False
            ch = text[self.pos]
            if ch == "}":
                self.pos += 1
                self._set_token(END_OBJECT)
                return True
            if ch == "]":
                self.pos += 1
                self._set_token(END_ARRAY)
                return True
            if ch == ")":
                self.pos += 1
                self._set_token(END_CONSTRUCTOR)
                return True
            if ch == "/":
                self._parse_comment()
                return True
            if ch == ",":
                self.pos += 1
                self._set_state_based_on_current()
                return False
            if ch == "\x00" or ch.isspace():
                self.pos += 1
                continue
            raise JsonReaderError("After parsing a value an unexpected character was encountered.")

    def _parse_object(self) -> bool:
        text = self.text
        while True:
            if self._at_end():
                return False
            ch = text[self.pos]
            if ch == "}":
                self._set_token(END_OBJECT)
                self.pos += 1
                return True
            if ch == "/":
                self._parse_comment()
                return True
            if ch == "\x00" or ch.isspace():
                self.pos += 1
                continue
            return self._parse_property()

    def _parse_property(self) -> bool:
        ch = self.text[self.pos]
        if ch in "\"'":
            self.pos += 1
            name = self._read_string(ch)
        elif ch.isalnum() or ch in "_$":
            name = self._parse_unquoted_name()
        else:
            raise JsonReaderError("Invalid property identifier character.")
        self._eat_whitespace()
        if self._at_end() or self.text[self.pos] != ":":
            raise JsonReaderError("Invalid character after parsing property name. Expected ':'.")
        self.pos += 1
        self._set_token(PROPERTY_NAME, name)
        return True

    def _parse_unquoted_name(self) -> str:
        text, start = self.text, self.pos
        while True:
            if self._at_end():
                raise JsonReaderError("Unexpected end while parsing unquoted property name.")
            ch = text[self.pos]
            if ch == "\x00" or ch.isspace() or ch == ":":
                return text[start : self.pos]
            if not (ch.isalnum() or ch in "_$"):
                raise JsonReaderError("Invalid JavaScript property identifier character.")
            self.pos += 1

    def _eat_whitespace(self) -> None:
        text = self.text
        while not self._at_end() and (text[self.pos] == "\x00" or text[self.pos].isspace()):
            self.pos += 1

    def _parse_string(self, quote: str) -> None:
        self.pos += 1
        text = self._read_string(quote)
        self._set_post_value_state(True)
        self._set_token(STRING, text, update_index=False)

    def _read_string(self, quote: str) -> str:
        """The string's text; the position ends after the closing quote."""
        text, pattern = self.text, _PLAIN_STRING[quote]
        out: list[str] = []
        pos = self.pos
        while True:
            run = pattern.match(text, pos)
            assert run is not None  # the pattern matches the empty string
            out.append(run.group())
            pos = run.end()
            if pos >= len(text):
                self.pos = pos
                raise JsonReaderError("Unterminated string.")
            ch = text[pos]
            if ch == quote:
                self.pos = pos + 1
                return "".join(out)
            if ch in "\r\n":
                out.append(ch)
                pos += 1
                continue
            # a backslash
            pos += 1
            if pos >= len(text):
                self.pos = pos
                raise JsonReaderError("Unterminated string.")
            escape = text[pos]
            if escape == "u":
                digits = text[pos + 1 : pos + 5]
                self.pos = pos + 1
                if len(digits) < 4:
                    raise JsonReaderError("Unexpected end while parsing unicode character.")
                if not all(c in "0123456789abcdefABCDEF" for c in digits):
                    raise JsonReaderError("Bad unicode escape.")
                out.append(chr(int(digits, 16)))
                pos += 5
            elif escape in _ESCAPES:
                out.append(_ESCAPES[escape])
                pos += 1
            else:
                self.pos = pos + 1
                raise JsonReaderError("Bad JSON escape sequence.")

    def _parse_word(self, word: str, token: int, value: Any) -> None:
        """MatchValueWithTrailingSeparator: the word, then a separator or the end."""
        text = self.text
        if not text.startswith(word, self.pos):
            raise JsonReaderError(f"Error parsing {word} value.")
        self.pos += len(word)
        if not self._at_end() and not self._is_separator(text[self.pos]) and text[self.pos] != "\x00":
            raise JsonReaderError(f"Error parsing {word} value.")
        self._set_token(token, value)

    def _is_separator(self, ch: str) -> bool:
        if ch in "}],":
            return True
        if ch == "/":
            return self.text[self.pos + 1 : self.pos + 2] in ("*", "/")
        return ch.isspace()

    def _parse_comment(self) -> None:
        text = self.text
        self.pos += 1
        if self._at_end():
            raise JsonReaderError("Unexpected end while parsing comment.")
        kind = text[self.pos]
        if kind not in "*/":
            raise JsonReaderError("Error parsing comment.")
        self.pos += 1
        if kind == "*":
            end = text.find("*/", self.pos)
            if end < 0:
                self.pos = len(text)
                raise JsonReaderError("Unexpected end while parsing comment.")
            comment, self.pos = text[self.pos : end], end + 2
        else:
            end = self.pos
            while end < len(text) and text[end] not in "\r\n":
                end += 1
            comment, self.pos = text[self.pos : end], min(end + 1, len(text))
        self._set_token(COMMENT, comment)

    def _parse_number(self) -> None:
        text, start = self.text, self.pos
        pos = start
        while pos < len(text) and text[pos] in _NUMBER_CHARS:
            pos += 1
        self.pos = pos
        if pos < len(text):
            ch = text[pos]
            if not (ch == "\x00" or ch.isspace() or ch in ",}])/"):
                raise JsonReaderError("Unexpected character encountered while parsing number.")
        # from here on the number counts as read, even if it cannot be parsed
        self._set_post_value_state(True)
        word = text[start:pos]
        non_base10 = word[0] == "0" and len(word) > 1 and word[1] not in ".eE"
        if self.read_as_int32:
            number = _convert_base(word, 32) if non_base10 else _int_try_parse(word, 2**31)
            if number is None:
                raise JsonReaderError("Input string is not a valid integer.")
            self._set_token(INTEGER, number, update_index=False)
            return
        if non_base10:
            value: Any = _convert_base(word, 64)
            token = INTEGER
        else:
            value = _int_try_parse(word, _INT64, big=True)
            token = INTEGER
            if value is None:
                if not _DOUBLE.fullmatch(word):
                    raise JsonReaderError("Input string is not a valid number.")
                value, token = float(word), FLOAT
        if value is None:
            raise JsonReaderError("Input string is not a valid number.")
        self._set_token(token, value, update_index=False)


def _int_try_parse(word: str, limit: int, big: bool = False) -> int | None:
    """ConvertUtils.Int32TryParse / Int64TryParse: an optional '-', then ASCII digits. Beyond the
    range: None, or (big) the value, as BigInteger reads it, up to 380 characters."""
    digits = word[1:] if word.startswith("-") else word
    if not digits or not (digits.isascii() and digits.isdigit()):
        return None
    if len(word) > MAX_BIG_INTEGER_CHARS and big:
        raise JsonReaderError("JSON integer is too large to parse.")
    value = int(word) if len(digits) <= 400 else None
    if value is not None and -limit <= value < limit:
        return value
    if big and value is not None:
        return value
    return None


def _convert_base(word: str, bits: int) -> int | None:
    """Convert.ToInt32/ToInt64(text, 16 or 8): two's complement within the width, else an error."""
    try:
        value = int(word[2:], 16) if word[:2] in ("0x", "0X") else int(word, 8)
    except ValueError:
        return None
    if value >= 2**bits:
        return None
    return value - 2**bits if value >= 2 ** (bits - 1) else value


def dotnet_int32(text: str, pattern: re.Pattern[str] | None = None) -> int | None:
    """Int32.TryParse(text, NumberStyles.Integer, invariant): blanks around, one sign, ASCII
    digits, any number of leading zeros. `pattern` may name other blanks (XmlConvert's)."""
    match = (pattern or _DOTNET_INTEGER).fullmatch(text)
    if match is None:
        return None
    signed = match.group(1)
    digits = signed.lstrip("+-").lstrip("0") or "0"
    if len(digits) > 12:
        return None
    value = int(digits) * (-1 if signed[0] == "-" else 1)
    return value if -(2**31) <= value < 2**31 else None


_DOTNET_INTEGER = re.compile(r"[\t\n\v\f\r ]*([+-]?[0-9]+)[\t\n\v\f\r ]*", re.ASCII)
