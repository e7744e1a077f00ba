"""`storefeeder`: override order statuses in bulk from a spreadsheet, list statuses, show an order.

    storefeeder override --csv changes.csv --out results.csv [--dry-run] [--resume results.csv]
    storefeeder override --set 1001=OnHold 1002=Despatched
    storefeeder statuses
    storefeeder order 1001

Credentials come from flags or STOREFEEDER_* environment variables and are never printed.
Exit status: 0 every item succeeded, 1 some items failed (the API said why), 2 bad input, refused
credentials, or the service could not be reached or answered a batch with an error; 130 Ctrl-C.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from storefeeder_client.models import OrderStatusModel
from storefeeder_client.types import MediaType, Unset

from .aio import AsyncStoreFeeder
from .changes_file import BadInput, Change, parse_sets, read_csv
from .errors import BatchFailed, StoreFeederError
from .progress import ItemProgress
from .results import BATCH_LIMIT, BatchReport, Outcome, OverrideResult
from .results_file import ResultsFile, Row, UnreadableResults, read_rows
from .retry import RetryPolicy

OK, SOME_FAILED, BAD, INTERRUPTED = 0, 1, 2, 130
ENV = {
    "base_url": "STOREFEEDER_BASE_URL",
    "username": "STOREFEEDER_USERNAME",
    "password": "STOREFEEDER_PASSWORD",
    "client_id": "STOREFEEDER_CLIENT_ID",
}
DEFAULT_BASE_URL = "https://rest.storefeeder.com"
MEDIA: dict[str, MediaType] = {"json": "application/json", "xml": "application/xml"}


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="storefeeder", description=__doc__.split("\n\n")[0])
    connection = argparse.ArgumentParser(add_help=False)
    group = connection.add_argument_group("connection")
    group.add_argument("--base-url", help=f"the API (env {ENV['base_url']}; default {DEFAULT_BASE_URL})")
    group.add_argument("--username", help=f"API user (env {ENV['username']})")
    group.add_argument("--password", help=f"password (env {ENV['password']}, preferred: flags show in ps)")
    group.add_argument("--client-id", help=f"API key (env {ENV['client_id']})")
    group.add_argument("--media", choices=sorted(MEDIA), default="json", help="JSON or XML on the wire")
    group.add_argument("--timeout", type=float, default=30.0, help="seconds per request (default 30)")
    group.add_argument("--retries", type=int, default=4, help="attempts per request (default 4)")
    commands = parser.add_subparsers(dest="command", required=True)

    override = commands.add_parser("override", parents=[connection], help="override order statuses in bulk")
    source = override.add_mutually_exclusive_group(required=True)
    source.add_argument(
        "--csv", metavar="FILE", help="rows of `order number,status` (header optional; - is stdin)"
    )
    source.add_argument(
        "--set",
        metavar="N=STATUS",
        nargs="+",
        action="extend",
        help="changes: --set 1001=OnHold 1002=Despatched",
    )
    override.add_argument(
        "--dry-run", action="store_true", help="check everything, show the plan, send nothing"
    )
    override.add_argument("--out", metavar="FILE", help="write every result to FILE (.csv or .json)")
    override.add_argument(
        "--resume", metavar="OUT", help="skip changes OUT records as succeeded (OUT is also --out by default)"
    )
    override.add_argument(
        "--max-in-flight", type=int, default=1, help="batches in flight at once (default 1)"
    )
    override.add_argument(
        "--rps", type=float, help="at most this many requests per second (default: no limit)"
    )

    commands.add_parser(
        "statuses", parents=[connection], help="the status catalogue, overridable ones marked"
    )
    order = commands.add_parser("order", parents=[connection], help="one order's status")
    order.add_argument("number", type=int)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        if args.command == "override":
            return _override(args)
        if args.command == "statuses":
            return asyncio.run(_statuses(args))
        return asyncio.run(_order(args))
    except BadInput as bad:
        for problem in bad.problems:
            print(f"error: {problem}", file=sys.stderr)
        print("nothing was sent", file=sys.stderr)
        return BAD
    except StoreFeederError as error:
        print(f"error: {type(error).__name__}: {error}", file=sys.stderr)
        return BAD


# --- connection ----------------------------------------------------------------------------------


def _api(args: argparse.Namespace, **options: Any) -> AsyncStoreFeeder:
    values: dict[str, str] = {
        name: getattr(args, name) or os.environ.get(variable) or "" for name, variable in ENV.items()
    }
    missing = [
        f"--{name.replace('_', '-')} or {ENV[name]}"
        for name in ENV
        if name != "base_url" and not values[name]
    ]
    if missing:
        raise BadInput([f"missing {what}" for what in missing])
    if args.retries < 1 or args.timeout <= 0:
        raise BadInput(["--retries must be at least 1 and --timeout positive"])
    try:
        return AsyncStoreFeeder(
            values["base_url"] or DEFAULT_BASE_URL,
            username=values["username"],
            password=values["password"],
            client_id=values["client_id"],
            media_type=MEDIA[args.media],
            timeout=args.timeout,
            retry=RetryPolicy(attempts=args.retries),
            **options,
        )
    except ValueError as error:
        raise BadInput([str(error)]) from error


async def _statuses(args: argparse.Namespace) -> int:
    async with _api(args) as api:
        catalogue = await api.order_statuses()
    print(f"{'ID':>4}  {'STATUS':<28}{'OVERRIDABLE':<13}DESCRIPTION")
    for status in sorted(catalogue, key=lambda s: s.order_status_id):
        mark = "yes" if status.user_can_override_to_status else "-"
        description = status.description if isinstance(status.description, str) else ""
        print(f"{status.order_status_id:>4}  {status.order_status:<28}{mark:<13}{description}")
    return OK


async def _order(args: argparse.Namespace) -> int:
    async with _api(args) as api:
        if not 1 <= args.number <= 2**31 - 1:
            raise BadInput([f"order number {args.number} is not in 1..2147483647"])
        found = await api.get_order(args.number)
    if found is None:
        print(f"order {args.number}: not found (or not this account's)", file=sys.stderr)
        return SOME_FAILED
    print(f"OrderNumber: {found.order_number}\nOrderStatus: {found.order_status}")
    if not isinstance(found.order_guid, Unset):
        print(f"OrderGuid: {found.order_guid}")
    return OK


# --- override ------------------------------------------------------------------------------------


def _override(args: argparse.Namespace) -> int:
    if args.max_in_flight < 1 or (args.rps is not None and args.rps <= 0):
        raise BadInput(["--max-in-flight must be at least 1 and --rps positive"])
    changes = _read_changes(args)
    resume = Path(args.resume) if args.resume else None
    carried = _succeeded(resume) if resume else {}
    out_name = args.out or args.resume
    run = Run(changes, carried, ResultsFile(Path(out_name)) if out_name and not args.dry_run else None)
    try:
        return asyncio.run(run.execute(args))
    except KeyboardInterrupt:
        where = f"; the {run.recorded} results so far are in {run.out.path}" if run.out else ""
        hint = f" (finish with --resume {run.out.path})" if run.out else ""
        print(f"interrupted{where}{hint}", file=sys.stderr)
        return INTERRUPTED


def _read_changes(args: argparse.Namespace) -> list[Change]:
    if args.set:
        return parse_sets(args.set)
    if args.csv == "-":
        return read_csv(sys.stdin, "<stdin>")
    try:
        with open(args.csv, encoding="utf-8", newline="") as stream:
            return read_csv(stream, args.csv)
    except OSError as error:
        raise BadInput([f"{args.csv}: {error.strerror}"]) from error


def _succeeded(path: Path) -> dict[tuple[int, str], Row]:
    """(order number, status) -> its row, for every change `path` records as succeeded."""
    try:
        rows = read_rows(path)
    except UnreadableResults as error:
        raise BadInput([str(error)]) from error
    return {(row.order_number, row.status.lower()): row for row in rows if row.outcome == Outcome.SUCCEEDED}


def resolve_statuses(
    changes: list[Change], catalogue: list[OrderStatusModel], where: str
) -> tuple[list[Change], list[Change]]:
    """Changes with the catalogue's spelling of each status (the API binds names in any case), and
    those whose target is not overridable. BadInput for a status the catalogue does not have."""
    names = {status.order_status.lower(): status for status in catalogue}
    resolved: list[Change] = []
    problems: list[str] = []
    for change in changes:
        status = names.get(change.status.lower())
        if status is None:
            problems.append(
                f"{where}:{change.line}: status {change.status!r} is not in the service's catalogue"
            )
        else:
            resolved.append(Change(change.order_number, status.order_status, change.line))
    if problems:
        raise BadInput(problems)
    locked = {s.order_status for s in catalogue if not s.user_can_override_to_status}
    return resolved, [change for change in resolved if change.status in locked]


@dataclass
class Run:
    changes: list[Change]
    carried: dict[tuple[int, str], Row]
    out: ResultsFile | None
    recorded: int = 0

    async def execute(self, args: argparse.Namespace) -> int:
        where = "<stdin>" if args.csv == "-" else args.csv or "--set"
        async with _api(args, max_in_flight=args.max_in_flight, requests_per_second=args.rps) as api:
            changes, doomed = resolve_statuses(self.changes, await api.order_statuses(), where)
            todo = [c for c in changes if (c.order_number, c.status.lower()) not in self.carried]
            skipped = len(changes) - len(todo)
            if args.dry_run:
                return _show_plan(todo, doomed, skipped, args.max_in_flight, where)
            return await self._send(api, changes, todo)

    async def _send(self, api: AsyncStoreFeeder, changes: list[Change], todo: list[Change]) -> int:
        rows: list[Row | None] = [None] * len(todo)
        progress = ItemProgress(len(todo))
        failure: StoreFeederError | None = None
        carried = [
            self._carried_row(c) for c in changes if (c.order_number, c.status.lower()) in self.carried
        ]
        if self.out is not None:
            self.out.append(carried)

        def batch_done(report: BatchReport) -> None:
            done = [_row(todo[report.batch.start + i], r) for i, r in enumerate(report.results)]
            rows[report.batch.start : report.batch.start + len(done)] = done
            self.recorded += len(done)
            if self.out is not None:
                self.out.append(done)
            progress.advance(len(done))

        try:
            try:
                await api.override_statuses([(c.order_number, c.status) for c in todo], on_batch=batch_done)
            except BatchFailed as failed:
                failure = failed
                rows = [_row(change, result) for change, result in zip(todo, failed.results, strict=True)]
            except StoreFeederError as error:
                failure = error
        finally:
            progress.stop()
            final = self._in_input_order(changes, carried, rows)
            summary = _summary(final, len(carried), failure)
            if self.out is not None:
                self.out.write(final, summary)
        _print_summary(summary, self.out)
        if failure is not None:
            print(f"error: {type(failure).__name__}: {failure}", file=sys.stderr)
            return BAD
        return OK if summary["succeeded"] == summary["items"] else SOME_FAILED

    def _carried_row(self, change: Change) -> Row:
        old = self.carried[(change.order_number, change.status.lower())]
        return Row(change.line, change.order_number, change.status, Outcome.SUCCEEDED, None, old.error)

    @staticmethod
    def _in_input_order(changes: list[Change], carried: list[Row], sent: list[Row | None]) -> list[Row]:
        rows = [row for row in [*carried, *sent] if row is not None]
        order = {change.line: index for index, change in enumerate(changes)}
        return sorted(rows, key=lambda row: order.get(row.line, len(order)))


def _row(change: Change, result: OverrideResult) -> Row:
    return Row(
        change.line, result.order_number, str(result.order_status), result.outcome, result.batch, result.error
    )


def _summary(rows: list[Row], skipped: int, failure: StoreFeederError | None) -> dict[str, Any]:
    outcomes = Counter(row.outcome for row in rows)
    reasons = Counter(row.error or "" for row in rows if row.outcome == Outcome.FAILED)
    return {
        "items": len(rows),
        "succeeded": outcomes[Outcome.SUCCEEDED],
        "skipped_already_succeeded": skipped,
        "failed": dict(reasons.most_common()),
        **{str(o): outcomes[o] for o in (Outcome.UNKNOWN, Outcome.REJECTED, Outcome.NOT_SENT) if outcomes[o]},
        "error": f"{type(failure).__name__}: {failure}" if failure else None,
    }


def _print_summary(summary: dict[str, Any], out: ResultsFile | None) -> None:
    failed = sum(summary["failed"].values())
    print(
        f"{summary['items']} items: {summary['succeeded']} succeeded"
        + (
            f" ({summary['skipped_already_succeeded']} in an earlier run)"
            if summary["skipped_already_succeeded"]
            else ""
        )
        + f", {failed} failed"
        + "".join(
            f", {summary[o]} {o.replace('_', ' ')}"
            for o in ("unknown", "rejected", "not_sent")
            if o in summary
        )
    )
    for reason, count in summary["failed"].items():
        print(f"  failed {count}: {reason}")
    if out is not None:
        print(f"results: {out.path}")


def _show_plan(todo: list[Change], doomed: list[Change], skipped: int, in_flight: int, where: str) -> int:
    batches = -(-len(todo) // BATCH_LIMIT)
    print(
        f"dry run: {len(todo)} changes in {batches} batches of up to {BATCH_LIMIT}, "
        f"{in_flight} in flight; nothing was sent"
    )
    if skipped:
        print(f"  skipped: {skipped} already succeeded in the resumed file")
    for status, count in sorted(Counter(c.status for c in todo).items()):
        print(f"  to {status}: {count}")
    pending = {id(c) for c in todo}
    doomed = [c for c in doomed if id(c) in pending]
    if doomed:
        print(f"would fail: {len(doomed)} changes to a status users may not override to:")
        for change in doomed[:20]:
            print(f"  {where}:{change.line}: {change.order_number} -> {change.status}")
        if len(doomed) > 20:
            print(f"  ... and {len(doomed) - 20} more")
        return SOME_FAILED
    return OK
