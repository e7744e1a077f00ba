"""Fuzzing the override endpoint over HTTP: whatever the body, never a 500."""

from __future__ import annotations

import json
from collections.abc import Iterator

import httpx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from storefeeder_mock import RunningMock, running_mock

MEDIA = ("application/json", "text/json", "application/xml", "text/xml")


class Fuzz:
    def __init__(self, mock: RunningMock) -> None:
        self.http = httpx.Client(base_url=mock.base_url)
        self.token = mock.token(1)

    def put(self, body: bytes, media: str) -> httpx.Response:
        return self.http.put(
            "/orders/override-order-statuses",
            content=body,
            headers={"Authorization": f"Bearer {self.token}", "Content-Type": media},
        )


@pytest.fixture(scope="module")
def fuzz() -> Iterator[Fuzz]:
    with running_mock() as m:
        f = Fuzz(m)
        yield f
        f.http.close()


FUZZ = settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda children: (
        st.lists(children, max_size=4)
        | st.dictionaries(
            st.sampled_from(["OrderNumber", "OrderStatus", "orderNumber", "x"]) | st.text(max_size=5),
            children,
            max_size=4,
        )
    ),
    max_leaves=20,
)


@FUZZ
@given(body=json_values)
def test_fuzz_json_never_500(fuzz: Fuzz, body: object) -> None:
    r = fuzz.put(json.dumps(body).encode(), "application/json")
    assert r.status_code in (200, 400), r.text


@FUZZ
@given(body=st.binary(max_size=300), media=st.sampled_from(MEDIA))
def test_fuzz_bytes_never_500(fuzz: Fuzz, body: bytes, media: str) -> None:
    r = fuzz.put(body, media)
    assert r.status_code in (200, 400), r.text


XML_TOKENS = [
    *"<>/ =\"'&;!?[]-x1",
    "OrderNumber",
    "OrderStatus",
    "OverrideOrderStatusModel",
    "ArrayOfOverrideOrderStatusModel",
    "OnHold",
    "<!DOCTYPE",
    "<!ENTITY",
    "&#0;",
    "&amp;",
    "]]>",
    "<![CDATA[",
    "xmlns:p='urn:x'",
    "p:",
]


@FUZZ
@given(tokens=st.lists(st.sampled_from(XML_TOKENS), max_size=40))
def test_fuzz_xml_never_500(fuzz: Fuzz, tokens: list[str]) -> None:
    body = f"<ArrayOfOverrideOrderStatusModel>{''.join(tokens)}</ArrayOfOverrideOrderStatusModel>".encode()
    r = fuzz.put(body, "text/xml")
    assert r.status_code in (200, 400), r.text
