"""Build the published API docs (one static HTML page, Redocly) and check them in a real browser.

Usage: python scripts/docs.py [--no-browser]

The check opens the page in headless Chromium, lets its scripts run, and fails on any uncaught
JavaScript error (Chromium's console log) or if the rendered DOM lacks the API's title or one of
its tags; then it saves a screenshot next to the page for a person to look at. Redoc 3 renders one
section per route, so operations' own sections are not checked.
Chromium comes from Debian's `chromium` package; the nox `docs` session installs it.
"""

from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import yaml
from closed_output import tolerate_closed_output

ROOT = Path(__file__).resolve().parent.parent
OUTPUT = ROOT / "build" / "docs"
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def build() -> Path:
    page = OUTPUT / "index.html"
    redocly = ROOT / "node_modules" / ".bin" / "redocly"
    subprocess.run([str(redocly), "build-docs", "openapi.yaml", "-o", str(page)], cwd=ROOT, check=True)
    return page


def expected_texts() -> list[str]:
    spec = yaml.safe_load((ROOT / "openapi.yaml").read_text(encoding="utf-8"))
    return [spec["info"]["title"], *(tag["name"] for tag in spec["tags"])]


def browser_check(page: Path) -> None:
    chromium = shutil.which("chromium")
    if chromium is None:
        sys.exit("chromium is not installed (apt-get install chromium), or pass --no-browser")
    with tempfile.TemporaryDirectory() as profile:
        flags = [*CHROMIUM_FLAGS, f"--user-data-dir={profile}", "--virtual-time-budget=5000"]
        rendering = subprocess.run(
            [chromium, *flags, "--enable-logging=stderr", "--v=0", "--dump-dom", page.as_uri()],
            capture_output=True,
            text=True,
            check=True,
            timeout=120,
        )
        screenshot = page.with_name("screenshot.png")
        subprocess.run(
            [chromium, *flags, "--window-size=1400,1000", f"--screenshot={screenshot}", page.as_uri()],
            capture_output=True,
            check=True,
            timeout=120,
        )
    console_errors = [
        line for line in rendering.stderr.splitlines() if "CONSOLE" in line and "Uncaught" in line
    ]
    rendered = re.sub(r"<script\b.*?</script>", "", rendering.stdout, flags=re.DOTALL)
    missing = [text for text in expected_texts() if text not in rendered]
    if console_errors:
        sys.exit("the docs page threw while rendering:\n" + "\n".join(console_errors))
    if missing:
        sys.exit(f"the rendered docs lack: {missing}")
    names = len(expected_texts())
    print(f"docs: {page} renders in Chromium, no script errors, title and {names - 1} tags; {screenshot}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--no-browser", action="store_true", help="build only")
    page = build()
    if not parser.parse_args().no_browser:
        browser_check(page)


if __name__ == "__main__":
    tolerate_closed_output()  # `scripts/x.py | head` ends quietly
    main()
