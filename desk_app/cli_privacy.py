"""``pointti-desk purge [--dry-run]``: the retention purge from the command line.

The rules and the work are in ``desk_app.services.retention``; this module reads the arguments
and prints the report (counts only, never a value). ``--dry-run`` prints what would go and
changes nothing.
"""

from __future__ import annotations

import argparse
import datetime as dt
from collections.abc import Callable
from typing import Any

Bootstrap = Callable[..., Any]
"""``cli._bootstrap``: opens the desk's database as the other commands do."""


def add_parser(sub: Any, common: Callable[[argparse.ArgumentParser], None]) -> None:
    purge = sub.add_parser(
        "purge",
        help="remove contact details, notes, visits and backups past their retention",
    )
    common(purge)
    purge.add_argument("--dry-run", action="store_true", help="only show what would be removed")


def run(args: argparse.Namespace, bootstrap: Bootstrap) -> int:
    from desk_app.services.retention import plan_purge, purge

    ctx = bootstrap(args, load_example=False)
    try:
        now = dt.datetime.now(dt.UTC)
        job = plan_purge if args.dry_run else purge
        report = job(ctx.uow, now, ctx.settings, paths=ctx.paths)
    finally:
        ctx.close()
    if args.dry_run:
        print("dry run: nothing was changed; a purge now would remove:")
    for line in report.report_lines():
        print(line)
    if not report.wal_emptied:
        print("warning: another program has the database open; run the purge again later")
    return 0
