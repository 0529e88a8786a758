"""Harness 5c: a full disk. The save fails with a clear message, no partial rows, and the same
draft saves once space is back (the form kept it).

``python -m tests.harness.disk_full [--data-dir DIR]``; the child is ``--child DATA_DIR``.

No root is needed: the child lowers its own ``RLIMIT_FSIZE`` below what the save must write
(a fresh WAL needs a 32-byte header and a 4 KiB page frame), with ``SIGXFSZ`` ignored so the
write fails with ``EFBIG`` instead of killing the process; SQLite reports that as SQLITE_FULL or
SQLITE_IOERR. Raising the soft limit back to the hard one is "space freed".
"""

from __future__ import annotations

import argparse
import json
import resource
import signal
import sqlite3
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

from tests.harness.common import check_file, prepare, spawn

LIMIT_BYTES = 4096


@dataclass(frozen=True)
class DiskFullReport:
    error_type: str
    message: str
    visits_before: int
    visits_after_failure: int
    retried_id: str | None
    visits_in_file: int
    partial: int
    integrity: str


def _count(database: Path) -> int:
    with sqlite3.connect(database) as con:
        return int(con.execute("SELECT count(*) FROM visit").fetchone()[0])


def child(data_dir: Path) -> dict[str, object]:
    from desk_app.domain.errors import DeskError
    from tests.harness.common import open_desk

    desk, draft = open_desk(data_dir)
    before = len(desk.visits_today())  # also opens the WAL and its index before the limit
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    soft, hard = resource.getrlimit(resource.RLIMIT_FSIZE)
    resource.setrlimit(resource.RLIMIT_FSIZE, (LIMIT_BYTES, hard))
    result: dict[str, object] = {"before": before, "error_type": "", "message": ""}
    try:
        desk.record_visit(draft)
    except DeskError as exc:
        result.update(error_type=type(exc).__name__, message=str(exc))
    result["after_failure"] = len(desk.visits_today())
    resource.setrlimit(resource.RLIMIT_FSIZE, (soft, hard))  # space is back
    result["retried_id"] = desk.record_visit(draft).id  # the same draft: the form kept it
    return result


def run(data_dir: Path) -> DiskFullReport:
    database = prepare(data_dir)
    process = spawn("disk_full", "--child", str(data_dir))
    out, err = process.communicate(timeout=120)
    if process.returncode != 0:
        raise RuntimeError(f"the child failed: {err.decode(errors='replace')[-2000:]}")
    result = json.loads(out.decode().strip().splitlines()[-1])
    found = check_file(database)
    return DiskFullReport(
        error_type=str(result["error_type"]),
        message=str(result["message"]),
        visits_before=int(result["before"]),
        visits_after_failure=int(result["after_failure"]),
        retried_id=result.get("retried_id"),
        visits_in_file=_count(database),
        partial=found.partial,
        integrity=found.integrity,
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--child", type=Path, default=None)
    parser.add_argument("--data-dir", type=Path, default=None)
    args = parser.parse_args(argv)
    if args.child is not None:
        print(json.dumps(child(args.child)), flush=True)
        return 0
    data_dir = args.data_dir or Path(tempfile.mkdtemp(prefix="pointti-disk-full-"))
    report = run(data_dir)
    print(report)
    ok = report.error_type in ("StorageFullError", "StorageIOError") and report.partial == 0
    ok = ok and report.visits_after_failure == report.visits_before
    ok = ok and report.retried_id is not None and report.integrity == "ok"
    print("OK" if ok else "FAILED", "data directory:", data_dir)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
