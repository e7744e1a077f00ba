"""Contains some shared types for properties, and the XML codec every model and endpoint uses"""

import re
import xml.etree.ElementTree as ET
from collections.abc import Callable, Mapping, MutableMapping
from http import HTTPStatus
from typing import IO, Any, BinaryIO, ClassVar, Generic, Literal, Protocol, TypeVar

import httpx
from attrs import define
from defusedxml import DefusedXmlException
from defusedxml import ElementTree as SafeElementTree


class Unset:
    def __bool__(self) -> Literal[False]:
        return False


UNSET: Unset = Unset()

# The types that `httpx.Client(files=)` can accept, copied from that library.
FileContent = IO[bytes] | bytes | str
FileTypes = (
    # (filename, file (or bytes), content_type)
    tuple[str | None, FileContent, str | None]
    # (filename, file (or bytes), content_type, headers)
    | tuple[str | None, FileContent, str | None, Mapping[str, str]]
)
RequestFiles = list[tuple[str, FileTypes]]


@define
class File:
    """Contains information for file uploads"""

    payload: BinaryIO
    file_name: str | None = None
    mime_type: str | None = None

    def to_tuple(self) -> FileTypes:
        """Return a tuple representation that httpx will accept for multipart/form-data"""
        return self.file_name, self.payload, self.mime_type


T = TypeVar("T")


@define
class Response(Generic[T]):
    """A response from an endpoint"""

    status_code: HTTPStatus
    content: bytes
    headers: MutableMapping[str, str]
    parsed: T | None


# --- Media types -------------------------------------------------------------------------------
# Custom template (codegen/templates/xml_codec.py.jinja, included by types.py.jinja): the API speaks JSON and XML, each
# under two media types. openapi-python-client is JSON-only, so the XML half lives here.

MediaType = Literal["application/json", "text/json", "application/xml", "text/xml"]
MEDIA_TYPES: tuple[MediaType, ...] = ("application/json", "text/json", "application/xml", "text/xml")

XSD_NAMESPACE = "http://www.w3.org/2001/XMLSchema"
XSI_NAMESPACE = "http://www.w3.org/2001/XMLSchema-instance"
_XSI_NIL = "{" + XSI_NAMESPACE + "}nil"
_INTEGER = re.compile(r"[+-]?[0-9]+")
_ENCODED_CHAR = re.compile(r"_x([0-9A-Fa-f]{4})_")


class XmlError(ValueError):
    """An XML body was refused: malformed, not the expected shape, or carrying a DTD or entities.

    DTDs and entity declarations are refused outright, which stops entity-expansion bombs and
    external-entity reads before any expansion happens.
    """


def is_xml_media_type(content_type: str) -> bool:
    """Whether a Content-Type header value names XML (`application/xml`, `text/xml`, `*+xml`)."""
    media_type = content_type.split(";", 1)[0].strip().lower()
    return media_type in ("application/xml", "text/xml") or media_type.endswith("+xml")


def parse_xml(content: bytes | str) -> ET.Element:
    """Parse an XML document with no DTD, no entities and no external references."""
    text = _utf8_text(content)
    try:
        if text is not None and "<!DOCTYPE" not in text:
            # No DOCTYPE, so no DTD: no entity can be declared and nothing external referenced;
            # the C parser is then as safe as defusedxml's and several times faster. The text
            # checked is exactly the text parsed (a str is always read as UTF-8).
            return ET.fromstring(text)
        return SafeElementTree.fromstring(content, forbid_dtd=True, forbid_entities=True, forbid_external=True)
    except DefusedXmlException as exc:
        raise XmlError(f"refused XML: DTDs and entities are not allowed ({exc})") from exc
    except ET.ParseError as exc:
        raise XmlError(f"malformed XML: {exc}") from exc


_DECLARED_ENCODING = re.compile(r"""<\?xml[^>]*?encoding\s*=\s*["']([A-Za-z0-9._-]+)""")


