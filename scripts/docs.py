"""Build the published API docs site (build/site/) and check it in headless Chromium, offline.

Usage: python scripts/docs.py [--no-browser] [--check-only] [--site DIR] [--shots DIR]

scripts/docs_site.py builds the site (see there for what it holds); scripts/docs_check.py opens it
in Debian's Chromium with every network request blocked and lists what is wrong. Exit 0: built and
passed; 1: the check found problems (printed). Screenshots go to build/site-check/.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from closed_output import tolerate_closed_output

ROOT = Path(__file__).resolve().parent.parent


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--site", type=Path, default=ROOT / "build" / "site")
    parser.add_argument("--shots", type=Path, default=ROOT / "build" / "site-check")
    parser.add_argument("--no-browser", action="store_true", help="build only")
    parser.add_argument("--check-only", action="store_true", help="check an existing site, do not build")
    args = parser.parse_args()
    if not args.check_only:
        from docs_site import build

        print(f"docs: built {build(args.site)}")
    if args.no_browser:
        return 0
    from docs_check import check

    problems = check(args.site, args.shots)
    for problem in problems:
        print(f"docs check: {problem}", file=sys.stderr)
    if problems:
        print(f"docs check FAILED: {len(problems)} problem(s); screenshots in {args.shots}", file=sys.stderr)
        return 1
    print(f"docs check passed: {args.site / 'index.html'} rendered offline; screenshots in {args.shots}")
    return 0


if __name__ == "__main__":
    tolerate_closed_output()  # `scripts/docs.py | head` ends quietly
    sys.exit(main())
