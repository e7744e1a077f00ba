"""storefeeder-conformance: does a server keep the contract?

    storefeeder-conformance run [--base-url URL] [--username U --password P --client-id C | --token T]
        [--order N ...] [--foreign-order N] [--mode safe|full] [--allow-writes] [--seed S]
        [--max-examples K] [--junit PATH] [--spec PATH] [--check NAME ...] [--skip NAME ...]
        [--basis seed,framework,assumption] [--request-timeout S] [--max-response-bytes N]
        [--deadline S] [--journal PATH]
    storefeeder-conformance restore --journal PATH [--username U --password P --client-id C | --token T]
    storefeeder-conformance --list-checks

Every check has a basis: seed (the Help page says it), framework (ASP.NET Web API decides it) or
assumption (StoreFeeder's own action code, which the project only assumes). Against a server off
loopback only seed and framework checks run by default; assumption checks SKIP naming the assumption.

Exit codes: 0 every check passed; 1 a check failed (the server broke the contract); 2 no check failed
but one errored (its requests got no readable answer), the --deadline passed, or the run could not
start (bad configuration, an unreachable server, refused credentials); 128 + the signal when stopped
by SIGINT (130), SIGTERM (143) or SIGHUP (129), after the orders were restored. JUnit is written on
every one of these paths.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from . import restore_command, signals
from .checks import Basis, after_run_checks, all_checks, parse_bases
from .closed_output import silence, tolerant
from .config import DEFAULT_DEADLINE, ConfigError, EmbeddedOptions, RunConfig
from .context import Mode
from .report import Console, RunReport, Scrubber, write_junit
from .runner import run
from .tokens import CLIENT_ID_ENV, PASSWORD_ENV, USERNAME_ENV, Credentials
from .transport import DEFAULT_MAX_RESPONSE_BYTES, DEFAULT_REQUEST_TIMEOUT, Limits
from .wire import TOKEN_ENV


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="storefeeder-conformance",
        description="Check that a StoreFeeder-compatible server keeps the contract in openapi.yaml.",
    )
    parser.add_argument("--list-checks", action="store_true", help="list the checks and exit")
    sub = parser.add_subparsers(dest="command")
    run_p = sub.add_parser("run", help="run the suite (without --base-url: against the embedded mock)")
    run_p.add_argument("--list-checks", action="store_true", help="list the checks and exit")
    run_p.add_argument("--base-url", help="the server (default: start the embedded mock on loopback)")
    add_credentials(run_p)
    run_p.add_argument(
        "--order",
        type=int,
        action="append",
        default=[],
        metavar="N",
        help="an order of the caller's account the suite may use (repeat)",
    )
    run_p.add_argument("--foreign-order", type=int, metavar="N", help="an order of another account")
    run_p.add_argument(
        "--mode",
        choices=[m.value for m in Mode],
        help="safe (default off loopback) or full (real transitions, restored)",
    )
    run_p.add_argument("--allow-writes", action="store_true", help="allow full mode on a non-loopback URL")
    run_p.add_argument(
        "--seed", type=int, default=0, help="seed for generation and the embedded mock (default 0)"
    )
    run_p.add_argument(
        "--max-examples",
        type=int,
        default=100,
        metavar="K",
        help="examples per Hypothesis property and per Schemathesis operation (default 100)",
    )
    run_p.add_argument("--junit", type=Path, metavar="PATH", help="write JUnit XML here")
    run_p.add_argument(
        "--spec", type=Path, metavar="PATH", help="the contract (default: the repo's openapi.yaml)"
    )
    run_p.add_argument("--check", action="append", metavar="NAME", help="run only this check (repeat)")
    run_p.add_argument(
        "--skip",
        action="append",
        default=[],
        metavar="NAME",
        help="report this check as skipped instead of running it (repeat): for a rule the real service "
        "may not share (see docs/fidelity.md)",
    )
    run_p.add_argument(
        "--basis",
        metavar="LIST",
        help="comma-separated bases to check: seed, framework, assumption (default: seed,framework off "
        "loopback; all three against the embedded mock and on loopback)",
    )
    add_limits(run_p)
    run_p.add_argument(
        "--deadline",
        type=float,
        default=DEFAULT_DEADLINE,
        metavar="S",
        help=f"seconds for the whole run; then it restores, reports the checks not run and exits 2 "
        f"(default {DEFAULT_DEADLINE:g})",
    )
    run_p.add_argument(
        "--journal",
        type=Path,
        metavar="PATH",
        help="full mode: the restore journal (default under $XDG_STATE_HOME/storefeeder-conformance/, "
        "printed at start; none for the embedded mock)",
    )
    restore_command.add_parser(sub, add_credentials, add_limits)
    run_p.add_argument("--mock-seed", type=int, help="embedded mock only: its seed (default: --seed)")
    run_p.add_argument(
        "--mock-mutant",
        metavar="NAME",
        help="embedded mock only: switch on a mutant (to see the suite catch it)",
    )
    return parser


def add_credentials(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--username", default=os.environ.get(USERNAME_ENV), help=f"API user (env {USERNAME_ENV})"
    )
    parser.add_argument(
        "--password", default=os.environ.get(PASSWORD_ENV), help=f"password (env {PASSWORD_ENV})"
    )
    parser.add_argument(
        "--client-id", default=os.environ.get(CLIENT_ID_ENV), help=f"API key (env {CLIENT_ID_ENV})"
    )
    parser.add_argument(
        "--token", default=os.environ.get(TOKEN_ENV), help=f"a bearer token (env {TOKEN_ENV})"
    )


def add_limits(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--request-timeout",
        type=float,
        default=DEFAULT_REQUEST_TIMEOUT,
        metavar="S",
        help=f"seconds for each whole answer, headers and body (default {DEFAULT_REQUEST_TIMEOUT:g})",
    )
    parser.add_argument(
        "--max-response-bytes",
        type=int,
        default=DEFAULT_MAX_RESPONSE_BYTES,
        metavar="N",
        help=f"the largest answer read; a larger one is an error (default {DEFAULT_MAX_RESPONSE_BYTES})",
    )


def limits_from(args: argparse.Namespace) -> Limits:
    if not args.request_timeout > 0:
        raise ConfigError("--request-timeout must be more than 0")
    if args.max_response_bytes < 1024:
        raise ConfigError("--max-response-bytes must be at least 1024")
    return Limits(request_timeout=args.request_timeout, max_response_bytes=args.max_response_bytes)


def credentials_from(args: argparse.Namespace) -> Credentials | None:
    creds = (args.username, args.password, args.client_id)
    if not any(creds):
        return None
    if not all(creds):
        raise ConfigError("--username, --password and --client-id go together")
    return Credentials(*creds)


def list_checks() -> str:
    lines = []
    for check in [*all_checks(), *after_run_checks()]:
        entry = (
            f"{check.name}  [{check.group}] basis: {check.basis.value}\n    {check.sentence}\n"
            f"    source: {check.source}"
        )
        if check.basis is Basis.ASSUMPTION:
            entry += f"\n    assumes: {check.assumption_text()} (docs/fidelity.md)"
        lines.append(entry)
    return "\n".join(lines)


def check_writable(path: Path) -> None:
    """Refuse a --junit path that cannot be written before the run, not after it. Its folder is
    made as the report would make it; a test file is created and, if it was new, removed again."""
    existed = path.exists()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("a", encoding="utf-8"):
            pass
    except OSError as exc:
        where = f" ({exc.filename})" if exc.filename and str(exc.filename) != str(path) else ""
        raise ConfigError(f"--junit {path}: cannot write there: {exc.strerror or exc}{where}") from None
    if not existed:
        path.unlink(missing_ok=True)


def config_from(args: argparse.Namespace) -> RunConfig:
    credentials = credentials_from(args) if args.base_url is not None else None
    if not args.deadline > 0:
        raise ConfigError("--deadline must be more than 0")
    if args.base_url is not None and (args.mock_mutant or args.mock_seed is not None):
        raise ConfigError("--mock-mutant and --mock-seed are for the embedded mock (no --base-url)")
    if args.max_examples < 1:
        raise ConfigError("--max-examples must be at least 1")
    if args.junit is not None:
        check_writable(args.junit)
    basis = None
    if args.basis is not None:
        try:
            basis = parse_bases(args.basis)
        except ValueError as exc:
            raise ConfigError(f"--basis: {exc}") from None
    return RunConfig(
        base_url=args.base_url,
        credentials=credentials,
        token=args.token if args.base_url is not None else None,
        orders=list(args.order),
        foreign=args.foreign_order,
        mode=Mode(args.mode) if args.mode else None,
        allow_writes=args.allow_writes,
        seed=args.seed,
        max_examples=args.max_examples,
        spec=args.spec,
        select=args.check,
        skip=args.skip,
        basis=basis,
        embedded=EmbeddedOptions(seed=args.mock_seed, mutant=args.mock_mutant),
        limits=limits_from(args),
        deadline=args.deadline,
        journal=args.journal,
    )


def main(argv: Sequence[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    if args.list_checks:
        try:
            print(list_checks(), flush=True)
        except BrokenPipeError:  # `--list-checks | head`: the reader has what it wanted
            silence(sys.stdout)
        return 0
    if args.command == "restore":
        with signals.handled():
            return restore_command.main(args)
    if args.command != "run":
        parser.print_help()
        return 2
    with signals.handled():
        return run_command(args)


def run_command(args: argparse.Namespace) -> int:
    """Run, and write JUnit whatever happened: checks done, setup failed, deadline, signal."""
    # A closed output pipe silences the console; the run still restores and writes its JUnit.
    console = Console(out=tolerant(sys.stdout), progress=tolerant(sys.stderr), scrub=Scrubber(lambda: ()))
    report = RunReport()
    junit: Path | None = args.junit
    try:
        run(config_from(args), console, report=report)
    except ConfigError as exc:
        report.setup_error = console.scrub(str(exc))
        print(f"storefeeder-conformance: {report.setup_error}", file=sys.stderr)
    except KeyboardInterrupt as exc:
        report.interrupted = True
        report.signal_exit = signals.exit_code(exc)
        print(f"storefeeder-conformance: interrupted ({exc or 'SIGINT'})", file=sys.stderr)
    except Exception as exc:  # a bug of the suite: one line, and JUnit still written
        report.setup_error = console.scrub(f"internal error: {type(exc).__name__}: {exc}".splitlines()[0])
        print(f"storefeeder-conformance: {report.setup_error}", file=sys.stderr)
    if junit is not None:
        try:
            with signals.shielded():
                write_junit(report, junit, console.scrub)
        except OSError as exc:
            print(f"storefeeder-conformance: cannot write --junit {junit}: {exc}", file=sys.stderr)
            return 2
        except KeyboardInterrupt as exc:  # a signal held while the file was written
            report.interrupted, report.signal_exit = True, signals.exit_code(exc)
    return report.exit_code


if __name__ == "__main__":
    sys.exit(main())
