"""Benchmark: the mock (file-backed, stateful) against Prism, same request, same load generator.

Runs, one after the other on 127.0.0.1 only, with wrk (a Lua script sends PUT bodies with a
bearer token):
  1. storefeeder-mock, 50-item JSON PUT   (SQLite file store, every request changes 50 orders)
  2. storefeeder-mock, 50-item XML PUT    (same orders, XML in and out)
  3. Prism (`prism mock openapi.yaml`), the same 50-item JSON PUT
and prints requests/second and the ratios the issue sets as targets: mock JSON >= 2x Prism JSON,
mock XML >= 1x Prism JSON. Every run must be all-2xx, or its figure does not count.

Bounded: each run lasts --duration seconds (at most 60) after a --warmup, with --connections
connections (at most 256); nothing but 127.0.0.1 is contacted.

    python scripts/bench_mock.py [--duration 10] [--connections 16] [--threads 1] [--strict]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from dataclasses import dataclass
from pathlib import Path

from closed_output import tolerate_closed_output

ROOT = Path(__file__).resolve().parent.parent
PUT = "/orders/override-order-statuses"
STATUSES = ("OnHold", "CourierClaim")  # the bodies alternate, so every request really writes
XML_NS = 'xmlns:xsd="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"'
JSON_TARGET, XML_TARGET = 2.0, 1.0


@dataclass
class Result:
    name: str
    rps: float
    latency: str
    requests: int
    non_2xx: int
    errors: str


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def wait_for_port(port: int, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"nothing listens on 127.0.0.1:{port} after {timeout} s")


def request(url: str, method: str, body: bytes | None, headers: dict[str, str]) -> tuple[int, bytes]:
    req = urllib.request.Request(url, data=body, headers=headers, method=method)
    try:
        with urllib.request.urlopen(req, timeout=30) as response:
            return int(response.status), bytes(response.read())
    except urllib.error.HTTPError as exc:
        return int(exc.code), bytes(exc.read())


def lua_script(bodies: list[str], content_type: str, token: str) -> str:
    quoted = ", ".join(f"[==[{b}]==]" for b in bodies)
    return f"""
