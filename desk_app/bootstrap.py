"""Start-up of the core, shared by the GUI and the CLI.

Order: data directory → logging → settings → UI language → engine → migrations (backup first) →
example catalogue (only into an empty catalogue) → ``DeskService``. Only ``ui/app.py`` and the CLI
call this; everything after start-up talks to the returned services.

``access`` is who may act: the desktop app passes an empty ``Access()`` and signs someone in
(``AccountService``); the default ``Access.system()`` is the machine's administrator, for the CLI,
benchmarks and tests.
"""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import URL, Engine

from desk_app import __version__
from desk_app.db.engine import make_engine, sqlite_url
from desk_app.db.migrate import MigrationResult, upgrade_database
from desk_app.db.uow import SqlAlchemyUnitOfWorkFactory
from desk_app.i18n import set_ui_language
from desk_app.logging_setup import configure_logging
from desk_app.paths import DataPaths, resolve_data_dir, resources_dir
from desk_app.services.access import Access
from desk_app.services.catalogue import load_example_catalogue
from desk_app.services.desk import DeskService
from desk_app.services.dto import SeedResult
from desk_app.settings import Settings, load_settings, save_settings

log = logging.getLogger(__name__)

ENV_LANGUAGE = "POINTTI_DESK_LANG"
EXAMPLE_CATALOGUE = Path("seed") / "example_catalogue.json"


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
    paths = DataPaths(resolve_data_dir(data_dir)).ensure()
    log_file = configure_logging(paths.logs, verbose=verbose, stderr=log_to_stderr)
    log.info("Pointti Desk %s starting; data directory %s", __version__, paths.root)
    settings = load_settings(paths.settings_file)
    if not paths.settings_file.exists():
        save_settings(paths.settings_file, settings)  # so an admin finds every key to edit
    set_ui_language(os.environ.get(ENV_LANGUAGE) or settings.ui_language)
    url = database_url(paths, settings, db_url)
    engine = make_engine(url)
    try:
        migration = upgrade_database(engine, paths.backups)
        uow = SqlAlchemyUnitOfWorkFactory(engine)
        seed = SeedResult(False, {})
        if load_example and settings.load_example_catalogue:
            seed = load_example_catalogue(uow, resources_dir() / EXAMPLE_CATALOGUE)
    except BaseException:
        engine.dispose()
        raise
    return AppContext(
        paths=paths,
        settings=settings,
        engine=engine,
        db_url=url,
        uow=uow,
        migration=migration,
        seed=seed,
        desk=DeskService(uow, settings, settings_path=paths.settings_file, access=access),
        log_file=log_file,
        access=access,
    )
