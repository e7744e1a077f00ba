from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Mapping
from typing import Any, ClassVar, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from .. import types as _types

T = TypeVar("T", bound="TokenResponse")


@_attrs_define
class TokenResponse:
    """OWIN's token response."""

    access_token: str
    """ The bearer token. """
    token_type: str
    """ Always `bearer`. """
    expires_in: int
    """ Seconds until the token expires. """
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        access_token = self.access_token

        token_type = self.token_type

        expires_in = self.expires_in

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "access_token": access_token,
                "token_type": token_type,
                "expires_in": expires_in,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        access_token = d.pop("access_token")

        token_type = d.pop("token_type")

        expires_in = d.pop("expires_in")

        token_response = cls(
            access_token=access_token,
            token_type=token_type,
            expires_in=expires_in,
        )

        token_response.additional_properties = d
        return token_response

    XML_NAME: ClassVar[str] = "TokenResponse"
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
        if "access_token" in data:
            _types.xml_append(element, "access_token", data["access_token"])
        if "token_type" in data:
            _types.xml_append(element, "token_type", data["token_type"])
        if "expires_in" in data:
            _types.xml_append(element, "expires_in", data["expires_in"])
        _known: tuple[str, ...] = (
            "access_token",
            "token_type",
            "expires_in",
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
            if name == "access_token":
                data[name] = _types.xml_to_str(child)
                continue
            if name == "token_type":
                data[name] = _types.xml_to_str(child)
                continue
            if name == "expires_in":
                data[name] = _types.xml_to_int(child)
                continue
            data[name] = _types.xml_to_any(child)
        _types.xml_require(
            element,
            data,
            (
                "access_token",
                "token_type",
                "expires_in",
            ),
        )
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
