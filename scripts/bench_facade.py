"""Benchmark: the façade's overhead over raw httpx, and bulk override rates, against one mock.

1. One 50-item override call through `StoreFeeder` (and `AsyncStoreFeeder`) against raw httpx
   sending the very bytes the façade sends (captured from it), with the same headers, to the
   same mock, in the same run; raw httpx decodes the answer (`response.json()`, or
   `xml.etree.ElementTree.fromstring`) and does nothing else. The sides take turns call by call;
   the figure is each side's median per-call time.
   Targets: façade/raw <= 1.10 in JSON, <= 1.25 in XML (the sync façade against sync httpx).
   A third sync side, the *floor*, is the least any client taking (number, status) pairs must
   add to raw httpx: encode the pairs (checked to give the façade's very bytes), decode the
   answer, pair each result with its item. floor/raw is how low façade/raw could go.
   A fourth, *generated*, is the generated client's own `sync_detailed` with the 50 request
   models built beforehand: what the generated layer alone costs, before the façade's own work
   (checking the input, building the models and the results, auth and retries).
2. 10,000 changes through `AsyncStoreFeeder.override_statuses` with max_in_flight 1 and 4, as
   items/s and requests/s, beside the mock's saturated rate measured as scripts/bench_mock.py
   does (wrk, 16 connections, the same 50-item JSON PUT).

The mock runs in its own process (file-backed store), so the client and the server do not share
a GIL. Only 127.0.0.1 is contacted. Every call is checked to be a 50-item success.

    python scripts/bench_facade.py [--pairs 500] [--bulk 10000] [--wrk-duration 5]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import shutil
import statistics
import sys
import tempfile
import time
import xml.etree.ElementTree as ET
from collections.abc import Awaitable, Callable, Iterator, Mapping
from pathlib import Path
from typing import Any

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent))
import bench_mock  # the mock's own benchmark: starting the mock, running wrk
from closed_output import tolerate_closed_output
from storefeeder_client import AuthenticatedClient
from storefeeder_client.api.orders import override_order_statuses

from storefeeder import AsyncStoreFeeder, Outcome, StoreFeeder
from storefeeder.results import checked_items

TARGETS = {"application/json": 1.10, "application/xml": 1.25}
XML_ARRAY_OPEN = (
    '<ArrayOfOverrideOrderStatusModel xmlns:xsd="http://www.w3.org/2001/XMLSchema"'
    ' xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
)
NOTES = {
    "sync floor": "(the least any client adds)",
    "sync generated": "(generated sync_detailed, models prebuilt)",
}
STATUSES = ("OnHold", "CourierClaim")  # alternate, so every call really changes 50 orders


class Capture(httpx.BaseTransport):
    """Passes requests through and keeps the last one's body and headers."""

    def __init__(self) -> None:
        self.inner = httpx.HTTPTransport()
        self.body = b""
        self.headers: dict[str, str] = {}

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        self.body, self.headers = request.read(), dict(request.headers)
        return self.inner.handle_request(request)


def turns(names: list[str], rounds: int) -> Iterator[str]:
    """The sides' names, each once per round, the order rotating round by round, so a change in
    machine load hits every side alike."""
    for index in range(rounds):
        shift = index % len(names)
        yield from names[shift:] + names[:shift]


def sides_timed(sides: Mapping[str, Callable[[], None]], rounds: int) -> dict[str, list[float]]:
    """Per-call times, the sides taking turns call by call."""
    clock = time.perf_counter
    times: dict[str, list[float]] = {name: [] for name in sides}
    for name in turns(list(sides), rounds):
        started = clock()
        sides[name]()
        times[name].append(clock() - started)
    return times


async def sides_timed_async(
    sides: Mapping[str, Callable[[], Awaitable[None]]], rounds: int
) -> dict[str, list[float]]:
    """sides_timed for coroutines."""
    clock = time.perf_counter
    times: dict[str, list[float]] = {name: [] for name in sides}
    for name in turns(list(sides), rounds):
        started = clock()
        await sides[name]()
        times[name].append(clock() - started)
    return times


def floor_body(pairs: list[tuple[int, str]], xml: bool) -> bytes:
    """The request body for `pairs` built as directly as Python allows (a format string for XML)."""
    if xml:
        items = "".join(
            f"<OverrideOrderStatusModel><OrderNumber>{n}</OrderNumber><OrderStatus>{s}</OrderStatus>"
            "</OverrideOrderStatusModel>"
            for n, s in pairs
        )
        return f"{XML_ARRAY_OPEN}{items}</ArrayOfOverrideOrderStatusModel>".encode()
    body = [{"OrderNumber": n, "OrderStatus": s} for n, s in pairs]
    return json.dumps(body, ensure_ascii=False, separators=(",", ":"), allow_nan=False).encode()


