"""storefeeder-mock: serve the mock, print its fixtures, list its mutants."""

from __future__ import annotations

import argparse
import json
import math
import os
import signal
import sys
from collections.abc import Sequence
from types import FrameType
from typing import NoReturn

from .app import MockService
from .faults import FaultSpecError
from .mutants import CATALOGUE
from .seeding import fixtures
from .server import HEADER_TIMEOUT, bind_socket, make_server, url_of
from .spec import SpecError
from .store import StoreError

DEFAULT_DB = "storefeeder-mock.sqlite3"
LOG_LEVELS = ("critical", "error", "warning", "info", "debug", "trace")
"""uvicorn's log levels."""


class _Parser(argparse.ArgumentParser):
    """argparse, but a bad option is one line on stderr (and exit status 2), not the usage text."""

    def error(self, message: str) -> NoReturn:
        self.exit(2, f"{self.prog}: error: {message} (see --help)\n")


def _shown(text: str) -> str:
    """`text` quoted for an error message, cut short if long."""
    return repr(text) if len(text) <= 20 else f"{text[:20]!r}..."


def _integer(text: str) -> int:
    try:
        return int(text)
    except ValueError:  # a bad value, or more digits than int() takes
        raise argparse.ArgumentTypeError(f"{_shown(text)} is not an integer") from None


def _port(text: str) -> int:
    port = _integer(text)
    if not 0 <= port <= 65535:
        raise argparse.ArgumentTypeError(f"{_shown(text)} is not a port number (0..65535)")
    return port


def _host(text: str) -> str:
    if not text.strip():  # "" would listen on every interface
        raise argparse.ArgumentTypeError("an empty host would listen on every interface; name one")
    return text


def _seconds(text: str) -> float:
    try:
        seconds = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{_shown(text)} is not a number of seconds") from None
    if not (math.isfinite(seconds) and seconds > 0):
        raise argparse.ArgumentTypeError(f"{_shown(text)} is not a positive, finite number of seconds")
    return seconds


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="storefeeder-mock", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)

    serve = sub.add_parser("serve", help="serve the mock over HTTP until SIGINT/SIGTERM")
    serve.add_argument(
        "--host", type=_host, default="127.0.0.1", help="address to listen on (default 127.0.0.1)"
    )
    serve.add_argument("--port", type=_port, default=8000, help="port; 0 picks a free one (default 8000)")
    serve.add_argument("--db", default=DEFAULT_DB, help=f"SQLite file, or :memory: (default ./{DEFAULT_DB})")
    serve.add_argument("--seed", type=_integer, default=0, help="seed of the accounts and orders (default 0)")
    serve.add_argument("--mutant", default=None, help="switch on one named deviation (see `mutants`)")
    serve.add_argument(
        "--faults",
        default=None,
        metavar="SPEC",
        help="inject faults, e.g. 'latency=0.2:50-200,429=0.05:2,drop=0.01,seed=7'",
    )
    serve.add_argument(
        "--token-lifetime",
        type=_seconds,
        default=3600.0,
        metavar="SECONDS",
        help="bearer token lifetime in seconds (default 3600)",
    )
    serve.add_argument(
        "--header-timeout",
        type=_seconds,
        default=HEADER_TIMEOUT,
        metavar="SECONDS",
        help="close a connection that has not sent a request's complete headers within this time "
        f"(slow clients, slowloris; default {HEADER_TIMEOUT:g})",
    )
    serve.add_argument(
        "--extra-status",
        default=None,
        metavar="NAME",
        help="serve one status the spec does not list: in the catalogue and on some seeded orders",
    )
    serve.add_argument(
        "--log-level",
        type=str.lower,
        choices=LOG_LEVELS,
        default="warning",
        help="uvicorn log level (default warning)",
    )
    serve.add_argument("--access-log", action="store_true", help="log every request")

    fix = sub.add_parser("fixtures", help="print the seeded accounts, orders and status catalogue")
    fix.add_argument("--seed", type=_integer, default=0)
    fix.add_argument("--json", action="store_true", help="print JSON (the default output is a summary)")
    fix.add_argument("--extra-status", default=None, metavar="NAME", help="as for serve")

    mut = sub.add_parser("mutants", help="list the mutants --mutant accepts")
    mut.add_argument("--json", action="store_true", help="print a JSON object name -> description")
    return parser


