"""The mock's entry points (create_app, running_mock) refuse options out of range."""

from __future__ import annotations

import httpx
import pytest
from storefeeder_mock import create_app, running_mock


@pytest.mark.parametrize("lifetime", [float("nan"), float("inf"), float("-inf"), 0.0, -1.0])
def test_a_lifetime_that_is_not_positive_and_finite_is_refused(lifetime: float) -> None:
    with pytest.raises(ValueError, match="token_lifetime"):
        create_app(token_lifetime=lifetime)
    with pytest.raises(ValueError, match="token_lifetime"), running_mock(token_lifetime=lifetime):
        pass  # pragma: no cover


def test_a_fractional_lifetime_rounds_up_and_tokens_are_issued() -> None:
    with running_mock(token_lifetime=0.25) as m:
        c = m.account(0)
        form = {"grant_type": "password", "username": c.username, "password": c.password}
        r = httpx.post(m.base_url + "/Token", data={**form, "client_id": c.client_id})
        assert r.status_code == 200 and r.json()["expires_in"] == 1


@pytest.mark.parametrize("port", [-1, 65536, 99999])
def test_running_mock_refuses_a_port_out_of_range(port: int) -> None:
    with pytest.raises(ValueError, match="port"), running_mock(port=port):
        pass  # pragma: no cover
