"""The contract's per-item rules as a tiny model: what a faithful server answers and stores.

Per item, in request order: an order that is not the caller's fails with the not-found text; a
target whose UserCanOverrideToStatus is false fails with the not-overridable text; so does an
order in a status the contract marks as one that cannot be left; otherwise the status is stored.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from .bodies import Item, Result
from .contract import Contract


def apply(
    contract: Contract,
    catalogue: Mapping[str, bool],
    state: Mapping[int, str],
    items: Sequence[Item],
) -> tuple[list[Result], dict[int, str]]:
    """The expected results for `items` and the state of the caller's orders afterwards.

    `state` holds the caller's orders (number -> current status); any other number is missing
    or belongs to someone else, which the contract answers the same way.
    """
    after = dict(state)
    expected: list[Result] = []
    for number, target in items:
        current = after.get(number)
        if current is None:
            expected.append(Result(number, target, False, contract.not_found_text))
        elif not catalogue.get(target, False) or not contract.leavable.get(current, True):
            expected.append(Result(number, target, False, contract.not_overridable_text))
        else:
            after[number] = target
            expected.append(Result(number, target, True, None))
    return expected, after