def _utf8_text(content: bytes | str) -> str | None:
    """The document as text if it is UTF-8 (declared so, or declaring nothing); else None."""
    if isinstance(content, bytes):
        try:
            content = content.decode("utf-8")
        except UnicodeDecodeError:
            return None
    text = content.removeprefix("\ufeff")
    declared = _DECLARED_ENCODING.match(text)
    if "\x00" in text or (declared and declared.group(1).lower() not in ("utf-8", "utf8")):
        return None  # UTF-16 without a BOM, or another encoding: the careful parser reads it
    return text


def xml_document(root: ET.Element) -> bytes:
    """Serialise a root element as .NET XmlSerializer does: xsd/xsi declared, no XML declaration."""
    root.set("xmlns:xsd", XSD_NAMESPACE)
    root.set("xmlns:xsi", XSI_NAMESPACE)
    parts: list[str] = []
    if _write_plain(root, parts):
        return "".join(parts).encode("utf-8")
    return ET.tostring(root, encoding="unicode").encode("utf-8")


_ATTRIBUTE_ESCAPES = str.maketrans(
    {"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "\r": "&#13;", "\n": "&#10;", "\t": "&#09;"}
)


def _escape_text(text: str) -> str:
    if "&" in text or "<" in text or ">" in text:
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return text


def _write_plain(element: ET.Element, parts: list[str]) -> bool:
    """ET.tostring's exact output for the plain trees the models build (no namespaces in Clark
    notation, no tails, no comments), in a fraction of its time; False for anything else."""
    tag = element.tag
    if not isinstance(tag, str) or "{" in tag or element.tail:
        return False
    attributes = ""
    if element.attrib:
        attributes = "".join(
            f' {name}="{value.translate(_ATTRIBUTE_ESCAPES)}"' for name, value in element.attrib.items()
        )
        if "{" in attributes:
            return False
    text = element.text
    if not text and not len(element):
        parts.append(f"<{tag}{attributes} />")
        return True
    parts.append(f"<{tag}{attributes}>")
    if text:
        parts.append(_escape_text(text))
    for child in element:
        child_tag = child.tag
        if len(child) or child.attrib or child.tail or not isinstance(child_tag, str) or "{" in child_tag:
            if not _write_plain(child, parts):
                return False
        elif child_text := child.text:  # a plain leaf, the common case: written here, not recursed into
            parts.append(f"<{child_tag}>{_escape_text(child_text)}</{child_tag}>")
        else:
            parts.append(f"<{child_tag} />")
    parts.append(f"</{tag}>")
    return True


def xml_list(tag: str, items: list[ET.Element]) -> ET.Element:
    """A collection element: `ArrayOf<Type>` holding one element per item."""
    root = ET.Element(tag)
    root.extend(items)
    return root


def xml_local_name(tag: str) -> str:
    """An element's name without namespace, decoded as XmlConvert.DecodeName does (`_x005B_` is `[`)."""
    local = tag.rsplit("}", 1)[-1]
    if "_x" not in local:
        return local
    return _ENCODED_CHAR.sub(lambda match: chr(int(match.group(1), 16)), local)


def xml_encode_name(name: str) -> str:
    """A string made into a valid element name, as XmlConvert.EncodeLocalName does."""
    encoded = []
    for index, char in enumerate(name):
        valid = char.isalpha() or char == "_" or (index > 0 and (char.isdigit() or char in ".-"))
        if valid and not (char == "_" and _ENCODED_CHAR.match(name, index)):
            encoded.append(char)
        else:
            encoded.append(f"_x{ord(char):04X}_")
    return "".join(encoded)


def xml_text(element: ET.Element) -> str | None:
    """An element's text; None for `xsi:nil="true"`."""
    if element.get(_XSI_NIL) in ("true", "1"):
        return None
    return element.text or ""


def xml_to_int(element: ET.Element) -> int | None:
    text = xml_text(element)
    if text is None:
        return None
    if not _INTEGER.fullmatch(text.strip()):
        raise XmlError(f"<{xml_local_name(element.tag)}> is not an integer: {text!r}")
    return int(text)


def xml_to_float(element: ET.Element) -> float | None:
    text = xml_text(element)
    if text is None:
        return None
    try:
        return float(text)
    except ValueError as exc:
        raise XmlError(f"<{xml_local_name(element.tag)}> is not a number: {text!r}") from exc


def xml_to_bool(element: ET.Element) -> bool | None:
    text = xml_text(element)
    if text is None:
        return None
    value = {"true": True, "1": True, "false": False, "0": False}.get(text.strip())
    if value is None:
        raise XmlError(f"<{xml_local_name(element.tag)}> is not a boolean: {text!r}")
    return value


def xml_to_str(element: ET.Element) -> str | None:
    return xml_text(element)


XML_MAX_DEPTH = 64
"""How deep xml_to_any follows elements the schema does not describe, before refusing the document."""


def xml_to_any(element: ET.Element, depth: int = 0) -> Any:
    """An element the schema does not describe: text if it is a leaf, else a dict of its children."""
    if depth > XML_MAX_DEPTH:
        raise XmlError(f"<{xml_local_name(element.tag)}> is nested more than {XML_MAX_DEPTH} levels deep")
    if len(element) == 0:
        return xml_text(element)
    data: dict[str, Any] = {}
    for child in element:
        name = xml_local_name(child.tag)
        value = xml_to_any(child, depth + 1)
        if name in data:
            previous = data[name]
            data[name] = [*previous, value] if isinstance(previous, list) else [previous, value]
        else:
            data[name] = value
    return data


def xml_require(element: ET.Element, data: Mapping[str, Any], required: tuple[str, ...]) -> None:
    """Refuse an element that lacks a child the schema requires (so a parse never dies on KeyError)."""
    missing = [name for name in required if name not in data]
    if missing:
        raise XmlError(f"<{xml_local_name(element.tag)}> lacks required element(s): {', '.join(missing)}")


def xml_append(parent: ET.Element, name: str, value: Any) -> None:
    """Append `value` under `parent` as element `name`: scalars as text, dicts as children."""
    child = ET.SubElement(parent, name)
    if type(value) is str or type(value) is int:  # the common case first (a bool is not an int here)
        child.text = str(value)
    elif value is None:
        child.set("xsi:nil", "true")
    elif isinstance(value, bool):
        child.text = "true" if value else "false"
    elif isinstance(value, Mapping):
        for key, item in value.items():
            xml_append_repeated(child, xml_encode_name(str(key)), item)
    else:
        child.text = str(value)


def xml_append_repeated(parent: ET.Element, name: str, value: Any) -> None:
    """Like xml_append, but a list becomes one element per item (how ModelState lists travel)."""
    if isinstance(value, list):
        for item in value:
            xml_append(parent, name, item)
    else:
        xml_append(parent, name, value)


# --- Models as XML, driven by each model's field table -----------------------------------------
# A model that travels as XML declares XML_NAME, XML_FIELDS (its children in the schema's property
# order) and XML_EXTRA (how children the schema does not name are read and written, or None to
# ignore them). The two functions below do the rest for every model.

XmlKind = Literal["str", "int", "float", "bool", "model", "list", "any"]
_XML_SCALARS: dict[str, Callable[[ET.Element], Any]] = {
    "str": xml_to_str,
    "int": xml_to_int,
    "float": xml_to_float,
    "bool": xml_to_bool,
    "any": xml_to_any,
}
# The element name XmlSerializer gives a list item of a simple type.
_XML_ITEM_NAMES = {"str": "string", "int": "int", "bool": "boolean", "float": "double"}


@define(frozen=True)
class XmlField:
    """One child element: its name, how it reads, and for `model` (or a list of models) the model's
    class name in the models package. `item` is the kind of a list's items."""

    name: str
    kind: XmlKind
    item: XmlKind = "str"
    model: str = ""
    required: bool = False


class XmlModel(Protocol):
    XML_NAME: ClassVar[str]
    XML_FIELDS: ClassVar[tuple[XmlField, ...]]
    XML_EXTRA: ClassVar[XmlField | None]


def _model_class(name: str) -> type[XmlModel]:
    from . import models  # noqa: PLC0415 (the models import this module)

    model: type[XmlModel] = getattr(models, name)
    return model


def _read_value(kind: XmlKind, model: str, element: ET.Element) -> Any:
    if kind == "model":
        return xml_read(_model_class(model), element)
    return _XML_SCALARS[kind](element)


def _read_child(field: XmlField, child: ET.Element) -> Any:
    if field.kind == "list":
        if field.item == "model" and xml_text(child) is None:
            return None
        return [_read_value(field.item, field.model, item) for item in child]
    if field.kind == "model" and xml_text(child) is None:
        return None
    return _read_value(field.kind, field.model, child)


@define(frozen=True)
class _Table:
    """What reading and writing a model needs from its XML_FIELDS, worked out once per model."""

    fields: dict[str, XmlField]
    scalars: dict[str, Callable[[ET.Element], Any]]  # a scalar field's name: its reader
    required: tuple[str, ...]
    known: frozenset[str]


_TABLES: dict[type, _Table] = {}


def _table(model: type[XmlModel]) -> _Table:
    table = _TABLES.get(model)
    if table is None:
        fields = {field.name: field for field in model.XML_FIELDS}
        table = _TABLES[model] = _Table(
            fields=fields,
            scalars={name: _XML_SCALARS[f.kind] for name, f in fields.items() if f.kind in _XML_SCALARS},
            required=tuple(name for name, field in fields.items() if field.required),
            known=frozenset(fields),
        )
    return table


def xml_read(model: type[XmlModel], element: ET.Element) -> dict[str, Any]:
    """An element of `model` as the dict its from_dict takes; unknown children per XML_EXTRA."""
    table = _table(model)
    fields, scalars = table.fields, table.scalars
    extra = model.XML_EXTRA
    data: dict[str, Any] = {}
    for child in element:
        name = xml_local_name(child.tag)
        reader = scalars.get(name)
        if reader is not None:
            data[name] = reader(child)
        elif name in fields:
            data[name] = _read_child(fields[name], child)
        elif extra is not None and extra.kind == "list":
            data.setdefault(name, []).append(_read_value(extra.item, extra.model, child))
        elif extra is not None:
            data[name] = _read_value(extra.kind, extra.model, child)
    xml_require(element, data, table.required)
    return data


def xml_read_list(model: type[XmlModel], element: ET.Element) -> list[dict[str, Any]]:
    """A collection element (`ArrayOf<Type>`) of `model` items, each as xml_read reads it."""
    return [xml_read(model, child) for child in element]


def load_body(response: httpx.Response, model: type[XmlModel], *, many: bool = False) -> Any:
    """A response body as plain JSON-like data, whichever media type the server answered with: JSON
    as it is, XML read as one `model` (or, with `many`, a collection of them)."""
    if is_xml_media_type(response.headers.get("content-type", "")):
        root = parse_xml(response.content)
        return xml_read_list(model, root) if many else xml_read(model, root)
    return response.json()


def xml_write(model: type[XmlModel], data: Mapping[str, Any], tag: str) -> ET.Element:
    """The dict from a to_dict() as element `tag`, children in the schema's property order."""
    element = ET.Element(tag)
    for field in model.XML_FIELDS:
        if field.name not in data:
            continue
        value = data[field.name]
        if field.kind == "model" and value is not None:
            element.append(xml_write(_model_class(field.model), value, field.name))
        elif field.kind == "list":
            items = ET.SubElement(element, field.name)
            for item in value:
                if field.item == "model":
                    item_model = _model_class(field.model)
                    items.append(xml_write(item_model, item, item_model.XML_NAME))
                else:
                    xml_append(items, _XML_ITEM_NAMES[field.item], item)
        else:
            xml_append(element, field.name, value)
    if model.XML_EXTRA is not None:
        known = _table(model).known
        for name, value in data.items():
            if name not in known:
                xml_append_repeated(element, xml_encode_name(name), value)
    return element


XML_EXPORTS = ("MEDIA_TYPES", "MediaType", "XmlError", "XmlField", "is_xml_media_type", "parse_xml", "xml_document")


__all__ = ["UNSET", "File", "FileTypes", "RequestFiles", "Response", "Unset", *XML_EXPORTS]
