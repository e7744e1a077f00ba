from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Mapping
from typing import Any, ClassVar, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from .. import types as _types
from ..models.statuses import Statuses

T = TypeVar("T", bound="OverrideOrderStatusModel")


@_attrs_define
class OverrideOrderStatusModel:
    """One order and the status that you wish to override it to. The schema states the canonical
    form; `x-aspnet-binding` states what else the framework binds (checked against ASP.NET Web
    API 5.2.9 in tests/differential).

    """

    order_number: int
    """ A StoreFeeder order number: a positive 32-bit integer. The Help page's pattern
    `^[1-9]\\d*$` is a `[RegularExpression]` on the model's `int`: ASP.NET checks it against
    the bound number's decimal text, so it means "1 or more", never a rule on the request
    text (`007`, ` 7 ` and `+7` in XML, and `"7"` in JSON, bind as 7). Clients should still
    send plain decimal digits.
     """
    order_status: Statuses
    """ An order status a request may name (a closed list: the service's enum binds only names it
    defines). Responses use `StatusName`, the same names as an open list: the real list is
    longer than this one and the service can send a name that is not here, so clients must
    keep an unknown name, not fail on it.
    `x-storefeeder-statuses` gives each name's id, whether a user may override to it
    (`overridable`), whether an order in it may be overridden to anything else (`leavable`,
    true unless stated), and where the name comes from. Confirmed names: `OnHold`, `CancelledByClient`,
    `CourierClaim`, `PendingWaitingAllStock` (override Help page), `CompleteReadyToPick`,
    `Despatched` (GET order-status Help page), `AwaitingPayment`, `Assigned` (integrator's
    list). Inferred from the support article's display names (spelling not confirmed):
    `Delivered`, `PartReturn`, `Returned`, `UnFinished`, `CancelledByCustomer`,
    `PendingWaitingPartStock`, `ShippedByAmazon`, `PartiallyShippedByAmazon`,
    `UnRecognisedProducts`, `WaitingForCustomerContact`, `Draft`.
     """
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        order_number = self.order_number

        order_status = self.order_status.value

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "OrderNumber": order_number,
                "OrderStatus": order_status,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        order_number = d.pop("OrderNumber")

        order_status = Statuses(d.pop("OrderStatus"))

        override_order_status_model = cls(
            order_number=order_number,
            order_status=order_status,
        )

        override_order_status_model.additional_properties = d
        return override_order_status_model

    XML_NAME: ClassVar[str] = "OverrideOrderStatusModel"
    """The element name of this type in XML (the schema's `xml.name`, else the type name)."""
    XML_FIELDS: ClassVar[tuple[_types.XmlField, ...]] = (
        _types.XmlField("OrderNumber", "int", required=True),
        _types.XmlField("OrderStatus", "str", required=True),
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
