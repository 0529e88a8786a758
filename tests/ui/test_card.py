"""The service card at a fixed desk clock: today's status, closures ahead, the checked-on warning.

The window here is built on a ``DeskService`` whose clock the test sets, over a freshly
bootstrapped data directory with the example catalogue (Kela's office in Kemi is open Thu–Fri
12–16, its phone line Mon–Fri 9–16, and OmaKela always; Christmas 24.–26.12. is closed).
"""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import sqlalchemy as sa

from desk_app.bootstrap import bootstrap
from desk_app.services.desk import DeskService
from ui.card.card_html import is_stale, months_before
from ui.main_window import MainWindow

HELSINKI = ZoneInfo("Europe/Helsinki")
SERVICE = "KELA-HOUSING-ALLOWANCE"


class Clock:
    """A desk clock the test moves; returns aware UTC like the real one."""

    def __init__(self, local: dt.datetime) -> None:
        self.set(local)

    def set(self, local: dt.datetime) -> None:
        self.now = local.replace(tzinfo=HELSINKI).astimezone(dt.UTC)

    def __call__(self) -> dt.datetime:
        return self.now


@pytest.fixture
def clock():
    return Clock(dt.datetime(2026, 11, 30, 10, 0))  # a Monday morning


@pytest.fixture
def ctx(tmp_path):
    context = bootstrap(tmp_path / "data")
    yield context
    context.close()


@pytest.fixture
def window(qtbot, ctx, clock):
    desk = DeskService(ctx.uow, ctx.settings, clock=clock)
    main = MainWindow(desk, log_file=ctx.log_file)
    qtbot.addWidget(main)
    main.show()
    qtbot.waitExposed(main)
    return main


def card_text(window, qtbot, code=SERVICE):
    assert window.finder.select_code(code)
    qtbot.waitUntil(lambda: window.card.current_code() == code)
    return window.card.plain_text()


def test_status_of_each_channel_at_the_desk_clock(window, qtbot):
    text = card_text(window, qtbot)
    assert "Closed today — opens Thursday 12:00" in text  # Kela's office, Thu–Fri
    assert "Open until 16:00" in text  # the phone line
    assert "Always available" in text  # OmaKela
    assert "Provider: Kela" in text
    assert "Opening hours: Thu–Fri 12:00–16:00" in text
    assert "Visiting place" in text and "Phone service" in text and "E-service" in text
    assert "English, Finnish, Swedish" in text


def test_status_follows_the_clock_without_reselecting(window, qtbot, clock):
    card_text(window, qtbot)
    clock.set(dt.datetime(2026, 12, 3, 11, 0))  # Thursday before the office opens
    window.card.refresh_status()
    assert "Closed now — opens today 12:00" in window.card.plain_text()
    clock.set(dt.datetime(2026, 12, 3, 17, 30))  # after closing on Thursday
    window.card.refresh_status()
    text = window.card.plain_text()
    assert "Closed now — opens tomorrow 12:00" in text  # the office
    assert "Closed now — opens tomorrow 09:00" in text  # the phone line


def test_helsinki_time_not_utc_decides(window, qtbot, clock):
    # 15:30 UTC is 17:30 in Helsinki in winter: the phone line (until 16:00) is closed.
    clock.now = dt.datetime(2026, 12, 1, 13, 30, tzinfo=dt.UTC)  # 15:30 in Helsinki: open
    assert "Open until 16:00" in card_text(window, qtbot)
    clock.now = dt.datetime(2026, 12, 1, 15, 30, tzinfo=dt.UTC)
    window.card.refresh_status()
    assert "Open until 16:00" not in window.card.plain_text()


def test_exceptional_days_of_the_next_two_weeks_are_listed(window, qtbot, clock):
    assert "Christmas" not in card_text(window, qtbot)  # 24.12. is more than 14 days ahead
    clock.set(dt.datetime(2026, 12, 14, 10, 0))
    window.card.refresh_status()
    text = window.card.plain_text()
    assert "Exceptional hours in the next 14 days:" in text
    assert "Dec 24–Dec 26 closed: Christmas" in text
    assert "New Year's Eve" not in text  # 31.12. is day 18
    clock.set(dt.datetime(2026, 12, 22, 10, 0))
    window.card.refresh_status()
    text = window.card.plain_text()
    assert "Dec 31 09:00–13:00: New Year's Eve, shorter hours" in text  # Kela's phone lines
    assert "Closed today — opens Thu, Dec 31 12:00" in text  # the office, 9 days ahead


def test_old_information_gets_a_visible_warning(window, qtbot, ctx):
    text = card_text(window, qtbot, "KELA-UNEMPLOYMENT-BENEFIT")
    assert "Information checked on Nov 1, 2026" in text
    assert "more than 12 months ago" not in text
    with ctx.engine.begin() as connection:
        connection.execute(
            sa.text("UPDATE service SET checked_on = :day WHERE code = :code"),
            {"day": dt.date(2025, 11, 29), "code": SERVICE},
        )
    shown = card_text(window, qtbot)
    assert (
        "Information checked on Nov 29, 2025, more than 12 months ago: check it before you refer."
        in shown
    )
    # The warning comes before the description, where the desk looks first.
    assert shown.index("more than 12 months ago") < shown.index("Where and how")


def test_the_card_wraps_instead_of_scrolling_sideways(window, qtbot):
    card_text(window, qtbot)
    browser = window.card.browser
    assert browser.lineWrapMode() == browser.LineWrapMode.WidgetWidth
    assert not browser.horizontalScrollBar().isVisible()


def test_twelve_months_is_the_limit():
    today = dt.date(2026, 11, 30)
    assert not is_stale(dt.date(2025, 11, 30), today)
    assert is_stale(dt.date(2025, 11, 29), today)
    assert is_stale(None, today)
    assert months_before(dt.date(2028, 2, 29), 12) == dt.date(2027, 2, 28)
    assert months_before(dt.date(2026, 3, 31), 1) == dt.date(2026, 2, 28)


def test_each_kind_of_channel_and_appointments(window, qtbot):
    text = card_text(window, qtbot, "STARTTIRAHA")
    for kind in ("E-service", "Printable form", "Phone service", "Visiting place"):
        assert f"({kind})" in text
    text = card_text(window, qtbot, "CITY-BUSINESS-ADVICE")  # Digipolis: by appointment, 8–16
    assert "Open until 16:00 · By appointment only" in text
    assert "Room: Neuvontatiski, 1. krs" in text  # the Pointti desk is a channel here too
    assert "Accessibility: Service at street level." in text
