"""The differential harness: one request to two servers, each answer reduced to a decision, compared.

A case is data: (name, method, path, headers, body, kind) plus a one-line reason. `kind` says who
decides the answer:

- "framework": ASP.NET Web API decides (routing, 405/404/415, negotiation, formatters, model binding,
  validation, HttpError bodies, AuthorizeAttribute's 401). The twin runs the real framework, so the
  mock must make the same decision.
- "action": StoreFeeder's own action code decides (a null or empty body, more than 50 items, per-item
  rules, an item whose status bound as an undefined enum value, the token endpoint, order data).
  The twin's answer there is an invention; only what the framework still decides is compared
  (`compare`: "status-class", or "nothing").

The decision of a response (`decide`):
- status code; media type and charset of Content-Type;
- a 200 to the PUT: the items echoed, (OrderNumber, OrderStatus) each, and the body's shape (the set
  of JSON property names: their order is the service's class declaration, which only the XML sample
  shows, and means nothing in JSON; XML root, its attributes and xmlns declarations, item and child
  element names in order), without Success/Error, which depend on which orders exist;
- a 4xx/5xx: the whole HttpError body (JSON object, or the XML `<Error>` tree with its raw,
  XmlConvert-encoded element names, ModelState keys and texts included);
- a 405: Allow; a 401: WWW-Authenticate.
Each server's own base URL (host:port) inside the decision is replaced by `http://<server>`.
"""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

import httpx
import yaml

REPO_ROOT = Path(__file__).resolve().parents[2]
REPORT_DIR = REPO_ROOT / "build" / "differential"
PUT_PATH = "/orders/override-order-statuses"

Kind = Literal["framework", "action"]
Compare = Literal["all", "status-class", "nothing"]

# Placeholders in a case's headers and body, filled in per server (the two have different accounts).
TOKEN = "@TOKEN@"
USERNAME = "@USERNAME@"
PASSWORD = "@PASSWORD@"
CLIENT_ID = "@CLIENT_ID@"

# Headers httpx adds on its own; a case sends only the headers it names (plus Host, Content-Length).
_HTTPX_DEFAULTS = ("accept", "accept-encoding", "user-agent")

# What the twin's invented action code answers (its README): a null model, more than 50 items.
ACTION_TEXTS = frozenset({"The request is invalid.", "You can only update up to 50 orders at once."})


def _load_statuses() -> tuple[tuple[str, ...], dict[str, int]]:
    spec = yaml.safe_load((REPO_ROOT / "openapi.yaml").read_text(encoding="utf-8"))
    schema = spec["components"]["schemas"]["Statuses"]
    names = tuple(str(n) for n in schema["enum"])
    ids = {str(s["name"]): int(s["id"]) for s in schema["x-storefeeder-statuses"]}
    return names, ids


STATUS_NAMES, STATUS_IDS = _load_statuses()
"""openapi.yaml's `Statuses` enum, and each name's id (`x-storefeeder-statuses`)."""


@dataclass(frozen=True, slots=True)
class Case:
    name: str
    method: str
    path: str
    headers: tuple[tuple[str, str], ...]
    body: bytes
    kind: Kind
    reason: str
    compare: Compare = "all"
    """What is compared: "all" for framework cases; "status-class" or "nothing" for action cases."""

    def describe(self, limit: int = 400) -> str:
        shown = self.body.decode("utf-8", "backslashreplace")
        if len(shown) > limit:
            shown = shown[:limit] + f"... ({len(self.body)} bytes)"
        headers = "; ".join(f"{k}: {v}" for k, v in self.headers if k.lower() != "authorization")
        auth = dict((k.lower(), v) for k, v in self.headers).get("authorization")
        auth_note = "no Authorization" if auth is None else f"Authorization: {auth}"
        return f"{self.method} {self.path} [{headers or 'no headers'}; {auth_note}] body: {shown!r}"


