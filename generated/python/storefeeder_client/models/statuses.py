from enum import StrEnum


class Statuses(StrEnum):
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

    # The server's list of names can be longer than the spec's. An unknown name becomes a
    # pseudo-member that keeps the raw value (`str(x)`, `x.value`) instead of raising;
    # `x in Statuses` is False for it.
    @classmethod
    def _missing_(cls, value: object) -> "Statuses | None":
        if not isinstance(value, str):
            return None
        member = str.__new__(cls, value)
        member._name_ = value
        member._value_ = value
        return member
