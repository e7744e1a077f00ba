"""Hypothesis-generated PUT bodies: valid batches, and valid batches mutated, in JSON and in XML.

A batch is 1..50 items with positive int32 order numbers and names from openapi.yaml's `Statuses` enum. A
mutation changes one item's value (wrong JSON type, odd number or name), its fields (missing,
renamed, reordered, duplicated, unknown), the items (duplicated, null, another element name) or the
document (Json.NET leniency, declarations, truncation). Values are kept as raw text, so a mutated
value is written exactly as drawn.

A generated case is "framework" unless it has more than 50 items; the test turns it into "action"
when the twin's answer shows its invented action code (see harness.twin_action_answer).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from hypothesis import strategies as st

from .harness import PUT_PATH, STATUS_IDS, STATUS_NAMES, TOKEN, Case

INT32 = (-(2**31), 2**31 - 1)
JSON_TYPES = ("application/json", "text/json")
XML_TYPES = ("application/xml", "text/xml")
ACCEPTS = (None, "application/json", "text/json", "application/xml", "text/xml", "*/*")
ITEM = "OverrideOrderStatusModel"
ROOT = "ArrayOfOverrideOrderStatusModel"


@dataclass
class Item:
    """One item: (element or property name, raw value text) pairs; `null` is a JSON null item."""

    fields: list[tuple[str, str]]
    null: bool = False
    tag: str = ITEM


@dataclass
class Batch:
    fmt: str
    items: list[Item]
    steps: list[str] = field(default_factory=list)
    quote: str = '"'
    prefix: str = ""
    suffix: str = ""
    root_attributes: str = ""
    separator: str = ""
    trailing_comma: bool = False
    truncate_at: int | None = None

    def render(self) -> bytes:
        text = self._json() if self.fmt == "json" else self._xml()
        raw = (self.prefix + text + self.suffix).encode("utf-8")
        return raw if self.truncate_at is None else raw[: self.truncate_at]

    def _json(self) -> str:
        q = self.quote
        rendered = []
        for item in self.items:
            if item.null:
                rendered.append("null")
                continue
            props = [f"{q}{name}{q}:{value}" for name, value in item.fields]
            rendered.append("{" + ("," + self.separator).join(props) + "}")
        tail = "," if self.trailing_comma and rendered else ""
        return "[" + ("," + self.separator).join(rendered) + tail + "]"

    def _xml(self) -> str:
        parts = []
        for item in self.items:
            children = "".join(
                f"<{name}/>" if value == "\0" else f"<{name}>{value}</{name}>" for name, value in item.fields
            )
            parts.append(f"<{item.tag}>{children}</{item.tag}>")
        return f"<{ROOT}{self.root_attributes}>{self.separator.join(parts)}</{ROOT}>"


def _json_string(text: str, quote: str = '"') -> str:
    return quote + text + quote


# Valid batches have valid numbers (1..int32 max); 0, negatives and the rest come from mutations.
number_values = st.one_of(
    st.integers(1, INT32[1]),
    st.integers(1, 99_999),
    st.sampled_from([1, 7, 1001, 1189, 2001, INT32[1]]),
)
status_names = st.sampled_from(STATUS_NAMES)


# Value mutations: (label, JSON text, XML text) from the item's current number / name.
def _number_variants(n: int) -> list[tuple[str, str, str]]:
    a = abs(n)
    return [
        ("number-string", _json_string(str(n)), f"{n}"),
        ("number-zero-led", _json_string(f"00{a}"), f"00{a}"),
        ("number-padded", _json_string(f" {n} "), f" {n} "),
        ("number-plus", _json_string(f"+{a}"), f"+{a}"),
        ("number-minus", str(-a), f"-{a}"),
        ("number-zero", "0", "0"),
        ("number-float", f"{n}.0", f"{n}.0"),
        ("number-fraction", f"{n}.5", f"{n}.5"),
        ("number-exponent", f"{a}e0", f"{a}e0"),
        ("number-overflow", str(2**31 + a % 1000), str(2**31 + a % 1000)),
        ("number-huge", "9" * 21, "9" * 21),
        ("number-bool", "true", "true"),
        ("number-null", "null", ""),
        ("number-empty", _json_string(""), ""),
        ("number-text", _json_string("n/a"), "n/a"),
        ("number-array", f"[{n}]", f"<v>{n}</v>"),
        ("number-object", f'{{"v":{n}}}', f"<v>{n}</v>"),
        ("number-octal-literal", f"0{a}", f"0{a}"),
        ("number-hex", f"0x{a:X}", f"0x{a:X}"),
        ("number-string-float", _json_string(f"{n}.0"), f" {n}.0 "),
    ]


def _status_variants(name: str) -> list[tuple[str, str, str]]:
    ident = STATUS_IDS[name]
    other = STATUS_NAMES[(STATUS_NAMES.index(name) + 5) % len(STATUS_NAMES)]
    return [
        ("status-lower", _json_string(name.lower()), name.lower()),
        ("status-upper", _json_string(name.upper()), name.upper()),
        ("status-padded", _json_string(f" {name} "), f" {name} "),
        ("status-id", str(ident), str(ident)),
        ("status-id-string", _json_string(str(ident)), f"{ident}"),
        ("status-unknown", _json_string(name + "X"), name + "X"),
        ("status-empty", _json_string(""), ""),
        ("status-null", "null", ""),
        ("status-zero", "0", "0"),
        ("status-undefined", "999", "999"),
        ("status-flags", _json_string(f"{name}, {other}"), f"{name} {other}"),
        ("status-bool", "false", "false"),
        ("status-float", f"{ident}.0", f"{ident}.0"),
    ]


MUTATIONS = (
    "number",
    "status",
    "drop-field",
    "rename-field",
    "reorder-fields",
    "duplicate-field",
    "unknown-field",
    "duplicate-item",
    "null-item",
    "other-item-name",
    "document",
    "truncate",
)


@st.composite
def batches(draw: st.DrawFn) -> Batch:
    fmt = draw(st.sampled_from(["json", "xml"]))
    size = draw(st.integers(1, 50))
    pairs = draw(st.lists(st.tuples(number_values, status_names), min_size=size, max_size=size))
    items = [
        Item([("OrderNumber", str(n)), ("OrderStatus", _json_string(s) if fmt == "json" else s)])
        for n, s in pairs
    ]
    batch = Batch(fmt, items)
    count = draw(st.sampled_from([0, 1, 1, 1, 2, 2, 3]))
    for _ in range(count):
        _mutate(draw, batch, pairs)
    return batch


def _mutate(draw: st.DrawFn, batch: Batch, pairs: list[tuple[int, str]]) -> None:
    kind = draw(st.sampled_from(MUTATIONS))
    if not batch.items:
        kind = "document"
    i = draw(st.integers(0, len(batch.items) - 1)) if batch.items else 0
    item = batch.items[i] if batch.items else Item([])
    json_fmt = batch.fmt == "json"
    if kind in ("number", "status"):
        n, s = pairs[min(i, len(pairs) - 1)]
        variants = _number_variants(n) if kind == "number" else _status_variants(s)
        label, json_text, xml_text = draw(st.sampled_from(variants))
        target = "OrderNumber" if kind == "number" else "OrderStatus"
        value = json_text if json_fmt else xml_text
        item.fields = [(k, value if k == target else v) for k, v in item.fields]
        batch.steps.append(f"{label}@{i}")
    elif kind == "drop-field" and item.fields:
        j = draw(st.integers(0, len(item.fields) - 1))
        batch.steps.append(f"drop {item.fields[j][0]}@{i}")
        del item.fields[j]
    elif kind == "rename-field" and item.fields:
        j = draw(st.integers(0, len(item.fields) - 1))
        name, value = item.fields[j]
        new = draw(st.sampled_from([name.lower(), name.upper(), name[0].lower() + name[1:], name + "s"]))
        item.fields[j] = (new, value)
        batch.steps.append(f"rename {name}->{new}@{i}")
    elif kind == "reorder-fields":
        item.fields.reverse()
        batch.steps.append(f"reorder@{i}")
    elif kind == "duplicate-field" and item.fields:
        j = draw(st.integers(0, len(item.fields) - 1))
        name, _ = item.fields[j]
        n, s = pairs[min(i, len(pairs) - 1)]
        variants = _number_variants(n) if name.lower() == "ordernumber" else _status_variants(s)
        label, json_text, xml_text = draw(st.sampled_from(variants))
        before = draw(st.booleans())
        item.fields.insert(j if before else j + 1, (name, json_text if json_fmt else xml_text))
        batch.steps.append(f"duplicate {name} ({label}) {'before' if before else 'after'}@{i}")
    elif kind == "unknown-field":
        value = draw(st.sampled_from(['"x"', "1", "null", '{"a":[1,{"b":2}]}', "[]"]))
        if not json_fmt:
            value = draw(st.sampled_from(["x", "", "<a><b>1</b></a>", "\0"]))
        at = draw(st.integers(0, len(item.fields)))
        item.fields.insert(at, (draw(st.sampled_from(["Extra", "Success", "Error", "OrderGuid"])), value))
        batch.steps.append(f"unknown field@{i}")
    elif kind == "duplicate-item":
        copy = Item(list(item.fields), item.null, item.tag)
        batch.items.insert(i, copy)
        pairs.insert(i, pairs[min(i, len(pairs) - 1)])
        batch.steps.append(f"duplicate item@{i}")
    elif kind == "null-item":
        if json_fmt:
            item.null = True
            batch.steps.append(f"null item@{i}")
        else:
            item.fields = [(k, "\0") for k, _ in item.fields]
            batch.steps.append(f"self-closing children@{i}")
    elif kind == "other-item-name":
        if json_fmt:
            batch.items[i] = Item([("OrderNumber", f"[{item.fields[0][1] if item.fields else 1}]")])
            batch.steps.append(f"item as array-valued object@{i}")
        else:
            item.tag = draw(
                st.sampled_from(["Order", "overrideOrderStatusModel", "OverrideOrderStatusResponse"])
            )
            batch.steps.append(f"item named {item.tag}@{i}")
    elif kind == "truncate":
        length = len(batch.render())
        batch.truncate_at = draw(st.integers(0, max(0, length - 1)))
        batch.steps.append(f"truncate at {batch.truncate_at}/{length}")
    else:
        _mutate_document(draw, batch)


def _mutate_document(draw: st.DrawFn, batch: Batch) -> None:
    if batch.fmt == "json":
        choice = draw(
            st.sampled_from(
                ["single-quotes", "whitespace", "trailing-comma", "comment", "garbage", "bom", "object"]
            )
        )
        if choice == "single-quotes":
            batch.quote = "'"
            for item in batch.items:
                item.fields = [(k, v.replace('"', "'")) for k, v in item.fields]
        elif choice == "whitespace":
            batch.separator = "\n  "
            batch.prefix, batch.suffix = " \r\n", "\n\t"
        elif choice == "trailing-comma":
            batch.trailing_comma = True
        elif choice == "comment":
            batch.prefix = "/* batch */ "
        elif choice == "garbage":
            batch.suffix = draw(st.sampled_from([" end", "]", "[1]", "}", " // done"]))
        elif choice == "bom":
            batch.prefix = "\ufeff"
        else:
            batch.prefix, batch.suffix = '{"model":', "}"
    else:
        choice = draw(
            st.sampled_from(
                [
                    "declaration",
                    "namespaces",
                    "default-namespace",
                    "whitespace",
                    "comment",
                    "garbage",
                    "doctype",
                ]
            )
        )
        if choice == "declaration":
            batch.prefix = '<?xml version="1.0" encoding="utf-8"?>'
        elif choice == "namespaces":
            batch.root_attributes = ' xmlns:xsd="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"'
        elif choice == "default-namespace":
            batch.root_attributes = ' xmlns="urn:storefeeder"'
        elif choice == "whitespace":
            batch.separator = "\n  "
            batch.prefix, batch.suffix = "\n", "\n"
        elif choice == "comment":
            batch.prefix = "<!-- batch -->"
        elif choice == "garbage":
            batch.suffix = draw(st.sampled_from(["<x/>", "text", "</x>"]))
        else:
            batch.prefix = f"<!DOCTYPE {ROOT}>"
    batch.steps.append(f"document: {choice}")


@st.composite
def generated_cases(draw: st.DrawFn) -> Case:
    batch = draw(batches())
    types = JSON_TYPES if batch.fmt == "json" else XML_TYPES
    content_type = draw(st.sampled_from(types))
    if draw(st.booleans()):
        content_type += "; charset=utf-8"
    accept = draw(st.sampled_from(ACCEPTS))
    headers = [("Authorization", f"Bearer {TOKEN}"), ("Content-Type", content_type)]
    if accept is not None:
        headers.append(("Accept", accept))
    items = len(batch.items)
    steps = ", ".join(batch.steps) or "valid"
    over = items > 50
    return Case(
        name=f"gen-{batch.fmt}: {items} items, {steps}",
        method="PUT",
        path=PUT_PATH,
        headers=tuple(headers),
        body=batch.render(),
        kind="action" if over else "framework",
        reason="more than 50 items: the limit is action code" if over else f"generated: {steps}",
        compare="nothing" if over else "all",
    )
