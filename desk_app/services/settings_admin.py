"""The administrator's settings page and "purge now": what may be changed, by whom, audited.

Only the settings an administrator tunes while the desk runs are offered here (how long personal
data is kept, the idle lock, follow-up days, the staleness and small-count thresholds); the desk's
identity, database and language stay in ``settings.json`` for the city's IT. Every change needs
``Permission.EDIT_SETTINGS`` and writes one audit row per changed setting (its name; the values
are not personal data but are not needed in the trail either). A purge on demand needs
``Permission.RUN_RETENTION`` and is audited as ``retention.purge`` by the admin who asked; what it
deletes is recorded by the purge itself.

Most changes apply at once to what reads ``DeskService.settings`` (retention, follow-up days,
thresholds); the idle lock's minutes apply from the app's next start (``applies_at_restart``).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from desk_app.domain.errors import ValidationError
from desk_app.domain.staff import Permission
from desk_app.domain.suppression import MIN_COUNT_RANGE
from desk_app.i18n import N_, _
from desk_app.paths import DataPaths
from desk_app.services import audit, retention
from desk_app.services.access import Access
from desk_app.services.desk import DeskService
from desk_app.services.unit_of_work import UnitOfWorkFactory
from desk_app.settings import (
    BACKUP_KEEP_RANGES,
    DAYS_RANGE,
    IDLE_LOCK_RANGE,
    RETENTION_VISIT_MONTHS_RANGE,
    STALE_MONTHS_RANGE,
    Settings,
)

SETTINGS = "settings"  # audit record kind; record_id is the setting's name
RETENTION = "retention"  # audit record kind of a purge an admin asked for


@dataclass(frozen=True)
class EditableSetting:
    name: str
    label: str  # N_-marked; translate when shown
    unit: str  # N_-marked
    low: int
    high: int
    applies_at_restart: bool = False


EDITABLE: tuple[EditableSetting, ...] = (
    EditableSetting(
        "retention_contact_days_after_close",
        N_("Keep contact details after the follow-up closes"),
        N_("days"),
        *DAYS_RANGE,
    ),
    EditableSetting(
        "retention_note_days", N_("Keep free-text follow-up notes"), N_("days"), *DAYS_RANGE
    ),
    EditableSetting("retention_audit_days", N_("Keep audit trail rows"), N_("days"), *DAYS_RANGE),
    EditableSetting(
        "retention_visit_months",
        N_("Keep single visit rows (then monthly counts)"),
        N_("months"),
        *RETENTION_VISIT_MONTHS_RANGE,
    ),
    EditableSetting("follow_up_days", N_("Follow-up due after"), N_("days"), *DAYS_RANGE),
    EditableSetting(
        "contact_expiry_days", N_("Contact details expire after"), N_("days"), *DAYS_RANGE
    ),
    EditableSetting(
        "idle_lock_minutes",
        N_("Lock the window after no use for"),
        N_("minutes"),
        *IDLE_LOCK_RANGE,
        applies_at_restart=True,
    ),
    EditableSetting(
        "stale_after_months",
        N_("A service is out of date when not checked for"),
        N_("months"),
        *STALE_MONTHS_RANGE,
    ),
    EditableSetting(
        "backup_keep_daily",
        N_("Keep daily backups"),
        N_("backups"),
        *BACKUP_KEEP_RANGES["backup_keep_daily"],
    ),
    EditableSetting(
        "backup_keep_weekly",
        N_("Keep weekly backups"),
        N_("backups"),
        *BACKUP_KEEP_RANGES["backup_keep_weekly"],
    ),
    EditableSetting(
        "backup_keep_monthly",
        N_("Keep monthly backups"),
        N_("backups"),
        *BACKUP_KEEP_RANGES["backup_keep_monthly"],
    ),
    EditableSetting(
        "stats_min_count",
        N_("Exported statistics hide counts below"),
        N_("visits"),
        *MIN_COUNT_RANGE,
    ),
)


class SettingsAdmin:
    def __init__(
        self,
        desk: DeskService,
        uow_factory: UnitOfWorkFactory,
        access: Access,
        paths: DataPaths | None = None,
    ) -> None:
        self._desk = desk
        self._uow = uow_factory
        self._access = access
        self._paths = paths

    def values(self) -> dict[str, int]:
        """The current value of every editable setting."""
        self._access.require(Permission.EDIT_SETTINGS)
        return {item.name: int(getattr(self._desk.settings, item.name)) for item in EDITABLE}

    def change(self, values: Mapping[str, int]) -> list[str]:
        """Apply ``values`` (editable names only); the names that changed, each audited.

        Raises ``ValidationError`` naming the field (nothing is changed then) and ``OSError``
        when the settings file cannot be written (nothing is changed either)."""
        session = self._access.require(Permission.EDIT_SETTINGS)
        allowed = {item.name for item in EDITABLE}
        unknown = set(values) - allowed
        if unknown:
            raise ValidationError(
                _("{name} cannot be changed here.").format(name=sorted(unknown)[0]),
                field=sorted(unknown)[0],
            )
        current = self._desk.settings
        changed = sorted(name for name, value in values.items() if getattr(current, name) != value)
        if not changed:
            return []
        new_values: dict[str, Any] = dict(values)
        updated: Settings = dataclasses.replace(current, **new_values).validated()
        with self._uow(write=True) as uow:  # audited first: no row, no change
            for name in changed:
                audit.record(uow, session, "settings.change", SETTINGS, name)
            self._desk.replace_settings(updated)
            uow.commit()
        return changed

    def plan_purge(self, now: dt.datetime | None = None) -> retention.PurgeReport:
        """What a purge now would remove (nothing is changed)."""
        self._access.require(Permission.RUN_RETENTION)
        return retention.plan_purge(
            self._uow, now or self._desk.now(), self._desk.settings, paths=self._paths
        )

    def purge_now(self, now: dt.datetime | None = None) -> retention.PurgeReport:
        session = self._access.require(Permission.RUN_RETENTION)
        with self._uow(write=True) as uow:
            audit.record(uow, session, "retention.purge", RETENTION, None)
            uow.commit()
        return retention.purge(
            self._uow, now or self._desk.now(), self._desk.settings, paths=self._paths
        )
