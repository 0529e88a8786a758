"""The ``pointti-desk`` command: admin jobs without Qt, and the GUI when no subcommand is given.

Exit codes: 0 success, 1 the job failed (the reason is printed), 2 bad arguments.
The GUI is reached by name (``ui.app``) only when asked for, so the core never imports Qt.
"""

from __future__ import annotations

import argparse
import datetime as dt
import importlib
import logging
import os
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

from desk_app import __version__, cli_backup, cli_catalogue, cli_privacy, cli_stats
from desk_app.domain.errors import DeskError
from desk_app.files import write_atomically

log = logging.getLogger(__name__)


def _common(parser: argparse.ArgumentParser, *, top: bool = False) -> None:
    """The options every command takes, before or after the command's name.

    Only the top-level parser has defaults: a subcommand's parser would otherwise overwrite an
    option given before the command (``pointti-desk --data-dir D check``) with its own default.
    """
    default = None if top else argparse.SUPPRESS
    parser.add_argument(
        "--data-dir",
        metavar="DIR",
        default=default,
        help="data directory (database, backups, logs, exports); "
        "default: $POINTTI_DESK_DATA_DIR or the platform's user data directory",
    )
    parser.add_argument(
        "--db-url",
        metavar="URL",
        default=default,
        help="SQLAlchemy database URL instead of the SQLite file",
    )
    parser.add_argument(
        "-v",
        "--verbose",
        action="store_true",
        default=False if top else argparse.SUPPRESS,
        help="log debug details to stderr",
    )


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="pointti-desk",
        description="Pointti Desk: walk-in visits, referrals and handouts. "
        "Without a subcommand, starts the desktop app.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    _common(parser, top=True)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    gui = sub.add_parser("gui", help="start the desktop app (the default)")
    _common(gui)

    selftest = sub.add_parser(
        "self-test",
        help="headless check: migrate, seed, record a visit, render a PDF and a referral sheet",
    )
    _common(selftest)

    check = sub.add_parser("check", help="integrity, pragmas and schema version of the database")
    _common(check)

    cli_catalogue.add_parser(sub, _common)
    cli_privacy.add_parser(sub, _common)
    cli_backup.add_parser(sub, _common)
    cli_stats.add_parser(sub, _common)

    handout = sub.add_parser(
        "handout",
        help="write a referral sheet, a service leaflet or the catalogue booklet as PDF",
    )
    _common(handout)
    which = handout.add_mutually_exclusive_group(required=True)
    which.add_argument(
        "--services", metavar="CODE[,CODE...]", help="referral sheet for these services"
    )
    which.add_argument("--leaflet", metavar="CODE", help="one-page leaflet of one service")
    which.add_argument("--booklet", action="store_true", help="every active service, by topic")
    handout.add_argument(
        "--lang", required=True, metavar="LANG", help="fi, selko, sv, en, uk, ru or ar"
    )
    handout.add_argument("--out", required=True, metavar="FILE", help="the PDF file to write")
    handout.add_argument("--note", default="", metavar="TEXT", help='the "next step" line')

    demo = sub.add_parser("demo-data", help="add synthetic demo visits (marked as demo)")
    _common(demo)
    what = demo.add_mutually_exclusive_group(required=True)
    what.add_argument("--visits", type=int, metavar="N", help="number of visits to add")
    what.add_argument("--remove", action="store_true", help="delete every demo visit")
    demo.add_argument("--days", type=int, default=365, metavar="D", help="spread over D days")
    demo.add_argument("--seed", type=int, default=1, metavar="S", help="random seed")
    return parser


def _fail(message: str) -> int:
    print(f"pointti-desk: error: {message}", file=sys.stderr)
    return 1


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    command = args.command or "gui"
    try:
        if command == "gui":
            return _start_gui(args)
        handler = {
            "self-test": cmd_self_test,
            "check": cmd_check,
            "catalogue": cmd_catalogue,
            "demo-data": cmd_demo_data,
            "handout": cmd_handout,
            "purge": lambda a: cli_privacy.run(a, _bootstrap),
            "backup": lambda a: cli_backup.run_backup(a, _bootstrap),
            "restore": lambda a: cli_backup.run_restore(a, _bootstrap),
            "stats": lambda a: cli_stats.run(a, _bootstrap),
        }[command]
        return handler(args)
    except DeskError as exc:
        return _fail(str(exc))
    except KeyboardInterrupt:
        return _fail("interrupted")
    except BrokenPipeError:
        # The reader went away (``pointti-desk catalogue list | head``): stop quietly, as
        # Unix tools do; stdout is pointed at /dev/null so the exit flush cannot fail again.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 141  # 128 + SIGPIPE, what a shell reports for a tool stopped by a closed pipe
    except Exception as exc:  # last resort: one line for the admin, the traceback in the log
        if logging.getLogger().handlers:  # only once logging goes to the log file
            log.exception("%s failed", command)
        return _fail(f"{command} failed: {type(exc).__name__}: {exc} (details in the log file)")


QT_LIBRARIES_HINT = (
    "sudo apt-get install -y libglib2.0-0 libegl1 libgl1 libfontconfig1 libdbus-1-3 "
    "libxkbcommon0 libxcb-cursor0 libxcb-icccm4 libxcb-image0 libxcb-keysyms1 "
    "libxcb-render-util0 libxcb-shape0 libxcb-xkb1 libxkbcommon-x11-0"
)