def floor_results(
    pairs: list[tuple[int, str]], response: httpx.Response, xml: bool
) -> list[tuple[int, str, bool, str | None]]:
    """Each item with its answer's success and error, checked to answer that very item."""
    if xml:
        root = ET.fromstring(response.content)
        answers = [{child.tag.rpartition("}")[2]: child.text for child in item} for item in root]
        fields = [(int(a["OrderNumber"] or 0), a["Success"] == "true", a.get("Error")) for a in answers]
    else:
        fields = [(a["OrderNumber"], a["Success"], a.get("Error")) for a in response.json()]
    if any(number != n for (n, _), (number, _, _) in zip(pairs, fields, strict=True)):
        raise AssertionError("an answer does not match its item")
    return [(n, s, ok, error) for (n, s), (_, ok, error) in zip(pairs, fields, strict=True)]


def raw_check_status(response: httpx.Response) -> None:
    assert response.status_code == 200, response.text[:200]


def overhead(
    url: str, account: dict[str, Any], numbers: list[int], media: Any, args: Any
) -> dict[str, float]:
    creds = {key: account[key] for key in ("username", "password", "client_id")}
    bodies = [[(n, s) for n in numbers] for s in STATUSES]
    capture = Capture()
    raw_requests: list[tuple[bytes, dict[str, str]]] = []
    with StoreFeeder(url, media_type=media, transport=capture, **creds) as capturing:
        for body in bodies:
            capturing.override_statuses(body)
            keep = ("content-type", "accept", "authorization")
            raw_requests.append((capture.body, {k: v for k, v in capture.headers.items() if k in keep}))
    xml = "xml" in media
    decode: Callable[[httpx.Response], Any] = (
        (lambda r: ET.fromstring(r.content)) if xml else (lambda r: r.json())
    )
    turn = [0]

    def check(results: list[Any]) -> None:
        assert len(results) == 50 and all(r.outcome is Outcome.SUCCEEDED for r in results), results[:2]

    def raw_check(response: httpx.Response) -> None:
        raw_check_status(response)
        assert len(decode(response)) == 50

    figures: dict[str, list[float]] = {}
    with StoreFeeder(url, media_type=media, **creds) as api, httpx.Client(base_url=url) as raw:

        def facade_call() -> None:
            turn[0] += 1
            check(api.override_statuses(bodies[turn[0] % 2]))

        def raw_call() -> None:
            turn[0] += 1
            content, headers = raw_requests[turn[0] % 2]
            raw_check(raw.put(bench_mock.PUT, content=content, headers=headers))

        floor_headers = raw_requests[0][1]

        def floor_call() -> None:
            turn[0] += 1
            pairs = bodies[turn[0] % 2]
            response = raw.put(bench_mock.PUT, content=floor_body(pairs, xml), headers=floor_headers)
            raw_check_status(response)
            assert len(floor_results(pairs, response, xml)) == 50

        for body, (captured, _) in zip(bodies, raw_requests, strict=True):
            assert floor_body(body, xml) == captured, "the floor must send the façade's very bytes"
        token = floor_headers["authorization"].removeprefix("Bearer ")
        generated_client = AuthenticatedClient(base_url=url, token=token)
        models = [checked_items(body) for body in bodies]

        def generated_call() -> None:
            turn[0] += 1
            response = override_order_statuses.sync_detailed(
                client=generated_client, body=models[turn[0] % 2], content_type=media, accept=media
            )
            assert response.status_code == 200 and isinstance(response.parsed, list)
            assert len(response.parsed) == 50

        sides = {"façade": facade_call, "raw": raw_call, "floor": floor_call, "generated": generated_call}
        sides_timed(sides, 30)  # warm-up (and the façade's login)
        for name, times in sides_timed(sides, args.pairs).items():
            figures[f"sync {name}"] = times

    async def async_side() -> None:
        async with (
            AsyncStoreFeeder(url, media_type=media, **creds) as api,
            httpx.AsyncClient(base_url=url) as raw,
        ):

            async def facade_call() -> None:
                turn[0] += 1
                check(await api.override_statuses(bodies[turn[0] % 2]))

            async def raw_call() -> None:
                turn[0] += 1
                content, headers = raw_requests[turn[0] % 2]
                raw_check(await raw.put(bench_mock.PUT, content=content, headers=headers))

            sides = {"façade": facade_call, "raw": raw_call}
            await sides_timed_async(sides, 30)
            for name, times in (await sides_timed_async(sides, args.pairs)).items():
                figures[f"async {name}"] = times

    asyncio.run(async_side())
    return {name: statistics.median(times) for name, times in figures.items()}


