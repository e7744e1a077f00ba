"""--faults: seeded, reproducible latency, 429, 503 and dropped connections."""

from __future__ import annotations

import time

import httpx
import pytest
from storefeeder_mock import running_mock
from storefeeder_mock.faults import FaultSpec, FaultSpecError, parse_spec

PUT = "/orders/override-order-statuses"


def test_parse_spec() -> None:
    assert parse_spec("latency=0.5:20-200, 429=0.1:2,503=0.05,drop=0.02,drop-after=0.01,seed=9") == FaultSpec(
        latency_rate=0.5,
        latency_min_ms=20,
        latency_max_ms=200,
        rate_429=0.1,
        retry_after_429=2,
        rate_503=0.05,
        retry_after_503=None,
        rate_drop=0.02,
        rate_drop_after=0.01,
        seed=9,
    )
    assert parse_spec("latency=1:50") == FaultSpec(latency_rate=1.0, latency_min_ms=50, latency_max_ms=50)
    assert parse_spec("503=0.2:30").retry_after_503 == 30
    assert parse_spec("") == FaultSpec()
    assert parse_spec("drop=1,on=/Orders|/Token").paths == ("/orders", "/token")


@pytest.mark.parametrize(
    "spec",
    [
        "429",
        "429=1.5",
        "429=-0.1",
        "429=x",
        "429=0.5:soon",
        "latency=0.5",
        "latency=0.5:200-20",
        "drop=0.1:3",
        "seed=abc",
        "teapot=0.1",
        "on=orders",
        "on=",
        "429=0.6,503=0.6",
        "429=0.5:\u00b2",  # "²".isdigit() is true, int() refuses it
        "503=0.5:" + "9" * 5000,  # beyond int()'s digit limit
        "429=nan",
        "latency=1:inf",
        "latency=1:0-inf",
        "latency=1:nan",
    ],
)
def test_parse_spec_errors(spec: str) -> None:
    with pytest.raises(FaultSpecError):
        parse_spec(spec)


def outcomes(spec: str, count: int = 60, seed: int = 0) -> list[str]:
    """The fault each of `count` sequential requests met."""
    seen = []
    with running_mock(faults=spec, seed=seed) as m:
        token = None
        while token is None:  # the token endpoint is subject to faults too
            try:
                token = m.token(0)
            except Exception:
                seen.append("token-fault")
        with httpx.Client(base_url=m.base_url) as http:
            for _ in range(count):
                try:
                    r = http.get("/order-status", headers={"Authorization": f"Bearer {token}"})
                    seen.append(str(r.status_code))
                except httpx.TransportError:
                    seen.append("dropped")
    return seen


def test_faults_are_reproducible_by_seed() -> None:
    spec = "429=0.2:1,503=0.2,drop=0.15,seed=11"
    first = outcomes(spec)
    assert outcomes(spec) == first
    assert {"200", "429", "503", "dropped"} <= set(first)
    assert outcomes("429=0.2:1,503=0.2,drop=0.15,seed=12") != first


def test_fault_seed_defaults_to_the_mock_seed() -> None:
    spec = "429=0.3,503=0.3"
    assert outcomes(spec, 40, seed=5) == outcomes(spec + ",seed=5", 40, seed=0)
    assert outcomes(spec, 40, seed=5) != outcomes(spec, 40, seed=6)


def test_rates_are_roughly_honoured() -> None:
    seen = outcomes("429=0.25,seed=3", 400)
    share = seen.count("429") / len(seen)
    assert 0.15 < share < 0.35


ON_PUT = ",on=/orders/override-order-statuses"


def run_with(
    spec: str, status: str = "OnHold", accept: str = "application/json"
) -> tuple[httpx.Response | str, str]:
    """A mock whose override requests meet `spec`: PUT one Despatched order to `status`.

    Returns the response (or the transport error's name) and the order's status afterwards.
    """
    with running_mock(faults=spec + ON_PUT) as m:
        token = m.token(0)  # not in the faults' scope
        n = next(
            o["OrderNumber"] for o in m.fixtures["accounts"][0]["orders"] if o["OrderStatus"] == "Despatched"
        )
        headers = {"Authorization": f"Bearer {token}"}
        with httpx.Client(base_url=m.base_url) as http:
            outcome: httpx.Response | str
            try:
                outcome = http.put(
                    PUT,
                    json=[{"OrderNumber": n, "OrderStatus": status}],
                    headers={**headers, "Accept": accept},
                )
            except httpx.TransportError as exc:
                outcome = type(exc).__name__
            return outcome, http.get(f"/orders/{n}", headers=headers).json()["OrderStatus"]


def test_429_has_retry_after_a_negotiated_body_and_changes_nothing() -> None:
    r, stored = run_with("429=1:7", accept="text/xml")
    assert isinstance(r, httpx.Response) and r.status_code == 429
    assert r.headers["retry-after"] == "7"
    assert r.headers["content-type"] == "text/xml; charset=utf-8"
    assert r.text == "<Error><Message>Too many requests.</Message></Error>"
    assert stored == "Despatched"


def test_503_changes_nothing() -> None:
    r, stored = run_with("503=1")
    assert isinstance(r, httpx.Response) and r.status_code == 503 and "retry-after" not in r.headers
    assert r.json() == {"Message": "The service is unavailable."}
    assert stored == "Despatched"
    r, _ = run_with("503=1:4")
    assert isinstance(r, httpx.Response) and r.headers["retry-after"] == "4"


def test_scope_leaves_other_paths_alone() -> None:
    with running_mock(faults="503=1,on=/orders/override-order-statuses") as m:
        token = m.token(0)
        with httpx.Client(base_url=m.base_url) as http:
            assert http.get("/order-status", headers={"Authorization": f"Bearer {token}"}).status_code == 200
            assert http.put(PUT, json=[], headers={"Authorization": f"Bearer {token}"}).status_code == 503


def test_drop_closes_the_connection_before_anything_happens() -> None:
    outcome, stored = run_with("drop=1")
    assert outcome == "RemoteProtocolError"  # Server disconnected without sending a response
    assert stored == "Despatched"


def test_drop_after_commits_then_closes_the_connection() -> None:
    outcome, stored = run_with("drop-after=1")
    assert outcome == "RemoteProtocolError"
    assert stored == "OnHold"  # the change happened; only the answer was lost


def test_latency() -> None:
    with running_mock(faults="latency=1:150") as m:
        started = time.perf_counter()
        m.token(0)
        assert time.perf_counter() - started >= 0.15
    with running_mock(faults="latency=1:0-10") as m:
        started = time.perf_counter()
        m.token(0)
        assert time.perf_counter() - started < 1.0