@dataclass
class Server:
    """One side of the comparison: a base URL, an account, a client and a bearer token."""

    label: str
    base_url: str
    username: str
    password: str
    client_id: str
    client: httpx.Client = field(init=False)
    token: str = field(init=False, default="")

    def __post_init__(self) -> None:
        self.client = httpx.Client(base_url=self.base_url, timeout=30)
        self.token = self._new_token()

    def _new_token(self) -> str:
        r = self.client.post(
            "/Token",
            data={
                "grant_type": "password",
                "username": self.username,
                "password": self.password,
                "client_id": self.client_id,
            },
        )
        r.raise_for_status()
        return str(r.json()["access_token"])

    def close(self) -> None:
        self.client.close()

    def fill(self, text: str) -> str:
        return (
            text.replace(TOKEN, self.token)
            .replace(USERNAME, self.username)
            .replace(PASSWORD, self.password)
            .replace(CLIENT_ID, self.client_id)
        )

    def send(self, case: Case) -> httpx.Response:
        headers = [(k, self.fill(v)) for k, v in case.headers]
        body = self.fill(case.body.decode("latin-1")).encode("latin-1") if b"@" in case.body else case.body
        request = self.client.build_request(case.method, case.path, content=body or None, headers=headers)
        named = {k.lower() for k, _ in case.headers}
        for default in _HTTPX_DEFAULTS:
            if default not in named and default in request.headers:
                del request.headers[default]
        return self.client.send(request)


# ---------------------------------------------------------------------------------------------- decisions


def _media(content_type: str | None) -> tuple[str | None, str | None]:
    if content_type is None:
        return None, None
    media, _, params = content_type.partition(";")
    charset = None
    for param in params.split(";"):
        key, _, value = param.partition("=")
        if key.strip().lower() == "charset":
            charset = value.strip().strip('"').lower()
    return media.strip().lower(), charset


_START_TAG = re.compile(r"<([^\s/>?!]+)((?:\s+[^\s=/>]+\s*=\s*(?:\"[^\"]*\"|'[^']*'))*)\s*/?>")
_ATTRIBUTE = re.compile(r"([^\s=/>]+)\s*=\s*(?:\"([^\"]*)\"|'([^']*)')")


def _root_tag(text: str) -> dict[str, Any]:
    """The root element's name and attributes as written (xmlns declarations included), whether the
    document has an XML declaration, and whether the root is written as an empty element (`<Root/>`)."""
    stripped = text.lstrip("\ufeff \t\r\n")
    declaration = stripped.startswith("<?xml")
    if declaration:
        stripped = stripped[stripped.find("?>") + 2 :].lstrip()
    m = _START_TAG.match(stripped)
    if m is None:
        return {"declaration": declaration, "root": None}
    attributes = sorted((a, b or c) for a, b, c in _ATTRIBUTE.findall(m.group(2)))
    self_closing = m.group(0).endswith("/>")
    return {
        "declaration": declaration,
        "root": m.group(1),
        "attributes": attributes,
        "self-closing": self_closing,
    }


def _element(e: ET.Element) -> Any:
    """An element as data: its text when it has no children, else [(child tag, value), ...]."""
    children = list(e)
    if not children:
        return e.text or ""
    return [(c.tag, _element(c)) for c in children]


def _error_body(response: httpx.Response, media: str | None) -> Any:
    text = response.text
    if media is not None and media.endswith("xml"):
        try:
            root = ET.fromstring(text)
        except ET.ParseError as exc:
            return {"unparsable xml": str(exc), "text": text[:300]}
        return {"xml": _root_tag(text), "tree": [(root.tag, _element(root))]}
    try:
        return {"json": json.loads(text)}
    except ValueError:
        return {"not json": text[:300]}


def _echo(response: httpx.Response, media: str | None) -> dict[str, Any]:
    text = response.text
    if media is not None and media.endswith("xml"):
        try:
            root = ET.fromstring(text)
        except ET.ParseError as exc:
            return {"unparsable xml": str(exc), "text": text[:300]}
        items = []
        shape = []
        for item in root:
            fields = {c.tag: c.text or "" for c in item}
            items.append([fields.get("OrderNumber"), fields.get("OrderStatus")])
            shape.append([item.tag, *(c.tag for c in item if c.tag != "Error")])
        return {"items": items, "xml": _root_tag(text), "shape": shape}
    try:
        value = json.loads(text)
    except ValueError:
        return {"not json": text[:300]}
    if not isinstance(value, list) or not all(isinstance(i, dict) for i in value):
        return {"not a list of objects": value}
    return {
        "items": [[i.get("OrderNumber"), i.get("OrderStatus")] for i in value],
        "shape": [sorted(k for k in i if k != "Error") for i in value],
    }