def _serve(args: argparse.Namespace) -> int:
    try:
        app = MockService(
            db_path=args.db,
            seed=args.seed,
            mutant=args.mutant,
            faults=args.faults,
            token_lifetime=args.token_lifetime,
            extra_status=args.extra_status,
        )
    except (ValueError, FaultSpecError, SpecError, StoreError) as exc:
        print(f"storefeeder-mock: {exc}", file=sys.stderr)
        return 2
    try:
        sock = bind_socket(args.host, args.port)
    except (OSError, ValueError) as exc:
        app.close()
        print(f"storefeeder-mock: cannot listen on {args.host}:{args.port}: {exc}", file=sys.stderr)
        return 2
    url = url_of(sock)

    def ready() -> None:
        extras = [f"db={args.db}", f"seed={args.seed}"]
        if args.mutant:
            extras.append(f"mutant={args.mutant}")
        if args.faults:
            extras.append(f"faults={args.faults}")
        if args.extra_status:
            extras.append(f"extra-status={args.extra_status}")
        print(f"Listening on {url} ({', '.join(extras)})", flush=True)

    server = make_server(
        app,
        log_level=args.log_level,
        access_log=args.access_log,
        on_ready=ready,
        header_timeout=args.header_timeout,
    )
    # uvicorn catches SIGINT/SIGTERM, shuts down gracefully, restores the previous handlers and
    # raises the signal again; these handlers take it, so a signalled stop exits with status 0.
    for sig in (signal.SIGINT, signal.SIGTERM):
        signal.signal(sig, _stopped_by_signal)
    try:
        server.run(sockets=[sock])  # uvicorn handles SIGINT/SIGTERM: graceful shutdown
    finally:
        sock.close()
        app.close()
    return 0


def _stopped_by_signal(_sig: int, _frame: FrameType | None) -> None:
    return None


def _fixtures(args: argparse.Namespace) -> int:
    try:
        data = fixtures(args.seed, args.extra_status)
    except ValueError as exc:
        print(f"storefeeder-mock: {exc}", file=sys.stderr)
        return 2
    if args.json:
        json.dump(data, sys.stdout, indent=1)
        sys.stdout.write("\n")
        return 0
    print(f"seed {data['seed']}")
    for i, account in enumerate(data["accounts"]):
        orders = account["orders"]
        print(
            f"account {i}: username={account['username']} password={account['password']} "
            f"client_id={account['client_id']} orders={len(orders)} "
            f"(e.g. {orders[0]['OrderNumber']} {orders[0]['OrderStatus']})"
        )
    free = data["free_order_numbers"]
    print(f"order numbers {free['min']}..{free['max']} exist in no account")
    for s in data["statuses"]:
        flag = "overridable" if s["UserCanOverrideToStatus"] else "not overridable"
        print(f"status {s['OrderStatusID']:>3} {s['OrderStatus']} ({flag})")
    return 0


def _mutants(args: argparse.Namespace) -> int:
    if args.json:
        json.dump(dict(CATALOGUE), sys.stdout, indent=1)
        sys.stdout.write("\n")
        return 0
    width = max(len(name) for name in CATALOGUE)
    for name, description in CATALOGUE.items():
        print(f"{name:<{width}}  {description}")
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    if args.command == "serve":
        return _serve(args)
    try:
        code = _fixtures(args) if args.command == "fixtures" else _mutants(args)
        sys.stdout.flush()
    except BrokenPipeError:  # `fixtures --json | head`: the reader has what it wanted
        _silence_stdout()
        return 0
    return code


def _silence_stdout() -> None:
    """Point stdout at /dev/null, so that Python's flush at exit finds no closed pipe to fail on."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    try:
        os.dup2(devnull, sys.stdout.fileno())
    finally:
        os.close(devnull)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
