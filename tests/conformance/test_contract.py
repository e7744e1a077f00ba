"""The contract as the suite reads it from openapi.yaml: values, operation paths, and a spec that lacks
what the suite reads."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from storefeeder_conformance import contract as contract_module
from storefeeder_conformance.contract import Contract

SPEC = contract_module.default_spec_path()


def _spec_document() -> dict:  # type: ignore[type-arg]
    return yaml.safe_load(SPEC.read_text(encoding="utf-8"))  # type: ignore[no-any-return]


def test_contract_values_come_from_the_yaml(contract: Contract) -> None:
    raw = _spec_document()
    schemas = raw["components"]["schemas"]
    assert contract.batch_max == schemas["ArrayOfOverrideOrderStatusModel"]["maxItems"]
    assert contract.number_max == schemas["OrderNumber"]["maximum"]
    assert contract.number_pattern == schemas["OrderNumber"]["x-text-pattern"]
    assert (
        contract.not_found_text
        == schemas["Statuses"]["x-storefeeder-item-errors"]["order-not-found-or-foreign"]
    )
    assert contract.status_names == tuple(schemas["Statuses"]["enum"])
    assert contract.result_shape.fields == tuple(schemas["OverrideOrderStatusResponse"]["properties"])
    assert contract.request_shape.root == schemas["ArrayOfOverrideOrderStatusModel"]["xml"]["name"]
    assert set(contract.namespaces) == {"xsd", "xsi"}
    assert (
        contract.status_invalid,
        contract.status_unauthorized,
        contract.status_unsupported,
        contract.status_not_found,
    ) == (
        400,
        401,
        415,
        404,
    )


def test_a_spec_without_what_the_suite_reads_is_a_contract_error(tmp_path: Path) -> None:
    raw = _spec_document()
    del raw["components"]["schemas"]["ArrayOfOverrideOrderStatusModel"]["maxItems"]
    broken = tmp_path / "openapi.yaml"
    broken.write_text(yaml.safe_dump(raw), encoding="utf-8")
    with pytest.raises(contract_module.ContractError, match="maxItems"):
        contract_module.load(broken)


def test_operation_paths_come_from_the_yaml(contract: Contract) -> None:
    paths = _spec_document()["paths"]
    by_id = {op["operationId"]: (path, method) for path, item in paths.items() for method, op in item.items()}
    assert set(contract_module.OPERATION_IDS) <= set(by_id)
    assert contract.override_path == by_id[contract_module.OVERRIDE][0]
    assert contract.catalogue_path == by_id[contract_module.CATALOGUE][0]
    assert contract.token_path == by_id[contract_module.TOKEN][0]
    template = by_id[contract_module.GET_ORDER][0]
    assert contract.order_path(1234) == template.replace("{ordernumber}", "1234")
    assert contract.order_path("x{y}") == template.replace("{ordernumber}", "x{y}")
    with pytest.raises(ValueError, match="takes 1 value"):
        contract.op(contract_module.GET_ORDER).path_with()
