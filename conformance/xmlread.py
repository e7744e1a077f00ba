"""A small, hardened XML reader that keeps what the checks judge: names, order, declarations.

defusedxml refuses DTDs, entity declarations and external references; the reader keeps each
element's tag exactly (`{uri}name` when it is in a namespace), the namespace declarations made on
it, its attributes, its children in document order and its text.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from xml.etree.ElementTree import ParseError

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import iterparse

MAX_BYTES = 8 * 1024 * 1024
MAX_DEPTH = 200


class XmlError(ValueError):
    """The body is not well-formed XML, or is hostile."""


@dataclass(slots=True)
class Element:
    tag: str
    namespaces: dict[str, str] = field(default_factory=dict)  # prefix ("" = default) -> URI
    attributes: dict[str, str] = field(default_factory=dict)
    children: list[Element] = field(default_factory=list)
    text: str = ""

    @property
    def in_namespace(self) -> bool:
        return self.tag.startswith("{")

    @property
    def child_tags(self) -> list[str]:
        return [c.tag for c in self.children]

    def child(self, tag: str) -> Element | None:
        return next((c for c in self.children if c.tag == tag), None)

    def walk(self) -> list[Element]:
        out = [self]
        for c in self.children:
            out.extend(c.walk())
        return out


def parse(data: bytes) -> Element:
    """The document's root element; XmlError when it is not well-formed or is hostile."""
    if len(data) > MAX_BYTES:
        raise XmlError(f"XML body larger than {MAX_BYTES} bytes")
    stack: list[Element] = []
    pending: dict[str, str] = {}
    root: Element | None = None
    try:
        for event, item in iterparse(io.BytesIO(data), events=("start-ns", "start", "end"), forbid_dtd=True):
            if event == "start-ns":
                prefix, uri = item
                pending[prefix] = uri
            elif event == "start":
                node = Element(tag=item.tag, namespaces=pending, attributes=dict(item.attrib))
                pending = {}
                if len(stack) >= MAX_DEPTH:  # readers of the tree recurse
                    raise XmlError(f"XML nested deeper than {MAX_DEPTH} elements")
                if stack:
                    stack[-1].children.append(node)
                else:
                    root = node
                stack.append(node)
            else:
                node = stack.pop()
                node.text = item.text or ""
                item.clear()
    except (ParseError, DefusedXmlException, UnicodeError) as exc:
        raise XmlError(f"not well-formed XML: {exc}") from exc
    if root is None:
        raise XmlError("empty XML document")
    return root
