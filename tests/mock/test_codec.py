"""The mock's codec: XML names as XmlConvert encodes them, text decoding by charset, the hardened XML
decoder, and the result encoder's cached templates."""

from __future__ import annotations

import json

import pytest
from storefeeder_mock.codec import CodecError, decode_text, decode_xml, encode_local_name


@pytest.mark.parametrize(
    ("key", "encoded"),
    [
        ("model[3].OrderNumber", "model_x005B_3_x005D_.OrderNumber"),
        ("model", "model"),
        ("3d", "_x0033_d"),
        ("a b", "a_x0020_b"),
        ("a:b", "a_x003A_b"),
        ("_x0041_", "_x005F_x0041_"),
        ("ordernumber", "ordernumber"),
    ],
)
def test_encode_local_name_like_xmlconvert(key: str, encoded: str) -> None:
    assert encode_local_name(key) == encoded


def test_text_decoding_by_charset() -> None:
    assert decode_text(b"\xef\xbb\xbf[1]", None) == "[1]"  # a UTF-8 BOM is dropped
    assert decode_text("[1]".encode("utf-16"), None) == "[1]"
    assert decode_text(b"[1]", "koi8-r") == "[1]"  # any other charset reads as UTF-8, as Web API does
    with pytest.raises(CodecError):
        decode_text(b"\xff[1]", "iso-8859-1")


def test_xml_decoder_refuses_dtds_and_depth() -> None:
    with pytest.raises(CodecError, match="DOCTYPE"):
        decode_xml(b"<!DOCTYPE a><a/>")
    with pytest.raises(CodecError, match="nested"):
        decode_xml(b"<a>" * 40 + b"</a>" * 40)
    node = decode_xml(b'<r xmlns:p="urn:x"><p:i>1</p:i><i>2</i></r>')
    assert [c.name for c in node.children] == ["urn:x i", "i"]


def test_array_encoder_templates_match_the_generic_writer() -> None:
    from storefeeder_mock.codec import ArrayEncoder, json_object

    names = ("OrderNumber", "OrderStatus", "Success", "Error")
    order = ("OrderNumber", "OrderStatus", "Success", "Error")
    encoder = ArrayEncoder(names, order, json_object, "[", "]", ",")
    hole_digits = str(7**50)
    rows = [
        (5, "OnHold", True, None),
        (6, "OnHold", True, None),
        (7, "Draft", False, "100% refused"),
        (8, f"x{hole_digits}", False, None),
    ]
    for _ in range(2):  # the second pass uses the cached templates
        assert json.loads(encoder.encode(rows)) == [
            {k: v for k, v in zip(order, row, strict=True) if v is not None} for row in rows
        ]
