"""Variants of openapi.yaml for generators that cannot take it whole, derived, never hand-written.

- `python_variant`: openapi-python-client gets the closed `Statuses` enum where responses say
  `StatusName` (the open list). Its enum is open already: codegen/templates/str_enum.py.jinja
  keeps an unknown name as a pseudo-member, so the Python client keeps the names as members and
  still decodes a name it does not know.
- `oapi_codegen_variant`: oapi-codegen names a response field after the media type's subtype, so
  `application/xml` and `text/xml` both become `XML200` and the code does not compile; it
  ignores `text/json`. The variant drops the two `text/*` duplicates: what remains says the same.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from pathlib import Path
from typing import Any

# PyYAML ships no type information; import it as a plain module so mypy --strict needs no stubs.
_yaml = importlib.import_module("yaml")

ROOT = Path(__file__).resolve().parent.parent
SPEC = ROOT / "openapi.yaml"
OPEN_STATUS = "#/components/schemas/StatusName"
CLOSED_STATUS = "#/components/schemas/Statuses"
TEXT_DUPLICATES = ("text/json", "text/xml")


def load(path: Path = SPEC) -> Any:
    return _yaml.safe_load(path.read_text(encoding="utf-8"))


def _walk(node: Any, visit: Callable[[dict[str, Any]], None]) -> None:
    if isinstance(node, dict):
        visit(node)
        for value in node.values():
            _walk(value, visit)
    elif isinstance(node, list):
        for value in node:
            _walk(value, visit)


def python_variant(doc: Any) -> Any:
    def close(node: dict[str, Any]) -> None:
        if node.get("$ref") == OPEN_STATUS:
            node["$ref"] = CLOSED_STATUS

    _walk(doc, close)
    return doc


def oapi_codegen_variant(doc: Any) -> Any:
    def drop(node: dict[str, Any]) -> None:
        content = node.get("content")
        if isinstance(content, dict):
            for media_type in TEXT_DUPLICATES:
                content.pop(media_type, None)

    _walk(doc, drop)
    return doc


VARIANTS: dict[str, Callable[[Any], Any]] = {
    "python": python_variant,
    "oapi-codegen": oapi_codegen_variant,
}


def _no_aliases(_self: Any, _data: Any) -> bool:
    return True


# Writes shared values out in full (no &anchors): the variants are read by tools, not people.
_NoAliases: Any = type("_NoAliases", (_yaml.SafeDumper,), {"ignore_aliases": _no_aliases})


def render(doc: Any) -> str:
    header = "# Derived from openapi.yaml by scripts/spec_variants.py. Do not edit.\n"
    return header + str(_yaml.dump(doc, Dumper=_NoAliases, sort_keys=False, allow_unicode=True, width=100))


def write_variant(name: str, target: Path, source: Path = SPEC) -> Path:
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(render(VARIANTS[name](load(source))), encoding="utf-8")
    return target


if __name__ == "__main__":
    import argparse

    from closed_output import tolerate_closed_output

    tolerate_closed_output()  # `scripts/x.py | head` ends quietly

    parser = argparse.ArgumentParser(description="Write a generator's variant of openapi.yaml.")
    parser.add_argument("variant", choices=sorted(VARIANTS))
    parser.add_argument("output", type=Path)
    args = parser.parse_args()
    print(write_variant(args.variant, args.output))
