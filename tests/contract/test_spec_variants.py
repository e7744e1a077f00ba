"""The generator variants of openapi.yaml are derived by scripts/spec_variants.py, never by hand."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "scripts"))
from spec_variants import load, oapi_codegen_variant, python_variant, render  # noqa: E402


def test_the_committed_oapi_codegen_variant_has_not_drifted() -> None:
    committed = (ROOT / "clients" / "go-oapi" / "openapi.yaml").read_text(encoding="utf-8")
    assert committed == render(oapi_codegen_variant(load())), (
        "run: python scripts/spec_variants.py oapi-codegen clients/go-oapi/openapi.yaml"
    )


def _contents(node: Any) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = []
    if isinstance(node, dict):
        if isinstance(node.get("content"), dict):
            found.append(node["content"])
        for value in node.values():
            found.extend(_contents(value))
    elif isinstance(node, list):
        for value in node:
            found.extend(_contents(value))
    return found


def test_the_oapi_codegen_variant_only_drops_the_text_duplicates() -> None:
    spec, variant = load(), oapi_codegen_variant(load())
    for full, reduced in zip(_contents(spec), _contents(variant), strict=True):
        assert {k: v for k, v in full.items() if k not in ("text/json", "text/xml")} == reduced
    assert variant["components"]["schemas"] == spec["components"]["schemas"]


def test_the_python_variant_only_closes_the_response_statuses() -> None:
    variant = python_variant(load())
    text = render(variant)
    assert "#/components/schemas/StatusName" not in text
    assert render(python_variant(load())) == text
    spec_text = render(load()).replace("#/components/schemas/StatusName", "#/components/schemas/Statuses")
    assert spec_text == text
