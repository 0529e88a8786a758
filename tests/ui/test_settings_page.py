"""The admin's Settings page: change a retention time by keyboard and save, see what a purge
would remove, purge after confirming; a desk worker's page shows the refusal, not the values."""

import sqlite3

import pytest
from PySide6.QtCore import Qt

from desk_app.domain.staff import Role, StaffSession
from desk_app.services.access import Access
from desk_app.services.settings_admin import SettingsAdmin
from desk_app.settings import load_settings
from tests.ui.test_mnemonics import assert_no_clashes, lang, screen_mnemonics  # noqa: F401
from ui.admin.settings_page import SettingsPage
from ui.dialogs import ask

ADMIN = StaffSession("a-1", "aino", "Aino Admin", Role.ADMIN, "desk-1")


@pytest.fixture
def page(qtbot, ctx):
    widget = SettingsPage(SettingsAdmin(ctx.desk, ctx.uow, Access(ADMIN), ctx.paths))
    qtbot.addWidget(widget)
    widget.show()
    return widget


def test_change_a_retention_time_by_keyboard_and_save(qtbot, ctx, page):
    box = page.boxes["retention_note_days"]
    assert box.value() == 30 and not page.has_unsaved_changes()
    box.setFocus()
    box.selectAll()
    qtbot.keyClicks(box, "21")
    assert page.has_unsaved_changes()
    qtbot.keyClick(page.save_button, Qt.Key.Key_Space)
    assert page.saved_label.text() == "Saved." and not page.has_unsaved_changes()
    assert load_settings(ctx.paths.settings_file).retention_note_days == 21
    with sqlite3.connect(ctx.paths.database) as con:
        assert con.execute("SELECT action, record_id FROM audit_log").fetchall() == [
            ("settings.change", "retention_note_days")
        ]


def test_discarding_puts_the_saved_values_back(page):
    page.boxes["idle_lock_minutes"].setValue(30)
    page.discard_changes()
    assert page.boxes["idle_lock_minutes"].value() == 5


def test_plan_then_purge_after_confirming(qtbot, page, monkeypatch):
    page.plan_button.click()
    assert page.purge_label.text().startswith("A purge now would remove:")
    assert "audit trail rows" in page.purge_label.text()
    monkeypatch.setattr(ask, "ask_yes_no", lambda *a, **k: False)
    page.purge_button.click()
    assert page.purge_label.text().startswith("A purge now")  # declined: nothing ran
    monkeypatch.setattr(ask, "ask_yes_no", lambda *a, **k: True)
    page.purge_button.click()
    assert page.purge_label.text().startswith("The purge removed:")


def test_a_desk_worker_sees_the_refusal(qtbot, ctx):
    desk = StaffSession("d-1", "dana", "Dana Desk", Role.DESK, "desk-1")
    widget = SettingsPage(SettingsAdmin(ctx.desk, ctx.uow, Access(desk), ctx.paths))
    qtbot.addWidget(widget)
    assert widget.message_label.text()
    assert not widget.save()
    assert "settings could not be saved" in widget.message_label.text()


def test_no_two_controls_share_a_letter_in_any_language(qtbot, lang, tmp_path):  # noqa: F811
    from desk_app.bootstrap import bootstrap
    from ui.auth.change_password_dialog import ChangePasswordDialog

    context = bootstrap(tmp_path / "lang-data")
    try:
        admin = SettingsAdmin(context.desk, context.uow, Access(ADMIN), context.paths)
        for name, widget in (
            ("settings page", SettingsPage(admin)),
            ("password dialog", ChangePasswordDialog(None)),  # type: ignore[arg-type]
        ):
            qtbot.addWidget(widget)
            widget.show()
            found = screen_mnemonics(widget)
            assert len(found) >= 3, found
            assert_no_clashes(found, f"{lang}, {name}")
    finally:
        context.close()
