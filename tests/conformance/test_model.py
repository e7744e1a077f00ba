"""The per-item model: what a faithful server answers and stores."""

from __future__ import annotations

from storefeeder_conformance import model
from storefeeder_conformance.contract import Contract


def test_model_follows_the_per_item_rules(contract: Contract) -> None:
    catalogue = {"OnHold": True, "Despatched": True, "Assigned": False}
    expected, after = model.apply(
        contract, catalogue, {1: "OnHold"}, [(1, "Despatched"), (1, "Assigned"), (2, "OnHold")]
    )
    assert [(o.success, o.error) for o in expected] == [
        (True, None),
        (False, contract.not_overridable_text),
        (False, contract.not_found_text),
    ]
    assert after == {1: "Despatched"}
