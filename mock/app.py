"""Assembly: contract + seed + store + rules + HTTP layer + faults = one ASGI application."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from . import mutants
from .asgi import ASGIApp, Headers, Receive, Scope, Send
from .faults import FaultMiddleware, parse_spec
from .http import HttpApp
from .seeding import Account, fixtures_of, generate
from .spec import load_contract, with_extra_status
from .store import Store


class MockService:
    """The mock as an ASGI application, with its accounts, fixtures and a close()."""

    def __init__(
        self,
        *,
        db_path: str = ":memory:",
        seed: int = 0,
        mutant: str | None = None,
        faults: str | None = None,
        token_lifetime: float = 3600.0,
        spec_path: Path | None = None,
        extra_status: str | None = None,
    ) -> None:
        self.mutant = mutants.parse(mutant)
        fault_spec = parse_spec(faults) if faults else None
        self.contract = with_extra_status(load_contract(spec_path), extra_status)
        data = generate(seed, self.contract, extra_status)
        self.extra_status = extra_status
        self.seed = seed
        self.accounts: tuple[Account, ...] = data.accounts
        self.fixtures: dict[str, Any] = fixtures_of(data, self.contract)
        self.store = Store(db_path, data)
        self.http = HttpApp(self.contract, self.store, data.accounts, self.mutant, token_lifetime)
        self.app: ASGIApp = self.http
        if fault_spec is not None:
            self.app = FaultMiddleware(
                self.http,
                fault_spec,
                seed,
                self._render_error,
                self.contract.too_many_message,
                self.contract.unavailable_message,
            )

    def _render_error(
        self, scope: Scope, status: int, message: str, extra: Headers
    ) -> tuple[int, bytes, Headers]:
        reply = self.http.error_for_scope(scope, status, message, extra)
        return reply.status, reply.body, reply.headers

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        await self.app(scope, receive, send)

    def close(self) -> None:
        """Checkpoint and close the database (idempotent)."""
        self.http.close()


def create_app(
    *,
    db_path: str = ":memory:",
    seed: int = 0,
    mutant: str | None = None,
    faults: str | None = None,
    token_lifetime: float = 3600.0,
    extra_status: str | None = None,
) -> MockService:
    """A ready ASGI application: seeded store at `db_path`, optional mutant and faults, and
    optionally one status the spec does not list (`extra_status`, see docs/mock.md)."""
    return MockService(
        db_path=db_path,
        seed=seed,
        mutant=mutant,
        faults=faults,
        token_lifetime=token_lifetime,
        extra_status=extra_status,
    )
