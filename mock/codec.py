"""JSON and XML to and from plain Python values, hardened against hostile input.

Reading: text by the request charset (JSON itself is read by jsonreader.py); XML through
expat with any DOCTYPE refused (so no entity can be declared: no billion laughs, no external
entities), no parameter entities, no namespace-less surprises, and a depth and element-count
limit. Every failure is a CodecError with a short reason; nothing here can raise anything else
for any byte string.

Writing: compact JSON as Json.NET writes it, and XmlSerializer-style XML (no XML declaration,
`ArrayOf<Type>` roots declaring xmlns:xsd and xmlns:xsi, children in schema order).
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any
from xml.parsers import expat

from .mutants import Mutant

MAX_XML_DEPTH = 32
MAX_XML_ELEMENTS = 100_000
JSON_CHARSETS = {"utf-8": "utf-8", "utf-16": "utf-16-le"}
"""Charsets a request Content-Type may name (the formatters' encodings); others read as UTF-8."""
XSD_XSI = (
    ' xmlns:xsd="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"'
)


class CodecError(ValueError):
    """The body cannot be read as the media type it claims; `malformed`: not well-formed at all
    (rather than refused for what it declares, such as a DOCTYPE)."""

    def __init__(self, reason: str, *, malformed: bool = False) -> None:
        super().__init__(reason)
        self.malformed = malformed


# --------------------------------------------------------------------------- JSON


def decode_text(body: bytes, charset: str | None) -> str:
    """Bytes to text as the JSON formatter reads them: a byte-order mark wins, then the
    Content-Type charset if it is UTF-8 or UTF-16; anything else reads as UTF-8, never a 415."""
    if body[:3] == b"\xef\xbb\xbf":
        codec = "utf-8-sig"
    elif body[:2] in (b"\xff\xfe", b"\xfe\xff"):
        codec = "utf-16"
    else:
        codec = JSON_CHARSETS.get(charset or "", "utf-8")
    try:
        return body.decode(codec)
    except UnicodeDecodeError as exc:
        raise CodecError(f"the body is not valid {codec}: {exc.reason}") from None


def encode_json(value: Any) -> bytes:
    """Compact JSON, non-ASCII kept as UTF-8 (Json.NET's default)."""
    try:
        return json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    except UnicodeEncodeError:  # a lone surrogate somewhere: escape it rather than fail
        return json.dumps(value, ensure_ascii=True, separators=(",", ":")).encode("ascii")


# --------------------------------------------------------------------------- XML in


class XmlNode:
    """An element: its (namespace-qualified) name, its text, its child elements, and whether its
    text is interrupted by a comment (`mixed`: a comment before the text, or text after one),
    which XmlSerializer's ReadElementString cannot read as a simple value."""

    __slots__ = ("children", "commented", "mixed", "name", "text")

    def __init__(self, name: str) -> None:
        self.name = name
        self.text = ""
        self.children: list[XmlNode] = []
        self.commented = False
        self.mixed = False

    def __repr__(self) -> str:
        return f"XmlNode({self.name!r}, {self.text!r}, {self.children!r})"


class _Refused(Exception):
    pass


def decode_xml(body: bytes, *, internal_entities: bool = False) -> XmlNode:
    """Parse an XML document into XmlNodes; CodecError on anything malformed or dangerous.

    Element names in a namespace come out as "<uri> <local>" (so they never equal a plain name);
    attributes and namespace declarations are accepted and ignored. `internal_entities` (the
    xml-dtd-expanded mutant only) lets a DOCTYPE declare internal entities, which expat expands.
    """
    parser = expat.ParserCreate(namespace_separator=" ")
    parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
    parser.buffer_text = True
    stack: list[XmlNode] = []
    root: list[XmlNode] = []
    count = 0

    def start(name: str, _attrs: dict[str, str]) -> None:
        nonlocal count
        count += 1
        if len(stack) >= MAX_XML_DEPTH:
            raise _Refused(f"the XML is nested deeper than {MAX_XML_DEPTH} elements")
        if count > MAX_XML_ELEMENTS:
            raise _Refused(f"the XML has more than {MAX_XML_ELEMENTS} elements")
        node = XmlNode(name)
        if stack:
            stack[-1].children.append(node)
        else:
            root.append(node)
        stack.append(node)

    def end(_name: str) -> None:
        stack.pop()

    def text(data: str) -> None:
        if stack:
            node = stack[-1]
            node.mixed = node.mixed or node.commented
            node.text += data

    def comment(_data: str) -> None:
        if stack:
            node = stack[-1]
            node.mixed = node.mixed or not node.text
            node.commented = True

    def instruction(*_args: object) -> None:
        raise _Refused("processing instructions are not read")  # XmlSerializer fails on them

    def doctype(*_args: object) -> None:
        raise _Refused("a DOCTYPE is not allowed")

    def entity(*_args: object) -> None:
        raise _Refused("entity declarations are not allowed")

    def external(*_args: object) -> int:
        raise _Refused("external entities are not allowed")

    parser.StartElementHandler = start
    parser.EndElementHandler = end
    parser.CharacterDataHandler = text
    parser.CommentHandler = comment
    parser.ProcessingInstructionHandler = instruction
    if not internal_entities:
        parser.StartDoctypeDeclHandler = doctype
        parser.EntityDeclHandler = entity
    parser.UnparsedEntityDeclHandler = entity
    parser.ExternalEntityRefHandler = external
    try:
        parser.Parse(body, True)
    except _Refused as exc:
        raise CodecError(str(exc)) from None
    except expat.ExpatError as exc:
        raise CodecError(
            f"malformed XML: {expat.ErrorString(exc.code)} (line {exc.lineno}, column {exc.offset})",
            malformed=True,
        ) from None
    except LookupError:  # an encoding declaration naming a codec Python does not have
        raise CodecError("malformed XML: unknown encoding") from None
    except (RecursionError, MemoryError, ValueError):
        raise CodecError("unreadable XML") from None
    if not root:
        raise CodecError("the XML has no root element")
    return root[0]


# --------------------------------------------------------------------------- XML out

_INVALID_XML_CHARS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_NAME_CHARS = re.compile(r"[A-Za-z0-9_.\-]")
_ESCAPE_LOOKALIKE = re.compile(r"_x[0-9A-Fa-f]{4}_")

Fields = Sequence[tuple[str, Any]]


def xml_text(value: Any) -> str:
    """A value as XmlSerializer writes it: true/false, decimal integers, escaped text."""
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, int):
        return str(value)
    text = str(value)
    if _INVALID_XML_CHARS.search(text):
        text = _INVALID_XML_CHARS.sub("\ufffd", text)
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def encode_local_name(name: str) -> str:
    """XmlConvert.EncodeLocalName: characters not allowed in a local name become _xHHHH_."""
    out: list[str] = []
    for i, ch in enumerate(name):
        ok = (ch.isalpha() or ch == "_") if i == 0 else (ch.isalnum() or bool(_NAME_CHARS.fullmatch(ch)))
        if ch == "_" and _ESCAPE_LOOKALIKE.match(name, i):
            ok = False
        out.append(ch if ok else f"_x{ord(ch):04X}_")
    return "".join(out)


