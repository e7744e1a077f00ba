"""What the suite takes from openapi.yaml: limits, names, texts, XML shapes, media types.

Nothing here restates the contract. Operations are found by operationId and followed through
their `$ref`s; fields are told apart by their schema (the integer with a text pattern is the order
number, the enum is the status, the boolean is Success), so a renamed component still reads.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from . import xmlread

# The suite's one list of the operations it uses, by operationId; paths come from the spec.
OVERRIDE = "overrideOrderStatuses"
GET_ORDER = "getOrder"
CATALOGUE = "getOrderStatuses"
TOKEN = "createToken"
OPERATION_IDS = (OVERRIDE, GET_ORDER, CATALOGUE, TOKEN)
_PATH_PARAMETER = re.compile(r"\{[^}/]+\}")
XSI = "http://www.w3.org/2001/XMLSchema-instance"


class ContractError(RuntimeError):
    """openapi.yaml lacks something the suite reads from it."""


@dataclass(frozen=True, slots=True)
class XmlShape:
    """An XmlSerializer document: root element, item element and the item's children in order."""

    root: str
    item: str
    fields: tuple[str, ...]
    required: frozenset[str]


@dataclass(frozen=True, slots=True)
class Operation:
    operation_id: str
    method: str
    path: str
    secured: bool
    request_media: tuple[str, ...]
    success_media: tuple[str, ...]
    responses: Mapping[str, Any]  # status code -> resolved response object

    def path_with(self, *values: object) -> str:
        """The path with its `{parameters}` filled by `values`, in the order the template names them."""
        names = _PATH_PARAMETER.findall(self.path)
        if len(values) != len(names):
            raise ValueError(f"{self.path} takes {len(names)} value(s), not {values!r}")
        given = iter(values)
        return _PATH_PARAMETER.sub(lambda _: str(next(given)), self.path)


@dataclass(frozen=True, slots=True)
class Contract:
    path: Path
    document: Mapping[str, Any] = field(repr=False)
    operations: Mapping[str, Operation]
    batch_min: int
    batch_max: int
    number_min: int
    number_max: int
    number_pattern: str
    status_names: tuple[str, ...]
    leavable: Mapping[str, bool]  # only the statuses whose `leavable` flag the spec states
    not_found_text: str
    not_overridable_text: str
    number_field: str
    status_field: str
    success_field: str
    error_field: str
    request_shape: XmlShape
    result_shape: XmlShape
    catalogue_shape: XmlShape
    catalogue_fields: tuple[str, ...]
    order_root: str
    order_fields: tuple[str, ...]
    error_root: str
    namespaces: Mapping[str, str]  # prefix -> URI declared on collection roots (the seed's)
    unauthorized_message: str
    challenge_header: str
    status_invalid: int
    status_unauthorized: int
    status_unsupported: int
    status_not_found: int
    token_error_code: str
    status_token_refused: int

    def op(self, operation_id: str) -> Operation:
        return self.operations[operation_id]

    @property
    def override_path(self) -> str:
        return self.op(OVERRIDE).path

    @property
    def catalogue_path(self) -> str:
        return self.op(CATALOGUE).path

    @property
    def token_path(self) -> str:
        return self.op(TOKEN).path

    def order_path(self, number: int | str) -> str:
        """The GET path of one order (any text as the number: checks send malformed ones too)."""
        return self.op(GET_ORDER).path_with(number)

    @property
    def json_types(self) -> tuple[str, ...]:
        return tuple(m for m in self.op(OVERRIDE).request_media if m.endswith("json"))

    @property
    def xml_types(self) -> tuple[str, ...]:
        return tuple(m for m in self.op(OVERRIDE).request_media if m.endswith("xml"))


def default_spec_path() -> Path:
    """openapi.yaml at the repository root beside this package's folder, else in the working directory."""
    beside = Path(__file__).resolve().parent.parent / "openapi.yaml"
    return beside if beside.is_file() else Path.cwd() / "openapi.yaml"


def load(path: Path | None = None) -> Contract:
    spec = (path or default_spec_path()).resolve()
    try:
        text = spec.read_text(encoding="utf-8")
    except OSError as exc:
        raise ContractError(f"cannot read the contract {spec}: {exc}") from exc
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    doc = yaml.load(text, Loader=loader)
    try:
        return _read(spec, doc)
    except (KeyError, TypeError, IndexError, ValueError, StopIteration) as exc:
        raise ContractError(f"{spec}: cannot read {exc!r} from the contract") from exc


def resolve(doc: Mapping[str, Any], node: Any) -> Any:
    """Follow local `$ref`s until a node without one."""
    seen = 0
    while isinstance(node, Mapping) and "$ref" in node:
        target: Any = doc
        for part in str(node["$ref"]).removeprefix("#/").split("/"):
            target = target[part.replace("~1", "/").replace("~0", "~")]
        node = target
        seen += 1
        if seen > 32:
            raise ContractError(f"$ref loop at {node!r}")
    return node


