"""Running the suite: target, mode, fixtures, check order, restoration and the report.

Without a base URL the runner starts the embedded mock (the one place this package imports
`storefeeder_mock`), takes account 0's credentials and some of its orders, and an order of
account 1 as the foreign order, in full mode. Against any other server safe mode is the default
for a non-loopback URL, and full mode there needs `allow_writes`.

Full mode restores every `--order` to its original status after each check and once more at the
end, in a `finally`, so a failing check or a KeyboardInterrupt still leaves the orders as found;
the restoration is verified with GET and reported as the `orders-left-as-found` result.
"""

from __future__ import annotations

import importlib
import ipaddress
import logging
import random
import tempfile
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from . import bodies, restoring, signals
from . import contract as contract_module
from . import journal as journal_module
from .checks import RELIABLE, Basis, Check, all_checks
from .checks.registry import CheckFunction
from .context import CheckErrored, CheckFailed, CheckSkipped, Context, Mode
from .contract import CATALOGUE, Contract, ContractError
from .journal import Journal, JournalError
from .report import CheckResult, Console, Outcome, RunReport, Scrubber
from .tokens import AuthFailed, Credentials, Tokens
from .transport import Limits
from .wire import DeadlinePassed, Unreachable, Wire

DEFAULT_DEADLINE = 1800.0
"""Seconds for a whole run (--deadline): the default run takes seconds, a slow real service minutes."""
EMBEDDED_TOKEN_LIFETIME = 3.0
"""Seconds a token of the embedded mock lives: short, so the expired-token check can run."""
ABSENT_COUNT = 8
DEFAULT_FULL_WARNING = (
    "full mode (the default on loopback): the run makes real status changes to the --order orders "
    "and restores them; if this address reaches a real service (a tunnel), stop and use --mode safe"
)
GUARD = "orders-left-as-found"
GUARD_SENTENCE = "After the run every --order has the status it had before (full mode restores them)."
GUARD_BASIS = Basis.SEED
GUARD_SOURCE = "the suite's modes (docs/conformance.md): the run's own writes, verified with GET /orders/{n}"


class ConfigError(RuntimeError):
    """Bad configuration, an unreachable server or refused credentials: exit code 2."""


@dataclass(slots=True)
class EmbeddedOptions:
    """How to start the embedded mock (used when no base URL is given)."""

    seed: int | None = None  # None: the run's seed
    mutant: str | None = None
    token_lifetime: float = EMBEDDED_TOKEN_LIFETIME


@dataclass(slots=True)
class RunConfig:
    base_url: str | None = None
    credentials: Credentials | None = None
    token: str | None = None
    orders: list[int] = field(default_factory=list)
    foreign: int | None = None
    mode: Mode | None = None
    allow_writes: bool = False
    seed: int = 0
    max_examples: int = 100
    spec: Path | None = None
    select: list[str] | None = None  # check names to run (default: all)
    skip: list[str] = field(default_factory=list)  # check names reported as skipped, not run
    basis: frozenset[Basis] | None = None  # bases to check (default: by target, see resolve_bases)
    embedded: EmbeddedOptions = field(default_factory=EmbeddedOptions)
    max_token_wait: float = 15.0
    limits: Limits = field(default_factory=Limits)
    deadline: float = DEFAULT_DEADLINE  # seconds for the whole run
    journal: Path | None = None  # full mode: the restore journal (default: journal.default_path)


@dataclass(slots=True)
class Target:
    base_url: str
    credentials: Credentials | None
    token: str | None
    orders: list[int]
    foreign: int | None
    embedded: bool


def check_base_url(url: str) -> None:
    """A base URL the suite can use: http(s) with a host; ConfigError otherwise."""
    try:
        parts = urlsplit(url)
        host = parts.hostname
        _ = parts.port  # raises ValueError for a port that is not a number
    except ValueError as exc:
        raise ConfigError(f"--base-url {url!r} is not a valid URL: {exc}") from None
    if parts.scheme not in ("http", "https") or not host:
        raise ConfigError(f"--base-url {url!r}: expected http://host[:port] or https://host[:port]")


def is_loopback(url: str) -> bool:
    host = urlsplit(url).hostname or ""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def resolve_mode(config: RunConfig, target: Target) -> Mode:
    loopback = is_loopback(target.base_url)
    mode = config.mode or (Mode.FULL if loopback else Mode.SAFE)
    if mode is Mode.FULL and not loopback and not config.allow_writes:
        raise ConfigError(
            f"full mode makes real status changes; {target.base_url} is not loopback: add --allow-writes"
        )
    return mode