def _replace(value: Any, old: str, new: str) -> Any:
    if isinstance(value, str):
        return value.replace(old, new)
    if isinstance(value, list | tuple):
        return [_replace(v, old, new) for v in value]
    if isinstance(value, dict):
        return {_replace(k, old, new): _replace(v, old, new) for k, v in value.items()}
    return value


def decide(case: Case, response: httpx.Response, base_url: str) -> dict[str, Any]:
    """What the server decided, reduced to what the framework decides (see the module's docstring)."""
    media, charset = _media(response.headers.get("content-type"))
    decision: dict[str, Any] = {"status": response.status_code, "media_type": media, "charset": charset}
    if response.status_code == 405:
        decision["allow"] = response.headers.get_list("allow")
    if response.status_code == 401:
        decision["www-authenticate"] = response.headers.get_list("www-authenticate")
    if response.status_code == 200 and case.method == "PUT":
        decision["echo"] = _echo(response, media)
    elif response.status_code >= 400:
        decision["error"] = _error_body(response, media)
    result: dict[str, Any] = _replace(decision, base_url, "http://<server>")
    return result


def error_message(decision: Mapping[str, Any]) -> tuple[str | None, bool]:
    """(Message, has ModelState) of an HttpError decision, JSON or XML."""
    error = decision.get("error") or {}
    if "json" in error and isinstance(error["json"], dict):
        body = error["json"]
        return body.get("Message"), "ModelState" in body
    if "tree" in error:
        (_, children) = error["tree"][0]
        if isinstance(children, list):
            fields = dict(children)
            message = fields.get("Message")
            return (message if isinstance(message, str) else None), "ModelState" in fields
    return None, False


def twin_action_answer(case: Case, twin: Mapping[str, Any]) -> str | None:
    """Why the twin's answer to this PUT is its invented action code, or None.

    The twin's README lists what it invents: the null-model and >50-item answers (400 with a
    Message and no ModelState), and the per-item rules, which echo an item whose status bound as
    an undefined enum value (0, a flags sum, 999); writing that value as XML is a 500.
    """
    if case.method != "PUT":
        return None
    status = twin["status"]
    if status == 400:
        message, has_model_state = error_message(twin)
        if message in ACTION_TEXTS and not has_model_state:
            return f"the action's answer to a null model or more than 50 items ({message!r})"
    if status == 200:
        items = twin.get("echo", {}).get("items", [])
        odd = [s for _, s in items if s not in STATUS_NAMES]
        if odd:
            return f"an item's status bound as an undefined enum value ({odd[0]!r}) reached the action"
    if status == 500:
        return "500: the action echoed an undefined enum value, which XmlSerializer cannot write"
    return None


