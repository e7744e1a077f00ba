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
        if "OrderStatus" in data:
            from ..models.order_status_model import OrderStatusModel  # noqa: PLC0415

            if data["OrderStatus"] is None:
                _types.xml_append(element, "OrderStatus", None)
            else:
                element.append(OrderStatusModel._dict_to_xml(data["OrderStatus"], "OrderStatus"))
        _known: tuple[str, ...] = ("OrderStatus",)
        for _name, _value in data.items():
            if _name not in _known:
                _types.xml_append_repeated(element, _types.xml_encode_name(_name), _value)
        return element

    @classmethod
    def _xml_to_dict(cls, element: ET.Element) -> dict[str, Any]:
        data: dict[str, Any] = {}
        for child in element:
            name = _types.xml_local_name(child.tag)
            if name == "OrderStatus":
                from ..models.order_status_model import OrderStatusModel  # noqa: PLC0415

                data[name] = None if _types.xml_text(child) is None else OrderStatusModel._xml_to_dict(child)
                continue
            data[name] = _types.xml_to_any(child)
        _types.xml_require(element, data, ("OrderStatus",))
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
