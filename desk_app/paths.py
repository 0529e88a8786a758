"""Where things are: the bundled ``resources/`` and the user's data directory.

``resources_dir()`` is the single place that knows how the app was started: from a source
checkout (``resources/`` beside the packages), from an installed wheel (packaged as
``desk_app/_resources``) or from a PyInstaller bundle (``resources/`` under ``sys._MEIPASS``).

The data directory holds the database, backups, logs, exports and settings. It comes from, in this
order: ``--data-dir DIR``, the environment variable ``POINTTI_DESK_DATA_DIR``, the platform's
user data directory (``~/.local/share/pointti-desk`` on Linux, ``%LOCALAPPDATA%\\pointti-desk``
on Windows).
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from pathlib import Path

ENV_DATA_DIR = "POINTTI_DESK_DATA_DIR"
APP_DIR_NAME = "pointti-desk"
DB_FILE_NAME = "pointti-desk.sqlite3"


def resources_dir() -> Path:
    """The directory holding fonts, translations, icons and the example catalogue."""
    bundle_root = getattr(sys, "_MEIPASS", None)
    package_dir = Path(__file__).resolve().parent
    candidates = []
    if bundle_root:
        candidates.append(Path(bundle_root) / "resources")
    candidates.append(package_dir.parent / "resources")  # source checkout or editable install
    candidates.append(package_dir / "_resources")  # installed wheel
    for candidate in candidates:
        if (candidate / "fonts").is_dir():
            return candidate
    raise FileNotFoundError(
        "resources/ not found; looked in " + ", ".join(str(c) for c in candidates)
    )


def default_data_dir() -> Path:
    from platformdirs import user_data_dir

    return Path(user_data_dir(APP_DIR_NAME, appauthor=False, roaming=False))


def resolve_data_dir(cli_value: str | os.PathLike[str] | None = None) -> Path:
    """The data directory chosen by the command line, the environment or the platform."""
    if cli_value:
        return Path(cli_value).expanduser().resolve()
    env_value = os.environ.get(ENV_DATA_DIR)
    if env_value:
        return Path(env_value).expanduser().resolve()
    return default_data_dir()


@dataclass(frozen=True)
class DataPaths:
    """The layout of one data directory."""

    root: Path

    @property
    def database(self) -> Path:
        return self.root / DB_FILE_NAME

    @property
    def backups(self) -> Path:
        return self.root / "backups"

    @property
    def logs(self) -> Path:
        return self.root / "logs"

    @property
    def exports(self) -> Path:
        return self.root / "exports"

    @property
    def settings_file(self) -> Path:
        return self.root / "settings.json"

    def ensure(self) -> DataPaths:
        """Create the directories (owner-only where the platform supports it)."""
        for directory in (self.root, self.backups, self.logs, self.exports):
            directory.mkdir(parents=True, exist_ok=True, mode=0o700)
        return self
