from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, ClassVar, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from .. import types as _types

if TYPE_CHECKING:
    from ..models.order_status_model import OrderStatusModel


T = TypeVar("T", bound="OrderStatusesResponse")


@_attrs_define
class OrderStatusesResponse:
    """The catalogue's wrapper around one status (as the Help page sample shows)."""

    order_status: OrderStatusModel
    """ One status of the catalogue. """
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        order_status = self.order_status.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "OrderStatus": order_status,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.order_status_model import OrderStatusModel  # noqa: PLC0415

        d = dict(src_dict)
        order_status = OrderStatusModel.from_dict(d.pop("OrderStatus"))

        order_statuses_response = cls(
            order_status=order_status,
        )

        order_statuses_response.additional_properties = d
        return order_statuses_response

    XML_NAME: ClassVar[str] = "OrderStatusesResponse"
    """The element name of this type in XML (the schema's `xml.name`, else the type name)."""
    XML_FIELDS: ClassVar[tuple[_types.XmlField, ...]] = (
        _types.XmlField("OrderStatus", "model", model="OrderStatusModel", required=True),
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
