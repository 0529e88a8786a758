"""Save failures (issue 8, point 4): a busy lock is waited out in short attempts with a "busy,
retrying" report, a lock held past the timeout, a full database and an I/O error each give a
plain message, nothing is stored, and the same draft saves once the cause is gone."""

import sqlite3
import threading

import pytest
from sqlalchemy import event

from desk_app.db import engine as engine_module
from desk_app.db.engine import make_engine, sqlite_url
from desk_app.db.errors import BusyRetry, retry_while_busy, storage_error
from desk_app.db.uow import SqlAlchemyUnitOfWorkFactory
from desk_app.domain.errors import (
    DatabaseError,
    StorageBusyError,
    StorageFullError,
    StorageIOError,
)
from desk_app.domain.visit import VisitDraft
from desk_app.i18n import _
from desk_app.services.desk import DeskService
from tests.harness.common import check_file


def sqlite_error(message, code):
    error = sqlite3.OperationalError(message)
    error.sqlite_errorcode = code
    return error


class FakeTime:
    def __init__(self):
        self.now = 0.0

    def clock(self):
        return self.now

    def sleep(self, seconds):
        self.now += seconds


def test_a_busy_lock_is_retried_and_each_retry_is_reported():
    time = FakeTime()
    reports: list[BusyRetry] = []
    calls = []

    def begin(wait):
        calls.append(wait)
        time.now += wait  # SQLite's busy handler waited this long
        if len(calls) < 3:
            raise sqlite_error("database is locked", 5)
        return "begun"

    result = retry_while_busy(
        begin, budget=10, on_busy=reports.append, sleep=time.sleep, clock=time.clock
    )

    assert result == "begun"
    assert [r.attempt for r in reports] == [1, 2]
    assert reports[0].message == _("The database is busy; retrying…")
    assert time.now < 10


def test_the_busy_wait_is_bounded_by_the_budget():
    time = FakeTime()

    def begin(wait):
        time.now += wait
        raise sqlite_error("database is locked", 5)

    with pytest.raises(sqlite3.OperationalError):
        retry_while_busy(begin, budget=3, sleep=time.sleep, clock=time.clock)
    assert 3 <= time.now < 3.6


def test_other_failures_are_not_retried():
    calls = []

    def begin(_wait):
        calls.append(1)
        raise sqlite_error("database or disk is full", 13)

    with pytest.raises(sqlite3.OperationalError):
        retry_while_busy(begin, budget=10)
    assert calls == [1]


@pytest.mark.parametrize(
    ("message", "code", "kind", "words"),
    [
        ("database is locked", 5, StorageBusyError, "busy"),
        ("database or disk is full", 13, StorageFullError, "disk is full"),
        ("disk I/O error", 778, StorageIOError, "disk may be full"),  # SQLITE_IOERR_WRITE
        ("attempt to write a readonly database", 8, DatabaseError, "read-only"),
    ],
)
def test_storage_failures_get_a_plain_message(message, code, kind, words):
    error = storage_error(sqlite_error(message, code))

    assert type(error) is kind
    assert words in str(error) and "Nothing was saved" in str(error)
    assert "sqlite" not in str(error).lower()


def _draft(desk):
    topics = tuple(t.code for t in desk.topics()[:2])
    services = tuple(s.code for s in desk.active_services()[:1])
    return VisitDraft(topic_codes=topics, referral_codes=services)


def _blocker(ctx):
    blocker = sqlite3.connect(ctx.paths.database, isolation_level=None, check_same_thread=False)
    blocker.execute("PRAGMA busy_timeout=0")
    blocker.execute("BEGIN IMMEDIATE")
    return blocker


def test_a_save_waits_out_a_short_lock_and_says_it_is_retrying(ctx):
    reports: list[BusyRetry] = []
    desk = DeskService(
        SqlAlchemyUnitOfWorkFactory(ctx.engine, on_busy=reports.append), ctx.settings
    )
    blocker = _blocker(ctx)
    release = threading.Timer(2.5, lambda: blocker.execute("ROLLBACK"))
    release.start()
    try:
        recorded = desk.record_visit(_draft(desk))
    finally:
        release.join()
        blocker.close()

    assert reports, "the wait must be reported as 'busy, retrying'"
    assert [v.id for v in ctx.desk.visits_today()] == [recorded.id]


def test_a_lock_held_past_the_timeout_fails_plainly_and_the_same_draft_saves_later(
    ctx, monkeypatch
):
    monkeypatch.setattr(engine_module, "BUSY_TIMEOUT_MS", 1500)
    reports: list[BusyRetry] = []
    desk = DeskService(
        SqlAlchemyUnitOfWorkFactory(ctx.engine, on_busy=reports.append), ctx.settings
    )
    draft = _draft(desk)
    blocker = _blocker(ctx)
    try:
        with pytest.raises(StorageBusyError, match="busy"):
            desk.record_visit(draft)
    finally:
        blocker.execute("ROLLBACK")
        blocker.close()
    assert reports
    assert ctx.desk.visits_today() == []

    desk.record_visit(draft)  # the form kept the draft; "Save" again works

    assert len(ctx.desk.visits_today()) == 1


def test_a_full_database_rolls_back_and_the_retry_saves(ctx):
    full = make_engine(sqlite_url(ctx.paths.database))

    @event.listens_for(full, "connect")
    def _no_room_to_grow(dbapi_connection, _record):
        pages = dbapi_connection.execute("PRAGMA page_count").fetchone()[0]
        dbapi_connection.execute(f"PRAGMA max_page_count={pages}")

    desk = DeskService(SqlAlchemyUnitOfWorkFactory(full), ctx.settings)
    draft = _draft(desk)
    saved = 0
    try:
        with pytest.raises(StorageFullError, match="disk is full") as refused:
            for _ in range(2000):
                desk.record_visit(draft)
                saved += 1
        # the same service goes on working after the failure (a read on a fresh connection)
        assert len(desk.visits_today()) == saved
    finally:
        full.dispose()
    assert "Nothing was saved" in str(refused.value)
    assert check_file(ctx.paths.database).partial == 0

    ctx.desk.record_visit(draft)  # space is back: the kept draft saves

    assert len(ctx.desk.visits_today()) == saved + 1
    assert check_file(ctx.paths.database).integrity == "ok"


def test_the_started_app_passes_busy_retrying_to_its_listeners(ctx):
    """What the window's status bar hears (ui.app.show_busy) while a save waits for a lock."""
    heard: list[str] = []
    ctx.busy.listeners.append(heard.append)
    blocker = _blocker(ctx)
    release = threading.Timer(1.5, lambda: blocker.execute("ROLLBACK"))
    release.start()
    try:
        ctx.desk.record_visit(_draft(ctx.desk))
    finally:
        release.join()
        blocker.close()
    assert heard and set(heard) == {"The database is busy; retrying…"}
