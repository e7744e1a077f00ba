"""Read what the mock needs from openapi.yaml, the single source of truth.

Nothing here restates the contract: status names, ids and flags, per-item error texts, the
batch limit, order-number bounds, XML element names and order, media types, paths and the
framework's error texts all come out of the YAML file. This module only knows where to look.
"""

from __future__ import annotations

import dataclasses
import functools
import importlib
import os
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

# PyYAML ships no type information; import it as a plain module so mypy --strict needs no stubs.
_yaml = importlib.import_module("yaml")

SPEC_ENV = "STOREFEEDER_SPEC"


class SpecError(RuntimeError):
    """openapi.yaml lacks something the mock reads from it."""


@dataclass(frozen=True, slots=True)
class Status:
    """One entry of the status catalogue (`x-storefeeder-statuses`)."""

    name: str
    id: int
    display: str
    overridable: bool
    leavable: bool  # `leavable` key: may an order in this status be overridden (default true)


@dataclass(frozen=True, slots=True)
class XmlShape:
    """An XmlSerializer collection: root element, item element, item children in order."""

    root: str
    item: str
    fields: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Contract:
    """Everything the mock takes from openapi.yaml."""

    path: Path
    statuses: tuple[Status, ...]
    not_found_text: str
    not_overridable_text: str
    batch_limit: int
    order_number_min: int
    order_number_max: int
    order_number_pattern: str
    media_types: tuple[str, ...]
    routes: Mapping[str, tuple[str, str]]  # operationId -> (METHOD, path template)
    override_request: XmlShape
    override_response: XmlShape
    override_response_json_keys: tuple[str, ...]
    catalogue: XmlShape  # root ArrayOfOrderStatusesResponse, item OrderStatusesResponse
    catalogue_wrapper_field: str  # the one property of the item (OrderStatus)
    catalogue_fields: tuple[str, ...]  # OrderStatusModel properties, in order
    order_root: str
    order_fields: tuple[str, ...]
    error_root: str
    invalid_message: str  # BadRequest example Message
    unauthorized_message: str
    unsupported_media_template: str  # with "{}" where the media type goes
    too_large_message: str
    too_many_message: str
    unavailable_message: str

    def status_map(self) -> dict[str, Status]:
        """Name -> Status (a fresh dict; callers keep their own)."""
        return {s.name: s for s in self.statuses}


EXTRA_STATUS_NAME = re.compile(r"[A-Za-z][A-Za-z0-9]{0,63}")
"""A name like the enum's: a C# identifier without underscores, short."""


def with_extra_status(contract: Contract, name: str | None) -> Contract:
    """`contract` plus one status it does not list, as if the service had added it: in the
    catalogue (not overridable, the next id) and bound by the enum; None leaves it as it is."""
    if name is None:
        return contract
    if not EXTRA_STATUS_NAME.fullmatch(name):
        raise ValueError(f"extra status {name!r} must be letters and digits, starting with a letter")
    if name.lower() in {s.name.lower() for s in contract.statuses}:
        raise ValueError(f"extra status {name!r} is already in the contract")
    extra = Status(
        name=name,
        id=max(s.id for s in contract.statuses) + 1,
        display=name,
        overridable=False,
        leavable=True,
    )
    return dataclasses.replace(contract, statuses=(*contract.statuses, extra))


def default_spec_path() -> Path:
    """STOREFEEDER_SPEC if set, else openapi.yaml at the repository root beside mock/."""
    env = os.environ.get(SPEC_ENV)
    if env:
        return Path(env)
    return Path(__file__).resolve().parent.parent / "openapi.yaml"


def load_contract(path: Path | None = None) -> Contract:
    """Load (and cache) the contract from `path` or the default location."""
    return _load(str((path or default_spec_path()).resolve()))


@functools.lru_cache(maxsize=4)
def _load(path: str) -> Contract:
    try:
        text = Path(path).read_text(encoding="utf-8")
    except OSError as exc:
        raise SpecError(f"cannot read the contract {path}: {exc} (set {SPEC_ENV})") from exc
    loader = getattr(_yaml, "CSafeLoader", None) or _yaml.SafeLoader
    doc = _yaml.load(text, Loader=loader)
    try:
        return _contract(Path(path), doc)
    except (KeyError, TypeError, IndexError, ValueError) as exc:
        raise SpecError(f"{path}: cannot read {exc!r} from the contract") from exc


