"""`storefeeder-conformance restore --journal PATH`: put back every order a killed run may have
left changed, verify each with GET, say what could not be restored.

Safe to run twice: an order already in its original status is only read. The journal is marked
finished when every order is verified, so the next run against the server may start.
Exit codes: 0 every order verified in its original status, 2 otherwise.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from . import contract as contract_module
from . import journal as journal_module
from . import restoring, signals
from .config import ConfigError
from .report import Console, Scrubber
from .target import check_base_url
from .tokens import Tokens
from .transport import Limits
from .wire import Wire

AddOptions = Callable[[argparse.ArgumentParser], None]


def add_parser(sub: Any, add_credentials: AddOptions, add_limits: AddOptions) -> None:
    parser = sub.add_parser("restore", help="put back the orders listed in a restore journal")
    parser.add_argument("--journal", type=Path, required=True, metavar="PATH", help="the run's journal")
    parser.add_argument(
        "--spec", type=Path, metavar="PATH", help="the contract (default: the repo's openapi.yaml)"
    )
    add_credentials(parser)
    add_limits(parser)


def main(args: argparse.Namespace) -> int:
    from .cli import credentials_from, limits_from  # the CLI's option parsing, shared

    console = Console(scrub=Scrubber(lambda: ()))
    try:
        journal = journal_module.load(args.journal)
        credentials = credentials_from(args)
        limits = limits_from(args)
        contract = contract_module.load(args.spec)
        check_base_url(journal.base_url)
    except (journal_module.JournalError, ConfigError, contract_module.ContractError) as exc:
        print(f"storefeeder-conformance restore: {exc}", file=sys.stderr)
        return 2
    if credentials is None and args.token is None:
        print(
            "storefeeder-conformance restore: give --username/--password/--client-id or --token",
            file=sys.stderr,
        )
        return 2
    try:
        with signals.shielded():  # a signal waits until every order was tried
            return restore(journal, contract, credentials, args.token, limits, console)
    except KeyboardInterrupt as exc:
        print(f"storefeeder-conformance restore: stopped ({exc})", file=sys.stderr)
        return signals.exit_code(exc)


def restore(
    journal: journal_module.Journal,
    contract: contract_module.Contract,
    credentials: Any,
    token: str | None,
    limits: Limits,
    console: Console,
) -> int:
    wire = Wire(journal.base_url, limits=limits)
    tokens = Tokens(wire, contract, credentials=credentials, token=token)
    console.scrub = Scrubber(lambda: tokens.secrets)
    console.line(f"restoring {len(journal.originals)} orders on {journal.base_url} from {journal.path}")
    try:
        tokens.bearer()
    except restoring.FAULTS as exc:
        wire.close()
        print(f"storefeeder-conformance restore: {console.scrub(str(exc))}", file=sys.stderr)
        return 2
    try:
        outcome = restoring.restore_orders(contract, wire, tokens, journal.originals)
    finally:
        wire.close()
    for number, original in journal.originals.items():
        if outcome.verified.get(number):
            how = "restored to" if number in outcome.put_back else "already"
            console.line(f"order {number}: {how} {original} (verified with GET)")
    for problem in outcome.problems:
        console.line(f"could not restore: {problem}")
    finished = all(outcome.verified.values())
    try:
        journal.mark(outcome.verified, finished=finished, note="; ".join(outcome.problems))
    except journal_module.JournalError as exc:
        console.line(str(exc))
    restored = sum(outcome.verified.values())
    console.line(f"{restored} of {len(journal.originals)} orders in their original status")
    return 0 if finished else 2
