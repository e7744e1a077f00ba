"""What codegen/templates changes in openapi-python-client's own templates, checked against a record.

Usage: python scripts/template_diff.py [--write]

Each template in codegen/templates that has an upstream namesake is a copy of it with a few lines
changed (imports, includes of the project's own files, call sites). This script diffs each copy
against the upstream template of the installed generator, without line numbers, and compares the
result with codegen/upstream-changes.diff. After a generator upgrade a mismatch shows exactly which
upstream lines moved under the project's changes: re-apply them, then `--write` the new record.
Exit 0: as recorded; 1: different (the difference is printed).
"""

from __future__ import annotations

import argparse
import difflib
import sys
from pathlib import Path

import openapi_python_client

ROOT = Path(__file__).resolve().parent.parent
TEMPLATES = ROOT / "codegen" / "templates"
RECORD = ROOT / "codegen" / "upstream-changes.diff"
UPSTREAM = Path(openapi_python_client.__file__).parent / "templates"


def template_changes(templates: Path = TEMPLATES, upstream: Path = UPSTREAM) -> str:
    """The diff of every overriding template against upstream, hunk positions left out."""
    out: list[str] = []
    for ours in sorted(templates.glob("*.jinja")):
        theirs = upstream / ours.name
        if not theirs.exists():
            continue  # the project's own file (an include or macros), not an override
        diff = difflib.unified_diff(
            theirs.read_text(encoding="utf-8").splitlines(),
            ours.read_text(encoding="utf-8").splitlines(),
            f"upstream/{ours.name}",
            f"codegen/templates/{ours.name}",
            n=0,
            lineterm="",
        )
        out += ["@@" if line.startswith("@@") else line for line in diff]
    return "\n".join(out) + "\n"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--write", action="store_true", help=f"record the current changes in {RECORD.name}")
    args = parser.parse_args()
    changes = template_changes()
    if args.write:
        RECORD.write_text(changes, encoding="utf-8")
        print(f"recorded {changes.count(chr(10))} lines in {RECORD.relative_to(ROOT)}")
        return 0
    recorded = RECORD.read_text(encoding="utf-8")
    if changes == recorded:
        print(f"templates change upstream exactly as {RECORD.relative_to(ROOT)} records")
        return 0
    print(f"templates differ from upstream otherwise than {RECORD.relative_to(ROOT)} records:")
    difference = difflib.unified_diff(recorded.splitlines(True), changes.splitlines(True), "recorded", "now")
    sys.stdout.writelines(difference)
    return 1


if __name__ == "__main__":
    from closed_output import tolerate_closed_output

    tolerate_closed_output()  # `scripts/x.py | head` ends quietly
    sys.exit(main())