class XmlWriter:
    """Writes XmlSerializer-style documents; XML_* mutants bend names, namespaces and order here."""

    def __init__(self, mutant: Mutant | None) -> None:
        self._mutant = mutant
        self._declare = "" if mutant is Mutant.XML_NO_NAMESPACES else XSD_XSI

    def _root(self, name: str) -> str:
        if self._mutant is Mutant.XML_WRONG_ROOT and name.startswith("ArrayOf"):
            return name[len("ArrayOf") :] + "s"
        return name

    def _fields(self, fields: Fields, out: list[str]) -> None:
        if self._mutant is Mutant.XML_ELEMENT_ORDER:
            fields = sorted(fields, key=lambda f: f[0])
        for name, value in fields:
            if value is None:
                continue
            if isinstance(value, list | tuple):
                out.append(f"<{name}>")
                self._fields(value, out)
                out.append(f"</{name}>")
            else:
                out.append(f"<{name}>{xml_text(value)}</{name}>")

    def collection(self, root: str, item: str, records: Iterable[Fields]) -> bytes:
        """`<ArrayOfX xmlns:xsd xmlns:xsi><X>...</X>...</ArrayOfX>`; None values are omitted."""
        start, end = self.collection_bounds(root)
        items = "".join(self.item(item, record) for record in records)
        return (start + items + end).encode("utf-8") if items else self.empty_collection(root)

    def collection_bounds(self, root: str) -> tuple[str, str]:
        """The opening and closing tags of a collection document."""
        root = self._root(root)
        return f"<{root}{self._declare}>", f"</{root}>"

    def empty_collection(self, root: str) -> bytes:
        """An empty collection, self-closed as XmlSerializer writes it (`<ArrayOfX ... />`)."""
        return f"<{self._root(root)}{self._declare} />".encode()

    def item(self, item: str, fields: Fields) -> str:
        """One collection item: `<X><A>..</A>...</X>`."""
        out = [f"<{item}>"]
        self._fields(fields, out)
        out.append(f"</{item}>")
        return "".join(out)

    def record(self, root: str, fields: Fields) -> bytes:
        """One object as a document root (declares xmlns:xsd and xmlns:xsi)."""
        out = [f"<{root}{self._declare}>"]
        self._fields(fields, out)
        out.append(f"</{root}>")
        return "".join(out).encode("utf-8")

    @staticmethod
    def error(root: str, message: str, model_state: Mapping[str, Sequence[str]] | None) -> bytes:
        """ASP.NET's HttpError: `<Error><Message>..</Message><ModelState><key>..</key>...`."""
        out = [f"<{root}><Message>{xml_text(message)}</Message>"]
        if model_state:
            out.append("<ModelState>")
            for key, reasons in model_state.items():
                tag = encode_local_name(key)
                out.append(f"<{tag}>{xml_text(' '.join(reasons))}</{tag}>")
            out.append("</ModelState>")
        out.append(f"</{root}>")
        return "".join(out).encode("utf-8")


