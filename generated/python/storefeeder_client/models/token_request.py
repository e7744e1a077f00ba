from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Mapping
from typing import Any, ClassVar, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from .. import types as _types
from ..models.token_request_grant_type import TokenRequestGrantType

T = TypeVar("T", bound="TokenRequest")


@_attrs_define
class TokenRequest:
    """OAuth2 password grant form."""

    grant_type: TokenRequestGrantType
    """ Always `password`. """
    username: str
    """ The API user's email address. """
    password: str
    """ The API user's password. """
    client_id: str
    """ The account's API key. """
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        grant_type = self.grant_type.value

        username = self.username

        password = self.password

        client_id = self.client_id

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "grant_type": grant_type,
                "username": username,
                "password": password,
                "client_id": client_id,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        grant_type = TokenRequestGrantType(d.pop("grant_type"))

        username = d.pop("username")

        password = d.pop("password")

        client_id = d.pop("client_id")

        token_request = cls(
            grant_type=grant_type,
            username=username,
            password=password,
            client_id=client_id,
        )

        token_request.additional_properties = d
        return token_request

    XML_NAME: ClassVar[str] = "TokenRequest"
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
        if "grant_type" in data:
            _types.xml_append(element, "grant_type", data["grant_type"])
        if "username" in data:
            _types.xml_append(element, "username", data["username"])
        if "password" in data:
            _types.xml_append(element, "password", data["password"])
        if "client_id" in data:
            _types.xml_append(element, "client_id", data["client_id"])
        _known: tuple[str, ...] = (
            "grant_type",
            "username",
            "password",
            "client_id",
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
            if name == "grant_type":
                data[name] = _types.xml_to_str(child)
                continue
            if name == "username":
                data[name] = _types.xml_to_str(child)
                continue
            if name == "password":
                data[name] = _types.xml_to_str(child)
                continue
            if name == "client_id":
                data[name] = _types.xml_to_str(child)
                continue
            data[name] = _types.xml_to_any(child)
        _types.xml_require(
            element,
            data,
            (
                "grant_type",
                "username",
                "password",
                "client_id",
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