def resolve_bases(config: RunConfig, target: Target) -> frozenset[Basis]:
    """The bases this run checks: --basis, else every basis against the embedded mock and on loopback
    (a local server is a mock or a twin, whose assumptions are the project's), else seed and framework
    only: off loopback is the real service, whose action code the project only assumes."""
    if config.basis is not None:
        return config.basis
    if target.embedded or is_loopback(target.base_url):
        return frozenset(Basis)
    return RELIABLE


def basis_label(bases: frozenset[Basis]) -> str:
    return ",".join(b.value for b in Basis if b in bases)


def choose_embedded_orders(fixtures: dict[str, Any], contract: Contract) -> tuple[list[int], int]:
    """Account 0's orders for the run (4 movable, one per refused status up to 2, one per status
    that cannot be left) and account 1's first order as the foreign one."""
    statuses = {s["OrderStatus"]: bool(s["UserCanOverrideToStatus"]) for s in fixtures["statuses"]}
    locked = {s for s, ok in contract.leavable.items() if not ok}
    chosen: list[int] = []
    movable = refused = 0
    seen: set[str] = set()
    for order in fixtures["accounts"][0]["orders"]:
        number, status = int(order["OrderNumber"]), str(order["OrderStatus"])
        if status in locked and status not in seen:
            chosen.append(number)
        elif statuses.get(status) and movable < 4 and status not in seen:
            chosen.append(number)
            movable += 1
        elif not statuses.get(status) and refused < 2 and status not in seen and status not in locked:
            chosen.append(number)
            refused += 1
        else:
            continue
        seen.add(status)
    foreign = int(fixtures["accounts"][1]["orders"][0]["OrderNumber"])
    return chosen, foreign


@contextmanager
def target_of(config: RunConfig, contract: Contract) -> Iterator[Target]:
    if config.base_url is not None:
        yield Target(config.base_url, config.credentials, config.token, config.orders, config.foreign, False)
        return
    # The one import of the mock in this package, through its public API only.
    storefeeder_mock = importlib.import_module("storefeeder_mock")

    options = config.embedded
    seed = config.seed if options.seed is None else options.seed
    try:
        storefeeder_mock.mutants.parse(options.mutant)
    except ValueError as exc:
        raise ConfigError(f"--mock-mutant: {exc}") from None
    with (
        tempfile.TemporaryDirectory(prefix="storefeeder-conformance-") as tmp,
        storefeeder_mock.running_mock(
            seed=seed,
            db_path=str(Path(tmp) / "mock.sqlite3"),
            mutant=options.mutant,
            token_lifetime=options.token_lifetime,
        ) as mock,
    ):
        # The mock's server logs malformed requests (Schemathesis sends some on purpose) as warnings.
        logging.getLogger("uvicorn.error").setLevel(logging.ERROR)
        account = mock.fixtures["accounts"][0]
        orders, foreign = choose_embedded_orders(mock.fixtures, contract)
        credentials = Credentials(account["username"], account["password"], account["client_id"])
        yield Target(mock.base_url, credentials, None, orders or config.orders, foreign, True)


def _absent_numbers(ctx_wire: Wire, contract: Contract, tokens: Tokens, seed: int) -> list[int]:
    """Order numbers that GET answers 404 for, drawn high in the int32 range."""
    rng = random.Random(f"absent:{seed}")
    found: list[int] = []
    path = contract.op(contract_module.GET_ORDER).path
    for _ in range(ABSENT_COUNT * 4):
        number = rng.randint(contract.number_max - 10**8, contract.number_max - 1)
        exchange = ctx_wire.send("GET", path.replace("{ordernumber}", str(number)), bearer=tokens.bearer())
        if exchange.status == contract.status_not_found:
            found.append(number)
        if len(found) == ABSENT_COUNT:
            return found
    raise ConfigError("could not find order numbers that GET /orders/{n} answers 404 for")


def tokens_for(target: Target, wire: Wire, contract: Contract) -> Tokens:
    if target.credentials is None and target.token is None:
        raise ConfigError(
            "no credentials: give --username/--password/--client-id or --token "
            "(or the STOREFEEDER_* variables)"
        )
    return Tokens(wire, contract, credentials=target.credentials, token=target.token)