def _operations(doc: Mapping[str, Any]) -> dict[str, Operation]:
    ops: dict[str, Operation] = {}
    for template, item in doc["paths"].items():
        for method, raw in item.items():
            if not isinstance(raw, Mapping) or "operationId" not in raw:
                continue
            body = resolve(doc, raw.get("requestBody", {}))
            responses = {str(k): resolve(doc, v) for k, v in raw["responses"].items()}
            success: Mapping[str, Any] = next((v for k, v in responses.items() if k.startswith("2")), {})
            ops[raw["operationId"]] = Operation(
                operation_id=raw["operationId"],
                method=method.upper(),
                path=template,
                secured=bool(raw.get("security", doc.get("security", []))),
                request_media=tuple(body.get("content", {})),
                success_media=tuple(success.get("content", {})),
                responses=responses,
            )
    missing = [o for o in OPERATION_IDS if o not in ops]
    if missing:
        raise ContractError(f"operations missing from the contract: {', '.join(missing)}")
    return ops


def _schema(doc: Mapping[str, Any], response_or_body: Mapping[str, Any], media: str) -> Any:
    return resolve(doc, response_or_body["content"][media]["schema"])


def _shape(doc: Mapping[str, Any], array: Mapping[str, Any]) -> tuple[XmlShape, Mapping[str, Any]]:
    item = resolve(doc, array["items"])
    shape = XmlShape(
        root=str(array["xml"]["name"]),
        item=str(item["xml"]["name"]),
        fields=tuple(item["properties"]),
        required=frozenset(item.get("required", ())),
    )
    return shape, item


def _field(doc: Mapping[str, Any], item: Mapping[str, Any], test: Any) -> str:
    return str(next(name for name, sub in item["properties"].items() if test(resolve(doc, sub))))


def _status_of(responses: Mapping[str, Any], component: str, doc: Mapping[str, Any]) -> int:
    """The status code whose response is the named component (e.g. UnsupportedMediaType)."""
    target = doc["components"]["responses"][component]
    return next(int(code) for code, resp in responses.items() if resp is target)


def _example_message(response: Mapping[str, Any]) -> str:
    return str(response["content"]["application/json"]["example"]["Message"])


def _read(path: Path, doc: Mapping[str, Any]) -> Contract:
    ops = _operations(doc)
    put, get_order, catalogue, token = (ops[o] for o in OPERATION_IDS)
    json_type = next(m for m in put.request_media if m.endswith("json"))
    xml_type = next(m for m in put.request_media if m.endswith("xml"))

    request_array = _schema(doc, resolve(doc, doc["paths"][put.path]["put"]["requestBody"]), json_type)
    request_shape, request_item = _shape(doc, request_array)
    number_field = _field(doc, request_item, lambda s: "x-text-pattern" in s)
    status_field = _field(doc, request_item, lambda s: "enum" in s)
    number = resolve(doc, request_item["properties"][number_field])
    statuses = resolve(doc, request_item["properties"][status_field])
    errors = statuses["x-storefeeder-item-errors"]

    result_array = _schema(doc, put.responses["200"], json_type)
    result_shape, result_item = _shape(doc, result_array)
    success_field = _field(doc, result_item, lambda s: s.get("type") == "boolean")
    error_field = next(f for f in result_shape.fields if f not in (success_field, number_field, status_field))

    catalogue_array = _schema(doc, catalogue.responses["200"], json_type)
    catalogue_shape, catalogue_item = _shape(doc, catalogue_array)
    (wrapper,) = catalogue_shape.fields
    inner = resolve(doc, catalogue_item["properties"][wrapper])

    order = _schema(doc, get_order.responses["200"], json_type)
    error_schema = _schema(doc, get_order.responses["404"], json_type)

    example = put.responses["200"]["content"][xml_type]["example"]
    namespaces = xmlread.parse(str(example).encode("utf-8")).namespaces

    unauthorized = doc["components"]["responses"]["Unauthorized"]
    token_error = token.responses["400"]["content"]["application/json"]["example"]["error"]

    leavable = {
        str(e["name"]): bool(e["leavable"])
        for e in statuses.get("x-storefeeder-statuses", ())
        if "leavable" in e
    }
    return Contract(
        path=path,
        document=copy.deepcopy(dict(doc)),
        operations=ops,
        batch_min=int(request_array.get("minItems", 0)),
        batch_max=int(request_array["maxItems"]),
        number_min=int(number["minimum"]),
        number_max=int(number["maximum"]),
        number_pattern=str(number["x-text-pattern"]),
        status_names=tuple(str(s) for s in statuses["enum"]),
        leavable=leavable,
        not_found_text=str(errors["order-not-found-or-foreign"]),
        not_overridable_text=str(errors["status-not-overridable"]),
        number_field=number_field,
        status_field=status_field,
        success_field=success_field,
        error_field=error_field,
        request_shape=request_shape,
        result_shape=result_shape,
        catalogue_shape=catalogue_shape,
        catalogue_fields=tuple(inner["properties"]),
        order_root=str(order["xml"]["name"]),
        order_fields=tuple(order["properties"]),
        error_root=str(error_schema["xml"]["name"]),
        namespaces=dict(namespaces),
        unauthorized_message=_example_message(unauthorized),
        challenge_header=next(iter(unauthorized["headers"])),
        status_invalid=_status_of(put.responses, "BadRequest", doc),
        status_unauthorized=_status_of(put.responses, "Unauthorized", doc),
        status_unsupported=_status_of(put.responses, "UnsupportedMediaType", doc),
        status_not_found=_status_of(get_order.responses, "NotFound", doc),
        token_error_code=str(token_error),
        status_token_refused=int(next(k for k in token.responses if k.startswith("4"))),
    )
