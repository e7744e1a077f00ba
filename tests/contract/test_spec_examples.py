"""Every example in openapi.yaml is valid, and each XML example says what its JSON sibling says."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from typing import Any

import pytest
from openapi_schema_validator import OAS30Validator
from storefeeder_client import models
from storefeeder_client import types as _types
from storefeeder_client.types import parse_xml

from .spec_walk import MediaExample, load_spec, media_examples, ref_name, resolve

JSON_TYPES = ("application/json", "text/json")
XML_TYPES = ("application/xml", "text/xml")
XSD = "http://www.w3.org/2001/XMLSchema"
XSI = "http://www.w3.org/2001/XMLSchema-instance"


def _examples(spec: dict[str, Any], media_types: tuple[str, ...]) -> list[MediaExample]:
    return [example for example in media_examples(spec) if example.media_type in media_types]


SPEC = load_spec()
JSON_EXAMPLES = _examples(SPEC, JSON_TYPES) + _examples(SPEC, ("application/x-www-form-urlencoded",))
XML_EXAMPLES = _examples(SPEC, XML_TYPES)


def _id(example: MediaExample) -> str:
    return f"{example.where} {example.media_type}"


def test_the_spec_has_examples_for_every_media_type() -> None:
    assert len(JSON_EXAMPLES) >= 15
    assert (
        len(XML_EXAMPLES) == len([e for e in _examples(SPEC, JSON_TYPES) if e.media_type == "text/json"]) * 2
    )


@pytest.mark.parametrize("example", JSON_EXAMPLES, ids=_id)
def test_json_example_validates_against_its_schema(example: MediaExample) -> None:
    schema = resolve(SPEC, example.schema_ref)
    errors = list(OAS30Validator(schema).iter_errors(example.example))
    assert not errors, [error.message for error in errors]


def test_schema_validation_would_catch_a_bad_example() -> None:
    """The validator above is not vacuous: a 51-item batch and an OrderNumber 0 are refused."""
    schema = resolve(SPEC, {"$ref": "#/components/schemas/ArrayOfOverrideOrderStatusModel"})
    item = {"OrderNumber": 1, "OrderStatus": "OnHold"}
    assert list(OAS30Validator(schema).iter_errors([item] * 51))
    assert list(OAS30Validator(schema).iter_errors([{"OrderNumber": 0, "OrderStatus": "OnHold"}]))
    assert not list(OAS30Validator(schema).iter_errors([item] * 50))


def _model_and_shape(schema_ref: dict[str, Any]) -> tuple[Any, bool]:
    """The client model class for a schema and whether the body is a collection of it."""
    schema = SPEC["components"]["schemas"][ref_name(schema_ref)]
    if schema.get("type") == "array":
        return getattr(models, ref_name(schema["items"])), True
    return getattr(models, ref_name(schema_ref)), False


@pytest.mark.parametrize("example", XML_EXAMPLES, ids=_id)
def test_xml_example_parses_to_the_json_example(example: MediaExample) -> None:
    model, is_collection = _model_and_shape(example.schema_ref)
    root = parse_xml(example.example)
    json_example = example.sibling("application/json")
    if is_collection:
        assert [_types.xml_read(model, item) for item in root] == json_example
        assert [model.from_xml(item).to_dict() for item in root] == json_example
    else:
        assert _types.xml_read(model, root) == json_example


@pytest.mark.parametrize("example", XML_EXAMPLES, ids=_id)
def test_xml_example_uses_the_schema_names_and_element_order(example: MediaExample) -> None:
    schema_name = ref_name(example.schema_ref)
    schema = SPEC["components"]["schemas"][schema_name]
    root = ET.fromstring(example.example)
    assert root.tag == schema["xml"]["name"]
    if schema.get("type") != "array":
        return
    item_schema = SPEC["components"]["schemas"][ref_name(schema["items"])]
    declared = list(item_schema["properties"])
    for item in root:
        assert item.tag == item_schema["xml"]["name"]
        names = [child.tag for child in item]
        assert names == [name for name in declared if name in names], "children out of schema order"
    raw = example.example
    assert f'xmlns:xsd="{XSD}"' in raw and f'xmlns:xsi="{XSI}"' in raw