def json_object(fields: Fields) -> str:
    """One JSON object with the keys in the given order; None values are left out."""
    return encode_json({name: value for name, value in fields if value is not None}).decode("utf-8")


_HOLE = 7**50  # an integer whose decimal text cannot occur by chance in a rendered record
_HOLE_TEXT = str(_HOLE)


class ArrayEncoder:
    """Fast writer for arrays of similar records, rows of values whose first one is an integer.

    Every distinct row-without-its-first-value is rendered once, by the generic writer `render`,
    into a template with a hole for the integer; later rows cost one `template % integer`. The
    per-item results of a 50-item request have a handful of distinct shapes, so this is what
    keeps serialisation cheap.
    """

    MAX_TEMPLATES = 4096

    def __init__(
        self,
        names: Sequence[str],
        order: Sequence[str],
        render: Callable[[Fields], str],
        start: str,
        end: str,
        separator: str,
    ) -> None:
        self._index = [names.index(name) for name in order]  # output order -> row position
        self._order = tuple(order)
        self._render = render
        self._start, self._end, self._separator = start, end, separator
        self._templates: dict[tuple[Any, ...], str] = {}

    def _fields(self, row: tuple[Any, ...]) -> Fields:
        return [(name, row[i]) for name, i in zip(self._order, self._index, strict=True)]

    def _template(self, rest: tuple[Any, ...]) -> str | None:
        text = self._render(self._fields((_HOLE, *rest)))
        if text.count(_HOLE_TEXT) != 1:  # the marker's digits inside a value: render such rows directly
            return None
        template = text.replace("%", "%%").replace(_HOLE_TEXT, "%d")
        if len(self._templates) < self.MAX_TEMPLATES:
            self._templates[rest] = template
        return template

    def encode(self, rows: Iterable[tuple[Any, ...]]) -> bytes:
        templates = self._templates
        parts = []
        for row in rows:
            rest = row[1:]
            template = templates.get(rest) or self._template(rest)
            parts.append(self._render(self._fields(row)) if template is None else template % row[0])
        return (self._start + self._separator.join(parts) + self._end).encode("utf-8")