@dataclass
class Outcome:
    case: Case
    twin: dict[str, Any]
    mock: dict[str, Any]
    generated: bool = False
    action_reason: str | None = None
    """For a generated case the twin's answer showed to be action code: why."""

    @property
    def kind(self) -> Kind:
        return "action" if self.action_reason is not None else self.case.kind

    @property
    def compare(self) -> Compare:
        if self.action_reason is not None:
            return "nothing"
        return self.case.compare

    @property
    def agree(self) -> bool:
        if self.compare == "all":
            return self.twin == self.mock
        if self.compare == "status-class":
            return bool(self.twin["status"] // 100 == self.mock["status"] // 100)
        return True

    def differences(self) -> list[str]:
        keys = list(dict.fromkeys([*self.twin, *self.mock]))
        return [
            f"  {key}:\n    twin {_show(self.twin.get(key))}\n    mock {_show(self.mock.get(key))}"
            for key in keys
            if self.twin.get(key) != self.mock.get(key)
        ]

    def explain(self) -> str:
        kind = self.kind if self.action_reason is None else f"action ({self.action_reason})"
        lines = [
            f"{self.case.name} [{kind}: {self.case.reason}]",
            f"  {self.case.describe()}",
        ]
        diffs = self.differences()
        lines.extend(diffs if diffs else ["  (same decision)"])
        return "\n".join(lines)

    def as_json(self) -> dict[str, Any]:
        return {
            "name": self.case.name,
            "generated": self.generated,
            "kind": self.kind,
            "reason": self.case.reason,
            "action_reason": self.action_reason,
            "compare": self.compare,
            "agree": self.agree,
            "request": self.case.describe(limit=4000),
            "twin": self.twin,
            "mock": self.mock,
        }


_INDEX = re.compile(r"(\[|_x005B_)\d+(\]|_x005D_)")


def model_state_keys(decision: Mapping[str, Any]) -> list[str]:
    """The ModelState keys of an HttpError decision (JSON, or XML element names as written)."""
    error = decision.get("error") or {}
    body = error.get("json")
    if isinstance(body, dict) and isinstance(body.get("ModelState"), dict):
        return list(body["ModelState"])
    if "tree" in error and isinstance(error["tree"][0][1], list):
        fields = dict(error["tree"][0][1])
        if isinstance(fields.get("ModelState"), list):
            return [key for key, _ in fields["ModelState"]]
    return []


def signature(outcome: Outcome) -> str:
    """A disagreement's kind, for grouping: what differs, both statuses, both ModelState key shapes."""

    def keys(decision: Mapping[str, Any]) -> str:
        shapes = sorted({_INDEX.sub(r"\1N\2", k) for k in model_state_keys(decision)})
        return ",".join(shapes) or "-"

    fields = ",".join(
        sorted(k for k in {*outcome.twin, *outcome.mock} if outcome.twin.get(k) != outcome.mock.get(k))
    )
    t, m = outcome.twin, outcome.mock
    return f"differs in {fields}; twin {t['status']} keys {keys(t)} | mock {m['status']} keys {keys(m)}"


def grouped(outcomes: Iterable[Outcome]) -> list[tuple[str, list[Outcome]]]:
    """Disagreements grouped by signature, largest group first (ties: first seen)."""
    groups: dict[str, list[Outcome]] = {}
    for outcome in outcomes:
        groups.setdefault(signature(outcome), []).append(outcome)
    return sorted(groups.items(), key=lambda item: -len(item[1]))


def _show(value: Any) -> str:
    text = json.dumps(value, ensure_ascii=False)
    return text if len(text) <= 600 else text[:600] + "..."


def run_case(case: Case, twin: Server, mock: Server, *, generated: bool = False) -> Outcome:
    t = decide(case, twin.send(case), twin.base_url)
    m = decide(case, mock.send(case), mock.base_url)
    outcome = Outcome(case, t, m, generated=generated)
    if generated and case.kind == "framework":
        outcome.action_reason = twin_action_answer(case, t)
    return outcome


def summary_line(outcomes: Iterable[Outcome]) -> str:
    done = list(outcomes)
    generated = sum(o.generated for o in done)
    framework = [o for o in done if o.kind == "framework"]
    agreed = sum(o.agree for o in framework)
    share = 100.0 * agreed / len(framework) if framework else 100.0
    action = len(done) - len(framework)
    return (
        f"differential: {len(done)} cases ({generated} generated), framework-decided agreement "
        f"{agreed}/{len(framework)} ({share:.1f}%), action-decided {action}"
    )


class Recorder:
    """Every outcome of the session, for the summary and the report files."""

    def __init__(self) -> None:
        self.outcomes: list[Outcome] = []
        self.not_run: str | None = None

    def add(self, outcome: Outcome) -> None:
        self.outcomes.append(outcome)

    def disagreements(self) -> list[Outcome]:
        return [o for o in self.outcomes if o.kind == "framework" and not o.agree]

    def write(self) -> Path:
        REPORT_DIR.mkdir(parents=True, exist_ok=True)
        action = [o for o in self.outcomes if o.kind == "action"]
        lines = [summary_line(self.outcomes), ""]
        differing = self.disagreements()
        groups = grouped(differing)
        lines.append(f"== framework-decided disagreements: {len(differing)} in {len(groups)} groups")
        lines.extend(f"{len(members):5}  {key}: {members[0].case.name}" for key, members in groups)
        lines.append("")
        lines.append("== every framework-decided disagreement")
        lines.extend(o.explain() + "\n" for o in differing)
        lines.append(f"== action-decided cases ({len(action)}): compared only as stated")
        for o in action:
            differs = "" if not o.differences() else " (answers differ)"
            lines.append(
                f"- {o.case.name} [compare: {o.compare}]{differs}: {o.action_reason or o.case.reason}"
            )
            lines.extend(o.differences())
        report = REPORT_DIR / "report.txt"
        report.write_text("\n".join(lines) + "\n", encoding="utf-8")
        (REPORT_DIR / "outcomes.json").write_text(
            json.dumps([o.as_json() for o in self.outcomes], indent=1, ensure_ascii=False) + "\n",
            encoding="utf-8",
        )
        return report
