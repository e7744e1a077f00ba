from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Mapping
from typing import Any, ClassVar, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from .. import types as _types

T = TypeVar("T", bound="HttpErrorModelState")


@_attrs_define
class HttpErrorModelState:
    """Per value path (`model[3].OrderNumber`), the reasons it was refused."""

    additional_properties: dict[str, list[str]] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:

        field_dict: dict[str, Any] = {}
        for prop_name, prop in self.additional_properties.items():
            field_dict[prop_name] = prop

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        http_error_model_state = cls()

        additional_properties = {}
        for prop_name, prop_dict in d.items():
            additional_property = cast(list[str], prop_dict)

            additional_properties[prop_name] = additional_property

        http_error_model_state.additional_properties = additional_properties
        return http_error_model_state

    XML_NAME: ClassVar[str] = "HttpErrorModelState"
    """The element name of this type in XML (the schema's `xml.name`, else the type name)."""
    XML_FIELDS: ClassVar[tuple[_types.XmlField, ...]] = ()
    XML_EXTRA: ClassVar[_types.XmlField | None] = _types.XmlField("*", "list", item="str")

    def to_xml(self, tag: str | None = None) -> ET.Element:
        """This object as an XML element, children in the schema's property order."""
        return _types.xml_write(type(self), self.to_dict(), tag or self.XML_NAME)

    @classmethod
    def from_xml(cls: type[T], element: ET.Element) -> T:
        """Build from an XML element (see types.parse_xml for parsing safely)."""
        return cls.from_dict(_types.xml_read(cls, element))

    @property
    def additional_keys(self) -> list[str]:
        return list(self.additional_properties.keys())

    def __getitem__(self, key: str) -> list[str]:
        return self.additional_properties[key]

    def __setitem__(self, key: str, value: list[str]) -> None:
        self.additional_properties[key] = value

    def __delitem__(self, key: str) -> None:
        del self.additional_properties[key]

    def __contains__(self, key: str) -> bool:
        return key in self.additional_properties
