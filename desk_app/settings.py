"""Typed preferences of one workstation, stored as JSON in the data directory.

Only real preferences live here (UI language, desk name, database URL, the Pointti header printed on
handouts); window geometry belongs to the UI's QSettings. A missing file means defaults; a broken
file is set aside as ``settings.json.broken-<time>`` (never silently overwritten) and defaults are
used.
Writes go to a temporary file first and replace the old one atomically.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import logging
import os
import socket
import tempfile
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from desk_app.domain.codes import (
    SERVICE_LANGUAGES,
    UI_LANGUAGES,
    DurationBand,
    Interpreter,
    VisitChannel,
    VisitorType,
)
from desk_app.domain.errors import ValidationError
from desk_app.domain.suppression import DEFAULT_MIN_COUNT, MIN_COUNT_RANGE
from desk_app.i18n import _

log = logging.getLogger(__name__)

SETTINGS_VERSION = 1
STALE_MONTHS_RANGE = (1, 120)
"""Allowed values of ``stale_after_months``."""
RETENTION_VISIT_MONTHS_RANGE = (1, 240)
"""Allowed values of ``retention_visit_months``."""
IDLE_LOCK_MAX_MINUTES = 120
IDLE_LOCK_RANGE = (1, IDLE_LOCK_MAX_MINUTES)
"""Allowed values of ``idle_lock_minutes``."""
DAYS_RANGE = (1, 3650)
"""Allowed values of the settings counted in days (follow-ups, expiry, retention)."""
BACKUP_KEEP_RANGES = {
    "backup_keep_daily": (1, 366),  # at least one: the newest backup is always kept
    "backup_keep_weekly": (0, 520),
    "backup_keep_monthly": (0, 240),
}
"""Allowed values of how many daily, weekly and monthly backups the rotation keeps."""


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
    retention_contact_days_after_close: int = 90
    """Consented contact details are purged this many days after their follow-up closes (or at
    their expiry date, whichever comes first)."""
    retention_note_days: int = 30
    """Free-text notes (a follow-up's status note) are cleared this many days after writing."""
    retention_audit_days: int = 730
    """Audit rows older than this many days are purged."""
    retention_visit_months: int = 24
    """Visit rows older than this many whole months are folded into monthly counts and removed."""
    backup_keep_daily: int = 7
    """The backup rotation keeps the newest backup of each of this many days ..."""
    backup_keep_weekly: int = 4
    """... of this many ISO weeks ..."""
    backup_keep_monthly: int = 12
    """... and of this many months; the retention settings still delete older backups."""
    pointti_name: str = "Pointti"
    pointti_address: str = "Valtakatu 11–13, 94100 Kemi"
    pointti_phone: str = ""
    pointti_hours: str = ""
    stale_after_months: int = 12
    """The staleness report lists services whose information was not checked in this many
    months (``STALE_MONTHS_RANGE``)."""
    idle_lock_minutes: int = 5
    """After this many minutes without a key press or mouse use the window locks (1–120)."""
    stats_min_count: int = DEFAULT_MIN_COUNT
    """Exported and printed statistics show counts below this as "<5" and hide whatever would
    give them away (``desk_app.domain.suppression``; ``MIN_COUNT_RANGE``)."""
    sticky_defaults: dict[str, str] = field(default_factory=dict, hash=False)
    """The intake choices this workstation keeps between visits and restarts (STICKY_FIELDS)."""

    def validated(self) -> Settings:
        """Return self if every value has the right type and range; else raise naming the key."""
        for item in fields(self):
            value = getattr(self, item.name)
            expected = _FIELD_TYPES[item.name]
            # bool is an int in Python; a setting that wants a number must not take true/false.
            wrong_bool = isinstance(value, bool) and bool not in expected
            if wrong_bool or not isinstance(value, expected):
                raise ValidationError(
                    _("The setting {name} has a value of the wrong type.").format(name=item.name),
                    field=item.name,
                )
        if self.ui_language not in UI_LANGUAGES:
            raise ValidationError(
                _("Unknown user interface language: {code}").format(code=self.ui_language),
                field="ui_language",
            )
        if not self.desk_name.strip():
            raise ValidationError(_("The desk name cannot be empty."), field="desk_name")
        for name in (
            "follow_up_days",
            "contact_expiry_days",
            "retention_contact_days_after_close",
            "retention_note_days",
            "retention_audit_days",
        ):
            if not DAYS_RANGE[0] <= getattr(self, name) <= DAYS_RANGE[1]:
                raise ValidationError(
                    _("{name} must be a whole number of days between 1 and 3650.").format(
                        name=name
                    ),
                    field=name,
                )
        for name, (low, high) in (
            ("stale_after_months", STALE_MONTHS_RANGE),
            ("retention_visit_months", RETENTION_VISIT_MONTHS_RANGE),
        ):
            if not low <= getattr(self, name) <= high:
                raise ValidationError(
                    _("{name} must be a whole number of months between {low} and {high}.").format(
                        name=name, low=low, high=high
                    ),
                    field=name,
                )
        for name, (low, high) in BACKUP_KEEP_RANGES.items():
            if not low <= getattr(self, name) <= high:
                raise ValidationError(
                    _("{name} must be a whole number between {low} and {high}.").format(
                        name=name, low=low, high=high
                    ),
                    field=name,
                )
        if not IDLE_LOCK_RANGE[0] <= self.idle_lock_minutes <= IDLE_LOCK_RANGE[1]:
            raise ValidationError(
                _("{name} must be a whole number of minutes between {low} and {high}.").format(
                    name="idle_lock_minutes", low=1, high=IDLE_LOCK_MAX_MINUTES
                ),
                field="idle_lock_minutes",
            )
        low, high = MIN_COUNT_RANGE
        if not low <= self.stats_min_count <= high:
            raise ValidationError(
                _("{name} must be a whole number between {low} and {high}.").format(
                    name="stats_min_count", low=low, high=high
                ),
                field="stats_min_count",
            )
        try:
            ZoneInfo(self.timezone)
        except (ZoneInfoNotFoundError, ValueError):
            raise ValidationError(
                _("Unknown time zone: {name}").format(name=self.timezone), field="timezone"
            ) from None
        problem = sticky_defaults_problem(self.sticky_defaults)
        if problem is not None:
            raise ValidationError(
                _("The setting sticky_defaults has an unusable entry: {key}").format(key=problem),
                field="sticky_defaults",
            )
        return self


_FIELD_TYPES: dict[str, tuple[type, ...]] = {
    "ui_language": (str,),
    "desk_name": (str,),
    "db_url": (str, type(None)),
    "load_example_catalogue": (bool,),
    "timezone": (str,),
    "follow_up_days": (int,),
    "contact_expiry_days": (int,),
    "retention_contact_days_after_close": (int,),
    "retention_note_days": (int,),
    "retention_audit_days": (int,),
    "retention_visit_months": (int,),
    "backup_keep_daily": (int,),
    "backup_keep_weekly": (int,),
    "backup_keep_monthly": (int,),
    "pointti_name": (str,),
    "pointti_address": (str,),
    "pointti_phone": (str,),
    "pointti_hours": (str,),
    "stale_after_months": (int,),
    "idle_lock_minutes": (int,),
    "stats_min_count": (int,),
    "sticky_defaults": (dict,),
}


STICKY_FIELDS: dict[str, tuple[str, ...] | None] = {
    "channel": tuple(VisitChannel),
    "visitor_type": tuple(VisitorType),
    "language": SERVICE_LANGUAGES,
    "interpreter": tuple(Interpreter),
    "duration": tuple(DurationBand),
    "programme": None,  # a programme code; the intake ignores one that is no longer active
}
"""Intake fields remembered per workstation, with their allowed stored values (None: any code)."""


def _sticky_entry_ok(key: object, value: object) -> bool:
    if not isinstance(key, str) or key not in STICKY_FIELDS or not isinstance(value, str):
        return False
    allowed = STICKY_FIELDS[key]
    return bool(value.strip()) if allowed is None else value in allowed


def sticky_defaults_problem(values: object) -> str | None:
    """The first unusable key of a sticky-defaults mapping, or None when all are fine."""
    if not isinstance(values, dict):
        return "sticky_defaults"
    for key, value in values.items():
        if not _sticky_entry_ok(key, value):
            return str(key)
    return None


def clean_sticky_defaults(values: object) -> dict[str, str]:
    """Keep the usable entries. These are remembered choices, not an admin's configuration: a
    stale one (a code a newer version wrote, a hand edit) is dropped, not fatal to the file."""
    if not isinstance(values, dict):
        log.warning("ignoring sticky_defaults that are not a JSON object")
        return {}
    kept = {k: v for k, v in values.items() if _sticky_entry_ok(k, v)}
    if len(kept) != len(values):
        log.warning(
            "ignoring unusable sticky defaults %s", sorted(map(str, set(values) - set(kept)))
        )
    return kept


def _coerce(raw: dict[str, Any]) -> Settings:
    known = {f.name: f for f in fields(Settings)}
    values: dict[str, Any] = {}
    for key, value in raw.items():
        if key == "version":
            continue
        if key not in known:
            log.warning("ignoring unknown setting %r", key)
            continue
        values[key] = clean_sticky_defaults(value) if key == "sticky_defaults" else value
    return Settings(**values)


def load_settings(path: Path, *, repair: bool = True) -> Settings:
    """Settings from ``path``; defaults when it is missing or unusable.

    With ``repair`` an unusable file is moved aside as ``settings.json.broken-<time>`` (so the next
    save does not overwrite what the admin wrote); without it the file is left alone.
    """
    if not path.exists():
        return Settings()
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
        if not isinstance(raw, dict):
            raise ValueError("settings file is not a JSON object")
        return _coerce(raw).validated()
    except (OSError, ValueError, TypeError, ValidationError) as exc:
        if not repair:
            log.error("settings file %s is unusable (%s); using defaults", path, exc)
            return Settings()
        stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
        broken = path.with_name(f"{path.name}.broken-{stamp}")
        try:
            os.replace(path, broken)
        except OSError:
            broken = path  # cannot move it: leave it, defaults are used all the same
        log.error(
            "settings file %s is unusable (%s); kept as %s, using defaults", path, exc, broken
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
