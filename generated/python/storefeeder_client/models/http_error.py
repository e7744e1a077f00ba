from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, ClassVar, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from .. import types as _types
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.http_error_model_state import HttpErrorModelState


T = TypeVar("T", bound="HttpError")


@_attrs_define
class HttpError:
    """ASP.NET Web API's error body (`HttpError`); in XML its root is `<Error>`."""

    message: str
    """ A readable summary. """
    message_detail: str | Unset = UNSET
    """ More detail, when the framework gives it. """
    model_state: HttpErrorModelState | Unset = UNSET
    """ Per value path (`model[3].OrderNumber`), the reasons it was refused. """
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        message = self.message

        message_detail = self.message_detail

        model_state: dict[str, Any] | Unset = UNSET
        if not isinstance(self.model_state, Unset):
            model_state = self.model_state.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "Message": message,
            }
        )
        if message_detail is not UNSET:
            field_dict["MessageDetail"] = message_detail
        if model_state is not UNSET:
            field_dict["ModelState"] = model_state

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.http_error_model_state import HttpErrorModelState  # noqa: PLC0415

        d = dict(src_dict)
        message = d.pop("Message")

        message_detail = d.pop("MessageDetail", UNSET)

        _model_state = d.pop("ModelState", UNSET)
        model_state: HttpErrorModelState | Unset
        if isinstance(_model_state, Unset):
            model_state = UNSET
        else:
            model_state = HttpErrorModelState.from_dict(_model_state)

        http_error = cls(
            message=message,
            message_detail=message_detail,
            model_state=model_state,
        )

        http_error.additional_properties = d
        return http_error

    XML_NAME: ClassVar[str] = "Error"
    """The element name of this type in XML (the schema's `xml.name`, else the type name)."""
    XML_FIELDS: ClassVar[tuple[_types.XmlField, ...]] = (
        _types.XmlField("Message", "str", required=True),
        _types.XmlField("MessageDetail", "str"),
        _types.XmlField("ModelState", "model", model="HttpErrorModelState"),
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
