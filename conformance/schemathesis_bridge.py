"""Schemathesis on all four operations: generation from openapi.yaml and its built-in checks.

One engine run serves the four `schemathesis-*` checks. What this module adds to a plain
`schemathesis run`:
- an XML deserializer, so XML answers are validated against the schema like JSON ones;
- the run's token through a schema-level auth provider (renewed when it runs out);
- generated OrderNumbers in override bodies (positive and negative cases, both modes) steered to
  numbers verified absent (GET answers 404): generated requests never touch a real order, since a
  generated status may be one an order could not be overridden back from;
- the framework's binding, not the schema, decides which override bodies are refused: ASP.NET binds
  far more than the canonical schema (x-aspnet-binding: number strings, names in any case, a
  missing OrderStatus as 0, ...), so `negative_data_rejection` is off for the override (the
  validation checks judge what the framework refuses), and a 200 answer to a negative body is not
  held to the response schema (the action got values outside the canonical form, such as a status
  bound as 0, and what it echoes then is its own code: docs/fidelity.md);
- "every response was 401" fails the operation (a run without working auth is never a pass);
- every request goes through the loopback relay (relay.py), so it has the suite's limits: an answer
  the relay could not read is an error of the operation (ERROR), not a finding against the server.
"""

from __future__ import annotations

import copy
import re
import threading
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

import schemathesis
from schemathesis.config import SchemathesisConfig
from schemathesis.engine import Status, events, from_schema

from . import relay, xmlread
from .contract import OVERRIDE, TOKEN, XSI, Contract, resolve
from .transport import Limits
from .wire import VALID_LABEL

ENGINE_LOCK = threading.Lock()


@dataclass(slots=True)
class Finding:
    check: str
    title: str
    message: str
    curl: str


@dataclass(slots=True)
class SpecRun:
    findings: dict[str, list[Finding]] = field(default_factory=dict)  # operationId -> findings
    requests: dict[str, int] = field(default_factory=dict)
    unauthorized: dict[str, int] = field(default_factory=dict)
    errors: dict[str, list[str]] = field(default_factory=dict)
    fatal: str | None = None

    @property
    def total_requests(self) -> int:
        return sum(self.requests.values())


@dataclass(slots=True)
class Steering:
    """How generated override bodies are rewritten before they are sent."""

    contract: Contract
    pool: tuple[int, ...]  # order numbers generated ones are mapped onto
    catalogue: frozenset[str]
    faults: dict[str, list[str]] = field(default_factory=dict)  # operationId -> relay faults

    def rewrite(self, body: Any) -> None:
        if not isinstance(body, list):
            return
        c = self.contract
        for item in body:
            if isinstance(item, dict):
                value = item.get(c.number_field)
                if type(value) is int and c.number_min <= value <= c.number_max and value not in self.pool:
                    item[c.number_field] = self.pool[value % len(self.pool)]

    def wire_valid(self, body: bytes) -> bool:
        """Whether an XML override body is valid as sent (so a 200 to it is right)."""
        c = self.contract
        try:
            root = xmlread.parse(body)
        except xmlread.XmlError:
            return False
        if root.tag != c.request_shape.root or len(root.children) > c.batch_max:
            return False
        pattern = re.compile(c.number_pattern)
        for item in root.children:
            fields = {child.tag: child for child in item.children}
            if item.tag != c.request_shape.item or set(fields) != {c.number_field, c.status_field}:
                return False
            number, status = fields[c.number_field], fields[c.status_field]
            if number.children or status.children or not pattern.fullmatch(number.text):
                return False
            if not c.number_min <= int(number.text) <= c.number_max or status.text not in self.catalogue:
                return False
        return True


_ACTIVE: Steering | None = None


def xml_to_value(doc: Mapping[str, Any], schema: Any, element: xmlread.Element) -> Any:
    """An XML element as the JSON value its schema describes (for schema validation)."""
    schema = resolve(doc, schema) if schema is not None else {}
    kind = schema.get("type")
    if element.attributes.get(f"{{{XSI}}}nil") == "true":
        return None
    if kind == "array":
        if not element.children and element.text.strip():
            return [xml_to_value(doc, schema.get("items"), element)]
        return [xml_to_value(doc, schema.get("items"), child) for child in element.children]
    if kind == "object" or "properties" in schema:
        properties = schema.get("properties", {})
        extra = schema.get("additionalProperties")
        value: dict[str, Any] = {}
        for child in element.children:
            sub = properties.get(child.tag, extra if isinstance(extra, Mapping) else None)
            value[child.tag] = xml_to_value(doc, sub, child)
        return value
    text = element.text
    if kind == "integer" and re.fullmatch(r"-?[0-9]+", text):
        return int(text)
    if kind == "number" and re.fullmatch(r"-?[0-9]+(\.[0-9]+)?([eE][-+]?[0-9]+)?", text):
        return float(text)
    if kind == "boolean" and text in ("true", "false"):
        return text == "true"
    return text


