"""Small helpers to walk openapi.yaml: resolve $refs, list every media type example."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[2]


def load_spec() -> dict[str, Any]:
    loaded: dict[str, Any] = yaml.safe_load((ROOT / "openapi.yaml").read_text(encoding="utf-8"))
    return loaded


def resolve(spec: dict[str, Any], node: Any) -> Any:
    """`node` with every local $ref replaced by its target (the spec has no recursive refs)."""
    if isinstance(node, dict):
        if "$ref" in node:
            target: Any = spec
            for part in node["$ref"].removeprefix("#/").split("/"):
                target = target[part]
            return resolve(spec, target)
        return {key: resolve(spec, value) for key, value in node.items()}
    if isinstance(node, list):
        return [resolve(spec, item) for item in node]
    return node


def ref_name(node: dict[str, Any]) -> str:
    """The component name a `{"$ref": "#/components/schemas/X"}` points at."""
    ref: str = node["$ref"]
    return ref.rsplit("/", 1)[-1]


@dataclass(frozen=True)
class MediaExample:
    where: str  # e.g. "PUT /orders/override-order-statuses 200"
    media_type: str
    schema_ref: dict[str, Any]
    example: Any
    siblings: dict[str, dict[str, Any]]  # the examples of every media type of the body, by name
    name: str = ""  # the example's name under `examples`; "" for `example` or the schema's own

    def sibling(self, media_type: str) -> Any:
        """The example of the same name on another media type of the same body (or its only one)."""
        examples = self.siblings[media_type]
        return examples[self.name] if self.name in examples else next(iter(examples.values()))


def example_values(spec: dict[str, Any], media: dict[str, Any]) -> list[tuple[str, Any]]:
    """A media type object's examples as (name, value): its `example`, each named one, or else
    the schema's own `example` (which OpenAPI applies to every media type without one)."""
    if "example" in media:
        return [("", media["example"])]
    if "examples" in media:
        return [(name, named["value"]) for name, named in media["examples"].items()]
    schema = resolve(spec, media["schema"])
    return [("", schema["example"])] if "example" in schema else []


def media_examples(spec: dict[str, Any]) -> Iterator[MediaExample]:
    """Every example on a request or response body, operation responses and shared ones alike."""
    bodies: list[tuple[str, dict[str, Any]]] = []
    for path, item in spec["paths"].items():
        for method, operation in item.items():
            label = f"{method.upper()} {path}"
            if "requestBody" in operation:
                bodies.append((f"{label} request", operation["requestBody"]))
            for status, response in operation["responses"].items():
                if "$ref" not in response:
                    bodies.append((f"{label} {status}", response))
    for name, response in spec["components"]["responses"].items():
        bodies.append((f"components.responses.{name}", response))
    for where, body in bodies:
        content = body.get("content", {})
        siblings = {media_type: dict(example_values(spec, media)) for media_type, media in content.items()}
        for media_type, media in content.items():
            for name, value in siblings[media_type].items():
                yield MediaExample(where, media_type, media["schema"], value, siblings, name)
