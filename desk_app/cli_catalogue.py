"""``pointti-desk catalogue …``: list, export, import, import-ptv and stale.

The jobs themselves are in ``desk_app.services`` (``catalogue_files`` for everything on files,
``staleness`` for the report); this module only reads the arguments and prints. An import shows
its plan first; ``--dry-run`` stops there.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from pathlib import Path
from typing import Any

Bootstrap = Callable[..., Any]
"""``cli._bootstrap``: opens the desk's database as the other commands do."""


def add_parser(sub: Any, common: Callable[[argparse.ArgumentParser], None]) -> None:
    cat = sub.add_parser("catalogue", help="catalogue jobs")
    jobs = cat.add_subparsers(dest="catalogue_command", metavar="JOB", required=True)

    listing = jobs.add_parser("list", help="one line per active service: CODE, name, actor")
    common(listing)
    listing.add_argument("--all", action="store_true", help="include ended and draft services")

    export = jobs.add_parser("export", help="the catalogue as our JSON or as an HSDS package")
    common(export)
    export.add_argument("--format", choices=("json", "hsds"), default="json")
    export.add_argument("--lang", default="fi", metavar="LANG", help="HSDS: the one language")
    export.add_argument(
        "--out", required=True, metavar="PATH", help="json: the file; hsds: a new folder"
    )

    imp = jobs.add_parser("import", help="our JSON: show what changes, then apply")
    common(imp)
    imp.add_argument("file", metavar="FILE")
    imp.add_argument("--dry-run", action="store_true", help="only show what would change")
    imp.add_argument(
        "--overwrite-local",
        action="store_true",
        help="replace entries edited here since the file was exported (they are kept otherwise)",
    )

    ptv = jobs.add_parser("import-ptv", help="a saved Suomi.fi PTV API v11 JSON response")
    common(ptv)
    ptv.add_argument("file", metavar="FILE")
    ptv.add_argument("--dry-run", action="store_true", help="only show what would change")

    stale = jobs.add_parser("stale", help="services not checked lately, translations out of date")
    common(stale)
    stale.add_argument(
        "--months", type=int, metavar="N", help="not checked in N months (default: the setting)"
    )


def run(args: argparse.Namespace, bootstrap: Bootstrap) -> int:
    ctx = bootstrap(args)
    try:
        job = args.catalogue_command
        if job == "list":
            return _list(ctx, args)
        if job == "stale":
            return _stale(ctx, args)
        from desk_app.services.catalogue_files import CatalogueFiles

        files = CatalogueFiles(ctx.uow, ctx.desk.today)
        out = Path(args.out) if job == "export" else None
        if job == "export" and args.format == "json":
            assert out is not None
            size = files.export_json(out)
            print(f"{out} written ({size:,} bytes)")
        elif job == "export":
            assert out is not None
            written = files.export_hsds(args.lang, out)
            print(f"{out} written ({len(written)} files)")
        elif job == "import":
            plan = files.plan_json_import(Path(args.file))
            if not args.dry_run:
                overwrite = args.overwrite_local
                plan = files.apply_json_import(Path(args.file), overwrite_local=overwrite)
            _print_lines(plan.report_lines())
        elif job == "import-ptv":
            plan = files.plan_ptv_import(Path(args.file))
            if not args.dry_run:
                plan = files.apply_ptv_import(Path(args.file))
            _print_lines(plan.report_lines())
    finally:
        ctx.close()
    return 0


def _print_lines(lines: list[str]) -> None:
    for line in lines:
        print(line)


def _list(ctx: Any, args: argparse.Namespace) -> int:
    today = ctx.desk.today()
    for service in ctx.desk.services():
        if args.all or service.is_active(today):
            name = service.name.text("fi")
            actor = service.organisation_name.text("fi")
            print(f"{service.code}\t{name}\t{actor}")
    return 0


def _stale(ctx: Any, args: argparse.Namespace) -> int:
    from desk_app.services.staleness import staleness_report

    months = args.months if args.months is not None else ctx.settings.stale_after_months
    report = staleness_report(ctx.uow, ctx.desk.today(), months)
    _print_lines(report.report_lines())
    return 0