def prepare(config: RunConfig, contract: Contract, target: Target, wire: Wire, tokens: Tokens) -> Context:
    """Authenticate, read the status catalogue, the orders' statuses and absent numbers; a server
    that cannot be reached or read here is a ConfigError (exit code 2), one line, no traceback."""
    try:
        return _prepare(config, contract, target, wire, tokens)
    except Unreachable as exc:
        raise ConfigError(f"the server is unreachable: {exc}") from None
    except DeadlinePassed:
        raise ConfigError("the run's --deadline passed during setup") from None


def _prepare(config: RunConfig, contract: Contract, target: Target, wire: Wire, tokens: Tokens) -> Context:
    mode = resolve_mode(config, target)
    try:
        early = tokens.login() if tokens.can_login else None
        bearer = tokens.bearer()
        catalogue_answer = wire.send(
            "GET", contract.op(CATALOGUE).path, accept=contract.json_types[0], bearer=bearer
        )
    except AuthFailed as exc:
        raise ConfigError(f"authentication failed: {exc}") from None
    if catalogue_answer.status == contract.status_unauthorized:
        raise ConfigError("authentication failed: GET /order-status answered 401 with the run's token")
    if catalogue_answer.status != 200:
        failed = " (the server failed)" if catalogue_answer.status >= 500 else ""
        raise ConfigError(
            f"GET /order-status answered {catalogue_answer.status}{failed}: {catalogue_answer.text()}"
        )
    try:
        catalogue = {e.name: e.overridable for e in bodies.catalogue(contract, catalogue_answer)}
    except bodies.BodyError as exc:
        raise ConfigError(f"cannot read the status catalogue: {exc}") from None
    if not any(catalogue.values()):
        raise ConfigError("the status catalogue has no status a user can override to")
    own: dict[int, str] = {}
    path = contract.op(contract_module.GET_ORDER).path
    for number in dict.fromkeys(target.orders):
        answer = wire.send(
            "GET",
            path.replace("{ordernumber}", str(number)),
            accept=contract.json_types[0],
            bearer=tokens.bearer(),
        )
        if answer.status != 200:
            raise ConfigError(
                f"--order {number}: GET /orders/{number} answered {answer.status}; "
                "not an order of this account?"
            )
        try:
            own[number] = bodies.order_status(contract, answer)
        except bodies.BodyError as exc:
            raise ConfigError(f"--order {number}: {exc}") from None
    if target.foreign is not None and target.foreign in own:
        raise ConfigError(f"--foreign-order {target.foreign} is one of the --order numbers")
    absent = _absent_numbers(wire, contract, tokens, config.seed)
    return Context(
        contract=contract,
        wire=wire,
        tokens=tokens,
        mode=mode,
        seed=config.seed,
        max_examples=config.max_examples,
        catalogue=catalogue,
        own=own,
        foreign=target.foreign,
        absent=absent,
        early_token=early,
        max_token_wait=config.max_token_wait,
    )


def restore(ctx: Context) -> list[str]:
    """Put every own order back to its original status; the problems that remain (verified by GET).
    Signals wait until it is done; the run's deadline does not apply to it."""
    with signals.shielded():
        deadline, ctx.wire.deadline = ctx.wire.deadline, None
        try:
            return restoring.restore_orders(ctx.contract, ctx.wire, ctx.tokens, ctx.own).problems
        finally:
            ctx.wire.deadline = deadline


def left_changed(ctx: Context) -> list[str]:
    """Every own order not in its original status, or unreadable (all of them are read)."""
    problems: list[str] = []
    for number, original in ctx.own.items():
        try:
            now = restoring.read_status(ctx.contract, ctx.wire, ctx.tokens, number)
        except (RuntimeError, *restoring.FAULTS) as exc:
            problems.append(f"cannot read order {number}: {exc}")
            continue
        if now != original:
            problems.append(f"order {number} is {now}, was {original}")
    return problems


def selected_checks(config: RunConfig, checks: Sequence[Check] | None) -> list[Check]:
    """The checks to run, in order; a --skip check stays in the list but only reports SKIP."""
    pool = list(checks) if checks is not None else all_checks()
    names = {c.name for c in pool}
    unknown = [n for n in [*(config.select or []), *config.skip] if n not in names]
    if unknown:
        raise ConfigError(f"unknown check(s): {', '.join(unknown)} (see --list-checks)")
    chosen = [c for c in pool if c.name in config.select] if config.select else pool
    return [replace(c, run=_skipped) if c.name in config.skip else c for c in chosen]


