"""The admin audit viewer: rows of personal-data access in local time, a date range, and the
"Verify the chain" button saying intact or naming the tampered row; a desk role sees a refusal."""

import datetime as dt
import sqlite3
from zoneinfo import ZoneInfo

from PySide6.QtCore import Qt

from desk_app.domain.staff import Role, StaffSession
from desk_app.services import audit
from desk_app.services.access import Access
from ui.admin.audit_page import AuditPage

HELSINKI = ZoneInfo("Europe/Helsinki")
ADMIN = StaffSession("a-1", "admin", "Admin", Role.ADMIN, "desk-1")
DESK = StaffSession("u-1", "maija", "Maija", Role.DESK, "desk-2")


def _rows(ctx, count):
    for i in range(count):
        with ctx.uow(write=True) as uow:
            audit.record(uow, DESK, "contact.view", audit.CONTACT, f"r-{i}")
            uow.commit()


def _page(qtbot, ctx, session=ADMIN):
    page = AuditPage(audit.AuditTrail(ctx.uow, Access(session)), HELSINKI)
    qtbot.addWidget(page)
    page.show()
    return page


def test_rows_are_listed_newest_first_with_who_and_where(qtbot, qtmodeltester, ctx):
    _rows(ctx, 3)
    page = _page(qtbot, ctx)
    qtmodeltester.check(page.model)
    assert page.model.rowCount() == 3
    values = [page.model.index(0, c).data() for c in range(page.model.columnCount())]
    assert values[1:] == [
        "maija",
        "desk",
        "desk-2",
        "contact.view",
        "follow_up_contact",
        "r-2",
        "ok",
    ]
    local = dt.datetime.now(HELSINKI)
    assert f"{local:%H}" in values[0] or f"{local.hour}" in values[0]


def test_a_date_range_before_the_rows_shows_none(qtbot, ctx):
    _rows(ctx, 2)
    page = _page(qtbot, ctx)
    long_ago = page.from_edit.date().addDays(-30)
    page.to_edit.setDate(long_ago)
    page.from_edit.setDate(long_ago.addDays(-3))
    qtbot.mouseClick(page.refresh_button, Qt.MouseButton.LeftButton)
    assert page.model.rowCount() == 0


def test_verify_says_intact_then_names_an_edited_row(qtbot, ctx):
    _rows(ctx, 3)
    page = _page(qtbot, ctx)
    qtbot.mouseClick(page.verify_button, Qt.MouseButton.LeftButton)
    assert "intact" in page.verify_result.text()
    assert page.model.rowCount() == 4  # the verification is recorded too
    with sqlite3.connect(ctx.paths.database) as con:
        con.execute("DROP TRIGGER audit_log_no_update")
        con.execute("UPDATE audit_log SET username = 'someone' WHERE seq = 2")
    page.verify_button.setFocus()
    qtbot.keyClick(page.verify_button, Qt.Key.Key_Space)
    assert "Row 2 was changed" in page.verify_result.text()


def test_a_desk_role_is_refused(qtbot, ctx):
    _rows(ctx, 1)
    page = _page(qtbot, ctx, DESK)
    assert page.model.rowCount() == 0
    assert "does not allow" in page.message.text()
    qtbot.mouseClick(page.verify_button, Qt.MouseButton.LeftButton)
    assert page.verify_result.text() == ""


def test_controls_have_names_and_mnemonics(qtbot, ctx):
    page = _page(qtbot, ctx)
    assert page.from_edit.accessibleName() and page.table.accessibleName()
    assert "&" in page.verify_button.text() and "&" in page.refresh_button.text()
