from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Mapping
from typing import Any, ClassVar, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from .. import types as _types
from ..types import UNSET, Unset

T = TypeVar("T", bound="TokenError")


@_attrs_define
class TokenError:
    """OWIN's OAuth2 error response."""

    error: str
    """ An OAuth2 error code such as `invalid_grant` or `unsupported_grant_type`. """
    error_description: str | Unset = UNSET
    """ A readable reason. """
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        error = self.error

        error_description = self.error_description

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "error": error,
            }
        )
        if error_description is not UNSET:
            field_dict["error_description"] = error_description

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        error = d.pop("error")

        error_description = d.pop("error_description", UNSET)

        token_error = cls(
            error=error,
            error_description=error_description,
        )

        token_error.additional_properties = d
        return token_error

    XML_NAME: ClassVar[str] = "TokenError"
    """The element name of this type in XML (the schema's `xml.name`, else the type name)."""

    def to_xml(self, tag: str | None = None) -> ET.Element:
        """This object as an XML element, children in the schema's property order."""
        return self._dict_to_xml(self.to_dict(), tag or self.XML_NAME)

    @classmethod
    def from_xml(cls: type[T], element: ET.Element) -> T:
        """Build from an XML element (see types.parse_xml for parsing safely)."""
        return cls.from_dict(cls._xml_to_dict(element))

    @classmethod
    def _dict_to_xml(cls, data: Mapping[str, Any], tag: str) -> ET.Element:
        element = ET.Element(tag)
        if "error" in data:
            _types.xml_append(element, "error", data["error"])
        if "error_description" in data:
            _types.xml_append(element, "error_description", data["error_description"])
        _known: tuple[str, ...] = (
            "error",
            "error_description",
        )
        for _name, _value in data.items():
            if _name not in _known:
                _types.xml_append_repeated(element, _types.xml_encode_name(_name), _value)
        return element

    @classmethod
    def _xml_to_dict(cls, element: ET.Element) -> dict[str, Any]:
        data: dict[str, Any] = {}
        for child in element:
            name = _types.xml_local_name(child.tag)
            if name == "error":
                data[name] = _types.xml_to_str(child)
                continue
            if name == "error_description":
                data[name] = _types.xml_to_str(child)
                continue
            data[name] = _types.xml_to_any(child)
        _types.xml_require(element, data, ("error",))
        return data

    @property
    def additional_keys(self) -> list[str]:
        return list(self.additional_properties.keys())

    def __getitem__(self, key: str) -> Any:
        return self.additional_properties[key]

    def __setitem__(self, key: str, value: Any) -> None:
        self.additional_properties[key] = value

    def __delitem__(self, key: str) -> None:
        del self.additional_properties[key]

    def __contains__(self, key: str) -> bool:
        return key in self.additional_properties
