"""storefeeder_mock: a behavioural mock of StoreFeeder's order status override API.

Public API:
- `create_app(...)`: the ASGI application (a `MockService`).
- `running_mock(...)`: a context manager serving it on loopback in a background thread.
- `fixtures(seed)`: the seeded accounts, orders and status catalogue.
- `mutants.CATALOGUE`: the named deviations `--mutant` can switch on.
"""

from __future__ import annotations

from . import mutants
from .app import MockService, create_app
from .seeding import fixtures
from .server import Credentials, RunningMock, running_mock

__all__ = ["Credentials", "MockService", "RunningMock", "create_app", "fixtures", "mutants", "running_mock"]
