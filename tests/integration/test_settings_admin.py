"""An administrator changes the retention and other settings, or purges now; every change is
audited by the setting's name, a desk worker is refused, and a bad value changes nothing."""

import json
import sqlite3

import pytest

from desk_app.domain.errors import PermissionDeniedError, ValidationError
from desk_app.domain.staff import Role, StaffSession
from desk_app.services.access import Access
from desk_app.services.settings_admin import EDITABLE, SettingsAdmin
from desk_app.settings import load_settings

ADMIN = StaffSession("a-1", "aino", "Aino Admin", Role.ADMIN, "desk-1")
DESK = StaffSession("d-1", "dana", "Dana Desk", Role.DESK, "desk-1")


def _admin(ctx, session=ADMIN):
    return SettingsAdmin(ctx.desk, ctx.uow, Access(session), ctx.paths)


def _audit(ctx):
    with sqlite3.connect(ctx.paths.database) as con:
        return con.execute(
            "SELECT username, action, record_kind, record_id FROM audit_log ORDER BY seq"
        ).fetchall()


def test_an_admin_changes_retention_and_each_change_is_audited(ctx):
    admin = _admin(ctx)
    assert admin.values()["retention_note_days"] == 30
    changed = admin.change({"retention_note_days": 14, "idle_lock_minutes": 10,
                            "stats_min_count": 5})  # fmt: skip
    assert changed == ["idle_lock_minutes", "retention_note_days"]  # 5 was already so
    assert ctx.desk.settings.retention_note_days == 14
    on_disk = load_settings(ctx.paths.settings_file)
    assert (on_disk.retention_note_days, on_disk.idle_lock_minutes) == (14, 10)
    assert _audit(ctx) == [
        ("aino", "settings.change", "settings", "idle_lock_minutes"),
        ("aino", "settings.change", "settings", "retention_note_days"),
    ]
    assert admin.change({"retention_note_days": 14}) == []  # no change, no row
    assert len(_audit(ctx)) == 2


def test_a_bad_value_is_refused_naming_the_field_and_nothing_changes(ctx):
    admin = _admin(ctx)
    before = ctx.paths.settings_file.read_bytes() if ctx.paths.settings_file.exists() else b""
    with pytest.raises(ValidationError) as refused:
        admin.change({"retention_note_days": 7, "retention_audit_days": 0})
    assert refused.value.field == "retention_audit_days"
    with pytest.raises(ValidationError):
        admin.change({"db_url": "postgresql://elsewhere"})  # type: ignore[dict-item]
    assert ctx.desk.settings.retention_note_days == 30
    after = ctx.paths.settings_file.read_bytes() if ctx.paths.settings_file.exists() else b""
    assert after == before and _audit(ctx) == []


def test_a_desk_worker_may_not_change_settings_or_purge(ctx):
    desk = _admin(ctx, DESK)
    for attempt in (
        desk.values,
        lambda: desk.change({"retention_note_days": 1}),
        desk.plan_purge,
        desk.purge_now,
    ):
        with pytest.raises(PermissionDeniedError):
            attempt()
    assert ctx.desk.settings.retention_note_days == 30 and _audit(ctx) == []


def test_purge_now_is_audited_as_the_admin_who_asked(ctx):
    admin = _admin(ctx)
    assert admin.plan_purge().total == 0
    report = admin.purge_now()
    assert not report.dry_run
    assert _audit(ctx) == [("aino", "retention.purge", "retention", None)]


def test_every_editable_setting_has_a_range_the_settings_accept(ctx):
    admin = _admin(ctx)
    for item in EDITABLE:
        admin.change({item.name: item.high})
        admin.change({item.name: item.low})
    saved = json.loads(ctx.paths.settings_file.read_text(encoding="utf-8"))
    assert all(saved[item.name] == item.low for item in EDITABLE)
