"""The codec's fast paths (codegen/templates/types.py.jinja) change speed, never results: the
plain-tree writer is byte-identical to ET.tostring, and the C-parser path refuses what
defusedxml refuses and reads every encoding the careful path reads."""

from __future__ import annotations

import random
import xml.etree.ElementTree as ET

import pytest
from storefeeder_client.types import XmlError, parse_xml, xml_document

CHARS = "ab<>&\"'\n\r\t é\u2028_x0041_"


def _random_tree(rng: random.Random) -> ET.Element:
    root = ET.Element("ArrayOfX")
    for _ in range(rng.randint(0, 4)):
        child = ET.SubElement(root, rng.choice(["A", "B_x", "c.d"]))
        if rng.random() < 0.3:
            child.set("xsi:nil", "true")
        if rng.random() < 0.7:
            child.text = "".join(rng.choice(CHARS) for _ in range(rng.randint(0, 6)))
        for _ in range(rng.randint(0, 2)):
            # Mostly plain leaves (written without recursing); now and then one that is not.
            grandchild = ET.SubElement(child, "G" if rng.random() < 0.9 else "{urn:x}G")
            grandchild.text = rng.choice([None, "", "1", "a&b"])
            if rng.random() < 0.2:
                grandchild.set("k", "".join(rng.choice(CHARS) for _ in range(3)))
            if rng.random() < 0.05:
                grandchild.tail = "t"
            if rng.random() < 0.1:
                ET.SubElement(grandchild, "H").text = rng.choice(["", "x<y"])
    return root


def test_the_writer_is_byte_identical_to_elementtree() -> None:
    rng = random.Random(10)
    for _ in range(2000):
        root = _random_tree(rng)
        assert xml_document(root) == ET.tostring(root, encoding="unicode").encode("utf-8")


def test_the_writer_hands_anything_else_to_elementtree() -> None:
    root = ET.Element("{urn:x}Root")
    ET.SubElement(root, "A").tail = "tail"
    assert xml_document(root) == ET.tostring(root, encoding="unicode").encode("utf-8")


@pytest.mark.parametrize(
    "document",
    [
        b'<?xml version="1.0"?><!DOCTYPE a [<!ENTITY x "y">]><a>&x;</a>',
        '<!DOCTYPE a [<!ENTITY x "y">]><a>&x;</a>'.encode("utf-16"),
        '<!DOCTYPE a [<!ENTITY x "y">]><a>&x;</a>'.encode("utf-16-le"),
        b'<?xml version="1.0" encoding="ISO-8859-1"?><!DOCTYPE a SYSTEM "file:///etc/passwd"><a/>',
        b"<a>&x;</a>",
    ],
)
def test_dtds_and_entities_are_refused_on_every_path(document: bytes) -> None:
    with pytest.raises(XmlError):
        parse_xml(document)


@pytest.mark.parametrize(
    "document",
    [
        "<a>é</a>".encode(),
        b"\xef\xbb\xbf<a>\xc3\xa9</a>",
        "<a>é</a>".encode("utf-16"),
        '<?xml version="1.0" encoding="UTF-16"?><a>é</a>'.encode("utf-16-le"),
        '<?xml version="1.0" encoding="ISO-8859-1"?><a>é</a>'.encode("latin-1"),
    ],
)
def test_every_encoding_still_reads(document: bytes) -> None:
    assert parse_xml(document).text == "é"
