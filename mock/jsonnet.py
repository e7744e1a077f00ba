"""A JSON reader as lenient as Json.NET 6's JsonTextReader, for the slow path of binding.

ASP.NET Web API reads request bodies with Json.NET, which accepts more than JSON: single-quoted
strings, unquoted property names, `/* */` and `//` comments, trailing commas, an empty array
slot (read as null), hexadecimal and octal integers, NaN and Infinity, `undefined`, and anything
after the root value (it stops reading there). No Python library reads exactly that (JSON5
parsers refuse trailing content and differ on octal), so this small reader does, observed against
the framework (shared/tools/aspnet-twin) and docs/fidelity.md.

The result keeps what binding needs and plain JSON loses: objects as ordered (name, value) pairs
(duplicates kept), and numbers with their kind. Anything it cannot read is a JsonSyntaxError.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

MAX_DEPTH = 256
"""JsonMediaTypeFormatter's MaxDepth."""


class JsonSyntaxError(ValueError):
    """The text cannot be read as (Json.NET's) JSON."""


@dataclass(frozen=True, slots=True)
class Number:
    """A number token. kind: "int" (value set, any size), "float" (a fraction or exponent),
    "constant" (NaN, Infinity, -Infinity) or "bad" (Json.NET cannot parse it, e.g. octal 08)."""

    kind: str
    value: int | None = None


@dataclass(frozen=True, slots=True)
class Object:
    """A JSON object: its properties in document order, duplicates kept."""

    pairs: tuple[tuple[str, Any], ...]


_ESCAPES = {'"': '"', "'": "'", "\\": "\\", "/": "/", "b": "\b", "f": "\f", "n": "\n", "r": "\r", "t": "\t"}
_DELIMITERS = frozenset(",]}):/") | frozenset(" \t\r\n\f\v\x00")
_CONSTANTS = {"NaN": Number("constant"), "Infinity": Number("constant"), "-Infinity": Number("constant")}
_FLOAT = re.compile(r"-?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?", re.ASCII)


class _Undefined:
    """Json.NET's `undefined` token: no value, but unlike null no value of any type."""

    def __repr__(self) -> str:
        return "UNDEFINED"


UNDEFINED = _Undefined()
_WORDS: dict[str, Any] = {"true": True, "false": False, "null": None, "undefined": UNDEFINED}


def read(text: str) -> Any:
    """The first JSON value in `text`; what follows it is ignored, as Json.NET does. A text of
    nothing but blanks and comments has no value: None, as Json.NET deserialises it to null."""
    reader = _Reader(text)
    reader.skip_space()
    if reader.pos >= len(text):
        return None
    return reader.value(0)


class _Reader:
    __slots__ = ("pos", "text")

    def __init__(self, text: str) -> None:
        self.text = text
        self.pos = 0

    def fail(self, what: str) -> JsonSyntaxError:
        return JsonSyntaxError(f"{what} at position {self.pos}")

    def skip_space(self) -> None:
        text, n = self.text, len(self.text)
        while self.pos < n:
            ch = text[self.pos]
            if ch.isspace() or ch == "\x00":  # Json.NET steps over NUL characters between tokens
                self.pos += 1
            elif text.startswith("//", self.pos):
                end = text.find("\n", self.pos)
                self.pos = n if end < 0 else end + 1
            elif text.startswith("/*", self.pos):
                end = text.find("*/", self.pos + 2)
                if end < 0:
                    raise self.fail("unterminated comment")
                self.pos = end + 2
            else:
                return

    def peek(self) -> str:
        self.skip_space()
        if self.pos >= len(self.text):
            raise self.fail("unexpected end")
        return self.text[self.pos]

    def value(self, depth: int) -> Any:
        if depth > MAX_DEPTH:
            raise self.fail("nested too deeply")
        ch = self.peek()
        if ch == "[":
            return self.array(depth + 1)
        if ch == "{":
            return self.object(depth + 1)
        if ch in "\"'":
            return self.string()
        return self.scalar()

    def array(self, depth: int) -> list[Any]:
        self.pos += 1
        items: list[Any] = []
        while True:
            ch = self.peek()
            if ch == "]":
                self.pos += 1
                return items
            if ch == ",":  # an empty slot reads as null
                self.pos += 1
                items.append(None)
                continue
            items.append(self.value(depth))
            ch = self.peek()
            if ch == ",":
                self.pos += 1
            elif ch != "]":
                raise self.fail("expected , or ]")

    def object(self, depth: int) -> Object:
        self.pos += 1
        pairs: list[tuple[str, Any]] = []
        while True:
            ch = self.peek()
            if ch == "}":
                self.pos += 1
                return Object(tuple(pairs))
            name = self.string() if ch in "\"'" else self.bare_name()
            if self.peek() != ":":
                raise self.fail("expected :")
            self.pos += 1
            pairs.append((name, self.value(depth)))
            ch = self.peek()
            if ch == ",":
                self.pos += 1
            elif ch != "}":
                raise self.fail("expected , or }")

    def bare_name(self) -> str:
        start, text = self.pos, self.text
        while self.pos < len(text) and (text[self.pos].isalnum() or text[self.pos] in "_$"):
            self.pos += 1
        if self.pos == start:
            raise self.fail("expected a property name")
        return text[start : self.pos]

    def string(self) -> str:
        text, quote = self.text, self.text[self.pos]
        self.pos += 1
        out: list[str] = []
        start = self.pos
        while True:
            end = self.pos
            while end < len(text) and text[end] != quote and text[end] != "\\":
                end += 1
            if end >= len(text):
                raise self.fail("unterminated string")
            out.append(text[self.pos : end])
            if text[end] == quote:
                self.pos = end + 1
                return "".join(out) if len(out) > 1 else text[start:end]
            escape = text[end + 1 : end + 2]
            if escape == "u":
                digits = text[end + 2 : end + 6]
                if len(digits) != 4 or not all(c in "0123456789abcdefABCDEF" for c in digits):
                    raise self.fail("bad \\u escape")
                out.append(chr(int(digits, 16)))
                self.pos = end + 6
            elif escape in _ESCAPES:
                out.append(_ESCAPES[escape])
                self.pos = end + 2
            else:
                raise self.fail("bad escape")

    def scalar(self) -> Any:
        text, start = self.text, self.pos
        end = start
        while end < len(text) and text[end] not in _DELIMITERS:
            end += 1
        word = text[start:end]
        if not word:
            raise self.fail("unexpected character")
        self.pos = end
        if word in _WORDS:
            return _WORDS[word]
        if word in _CONSTANTS:
            return _CONSTANTS[word]
        if word[0] in "-0123456789.":
            return number(word)
        raise self.fail("unexpected word")


def number(word: str) -> Number:
    """A number token's kind and value, as Json.NET 6 reads it (hex and octal integers too)."""
    sign, digits = (-1, word[1:]) if word.startswith("-") else (1, word)
    try:
        if word[:2] in ("0x", "0X"):  # no sign: Json.NET reads "-0x10" as no number at all
            return Number("int", int(digits[2:], 16))
        if len(digits) > 1 and digits[0] == "0" and digits.isdigit():
            return Number("int", sign * int(digits, 8))
        if digits.isascii() and digits.isdigit():  # beyond 40 digits only "too large" matters
            return Number("int", sign * (int(digits) if len(digits) <= 40 else 10**40))
    except ValueError:
        return Number("bad")
    return Number("float") if _FLOAT.fullmatch(word) else Number("bad")