def _contract(path: Path, doc: Any) -> Contract:
    schemas = doc["components"]["schemas"]
    responses = doc["components"]["responses"]
    statuses_schema = schemas["Statuses"]
    statuses = tuple(
        Status(
            name=str(e["name"]),
            id=int(e["id"]),
            display=str(e["display"]),
            overridable=bool(e["overridable"]),
            leavable=bool(e.get("leavable", True)),
        )
        for e in statuses_schema["x-storefeeder-statuses"]
    )
    if [s.name for s in statuses] != list(statuses_schema["enum"]):
        raise SpecError("Statuses.enum and x-storefeeder-statuses disagree")
    item_errors = statuses_schema["x-storefeeder-item-errors"]
    number = schemas["OrderNumber"]

    routes: dict[str, tuple[str, str]] = {}
    for template, item in doc["paths"].items():
        for method, op in item.items():
            if isinstance(op, dict) and "operationId" in op:
                routes[op["operationId"]] = (method.upper(), template)

    put = doc["paths"][routes["overrideOrderStatuses"][1]]["put"]
    media_types = tuple(put["requestBody"]["content"].keys())
    json_example = put["responses"]["200"]["content"]["application/json"]["example"]
    json_keys: list[str] = []
    for item in json_example:
        for key in item:
            if key not in json_keys:
                json_keys.append(key)

    def shape(array_name: str) -> XmlShape:
        array = schemas[array_name]
        item_schema = _deref(doc, array["items"])
        return XmlShape(
            root=array["xml"]["name"],
            item=item_schema["xml"]["name"],
            fields=tuple(item_schema["properties"].keys()),
        )

    catalogue = shape("ArrayOfOrderStatusesResponse")
    wrapper_schema = schemas["OrderStatusesResponse"]
    (wrapper_field,) = tuple(wrapper_schema["properties"].keys())
    inner = _deref(doc, wrapper_schema["properties"][wrapper_field])
    response = shape("ArrayOfOverrideOrderStatusResponse")
    if set(json_keys) != set(response.fields):
        raise SpecError("the override response JSON example and schema name different properties")

    def example_message(name: str) -> str:
        return str(responses[name]["content"]["application/json"]["example"]["Message"])

    unsupported = example_message("UnsupportedMediaType")
    template, count = re.subn(r"'[^'\s]*'", "'{}'", unsupported, count=1)
    if count != 1:
        raise SpecError("the UnsupportedMediaType example does not quote a media type")

    return Contract(
        path=path,
        statuses=statuses,
        not_found_text=str(item_errors["order-not-found-or-foreign"]),
        not_overridable_text=str(item_errors["status-not-overridable"]),
        batch_limit=int(schemas["ArrayOfOverrideOrderStatusModel"]["maxItems"]),
        order_number_min=int(number["minimum"]),
        order_number_max=int(number["maximum"]),
        order_number_pattern=str(number["x-text-pattern"]),
        media_types=media_types,
        routes=routes,
        override_request=shape("ArrayOfOverrideOrderStatusModel"),
        override_response=response,
        override_response_json_keys=tuple(json_keys),
        catalogue=catalogue,
        catalogue_wrapper_field=str(wrapper_field),
        catalogue_fields=tuple(inner["properties"].keys()),
        order_root=str(schemas["OrderModel"]["xml"]["name"]),
        order_fields=tuple(schemas["OrderModel"]["properties"].keys()),
        error_root=str(schemas["HttpError"]["xml"]["name"]),
        invalid_message=example_message("BadRequest"),
        unauthorized_message=example_message("Unauthorized"),
        unsupported_media_template=template,
        too_large_message=example_message("PayloadTooLarge"),
        too_many_message=example_message("TooManyRequests"),
        unavailable_message=example_message("ServiceUnavailable"),
    )


def _deref(doc: Any, node: Any) -> Any:
    ref = node.get("$ref") if isinstance(node, dict) else None
    if not ref:
        return node
    target = doc
    for part in ref.lstrip("#/").split("/"):
        target = target[part]
    return target
