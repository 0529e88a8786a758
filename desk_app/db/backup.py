"""Consistent copies of the SQLite database with SQLite's online backup API.

The backup API copies pages under SQLite's own locking, so the copy is consistent even while the
app (or another desk process) is writing; a plain file copy of a WAL database is not.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path


def backup_sqlite(source: Path, target_dir: Path, label: str) -> Path:
    """Copy ``source`` into ``target_dir`` as ``<stem>-<label>-<UTC time>.sqlite3``."""
    target_dir.mkdir(parents=True, exist_ok=True)
    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%S%fZ")
    target = target_dir / f"{source.stem}-{label}-{stamp}.sqlite3"
    src = sqlite3.connect(f"{source.resolve().as_uri()}?mode=ro", uri=True)
    try:
        dst = sqlite3.connect(target)
        try:
            src.backup(dst)
            dst.commit()
        finally:
            dst.close()
    finally:
        src.close()
    return target