def _start_gui(args: argparse.Namespace) -> int:
    """Hand over to the Qt app, with plain advice when this machine cannot show a window."""
    if (
        sys.platform.startswith("linux")
        and not os.environ.get("DISPLAY")
        and not os.environ.get("WAYLAND_DISPLAY")
        and not os.environ.get("QT_QPA_PLATFORM")
    ):
        return _fail(
            "no display to open the window on (DISPLAY is not set). Run it in a desktop "
            "session, or use a subcommand: pointti-desk --help"
        )
    try:
        gui = importlib.import_module("ui.app")
    except ImportError as exc:
        log.exception("the GUI could not be loaded")
        return _fail(
            f"the desktop app cannot load Qt ({exc}). On Debian/Ubuntu install Qt's "
            f"system libraries:\n  {QT_LIBRARIES_HINT}"
        )
    return int(gui.run(data_dir=args.data_dir, db_url=args.db_url, verbose=args.verbose))


def _bootstrap(args: argparse.Namespace, load_example: bool = True):  # type: ignore[no-untyped-def]
    from desk_app.bootstrap import bootstrap

    return bootstrap(
        args.data_dir,
        args.db_url,
        load_example=load_example,
        log_to_stderr=True,
        verbose=args.verbose,
    )


def cmd_self_test(args: argparse.Namespace) -> int:
    from desk_app.domain.passwords import hash_password, verify_password
    from desk_app.domain.visit import VisitDraft
    from desk_app.handouts.test_page import render_test_page

    step = "start-up"
    try:
        ctx = _bootstrap(args)
        try:
            step = "catalogue"
            services = ctx.desk.active_services()
            if not services:
                return _fail("self-test: the catalogue has no active services")
            topics = ctx.desk.topics()
            step = "record a visit"
            recorded = ctx.desk.record_visit(
                VisitDraft(topic_codes=(topics[0].code,), referral_codes=(services[0].code,))
            )
            if recorded.id not in {v.id for v in ctx.desk.visits_today()}:
                return _fail("self-test: the recorded visit was not found again")
            # The test visit must not count in anybody's statistics.
            ctx.desk.delete_visit(recorded.id)
            if recorded.id in {v.id for v in ctx.desk.visits_today()}:
                return _fail("self-test: the test visit could not be removed again")
            step = "hash a staff password"  # argon2-cffi's compiled binding is in the bundle
            stored = hash_password("self-test password")
            if not verify_password(stored, "self-test password"):
                return _fail("self-test: a password hash did not verify")
            step = "render a PDF"
            pdf = render_test_page(services, dt.datetime.now(dt.UTC))
            if not pdf.startswith(b"%PDF") or b"DejaVuSans" not in pdf:
                return _fail("self-test: the PDF was not rendered with the bundled font")
            with tempfile.NamedTemporaryFile(
                prefix="self-test-", suffix=".pdf", dir=ctx.paths.exports, delete=False
            ) as fh:
                fh.write(pdf)
            Path(fh.name).unlink()
            # A real handout in the language that needs the most (shaping, right to left, a QR
            # code): a bundle missing any piece of that fails here, not at the desk.
            step = "render an Arabic referral sheet"
            sheet = ctx.desk.referral_sheet_pdf([services[0].code], "ar")
            if not sheet.startswith(b"%PDF"):
                return _fail("self-test: the referral sheet was not rendered")
        finally:
            ctx.close()
    except DeskError as exc:
        return _fail(f"self-test failed at {step}: {exc}")
    except Exception as exc:  # the point of a self-test is to report anything at all
        log.exception("self-test failed at %s", step)
        return _fail(f"self-test failed at {step}: {type(exc).__name__}: {exc}")
    print("self-test ok")
    return 0


def cmd_check(args: argparse.Namespace) -> int:
    from desk_app.bootstrap import database_url
    from desk_app.db.check import check_server_database, check_sqlite_file
    from desk_app.db.engine import sqlite_file
    from desk_app.paths import DataPaths, resolve_data_dir
    from desk_app.settings import load_settings

    paths = DataPaths(resolve_data_dir(args.data_dir))
    settings = load_settings(paths.settings_file, repair=False)
    url = database_url(paths, settings, args.db_url)
    path = sqlite_file(url)
    print(f"database: {path if path is not None else url}")
    report = check_sqlite_file(path) if path is not None else check_server_database(url)
    for line in report.lines:
        print(line)
    for problem in report.problems:
        print(f"PROBLEM: {problem}", file=sys.stderr)
    if not report.ok:
        return 1
    print("check ok")
    return 0


def cmd_catalogue(args: argparse.Namespace) -> int:
    return cli_catalogue.run(args, _bootstrap)


def cmd_handout(args: argparse.Namespace) -> int:
    # The language is checked by the handout service once the desk is open, so that an unknown
    # language is named in the desk's language like an unknown service code.
    lang = args.lang
    out = Path(args.out)
    ctx = _bootstrap(args)
    try:
        if args.booklet:
            pdf = ctx.desk.booklet_pdf(lang)
        elif args.leaflet:
            pdf = ctx.desk.leaflet_pdf(args.leaflet, lang)
        else:
            pdf = ctx.desk.referral_sheet_pdf(args.services.split(","), lang, args.note)
    finally:
        ctx.close()
    write_atomically(out, pdf)
    print(f"{out} written ({len(pdf):,} bytes)")
    return 0


def cmd_demo_data(args: argparse.Namespace) -> int:
    from desk_app.services.demo import add_demo_visits, remove_demo_visits

    ctx = _bootstrap(args)
    if args.remove:
        try:
            removed = remove_demo_visits(ctx.uow)
        finally:
            ctx.close()
        print(f"{removed} demo visits removed")
        return 0
    try:
        started = time.perf_counter()
        written = add_demo_visits(ctx.uow, args.visits, days=args.days, seed=args.seed)
        elapsed = time.perf_counter() - started
    finally:
        ctx.close()
    print(f"{written} demo visits written in {elapsed:.1f} s")
    return 0
