"""Typed preferences of one workstation, stored as JSON in the data directory.

Only real preferences live here (UI language, desk name, database URL, the Pointti header printed on
handouts); window geometry belongs to the UI's QSettings. A missing file means defaults; a broken
file is set aside as ``settings.json.broken`` (never silently overwritten) and defaults are used.
Writes go to a temporary file first and replace the old one atomically.
"""

from __future__ import annotations

import dataclasses
import json
import logging
import os
import socket
import tempfile
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any

from desk_app.domain.codes import UI_LANGUAGES
from desk_app.domain.errors import ValidationError
from desk_app.i18n import _

log = logging.getLogger(__name__)

SETTINGS_VERSION = 1


def _default_desk_name() -> str:
    return socket.gethostname() or "desk"


@dataclass(frozen=True)
class Settings:
    ui_language: str = "fi"
    desk_name: str = field(default_factory=_default_desk_name)
    db_url: str | None = None
    load_example_catalogue: bool = True
    timezone: str = "Europe/Helsinki"
    follow_up_days: int = 14
    contact_expiry_days: int = 90
    pointti_name: str = "Pointti"
    pointti_address: str = "Valtakatu 11–13, 94100 Kemi"
    pointti_phone: str = ""
    pointti_hours: str = ""

    def validated(self) -> Settings:
        if self.ui_language not in UI_LANGUAGES:
            raise ValidationError(
                _("Unknown user interface language: {code}").format(code=self.ui_language),
                field="ui_language",
            )
        if not self.desk_name.strip():
            raise ValidationError(_("The desk name cannot be empty."), field="desk_name")
        for name in ("follow_up_days", "contact_expiry_days"):
            value = getattr(self, name)
            if not isinstance(value, int) or not 1 <= value <= 3650:
                raise ValidationError(
                    _("{name} must be a whole number of days between 1 and 3650.").format(
                        name=name
                    ),
                    field=name,
                )
        return self


def _coerce(raw: dict[str, Any]) -> Settings:
    known = {f.name: f for f in fields(Settings)}
    values: dict[str, Any] = {}
    for key, value in raw.items():
        if key == "version":
            continue
        if key not in known:
            log.warning("ignoring unknown setting %r", key)
            continue
        values[key] = value
    return Settings(**values)


def load_settings(path: Path) -> Settings:
    if not path.exists():
        return Settings()
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
        if not isinstance(raw, dict):
            raise ValueError("settings file is not a JSON object")
        return _coerce(raw).validated()
    except (ValueError, TypeError, ValidationError) as exc:
        broken = path.with_name(path.name + ".broken")
        os.replace(path, broken)
        log.error(
            "settings file %s is unusable (%s); moved to %s, using defaults", path, exc, broken
        )
        return Settings()


def save_settings(path: Path, settings: Settings) -> None:
    settings.validated()
    data = {"version": SETTINGS_VERSION, **dataclasses.asdict(settings)}
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".settings-", suffix=".json", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            json.dump(data, fh, ensure_ascii=False, indent=2)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
