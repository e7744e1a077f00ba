"""generated/ is exactly what openapi.yaml and codegen/ produce: regenerate and compare byte for byte."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from .spec_walk import ROOT

# What installing the package leaves beside the sources (git ignores them too).
BUILD_ARTIFACTS = {"__pycache__", ".pdm-build", ".ruff_cache", ".mypy_cache"}


def _tree(root: Path) -> dict[str, bytes]:
    return {
        str(path.relative_to(root)): path.read_bytes()
        for path in sorted(root.rglob("*"))
        if path.is_file() and not BUILD_ARTIFACTS.intersection(path.relative_to(root).parts)
    }


def test_generated_client_has_not_drifted(tmp_path: Path) -> None:
    fresh = tmp_path / "python"
    subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "generate.py"), "--output", str(fresh)], check=True
    )
    committed = _tree(ROOT / "generated" / "python")
    regenerated = _tree(fresh)
    assert sorted(committed) == sorted(regenerated), "files added or removed: run `nox -s generate`"
    changed = [name for name in committed if committed[name] != regenerated[name]]
    assert not changed, f"generated/ differs from a fresh generation in {changed}: run `nox -s generate`"