def _skipped(ctx: Context) -> str | None:
    raise CheckSkipped("skipped by --skip (where the real service may differ: see docs/fidelity.md)")


def by_basis(chosen: Sequence[Check], bases: frozenset[Basis], defaulted: bool) -> list[Check]:
    """The checks whose basis is not among `bases` report SKIP saying why (an assumption check
    names its assumption) instead of running."""
    out = []
    for check in chosen:
        if check.basis in bases or check.run is _skipped:
            out.append(check)
            continue
        how = "the default off loopback" if defaulted else f"--basis {basis_label(bases)}"
        if check.basis is Basis.ASSUMPTION:
            reason = (
                f"not checked ({how}): assumes {check.assumption_text()} (docs/fidelity.md), which "
                "StoreFeeder's own action code decides; add --basis seed,framework,assumption to check it"
            )
        else:
            reason = f"basis {check.basis.value} not selected ({how})"
        out.append(replace(check, run=_not_selected(reason)))
    return out


def _not_selected(reason: str) -> CheckFunction:
    def skip(ctx: Context) -> str | None:
        raise CheckSkipped(reason)

    return skip


def run_check(ctx: Context, check: Check) -> CheckResult:
    ctx.rng = random.Random(f"{ctx.seed}:{check.name}")
    started = time.monotonic()
    outcome, message, curl = Outcome.PASS, "", None
    try:
        message = check.run(ctx) or ""
    except CheckFailed as exc:
        outcome, message, curl = Outcome.FAIL, exc.message, exc.curl
    except CheckSkipped as exc:
        outcome, message = Outcome.SKIP, str(exc)
    except (CheckErrored, Unreachable, AuthFailed, DeadlinePassed) as exc:
        # No answer to judge (faults, limits, the deadline): the contract was not shown broken.
        outcome, message = Outcome.ERROR, f"{type(exc).__name__}: {exc}"
    except RecursionError:
        outcome, message = Outcome.FAIL, "an answer is nested too deeply to be read"
    except Exception as exc:  # a check that crashes on an answer has not shown the rule holds
        text = str(exc).splitlines()[0][:300] if str(exc) else ""
        outcome, message = Outcome.FAIL, f"the check could not read an answer: {type(exc).__name__}: {text}"
    return CheckResult(
        check.name,
        check.group,
        check.sentence,
        outcome,
        message,
        curl,
        time.monotonic() - started,
        basis=check.basis.value,
        source=check.source,
    )


def run(
    config: RunConfig,
    console: Console | None = None,
    checks: Sequence[Check] | None = None,
    report: RunReport | None = None,
) -> RunReport:
    """Run the suite into `report`; ConfigError for exit code 2 (the report says how far it got),
    KeyboardInterrupt (or signals.Stopped) passes through after restoring."""
    started = time.monotonic()
    report = report if report is not None else RunReport()
    try:
        contract = contract_module.load(config.spec)
    except ContractError as exc:
        raise ConfigError(str(exc)) from exc
    if config.base_url is not None:
        check_base_url(config.base_url)
    chosen = selected_checks(config, checks)
    console = console or Console()
    with target_of(config, contract) as target:
        wire = Wire(target.base_url, limits=config.limits, deadline=started + config.deadline)
        tokens = tokens_for(target, wire, contract)
        console.scrub = Scrubber(lambda: tokens.secrets)  # grows as tokens are obtained
        try:
            ctx = prepare(config, contract, target, wire, tokens)
            ctx.relayed = not target.embedded
            bases = resolve_bases(config, target)
            chosen = by_basis(chosen, bases, defaulted=config.basis is None)
            report.settings = {
                "base_url": target.base_url,
                "mode": ctx.mode.value,
                "basis": basis_label(bases),
                "seed": str(config.seed),
                "max_examples": str(config.max_examples),
                "orders": " ".join(map(str, ctx.own)),
                "foreign_order": str(ctx.foreign or ""),
            }
            where = "embedded mock " if target.embedded else ""
            console.line(
                f"storefeeder-conformance: {where}{target.base_url}, {ctx.mode.value} mode, "
                f"seed {config.seed}, "
                f"{len(ctx.own)} orders{', foreign order' if ctx.foreign else ''}, "
                f"basis {basis_label(bases)}"
            )
            if config.mode is None and ctx.full and not target.embedded:
                console.line(DEFAULT_FULL_WARNING)
            journal = open_journal(config, target, ctx, console)
            _run_checks(ctx, chosen, console, report, journal)
        finally:
            report.requests = wire.sent
            wire.close()
    report.seconds = time.monotonic() - started
    console.line(
        f"{report.requests + report.schemathesis_requests} requests "
        f"({report.schemathesis_requests} by Schemathesis) in {report.seconds:.1f} s"
    )
    by = report.failures_by_basis()
    if by:
        console.line("failed by basis: " + ", ".join(f"{basis} {n}" for basis, n in by.items()))
    if report.deadline_passed:
        console.line(
            f"the run's deadline ({config.deadline:g} s) passed: checks not run are reported as errors"
        )
    console.line(report.closing_line())
    return report


