"""Lint openapi.yaml: openapi-spec-validator, Redocly and Spectral, zero errors and zero warnings.

Then prove the project's own Spectral rules can fail: each is run on a copy of the spec broken in
the one way the rule guards, and must report it. A lint rule that cannot fire guards nothing.
"""

from __future__ import annotations

import copy
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml
from closed_output import tolerate_closed_output
from openapi_spec_validator import validate
from openapi_spec_validator.readers import read_from_filename

ROOT = Path(__file__).resolve().parent.parent
SPEC = ROOT / "openapi.yaml"
BIN = ROOT / "node_modules" / ".bin"

Spec = dict[str, Any]


def _put(spec: Spec) -> Spec:
    operation: Spec = spec["paths"]["/orders/override-order-statuses"]["put"]
    return operation


def _drop_text_xml_body(spec: Spec) -> None:
    del _put(spec)["requestBody"]["content"]["text/xml"]


def _text_json_first(spec: Spec) -> None:
    content = spec["components"]["responses"]["Unauthorized"]["content"]
    order = ["text/json", "application/json", "application/xml", "text/xml"]
    spec["components"]["responses"]["Unauthorized"]["content"] = {key: content[key] for key in order}


def _drop_max_items(spec: Spec) -> None:
    del spec["components"]["schemas"]["ArrayOfOverrideOrderStatusModel"]["maxItems"]


def _drop_maximum(spec: Spec) -> None:
    del spec["components"]["schemas"]["OrderNumber"]["maximum"]


def _drop_operation_id(spec: Spec) -> None:
    del spec["paths"]["/order-status"]["get"]["operationId"]


def _drop_operation_security(spec: Spec) -> None:
    del spec["paths"]["/orders/{ordernumber}"]["get"]["security"]


def _drop_xml_name(spec: Spec) -> None:
    del spec["components"]["schemas"]["ArrayOfOrderStatusesResponse"]["xml"]


# (rule, a way to break the spec that the rule must report)
RULE_PROOFS: list[tuple[str, Callable[[Spec], None]]] = [
    ("storefeeder-every-body-has-four-media-types", _drop_text_xml_body),
    ("storefeeder-every-body-has-four-media-types", _text_json_first),
    ("storefeeder-batch-arrays-have-max-items", _drop_max_items),
    ("storefeeder-order-number-has-bounds", _drop_maximum),
    ("storefeeder-operation-has-id", _drop_operation_id),
    ("storefeeder-operation-level-security", _drop_operation_security),
    ("storefeeder-xml-names-on-models", _drop_xml_name),
]


def run(*command: str | Path, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(part) for part in command], cwd=cwd, capture_output=True, text=True, check=False
    )


def lint_clean() -> list[str]:
    failures = []
    spec_dict, base_uri = read_from_filename(str(SPEC))
    try:
        validate(spec_dict, base_uri=base_uri)
        print("openapi-spec-validator: valid")
    except Exception as exc:
        failures.append(f"openapi-spec-validator: {exc}")
    # redocly.yaml extends recommended-strict, which makes every warning an error: the exit code says it all.
    redocly = run(BIN / "redocly", "lint", "--format=stylish", SPEC)
    print(f"redocly lint: exit {redocly.returncode}")
    if redocly.returncode != 0:
        failures.append(f"redocly lint:\n{redocly.stdout}{redocly.stderr}")
    spectral = run(BIN / "spectral", "lint", "--fail-severity=warn", SPEC)
    print(f"spectral lint: exit {spectral.returncode}")
    if spectral.returncode != 0:
        failures.append(f"spectral lint:\n{spectral.stdout}{spectral.stderr}")
    return failures


def rules_fire() -> list[str]:
    failures = []
    original = yaml.safe_load(SPEC.read_text(encoding="utf-8"))
    with tempfile.TemporaryDirectory() as scratch:
        workdir = Path(scratch)
        shutil.copy(ROOT / ".spectral.yaml", workdir)
        shutil.copytree(ROOT / "lint", workdir / "lint")
        for rule, breaks in RULE_PROOFS:
            broken = copy.deepcopy(original)
            breaks(broken)
            (workdir / "broken.yaml").write_text(yaml.safe_dump(broken, sort_keys=False), encoding="utf-8")
            result = run(BIN / "spectral", "lint", "broken.yaml", cwd=workdir)
            fired = rule in result.stdout
            print(f"rule {rule} fires on {breaks.__name__.lstrip('_')}: {'yes' if fired else 'NO'}")
            if not fired:
                failures.append(f"{rule} did not fire on {breaks.__name__}:\n{result.stdout}")
    return failures


def main() -> None:
    failures = lint_clean() + rules_fire()
    if failures:
        sys.exit("\n\n".join(failures))
    print("spec lint: clean, and every project rule fires on the defect it guards")


if __name__ == "__main__":
    tolerate_closed_output()  # `scripts/x.py | head` ends quietly
    main()
