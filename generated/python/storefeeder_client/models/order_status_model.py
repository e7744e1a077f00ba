from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Mapping
from typing import Any, ClassVar, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from .. import types as _types
from ..types import UNSET, Unset

T = TypeVar("T", bound="OrderStatusModel")


@_attrs_define
class OrderStatusModel:
    """One status of the catalogue."""

    order_status_id: int
    """ The status's numeric id. """
    order_status: str
    """ The status's API name (a Statuses value; kept as text so a new name cannot break a client). """
    user_can_override_to_status: bool
    """ Whether PUT orders/override-order-statuses accepts this status as a target. """
    description: str | Unset = UNSET
    """ A human-readable name. """
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        order_status_id = self.order_status_id

        order_status = self.order_status

        user_can_override_to_status = self.user_can_override_to_status

        description = self.description

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "OrderStatusID": order_status_id,
                "OrderStatus": order_status,
                "UserCanOverrideToStatus": user_can_override_to_status,
            }
        )
        if description is not UNSET:
            field_dict["Description"] = description

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        order_status_id = d.pop("OrderStatusID")

        order_status = d.pop("OrderStatus")

        user_can_override_to_status = d.pop("UserCanOverrideToStatus")

        description = d.pop("Description", UNSET)

        order_status_model = cls(
            order_status_id=order_status_id,
            order_status=order_status,
            user_can_override_to_status=user_can_override_to_status,
            description=description,
        )

        order_status_model.additional_properties = d
        return order_status_model

    XML_NAME: ClassVar[str] = "OrderStatusModel"
    """The element name of this type in XML (the schema's `xml.name`, else the type name)."""
    XML_FIELDS: ClassVar[tuple[_types.XmlField, ...]] = (
        _types.XmlField("OrderStatusID", "int", required=True),
        _types.XmlField("OrderStatus", "str", required=True),
        _types.XmlField("Description", "str"),
        _types.XmlField("UserCanOverrideToStatus", "bool", required=True),
    )
    XML_EXTRA: ClassVar[_types.XmlField | None] = _types.XmlField("*", "any")

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

    def __getitem__(self, key: str) -> Any:
        return self.additional_properties[key]

    def __setitem__(self, key: str, value: Any) -> None:
        self.additional_properties[key] = value

    def __delitem__(self, key: str) -> None:
        del self.additional_properties[key]

    def __contains__(self, key: str) -> bool:
        return key in self.additional_properties
