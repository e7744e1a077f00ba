from enum import StrEnum


class TokenRequestGrantType(StrEnum):
    PASSWORD = "password"

    def __str__(self) -> str:
        return str(self.value)

    # The server's list of names can be longer than the spec's. An unknown name becomes a
    # pseudo-member that keeps the raw value (`str(x)`, `x.value`) instead of raising;
    # `x in TokenRequestGrantType` is False for it.
    @classmethod
    def _missing_(cls, value: object) -> "TokenRequestGrantType | None":
        if not isinstance(value, str):
            return None
        member = str.__new__(cls, value)
        member._name_ = value
        member._value_ = value
        return member
