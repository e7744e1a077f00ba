"""The hardened XML reader: names, order and declarations kept; hostile or broken input refused."""

from __future__ import annotations

import pytest
from storefeeder_conformance import xmlread


def test_xml_reader_keeps_names_order_and_declarations() -> None:
    root = xmlread.parse(
        b'<A xmlns:xsd="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
        b"<B><Z>1</Z><Y> 2 </Y></B></A>"
    )
    assert root.tag == "A" and root.namespaces["xsi"].endswith("XMLSchema-instance")
    assert root.children[0].child_tags == ["Z", "Y"] and root.children[0].children[1].text == " 2 "
    assert not root.in_namespace


@pytest.mark.parametrize(
    "hostile",
    [
        b'<!DOCTYPE a [<!ENTITY x "y">]><a>&x;</a>',
        b'<!DOCTYPE a [<!ENTITY x SYSTEM "file:///etc/passwd">]><a>&x;</a>',
        b"<a><b></a>",
        b"",
    ],
)
def test_xml_reader_refuses_hostile_or_broken_input(hostile: bytes) -> None:
    with pytest.raises(xmlread.XmlError):
        xmlread.parse(hostile)
