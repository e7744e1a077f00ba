"""Benchmark: our default conformance run next to a plain `schemathesis run`, same spec, same mock.

Three timed commands, each with the number of HTTP requests it sent:
1. `storefeeder-conformance run`: the default run (starts its own embedded mock);
2. `storefeeder-conformance run --base-url URL ...`: the same run against one shared mock process;
3. `schemathesis run openapi.yaml --url URL -H 'Authorization: Bearer ...'` against that mock.
The shared mock is `storefeeder-mock serve` in its own process (file-backed SQLite, seed 0).
Request counts: ours from the run's own summary line, Schemathesis's from its HAR report.

    python scripts/bench_conformance.py [--max-examples K] [--seed S]
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from pathlib import Path

from closed_output import tolerate_closed_output
from storefeeder_conformance import contract
from storefeeder_conformance.target import choose_embedded_orders

ROOT = Path(__file__).resolve().parent.parent
SPEC = ROOT / "openapi.yaml"
REQUESTS = re.compile(r"^(\d+) requests \((\d+) by Schemathesis\)", re.MULTILINE)


def tool(name: str) -> str:
    """The console script of this environment (beside the interpreter), else from PATH."""
    beside = Path(sys.executable).with_name(name)
    found = str(beside) if beside.exists() else shutil.which(name)
    if found is None:
        sys.exit(f"{name} not found; install the kit with its conformance extra")
    return found


def timed(args: list[str], shown: str, env: dict[str, str] | None = None) -> tuple[float, str]:
    print(f"$ {shown}", flush=True)
    started = time.perf_counter()
    done = subprocess.run(args, capture_output=True, text=True, env=env, check=False)
    seconds = time.perf_counter() - started
    return seconds, done.stdout + done.stderr


def last_line(output: str, pattern: str) -> str:
    lines = [line for line in output.splitlines() if re.search(pattern, line)]
    return lines[-1].strip("= \n") if lines else "(no summary line)"


def ours(output: str) -> int:
    match = REQUESTS.search(output)
    return int(match.group(1)) if match else -1


def har_entries(path: Path) -> int:
    return len(json.loads(path.read_text(encoding="utf-8"))["log"]["entries"]) if path.exists() else -1


def token_for(url: str, account: dict[str, str]) -> str:
    form = urllib.parse.urlencode(
        {"grant_type": "password", **{k: account[k] for k in ("username", "password", "client_id")}}
    )
    request = urllib.request.Request(
        url + "/Token", data=form.encode(), headers={"Content-Type": "application/x-www-form-urlencoded"}
    )
    with urllib.request.urlopen(request, timeout=10) as answer:
        return str(json.load(answer)["access_token"])


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--max-examples", type=int, default=100, help="for both tools (their default is 100)")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    k, seed = str(args.max_examples), str(args.seed)
    rows: list[tuple[str, float, int, str]] = []

    seconds, out = timed(
        [tool("storefeeder-conformance"), "run", "--max-examples", k, "--seed", seed],
        f"storefeeder-conformance run --max-examples {k} --seed {seed}",
    )
    rows.append(
        (
            "storefeeder-conformance run (embedded mock)",
            seconds,
            ours(out),
            last_line(out, r"passed, \d+ failed"),
        )
    )

    fixtures = json.loads(
        subprocess.run(
            [tool("storefeeder-mock"), "fixtures", "--json", "--seed", seed],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
    )
    account = fixtures["accounts"][0]
    orders, foreign = choose_embedded_orders(fixtures, contract.load(SPEC))
    with tempfile.TemporaryDirectory(prefix="bench-conformance-") as tmp:
        mock = subprocess.Popen(
            [
                tool("storefeeder-mock"),
                "serve",
                "--port",
                "0",
                "--seed",
                seed,
                "--db",
                str(Path(tmp) / "mock.sqlite3"),
            ],
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            text=True,
        )
        try:
            assert mock.stdout is not None
            url = re.search(r"http://[0-9.:\[\]]+", mock.stdout.readline())
            if url is None:
                sys.exit("the mock did not print its URL")
            base = url.group(0)
            env = {
                **os.environ,
                "STOREFEEDER_USERNAME": account["username"],
                "STOREFEEDER_PASSWORD": account["password"],
                "STOREFEEDER_CLIENT_ID": account["client_id"],
            }
            order_args = [a for n in orders for a in ("--order", str(n))] + ["--foreign-order", str(foreign)]
            command = ["run", "--base-url", base, *order_args, "--max-examples", k, "--seed", seed]
            seconds, out = timed(
                [tool("storefeeder-conformance"), *command],
                "STOREFEEDER_USERNAME=... STOREFEEDER_PASSWORD=... STOREFEEDER_CLIENT_ID=... "
                f"storefeeder-conformance {' '.join(command)}",
                env,
            )
            rows.append(
                (
                    "storefeeder-conformance run --base-url (same mock)",
                    seconds,
                    ours(out),
                    last_line(out, r"passed, \d+ failed"),
                )
            )

            token = token_for(base, account)
            har = Path(tmp) / "schemathesis.har"
            st_args = [
                "run",
                str(SPEC),
                "--url",
                base,
                "--max-examples",
                k,
                "--seed",
                seed,
                "--report",
                "har",
                "--report-har-path",
                str(har),
            ]
            seconds, out = timed(
                [tool("schemathesis"), *st_args, "-H", f"Authorization: Bearer {token}"],
                f"schemathesis {' '.join(st_args)} -H 'Authorization: Bearer $STOREFEEDER_TOKEN'",
            )
            rows.append(
                (
                    "schemathesis run (same mock)",
                    seconds,
                    har_entries(har),
                    last_line(out, r"(passed|failures?|errors?).* in [0-9.]+s"),
                )
            )
        finally:
            mock.terminate()
            mock.wait(10)

    print()
    print(f"{'command':52} {'seconds':>8} {'requests':>9}  result")
    for name, seconds, requests, result in rows:
        print(f"{name:52} {seconds:8.1f} {requests:9d}  {result}")
    return 0


if __name__ == "__main__":
    tolerate_closed_output()  # `scripts/x.py | head` ends quietly
    sys.exit(main())
