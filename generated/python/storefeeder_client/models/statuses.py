from enum import EnumMeta, StrEnum
from typing import Any


class _ByValue(EnumMeta):
    # Custom template addition (codegen/templates/str_enum.py.jinja): `Enum(value)` goes through
    # EnumMeta.__call__ and Enum.__new__ even for a known value; every parsed result calls it, so
    # known values are found with one dict lookup and the rest take the usual way.
    def __call__(cls, value: Any, *args: Any, **kwargs: Any) -> Any:
        if not args and not kwargs and isinstance(value, str):
            member = cls._value2member_map_.get(value)
            if member is not None:
                return member
        return super().__call__(value, *args, **kwargs)


class Statuses(StrEnum, metaclass=_ByValue):
    ASSIGNED = "Assigned"
    AWAITINGPAYMENT = "AwaitingPayment"
    CANCELLEDBYCLIENT = "CancelledByClient"
    CANCELLEDBYCUSTOMER = "CancelledByCustomer"
    COMPLETEREADYTOPICK = "CompleteReadyToPick"
    COURIERCLAIM = "CourierClaim"
    DELIVERED = "Delivered"
    DESPATCHED = "Despatched"
    DRAFT = "Draft"
    ONHOLD = "OnHold"
    PARTIALLYSHIPPEDBYAMAZON = "PartiallyShippedByAmazon"
    PARTRETURN = "PartReturn"
    PENDINGWAITINGALLSTOCK = "PendingWaitingAllStock"
    PENDINGWAITINGPARTSTOCK = "PendingWaitingPartStock"
    RETURNED = "Returned"
    SHIPPEDBYAMAZON = "ShippedByAmazon"
    UNFINISHED = "UnFinished"
    UNRECOGNISEDPRODUCTS = "UnRecognisedProducts"
    WAITINGFORCUSTOMERCONTACT = "WaitingForCustomerContact"

    def __str__(self) -> str:
        return str(self.value)

    # Custom template addition (codegen/templates/str_enum.py.jinja): the server's list of names can
    # be longer than the spec's. An unknown name becomes a pseudo-member that keeps the raw value
    # (`str(x)`, `x.value`) instead of raising; `x in Statuses` is False for it.
    @classmethod
    def _missing_(cls, value: object) -> "Statuses | None":
        if not isinstance(value, str):
            return None
        member = str.__new__(cls, value)
        member._name_ = value
        member._value_ = value
        return member