def _deserialize_xml(ctx: schemathesis.DeserializationContext, response: schemathesis.Response) -> Any:
    operation = ctx.operation
    doc = operation.schema.raw_schema
    responses = operation.definition.raw.get("responses", {})
    answer = responses.get(str(response.status_code)) or responses.get("default") or {}
    answer = resolve(doc, answer)
    media = (response.headers.get("content-type") or ["application/xml"])[0].split(";")[0].strip().lower()
    content: Mapping[str, Any] = answer.get("content", {})
    chosen: Mapping[str, Any] = content.get(media) or next(iter(content.values()), {})
    schema = chosen.get("schema")
    root = xmlread.parse(response.content)
    return xml_to_value(doc, schema, root)


def _before_call(context: schemathesis.HookContext, case: Any, kwargs: dict[str, Any]) -> None:
    steering = _ACTIVE
    operation = getattr(context, "operation", None)
    if steering is None or operation is None:
        return
    if operation.definition.raw.get("operationId") == OVERRIDE:
        steering.rewrite(case.body)


def _after_call(context: schemathesis.HookContext, case: Any, response: schemathesis.Response) -> None:
    steering = _ACTIVE
    operation = getattr(context, "operation", None)
    fault = relay_fault(response)
    if steering is None or operation is None or fault is None:
        return
    operation_id = str(operation.definition.raw.get("operationId"))
    steering.faults.setdefault(operation_id, []).append(fault)


def relay_fault(response: schemathesis.Response) -> str | None:
    """Why the relay could not get the server's answer, when this response is its 502."""
    values = response.headers.get(relay.FAULT_HEADER.lower()) or response.headers.get(relay.FAULT_HEADER)
    return values[0] if values else None


_REGISTERED = False


def _register_globals() -> None:
    """The XML deserializer and the steering hook (process-wide in Schemathesis; inert when idle)."""
    global _REGISTERED
    if _REGISTERED:
        return
    schemathesis.deserializer("application/xml", "text/xml")(_deserialize_xml)
    schemathesis.hook("before_call")(_before_call)
    _REGISTERED = True


READ_ONLY_METHODS = ["get", "options", "trace"]
"""Safe mode: the only undeclared methods the coverage phase may try (no DELETE /orders/{n} on a
real server that happens to have one)."""


def _config(
    base_url: str, seed: int, max_examples: int, safe: bool, request_timeout: float | None
) -> SchemathesisConfig:
    phases: dict[str, Any] = {"stateful": {"enabled": False}}
    if safe:
        phases["coverage"] = {"unexpected-methods": READ_ONLY_METHODS}
    # Relayed, the relay answers within the suite's limit; this only guards against the relay itself.
    # (Set, it costs the embedded mock's run about 2 s: it is left to Schemathesis's default there.)
    timeout = {} if request_timeout is None else {"request-timeout": request_timeout}
    return SchemathesisConfig.from_dict(
        {
            **timeout,
            "seed": seed,
            "base-url": base_url,
            "workers": 1,
            "cache": {"enabled": False},
            "generation": {"max-examples": max_examples, "mode": "all", "database": "none"},
            "phases": phases,
            "warnings": False,
            "operations": [
                {
                    # Random credentials are schema-valid; the documented answer is 400 invalid_grant.
                    "include-operation-id": TOKEN,
                    "checks": {"positive_data_acceptance": {"expected-statuses": ["2xx", 400]}},
                },
                {
                    # ASP.NET binds beyond the canonical schema (x-aspnet-binding): a body the schema
                    # calls invalid may be one the framework reads, so its acceptance is no failure.
                    "include-operation-id": OVERRIDE,
                    "checks": {"negative_data_rejection": {"enabled": False}},
                },
            ],
        }
    )


@contextmanager
def _steered(steering: Steering) -> Iterator[None]:
    global _ACTIVE
    with ENGINE_LOCK:
        _ACTIVE = steering
        try:
            yield
        finally:
            _ACTIVE = None


def run(
    contract: Contract,
    *,
    base_url: str,
    token: Any,
    steering: Steering,
    seed: int,
    max_examples: int,
    safe: bool,
    limits: Limits | None = None,
    deadline: Callable[[], float | None] = lambda: None,
    relayed: bool = True,
) -> SpecRun:
    """Run the engine over every operation; `token()` gives the current bearer token."""
    limits = limits or Limits()
    if not relayed:  # the embedded mock: the kit's own server, in this process
        return _run(contract, base_url, token, steering, seed, max_examples, safe, None)
    with relay.running(base_url, limits, deadline=deadline) as hop:
        out = _run(contract, hop.url, token, steering, seed, max_examples, safe, limits)
    for operation_id, faults in steering.faults.items():  # the relay's 502s
        real = [f for f in faults if not f.startswith("not sent")] or hop.faults[:1] or faults[:1]
        out.errors.setdefault(operation_id, []).append(
            f"{len(faults)} requests got no readable answer, first: {real[0]}"
        )
    return _unrelayed(out, hop.url, base_url)


