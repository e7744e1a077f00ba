"""Regenerate generated/python from openapi.yaml with the pinned openapi-python-client.

Usage: python scripts/generate.py [--output DIR]

The generator reads the spec's Python variant (scripts/spec_variants.py): response statuses as
the `Statuses` enum, which the custom enum template keeps open.

The generator warns that it skips the text/json and XML request bodies: it is JSON-only, and the
custom templates in codegen/templates add the other three media types. Those warnings are
expected; any other warning fails the run, like --fail-on-warning would.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from closed_output import tolerate_closed_output
from spec_variants import write_variant

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_OUTPUT = ROOT / "generated" / "python"
EXPECTED_WARNING = re.compile(
    r"WARNING parsing PUT /orders/override-order-statuses within orders\.\s+"
    r"Unsupported content type (text/json|application/xml|text/xml)\s*"
)


def generate(output: Path) -> None:
    with tempfile.TemporaryDirectory() as scratch:
        target = Path(scratch) / "python"
        spec = write_variant("python", Path(scratch) / "openapi.python.yaml")
        # The post-hooks run ruff from PATH: use the one installed beside this interpreter.
        env = {**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}"}
        result = subprocess.run(
            [
                sys.executable,
                "-m",
                "openapi_python_client",
                "generate",
                "--path",
                str(spec),
                "--config",
                str(ROOT / "codegen" / "config.yaml"),
                "--custom-template-path",
                str(ROOT / "codegen" / "templates"),
                "--meta",
                "pdm",
                "--output-path",
                str(target),
            ],
            capture_output=True,
            text=True,
            check=False,
            env=env,
        )
        log = result.stdout + result.stderr
        if result.returncode != 0 or not target.is_dir():
            sys.exit(f"openapi-python-client failed:\n{log}")
        unexpected = unexpected_warnings(log)
        if unexpected:
            sys.exit(f"openapi-python-client warned about more than the XML request bodies:\n{unexpected}")
        if output.exists():
            shutil.rmtree(output)
        output.parent.mkdir(parents=True, exist_ok=True)
        shutil.copytree(target, output)


def unexpected_warnings(log: str) -> str:
    """The generator's warnings, less the three expected ones; empty when there are none."""
    if "Warning(s) encountered" not in log:
        return ""
    rest = EXPECTED_WARNING.sub("", log)
    return "\n".join(line for line in rest.splitlines() if "WARNING" in line or "Unsupported" in line)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--output", type=Path, default=DEFAULT_OUTPUT)
    generate(parser.parse_args().output.resolve())


if __name__ == "__main__":
    tolerate_closed_output()  # `scripts/x.py | head` ends quietly
    main()
