"""actionlint, pinned, built from its Go module with `go install` (the Go module proxy).

The binary lands in build/tools/actionlint-<version>/ and is reused while it is there; a fresh
machine builds it once (about 30 s). Without Go the calling test SKIPs with the reason, and under
CI (`CI` set) FAILs instead: CI must not pass having linted nothing.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
MODULE = "github.com/rhysd/actionlint/cmd/actionlint"
VERSION = "v1.7.12"
BIN_DIR = REPO / "build" / "tools" / f"actionlint-{VERSION}"
BINARY = BIN_DIR / "actionlint"
GO_FALLBACKS = (Path("/usr/local/go/bin/go"),)
BUILD_TIMEOUT = 600


class Unavailable(RuntimeError):
    """actionlint cannot be built here (no Go toolchain)."""


def go() -> str:
    found = shutil.which("go")
    if found:
        return found
    for path in GO_FALLBACKS:
        if path.is_file():
            return str(path)
    raise Unavailable("no Go toolchain (`go` on PATH or /usr/local/go/bin/go) to build actionlint")


def ensure() -> Path:
    """The pinned actionlint binary, built with `go install MODULE@VERSION` when absent."""
    if BINARY.is_file():
        return BINARY
    BIN_DIR.mkdir(parents=True, exist_ok=True)
    env = {**os.environ, "GOBIN": str(BIN_DIR), "CGO_ENABLED": "0"}
    done = subprocess.run(
        [go(), "install", f"{MODULE}@{VERSION}"],
        env=env,
        capture_output=True,
        text=True,
        timeout=BUILD_TIMEOUT,
        check=False,
    )
    if done.returncode != 0 or not BINARY.is_file():
        raise RuntimeError(
            f"go install {MODULE}@{VERSION} failed ({done.returncode}):\n{done.stderr[-3000:]}"
        )
    return BINARY


def lint(binary: Path, workflow: Path) -> subprocess.CompletedProcess[str]:
    """actionlint on one workflow file. shellcheck and pyflakes integration are off, so the verdict
    does not depend on what else the machine has installed."""
    return subprocess.run(
        [str(binary), "-no-color", "-shellcheck=", "-pyflakes=", str(workflow)],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