def bulk(url: str, account: dict[str, Any], count: int, in_flight: int) -> tuple[float, int]:
    movable = [o["OrderNumber"] for o in account["orders"] if o["OrderStatus"] != "AwaitingPayment"]
    changes = [
        (movable[i % len(movable)], STATUSES[(i // len(movable) + in_flight) % 2]) for i in range(count)
    ]

    async def run() -> list[Any]:
        async with AsyncStoreFeeder(
            url,
            username=account["username"],
            password=account["password"],
            client_id=account["client_id"],
            max_in_flight=in_flight,
        ) as api:
            await api.order_statuses()  # log in before the clock starts
            started = time.perf_counter()
            results = await api.override_statuses(changes)
            elapsed[0] = time.perf_counter() - started
            return results

    elapsed = [0.0]
    results = asyncio.run(run())
    assert all(r.outcome is Outcome.SUCCEEDED for r in results)
    return elapsed[0], -(-count // 50)


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--pairs", type=int, default=500, help="timed façade+raw call pairs (10..10000)")
    parser.add_argument("--bulk", type=int, default=10_000, help="changes in the bulk runs (1..100000)")
    parser.add_argument("--wrk-duration", type=int, default=5, help="seconds of the wrk run (0 skips it)")
    args = parser.parse_args()
    if not (10 <= args.pairs <= 10_000 and 1 <= args.bulk <= 100_000):
        parser.error("keep it bounded: --pairs 10..10000, --bulk 1..100000")

    from storefeeder_mock import fixtures

    account = fixtures(0)["accounts"][0]
    movable = [o["OrderNumber"] for o in account["orders"] if o["OrderStatus"] != "AwaitingPayment"]
    numbers = movable[::50][:50]
    with tempfile.TemporaryDirectory(prefix="sf-bench-facade-") as tmp:
        mock, url = bench_mock.start_mock(Path(tmp) / "bench.sqlite3")
        try:
            print(f"mock at {url}; {args.pairs} calls per side, alternating; median per call")
            print(f"{'media':<18}{'side':<14}{'side ms':>10}{'raw ms':>9}{'ratio':>8}  target")
            met = True
            for media in TARGETS:
                figures = overhead(url, account, numbers, media, args)
                for side in ("sync façade", "async façade", "sync floor", "sync generated"):
                    mine, raw = figures[side], figures[side.split()[0] + " raw"]
                    ratio = mine / raw
                    verdict = f"<= {TARGETS[media]:.2f}x {'met' if ratio <= TARGETS[media] else 'MISSED'}"
                    met = met and (side != "sync façade" or ratio <= TARGETS[media])
                    print(
                        f"{media:<18}{side:<14}{mine * 1e3:>10.3f}{raw * 1e3:>9.3f}{ratio:>7.2f}x"
                        f"  {verdict if 'façade' in side else NOTES[side]}"
                    )
            print()
            print(f"bulk: {args.bulk} changes in {-(-args.bulk // 50)} requests (AsyncStoreFeeder, JSON)")
            for in_flight in (1, 4):
                seconds, requests = bulk(url, account, args.bulk, in_flight)
                print(
                    f"  max_in_flight={in_flight}: {seconds:6.2f} s, {args.bulk / seconds:8.0f} items/s, "
                    f"{requests / seconds:6.0f} req/s"
                )
            if args.wrk_duration and shutil.which("wrk"):
                saturated = saturated_rate(url, account, numbers, args.wrk_duration, Path(tmp))
                print(
                    f"  mock saturated (wrk -c16, same 50-item JSON PUT): {saturated * 50:8.0f} items/s, "
                    f"{saturated:6.0f} req/s"
                )
            elif args.wrk_duration:
                print("  mock saturated: wrk is not installed (apt-get install -y wrk); not measured")
        finally:
            bench_mock.stop(mock)
    return 0 if met else 1


def saturated_rate(url: str, account: dict[str, Any], numbers: list[int], seconds: int, work: Path) -> float:
    _, body = bench_mock.request(
        url + "/Token",
        "POST",
        (
            f"grant_type=password&username={account['username']}&password={account['password']}"
            f"&client_id={account['client_id']}"
        ).encode(),
        {"Content-Type": "application/x-www-form-urlencoded"},
    )
    token = json.loads(body)["access_token"]
    bodies = [json.dumps([{"OrderNumber": n, "OrderStatus": s} for n in numbers]) for s in STATUSES]
    script = work / "json.lua"
    script.write_text(bench_mock.lua_script(bodies, "application/json", token))
    options = argparse.Namespace(threads=1, connections=16, warmup=1, duration=seconds)
    result = bench_mock.run_wrk("mock", url, script, options)
    assert result.non_2xx == 0 and not result.errors, result
    return result.rps


if __name__ == "__main__":
    tolerate_closed_output()  # `scripts/x.py | head` ends quietly
    sys.exit(main())
