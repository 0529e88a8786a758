"""``pointti-desk backup [--out DIR]`` and ``pointti-desk restore FILE [--yes]``.

The work is in ``desk_app.services.backups``; this module reads the arguments, prints what a
backup holds (its date and counts, never a value) and asks before a restore replaces the
database. Both run as the machine's administrator (``Access.system()``, set by ``bootstrap``).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from desk_app.i18n import _

Bootstrap = Callable[..., Any]
"""``cli._bootstrap``: opens the desk's database as the other commands do."""


def add_parser(sub: Any, common: Callable[[argparse.ArgumentParser], None]) -> None:
    backup = sub.add_parser(
        "backup", help="a verified copy of the database (into backups/ or --out DIR)"
    )
    common(backup)
    backup.add_argument("--out", metavar="DIR", help="folder to write the copy to (a USB stick)")
    restore = sub.add_parser(
        "restore", help="replace the database by a backup (the current one is kept aside)"
    )
    common(restore)
    restore.add_argument("file", metavar="FILE", help="the backup file to restore")
    restore.add_argument("--yes", action="store_true", help="do not ask for confirmation")


def describe(info: Any) -> str:
    """One line: the backup's date (local to this machine) and what it holds."""
    counts = info.counts
    return _("taken {date}: {visits} visits, {services} services, {contacts} contacts").format(
        date=info.taken_at.astimezone().strftime("%Y-%m-%d %H:%M"),
        visits=counts.get("visits", 0),
        services=counts.get("services", 0),
        contacts=counts.get("contacts", 0),
    )


def backup_service(ctx: Any, access: Any = None) -> Any:
    """The ``BackupService`` of a started app (``bootstrap.backup_service``)."""
    from desk_app.bootstrap import backup_service as of_app

    return of_app(ctx, access)


def run_backup(args: argparse.Namespace, bootstrap: Bootstrap) -> int:
    ctx = bootstrap(args, load_example=False)
    try:
        info = backup_service(ctx).backup_now(Path(args.out) if args.out else None)
    finally:
        ctx.close()
    print(_("backup written: {file} ({size} bytes)").format(file=info.path, size=info.size))
    print(describe(info))
    return 0


def run_restore(args: argparse.Namespace, bootstrap: Bootstrap) -> int:
    from desk_app.db.startup_checks import DamagedDatabaseError

    try:
        ctx = bootstrap(args, load_example=False)
    except DamagedDatabaseError as damaged:
        return _restore_over_damaged(args, damaged)
    try:
        service = backup_service(ctx)
        info = service.inspect(Path(args.file))
        print(f"{info.path}")
        print(describe(info))
        if not args.yes:
            print(_("Replace the current database with this backup? [y/N] "), end="", flush=True)
            answer = sys.stdin.readline().strip().lower()
            if answer not in ("y", "yes", _("y")):
                print(_("Nothing was restored."))
                return 1
        safety = service.restore(info.path)
    finally:
        ctx.close()
    print(_("Restored. The database as it was is kept in {file}.").format(file=safety.path))
    return 0


def _restore_over_damaged(args: argparse.Namespace, damaged: Any) -> int:
    """The database does not open (it is damaged and already kept aside): put the backup in its
    place without starting the app; the next start migrates it if it is older."""
    from desk_app.bootstrap import restore_damaged_database

    print(str(damaged))
    if not args.yes:
        print(_("Replace the current database with this backup? [y/N] "), end="", flush=True)
        if sys.stdin.readline().strip().lower() not in ("y", "yes", _("y")):
            print(_("Nothing was restored."))
            return 1
    restore_damaged_database(damaged.database, Path(args.file))
    print(_("Restored. The damaged database is kept as {file}.").format(file=damaged.kept_as))
    return 0
