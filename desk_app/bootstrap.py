"""Start-up of the core, shared by the GUI and the CLI.

Order: data directory → logging → settings → UI language → start-up checks of a SQLite file
(``desk_app.db.startup_checks``: damage, read-only, network path) → engine → migrations (backup
first) → example catalogue (only into an empty catalogue) → ``DeskService``. A read-only database
or folder skips every write of start-up (settings file, migrations, example catalogue) and gets an
engine that refuses to save, so the desk can still look things up; a damaged file stops start-up
with ``DamagedDatabaseError`` before anything touches it. Only ``ui/app.py`` and the CLI
call this; everything after start-up talks to the returned services.

``access`` is who may act: the desktop app passes an empty ``Access()`` and signs someone in
(``AccountService``); the default ``Access.system()`` is the machine's administrator, for the CLI,
benchmarks and tests.
"""

from __future__ import annotations

import contextlib
import logging
import os
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import URL, Engine

from desk_app import __version__
from desk_app.db.backup import SqliteBackupStore
from desk_app.db.engine import make_engine, sqlite_file, sqlite_url
from desk_app.db.errors import BusyRetry
from desk_app.db.migrate import MigrationResult, check_revision, head_revision, upgrade_database
from desk_app.db.startup_checks import (
    StartupReport,
    check_database_file,
    read_only_engine,
    replace_damaged,
)
from desk_app.db.uow import SqlAlchemyUnitOfWorkFactory
from desk_app.domain.errors import DatabaseError
from desk_app.i18n import _, set_ui_language
from desk_app.logging_setup import configure_logging
from desk_app.paths import DataPaths, resolve_data_dir, resources_dir
from desk_app.services.access import Access
from desk_app.services.backups import BackupService
from desk_app.services.catalogue import load_example_catalogue
from desk_app.services.desk import DeskService
from desk_app.services.dto import SeedResult
from desk_app.settings import Settings, load_settings, save_settings

log = logging.getLogger(__name__)

ENV_LANGUAGE = "POINTTI_DESK_LANG"
EXAMPLE_CATALOGUE = Path("seed") / "example_catalogue.json"


class BusyNotice:
    """Passes the unit of work's "busy, retrying" reports (another program holds the write lock)
    on to whoever shows them: the window's status bar, while a save waits."""

    def __init__(self) -> None:
        self.listeners: list[Callable[[str], None]] = []

    def __call__(self, report: BusyRetry) -> None:
        for listener in list(self.listeners):
            listener(report.message)


@dataclass
class AppContext:
    paths: DataPaths
    settings: Settings
    engine: Engine
    db_url: str | URL
    uow: SqlAlchemyUnitOfWorkFactory
    migration: MigrationResult
    seed: SeedResult
    desk: DeskService
    log_file: Path
    access: Access
    read_only: bool = False  # the UI shows a banner; every save refuses with a plain message
    warnings: tuple[str, ...] = ()  # start-up warnings for the UI (network path, read-only)
    busy: BusyNotice = field(default_factory=BusyNotice)

    def close(self) -> None:
        self.engine.dispose()


def database_url(paths: DataPaths, settings: Settings, override: str | None) -> str | URL:
    """``--db-url``, else the ``db_url`` setting, else the SQLite file in the data directory."""
    return override or settings.db_url or sqlite_url(paths.database)


def bootstrap(
    data_dir: str | os.PathLike[str] | None = None,
    db_url: str | None = None,
    *,
    load_example: bool = True,
    log_to_stderr: bool = False,
    verbose: bool = False,
    access: Access | None = None,
) -> AppContext:
    access = access or Access.system()
    paths = DataPaths(resolve_data_dir(data_dir))
    with contextlib.suppress(OSError):  # a read-only data folder: the checks open read-only
        paths.ensure()
    log_file = _start_logging(paths, verbose=verbose, stderr=log_to_stderr)
    log.info("Pointti Desk %s starting; data directory %s", __version__, paths.root)
    settings = load_settings(paths.settings_file)
    url = database_url(paths, settings, db_url)
    database = sqlite_file(url)
    report = StartupReport()
    if database is not None:
        report = check_database_file(database, paths.backups)
    if not paths.settings_file.exists() and not report.read_only:
        save_settings(paths.settings_file, settings)  # so an admin finds every key to edit
    set_ui_language(os.environ.get(ENV_LANGUAGE) or settings.ui_language)
    if report.read_only and database is not None:
        engine, migration, seed = _open_read_only(database)
    else:
        engine, migration, seed = _open_writable(url, paths, settings, load_example)
    busy = BusyNotice()
    uow = SqlAlchemyUnitOfWorkFactory(engine, on_busy=busy)
    return AppContext(
        paths=paths,
        settings=settings,
        engine=engine,
        db_url=url,
        uow=uow,
        migration=migration,
        seed=seed,
        desk=DeskService(uow, settings, settings_path=_settings_path(paths, report), access=access),
        log_file=log_file,
        access=access,
        read_only=report.read_only,
        warnings=report.warnings,
        busy=busy,
    )


def backup_service(ctx: AppContext, access: Access | None = None) -> BackupService:
    """The backups of a started app; ``Access.system()`` for the start-up and exit backups."""
    store = SqliteBackupStore(ctx.engine, ctx.paths.backups)
    return BackupService(store, ctx.uow, access or ctx.access, ctx.paths, ctx.settings)


def restore_damaged_database(database: Path, backup: Path) -> None:
    """For the start-up dialog: replace a damaged database (already kept aside) by ``backup``.

    The caller then runs ``bootstrap`` once more, which migrates an older backup as usual.
    """
    replace_damaged(database, backup)


def _settings_path(paths: DataPaths, report: StartupReport) -> Path | None:
    """None in read-only mode: preference changes then live in memory only."""
    return None if report.read_only else paths.settings_file


def _start_logging(paths: DataPaths, *, verbose: bool, stderr: bool) -> Path:
    """Log into the data directory; into the temp folder when that cannot be written."""
    try:
        return configure_logging(paths.logs, verbose=verbose, stderr=stderr)
    except OSError:
        fallback = Path(tempfile.gettempdir()) / "pointti-desk-logs"
        return configure_logging(fallback, verbose=verbose, stderr=stderr)


def _open_writable(
    url: str | URL, paths: DataPaths, settings: Settings, load_example: bool
) -> tuple[Engine, MigrationResult, SeedResult]:
    engine = make_engine(url)
    try:
        migration = upgrade_database(engine, paths.backups)
        seed = SeedResult(False, {})
        if load_example and settings.load_example_catalogue:
            seed = load_example_catalogue(
                SqlAlchemyUnitOfWorkFactory(engine), resources_dir() / EXAMPLE_CATALOGUE
            )
    except BaseException:
        engine.dispose()
        raise
    return engine, migration, seed


def _open_read_only(database: Path) -> tuple[Engine, MigrationResult, SeedResult]:
    """Open without writing; a database that would need a migration (or is missing) is refused."""
    if not database.exists():
        raise DatabaseError(
            _(
                "There is no database at {path} and its folder cannot be written, so none can "
                "be created. Choose a data directory you may write to."
            ).format(path=database)
        )
    engine = read_only_engine(database)
    try:
        current = check_revision(engine)
        head = head_revision()
        if current != head:
            raise DatabaseError(
                _(
                    "The database {path} needs an update to this version of Pointti Desk, but it "
                    "is read-only. Ask your IT support to make it writable, then start again."
                ).format(path=database)
            )
    except BaseException:
        engine.dispose()
        raise
    return engine, MigrationResult(current, head, None), SeedResult(False, {})