def _unrelayed(out: SpecRun, relay_url: str, base_url: str) -> SpecRun:
    """Findings and errors name the server, not the relay."""
    real = base_url.rstrip("/")
    for findings in out.findings.values():
        for finding in findings:
            finding.curl = finding.curl.replace(relay_url, real)
            finding.message = finding.message.replace(relay_url, real)
    for operation_id, errors in out.errors.items():
        out.errors[operation_id] = [e.replace(relay_url, real) for e in errors]
    if out.fatal:
        out.fatal = out.fatal.replace(relay_url, real)
    return out


def _run(
    contract: Contract,
    url: str,
    token: Any,
    steering: Steering,
    seed: int,
    max_examples: int,
    safe: bool,
    limits: Limits | None,
) -> SpecRun:
    """One engine run against `url`; `limits` when `url` is the relay (None: no relay)."""
    _register_globals()
    timeout = None if limits is None else limits.request_timeout + 30
    config = _config(url, seed, max_examples, safe, timeout)
    schema = schemathesis.openapi.from_dict(copy.deepcopy(dict(contract.document)), config=config)
    if limits is not None:
        schema.hook("after_call")(_after_call)  # the relay's 502s, recorded per operation

    class TokenAuth:
        def get(self, case: Any, ctx: schemathesis.AuthContext) -> str:
            return str(token())

        def set(self, case: Any, data: str, ctx: schemathesis.AuthContext) -> None:
            if case.headers is None:
                case.headers = {}
            case.headers["Authorization"] = f"Bearer {data}"

    schema.auth(refresh_interval=None)(TokenAuth)

    @schema.hook("filter_failure")
    def keep(ctx: Any, failure: Any, case: Any, response: schemathesis.Response) -> bool:
        if relay_fault(response) is not None or response.headers.get(relay.UNSENT_HEADER.lower()):
            return False  # no answer from the server: recorded as an error by `_after_call`
        checks = getattr(failure, "checks", ())
        body = response.request.body
        media = (case.media_type or "").lower()
        rejection = "negative_data_rejection" in checks
        xml_body = media.endswith("xml") and isinstance(body, bytes)
        if rejection and xml_body and isinstance(body, bytes) and steering.wire_valid(body):
            return False
        return not (
            "response_schema_conformance" in checks
            and response.status_code == 200
            and _operation_id(case) == OVERRIDE
            and _is_negative(case)
        )

    labels = {f"{op.method} {op.path}": op.operation_id for op in contract.operations.values()}
    secured = {op.operation_id for op in contract.operations.values() if op.secured}
    out = SpecRun()
    with _steered(steering):
        stream = from_schema(schema).execute()
        try:
            for event in stream:
                _event(out, labels, event)
        except BaseException:
            stream.stop()  # a signal or the deadline: the workers stop after their current request
            raise
    for operation_id in secured:
        total, denied = out.requests.get(operation_id, 0), out.unauthorized.get(operation_id, 0)
        if total and denied == total:
            out.findings.setdefault(operation_id, []).insert(
                0, Finding("missing_auth", "Every response was 401", f"all {total} requests got 401", "")
            )
    return out


def _event(out: SpecRun, labels: Mapping[str, str], event: events.EngineEvent) -> None:
    if isinstance(event, events.ScenarioFinished):
        _collect(out, labels.get(event.recorder.label, event.recorder.label), event)
    elif isinstance(event, events.NonFatalError):
        label = labels.get(event.label, event.label)
        out.errors.setdefault(label, []).append(f"{event.info.title}: {event.info.message}")
    elif isinstance(event, events.FatalError):
        out.fatal = f"{type(event.exception).__name__}: {event.exception}"
    elif isinstance(event, events.Interrupted):
        raise KeyboardInterrupt


def _operation_id(case: Any) -> str | None:
    operation = getattr(case, "operation", None)
    definition = getattr(operation, "definition", None)
    raw = getattr(definition, "raw", None)
    return raw.get("operationId") if isinstance(raw, Mapping) else None


def _is_negative(case: Any) -> bool:
    """Whether Schemathesis generated the case to violate the schema (a negative case)."""
    meta = getattr(case, "meta", None)
    generation = getattr(meta, "generation", None)
    mode = getattr(generation, "mode", None)
    return bool(getattr(mode, "is_negative", False))


def _collect(out: SpecRun, operation_id: str, event: events.ScenarioFinished) -> None:
    recorder = event.recorder
    out.requests[operation_id] = out.requests.get(operation_id, 0) + len(recorder.interactions)
    denied = sum(
        1 for i in recorder.interactions.values() if i.response is not None and i.response.status_code == 401
    )
    out.unauthorized[operation_id] = out.unauthorized.get(operation_id, 0) + denied
    for nodes in recorder.checks.values():
        for node in nodes:
            info = node.failure_info
            if node.status == Status.FAILURE and info is not None:
                curl = info.code_sample.replace(
                    "Authorization: [Filtered]", f"Authorization: Bearer {VALID_LABEL}"
                )
                out.findings.setdefault(operation_id, []).append(
                    Finding(node.name, info.failure.title, info.failure.message, curl)
                )