def open_journal(config: RunConfig, target: Target, ctx: Context, console: Console) -> Journal | None:
    """Full mode: the restore journal, written and fsynced before the first write. The embedded
    mock's orders live in a throwaway database: no journal unless --journal asks for one."""
    if not ctx.full or (target.embedded and config.journal is None):
        return None
    path = config.journal or journal_module.default_path(target.base_url)
    try:
        left = journal_module.unfinished(path)
        if left is not None:
            raise ConfigError(
                f"the journal {path} holds orders a run may have left changed on {left.base_url}: run "
                f"`storefeeder-conformance restore --journal {path}` first (or pass another --journal)"
            )
        journal = Journal(path, target.base_url, dict(ctx.own))
        journal.save()
    except JournalError as exc:
        raise ConfigError(str(exc)) from None
    console.line(
        f"restore journal: {path} (if this run is killed: storefeeder-conformance restore --journal {path})"
    )
    return journal


def _run_checks(
    ctx: Context, chosen: Sequence[Check], console: Console, report: RunReport, journal: Journal | None
) -> None:
    done = 0
    try:
        for i, check in enumerate(chosen):
            if ctx.wire.deadline is not None and time.monotonic() >= ctx.wire.deadline:
                report.deadline_passed = True
                break
            console.progress(i, len(chosen), check.name)
            result = run_check(ctx, check)
            report.results.append(result)
            done += 1
            console.result(result)
            if ctx.full:
                problems = restore(ctx)
                if problems:
                    console.line(f"      restoring after {check.name}: {'; '.join(problems)}")
    except KeyboardInterrupt as exc:
        report.interrupted = True
        report.signal_exit = signals.exit_code(exc)
        console.line(f"interrupted ({exc or 'SIGINT'}): restoring the orders before stopping")
        raise
    finally:
        report.schemathesis_requests = ctx.stats.schemathesis_requests
        why = "the run was interrupted" if report.interrupted else "the run's --deadline passed"
        for check in chosen[done:]:
            report.results.append(_not_run(check, why))
        if chosen[done:]:
            console.line(f"{len(chosen) - done} checks not run: {why}")
        _guard(ctx, console, report, journal)


def _not_run(check: Check, why: str) -> CheckResult:
    return CheckResult(
        check.name,
        check.group,
        check.sentence,
        Outcome.ERROR,
        f"not run: {why}",
        basis=check.basis.value,
        source=check.source,
    )


def _guard(ctx: Context, console: Console, report: RunReport, journal: Journal | None) -> None:
    started = time.monotonic()
    with signals.shielded():
        deadline, ctx.wire.deadline = ctx.wire.deadline, None
        try:
            problems = restore(ctx) if ctx.full else []
            if not problems:
                problems = left_changed(ctx)
        finally:
            ctx.wire.deadline = deadline
        outcome = Outcome.FAIL if problems else Outcome.PASS
        message = "; ".join(problems) if problems else f"{len(ctx.own)} orders checked with GET"
        if journal is not None:
            try:
                changed = {int(p.split()[1]) for p in problems if p.startswith("order ")}
                journal.mark(
                    {n: n not in changed for n in ctx.own}, finished=not problems, note="; ".join(problems)
                )
            except (JournalError, ValueError) as exc:
                problems.append(str(exc))
            if problems:
                message += f" (to retry: storefeeder-conformance restore --journal {journal.path})"
        result = CheckResult(
            GUARD,
            "run",
            GUARD_SENTENCE,
            outcome,
            message,
            None,
            time.monotonic() - started,
            basis=GUARD_BASIS.value,
            source=GUARD_SOURCE,
        )
        report.results.append(result)
        console.result(result)
