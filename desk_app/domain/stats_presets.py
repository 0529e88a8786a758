"""The dashboard's date presets: today, this week, this month, this quarter, this year, custom.

Each preset is the local calendar period that contains ``today`` (weeks start on Monday, as in
Finland), up to and including today: "this month" on 17 March is 1–17 March. Reports of a whole
past period use ``custom`` (or the CLI's ``--from``/``--to``).
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum

from desk_app.domain.stats import HELSINKI, Period
from desk_app.i18n import N_


class Preset(StrEnum):
    TODAY = "today"
    WEEK = "week"
    MONTH = "month"
    QUARTER = "quarter"
    YEAR = "year"
    LAST_365 = "last_365"
    CUSTOM = "custom"


PRESET_LABELS: dict[Preset, str] = {
    Preset.TODAY: N_("Today"),
    Preset.WEEK: N_("This week"),
    Preset.MONTH: N_("This month"),
    Preset.QUARTER: N_("This quarter"),
    Preset.YEAR: N_("This year"),
    Preset.LAST_365: N_("Last 365 days"),
    Preset.CUSTOM: N_("Custom dates"),
}


def preset_first_day(preset: Preset, today: dt.date) -> dt.date:
    """The first day of ``preset``'s period containing ``today`` (``CUSTOM``: today)."""
    if preset is Preset.WEEK:
        return today - dt.timedelta(days=today.weekday())
    if preset is Preset.MONTH:
        return today.replace(day=1)
    if preset is Preset.QUARTER:
        return today.replace(month=(today.month - 1) // 3 * 3 + 1, day=1)
    if preset is Preset.YEAR:
        return today.replace(month=1, day=1)
    if preset is Preset.LAST_365:
        return today - dt.timedelta(days=364)
    return today


def preset_period(preset: Preset, today: dt.date, timezone: str = HELSINKI) -> Period:
    """``preset``'s period up to and including ``today``."""
    return Period(preset_first_day(preset, today), today, timezone)