local bodies = {{ {quoted} }}
local i = 0
wrk.headers["Content-Type"] = "{content_type}"
wrk.headers["Accept"] = "{content_type}"
wrk.headers["Authorization"] = "Bearer {token}"
request = function()
  i = i + 1
  return wrk.format("PUT", "{PUT}", nil, bodies[(i % #bodies) + 1])
end
"""


def run_wrk(name: str, url: str, script: Path, args: argparse.Namespace) -> Result:
    base = ["wrk", f"-t{args.threads}", f"-c{args.connections}", "-s", str(script), "--latency"]
    subprocess.run(
        [*base, f"-d{args.warmup}s", url], check=True, capture_output=True, timeout=args.warmup + 30
    )
    out = subprocess.run(
        [*base, f"-d{args.duration}s", url],
        check=True,
        capture_output=True,
        text=True,
        timeout=args.duration + 30,
    ).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))  # type: ignore[union-attr]
    requests = int(re.search(r"(\d+) requests in", out).group(1))  # type: ignore[union-attr]
    non_2xx_match = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    errors = re.search(r"Socket errors: (.*)", out)
    latency = re.search(r"Latency\s+(\S+)", out)
    return Result(
        name=name,
        rps=rps,
        latency=latency.group(1) if latency else "?",
        requests=requests,
        non_2xx=int(non_2xx_match.group(1)) if non_2xx_match else 0,
        errors=errors.group(1).strip() if errors else "",
    )


def start_mock(db: Path) -> tuple[subprocess.Popen[str], str]:
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "storefeeder_mock",
            "serve",
            "--host",
            "127.0.0.1",
            "--port",
            "0",
            "--db",
            str(db),
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    assert proc.stdout is not None
    line = proc.stdout.readline()
    match = re.match(r"Listening on (http://127\.0\.0\.1:\d+)", line)
    if not match:
        proc.kill()
        raise RuntimeError(f"the mock did not start: {line!r}")
    return proc, match.group(1)


def start_prism(port: int) -> subprocess.Popen[bytes]:
    prism = ROOT / "node_modules" / ".bin" / "prism"
    if not prism.exists():
        raise RuntimeError(f"{prism} is missing: run `npm ci` first")
    return subprocess.Popen(
        [str(prism), "mock", "-h", "127.0.0.1", "-p", str(port), str(ROOT / "openapi.yaml")],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )


def stop(proc: subprocess.Popen[str] | subprocess.Popen[bytes], group: bool = False) -> None:
    if proc.poll() is None:
        if group:
            os.killpg(proc.pid, signal.SIGTERM)
        else:
            proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(5)


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--duration", type=int, default=10, help="seconds per measured run (1..60)")
    parser.add_argument("--warmup", type=int, default=2, help="seconds of warm-up before each run (0..10)")
    parser.add_argument("--connections", type=int, default=16, help="wrk connections (1..256)")
    parser.add_argument("--threads", type=int, default=1, help="wrk threads (1..4)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--skip-prism", action="store_true", help="measure the mock only")
    parser.add_argument(
        "--strict", action="store_true", help="exit 1 when a target is missed or a run had errors"
    )
    args = parser.parse_args()
    if not (
        1 <= args.duration <= 60
        and 0 <= args.warmup <= 10
        and 1 <= args.connections <= 256
        and 1 <= args.threads <= 4
    ):
        parser.error(
            "keep the load bounded: --duration 1..60, --warmup 0..10, --connections 1..256, --threads 1..4"
        )
    args.warmup = max(args.warmup, 1)
    if shutil.which("wrk") is None:
        print("wrk is not installed (apt-get install -y wrk)", file=sys.stderr)
        return 2

    from storefeeder_mock import fixtures

    data = fixtures(args.seed)
    account = data["accounts"][0]
    movable = [o["OrderNumber"] for o in account["orders"] if o["OrderStatus"] != "AwaitingPayment"]
    numbers = random.Random(args.seed).sample(movable, 50)  # spread over the whole table
    json_bodies = [json.dumps([{"OrderNumber": n, "OrderStatus": s} for n in numbers]) for s in STATUSES]
    xml_bodies = [
        f"<ArrayOfOverrideOrderStatusModel {XML_NS}>"
        + "".join(
            f"<OverrideOrderStatusModel><OrderNumber>{n}</OrderNumber><OrderStatus>{s}</OrderStatus>"
            "</OverrideOrderStatusModel>"
            for n in numbers
        )
        + "</ArrayOfOverrideOrderStatusModel>"
        for s in STATUSES
    ]
    results: list[Result] = []
    with tempfile.TemporaryDirectory(prefix="sf-bench-") as tmp:
        work = Path(tmp)
        db = work / "bench.sqlite3"
        mock, url = start_mock(db)
        try:
            form = urllib.parse.urlencode(
                {
                    "grant_type": "password",
                    "username": account["username"],
                    "password": account["password"],
                    "client_id": account["client_id"],
                }
            )
            status, body = request(
                url + "/Token", "POST", form.encode(), {"Content-Type": "application/x-www-form-urlencoded"}
            )
            token = json.loads(body)["access_token"]
            auth = {"Authorization": f"Bearer {token}"}
            # The request really is a 50-item success that changes state.
            for payload, media in ((json_bodies[0], "application/json"), (xml_bodies[1], "application/xml")):
                status, body = request(
                    url + PUT,
                    "PUT",
                    payload.encode(),
                    {**auth, "Content-Type": media, "Accept": "application/json"},
                )
                assert status == 200 and len(json.loads(body)) == 50, body[:300]
                assert all(r["Success"] for r in json.loads(body)), body[:300]
            status, body = request(f"{url}/orders/{numbers[0]}", "GET", None, auth)
            assert json.loads(body)["OrderStatus"] == STATUSES[1]

            (work / "json.lua").write_text(lua_script(json_bodies, "application/json", token))
            (work / "xml.lua").write_text(lua_script(xml_bodies, "application/xml", token))
            results.append(
                run_wrk("storefeeder-mock JSON (50 items, SQLite file)", url, work / "json.lua", args)
            )
            results.append(
                run_wrk("storefeeder-mock XML  (50 items, SQLite file)", url, work / "xml.lua", args)
            )
            status, body = request(f"{url}/orders/{numbers[0]}", "GET", None, auth)
            print(f"state after the runs: order {numbers[0]} is {json.loads(body)['OrderStatus']} (stateful)")
        finally:
            stop(mock)
        print(f"mock stopped cleanly: exit {mock.returncode}; database {db.stat().st_size // 1024} KiB")

        if not args.skip_prism:
            port = free_port()
            prism = start_prism(port)
            try:
                wait_for_port(port, 60)
                prism_url = f"http://127.0.0.1:{port}"
                status, body = request(
                    prism_url + PUT,
                    "PUT",
                    json_bodies[0].encode(),
                    {"Authorization": f"Bearer {token}", "Content-Type": "application/json"},
                )
                print(f"Prism answers the JSON request with {status}")
                results.append(
                    run_wrk("Prism JSON (same request, stateless)", prism_url, work / "json.lua", args)
                )
            finally:
                stop(prism, group=True)

    print()
    print(
        f"wrk -t{args.threads} -c{args.connections} -d{args.duration}s (after {args.warmup}s warm-up), "
        f"127.0.0.1, {os.cpu_count()} CPUs"
    )
    print(f"{'run':<48} {'req/s':>10} {'avg lat':>9} {'requests':>9} {'non-2xx':>8}  socket errors")
    for r in results:
        print(f"{r.name:<48} {r.rps:>10.0f} {r.latency:>9} {r.requests:>9} {r.non_2xx:>8}  {r.errors or '-'}")
    clean = all(r.non_2xx == 0 and not r.errors for r in results)
    ok = clean
    if not args.skip_prism:
        prism_rps = results[2].rps
        json_ratio, xml_ratio = results[0].rps / prism_rps, results[1].rps / prism_rps
        print()
        print(
            f"mock JSON / Prism JSON = {json_ratio:.2f}x (target >= {JSON_TARGET:.0f}x): "
            f"{'met' if json_ratio >= JSON_TARGET else 'MISSED'}"
        )
        print(
            f"mock XML  / Prism JSON = {xml_ratio:.2f}x (target >= {XML_TARGET:.0f}x): "
            f"{'met' if xml_ratio >= XML_TARGET else 'MISSED'}"
        )
        ok = ok and json_ratio >= JSON_TARGET and xml_ratio >= XML_TARGET
    if not clean:
        print("some runs had non-2xx responses or socket errors: their figures do not count")
    return 0 if ok or not args.strict else 1


if __name__ == "__main__":
    tolerate_closed_output()  # `scripts/x.py | head` ends quietly
    sys.exit(main())
