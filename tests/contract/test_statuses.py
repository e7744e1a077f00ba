"""The Statuses catalogue in openapi.yaml is consistent: enum, x-storefeeder-statuses, description."""

from __future__ import annotations

from typing import Any


def _statuses(spec: dict[str, Any]) -> dict[str, Any]:
    schema: dict[str, Any] = spec["components"]["schemas"]["Statuses"]
    return schema


def test_enum_and_catalogue_name_the_same_statuses(spec: dict[str, Any]) -> None:
    schema = _statuses(spec)
    assert [entry["name"] for entry in schema["x-storefeeder-statuses"]] == schema["enum"]


def test_catalogue_ids_are_unique(spec: dict[str, Any]) -> None:
    ids = [entry["id"] for entry in _statuses(spec)["x-storefeeder-statuses"]]
    assert len(ids) == len(set(ids))


def test_seed_facts_hold(spec: dict[str, Any]) -> None:
    """The override Help page: OnHold succeeds, PendingWaitingAllStock cannot be a target."""
    catalogue = {entry["name"]: entry for entry in _statuses(spec)["x-storefeeder-statuses"]}
    assert catalogue["OnHold"]["overridable"] is True
    assert catalogue["PendingWaitingAllStock"]["overridable"] is False
    assert catalogue["CompleteReadyToPick"]["id"] == 3 and catalogue["Despatched"]["id"] == 7


def test_description_marks_each_name_confirmed_or_inferred(spec: dict[str, Any]) -> None:
    schema = _statuses(spec)
    description: str = schema["description"]
    confirmed_part, inferred_part = description.split("Inferred from", 1)
    for entry in schema["x-storefeeder-statuses"]:
        name = f"`{entry['name']}`"
        part = confirmed_part if entry["name_source"] == "confirmed" else inferred_part
        assert name in part, f"{entry['name']} should be listed as {entry['name_source']}"
        assert entry["source"], f"{entry['name']} needs a source"


def _status_refs(spec: dict[str, Any], schema_name: str) -> str:
    prop: dict[str, Any] = spec["components"]["schemas"][schema_name]["properties"]["OrderStatus"]
    ref: str = prop["$ref"]
    return ref.rsplit("/", 1)[-1]


def test_requests_name_a_closed_list_and_responses_an_open_one(spec: dict[str, Any]) -> None:
    """Generated clients with closed enums (Go, Java) must still decode a name the spec lacks."""
    schemas = spec["components"]["schemas"]
    assert _status_refs(spec, "OverrideOrderStatusModel") == "Statuses"
    assert _status_refs(spec, "OverrideOrderStatusResponse") == "StatusName"
    assert _status_refs(spec, "OrderModel") == "StatusName"
    open_list = schemas["StatusName"]
    assert open_list["type"] == "string" and "enum" not in open_list
    assert open_list["x-extensible-enum"] == schemas["Statuses"]["enum"], "the known names, all listed"
