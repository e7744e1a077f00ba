"""Running the suite: the target's checks in order, the orders restored, the report.

`run` sets up the target (target.py) and reads its fixtures (fixtures.py), runs the chosen checks
(selection.py) in order and, in full mode, restores every `--order` to its original status after
each one. The after-run checks (`orders-left-as-found`) run at the end in a `finally`, so a failing
check, the deadline or a KeyboardInterrupt still leaves the orders as found and says so.
"""

from __future__ import annotations

import random
import time
from collections.abc import Sequence

from . import contract as contract_module
from . import journal as journal_module
from . import restoring, signals
from .checks import Check, after_run_checks
from .config import ConfigError, RunConfig
from .context import CheckErrored, CheckFailed, CheckSkipped, Context
from .contract import ContractError
from .fixtures import prepare
from .journal import Journal, JournalError
from .report import CheckResult, Console, Outcome, RunReport, Scrubber
from .selection import basis_label, by_basis, selected_checks
from .target import Target, check_base_url, resolve_bases, target_of, tokens_for
from .tokens import AuthFailed
from .wire import DeadlinePassed, Unreachable, Wire

DEFAULT_FULL_WARNING = (
    "full mode (the default on loopback): the run makes real status changes to the --order orders "
    "and restores them; if this address reaches a real service (a tunnel), stop and use --mode safe"
)


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
            ctx.journal = open_journal(config, target, ctx, console)
            _run_checks(ctx, chosen, console, report)
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


def _run_checks(ctx: Context, chosen: Sequence[Check], console: Console, report: RunReport) -> None:
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
                problems = restoring.restore_run_orders(ctx)
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
        _run_after(ctx, console, report)


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


def _run_after(ctx: Context, console: Console, report: RunReport) -> None:
    """The after-run checks, with signals held back and no deadline: they put the orders back."""
    with restoring.unhurried(ctx.wire):
        for check in after_run_checks():
            result = run_check(ctx, check)
            report.results.append(result)
            console.result(result)
