"""Tables of the statistics: the counts of ``StatsRepository`` turned into labelled rows.

Pure functions of a ``StatsCounts`` and the catalogue's names, so the rules on rows are tested
without a database: every code of a code list is a row even at zero (the optional bands' "not
stated" too), every day, week and month of the period is a row, topics show their current names
in the taxonomy's order, services and programmes their catalogue names. Labels are fixed in
Finnish and English whatever the UI language, as exports carry both; the notes, read on screen,
are in the UI language.

Days, weeks, weekdays and hours exist only for visits stored row by row: months the retention
purge kept as monthly counts have no rows there, and a note says so with their number of visits.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from enum import StrEnum
from functools import cache

from babel.dates import format_date, get_day_names

from desk_app.domain.codes import (
    SERVICE_LANGUAGES,
    AgeBand,
    Education,
    Gender,
    LabourStatus,
    Outcome,
    VisitChannel,
    VisitorType,
)
from desk_app.domain.stats import (
    DASHBOARD_GROUPINGS,
    Counts,
    Dashboard,
    Grouping,
    Measure,
    Period,
    StatRow,
    StatsCounts,
    StatsFilter,
    StatsNames,
    StatTable,
    Tiles,
    WeekHourTable,
    table_total,
)
from desk_app.domain.texts import Texts
from desk_app.i18n import N_, _, translations_for
from desk_app.labels import label_in, language_name_in

LABEL_LANGUAGES = ("fi", "en")
CODE_LISTS: dict[Grouping, type[StrEnum]] = {
    Grouping.CHANNEL: VisitChannel,
    Grouping.VISITOR_TYPE: VisitorType,
    Grouping.OUTCOME: Outcome,
    Grouping.GENDER: Gender,
    Grouping.AGE_BAND: AgeBand,
    Grouping.LABOUR_STATUS: LabourStatus,
    Grouping.EDUCATION: Education,
}
TIME_GROUPINGS = frozenset(
    {Grouping.DAY, Grouping.WEEK, Grouping.MONTH, Grouping.WEEKDAY, Grouping.HOUR}
)
NO_PROGRAMME = N_("No programme")
HANDOUT_LANGUAGE_ORDER = ("fi", "selko", "en", "sv", "uk", "ru", "ar")
_LANGUAGE_ALIASES = {"selko": "fi-x-plain"}
VISIT_MEASURES = (Measure.VISITS, Measure.VISITORS)

Labels = tuple[str, str]  # (fi, en)


def measures_of(grouping: Grouping) -> tuple[Measure, ...]:
    if grouping in (Grouping.SERVICE, Grouping.ACTOR):
        return (Measure.REFERRALS,)
    if grouping is Grouping.HANDOUT_LANGUAGE:
        return (Measure.HANDOUTS,)
    return VISIT_MEASURES


def _member_labels(member: StrEnum) -> Labels:
    return label_in(member, "fi"), label_in(member, "en")


def _language_labels(code: str) -> Labels:
    named = _LANGUAGE_ALIASES.get(code, code)
    return language_name_in(named, "fi"), language_name_in(named, "en")


def _texts(texts: Texts | None, code: str) -> Labels:
    """A catalogue name in Finnish and English (English falls back to Finnish; no name at all,
    the code)."""
    if texts is None or not texts:
        return code, code
    fi = texts.text("fi") or code
    return fi, texts.by_lang.get("en") or fi


def _gettext(message: str) -> Labels:
    return translations_for("fi").gettext(message), translations_for("en").gettext(message)


@cache
def _weekday_names(lang: str) -> tuple[str, ...]:
    names = get_day_names("wide", context="stand-alone", locale=lang)
    return tuple(names[i] for i in range(7))  # 0 is Monday


def _month_labels(month: str) -> Labels:
    first = dt.date(int(month[:4]), int(month[5:7]), 1)
    fi, en = (format_date(first, "LLLL yyyy", locale=lang) for lang in LABEL_LANGUAGES)
    return fi, en


def _days(period: Period) -> list[dt.date]:
    return [period.first + dt.timedelta(days=n) for n in range(period.days)]


def _iso_week(day: dt.date) -> str:
    year, week, _weekday = day.isocalendar()
    return f"{year}-W{week:02d}"


def _months(period: Period) -> list[str]:
    found: dict[str, None] = {}
    for day in (period.first, *(d for d in _days(period) if d.day == 1), period.last):
        found[day.strftime("%Y-%m")] = None
    return sorted(found)


def _kept_as_months(counts: StatsCounts) -> set[str]:
    return {*counts.folded_months, *counts.partial_months, *counts.filtered_out_months}


def _rows(
    codes: Iterable[tuple[str, Labels]], values: Mapping[str, Sequence[int]], width: int
) -> tuple[StatRow, ...]:
    return tuple(
        StatRow(code, fi, en, tuple(values.get(code, (0,) * width))) for code, (fi, en) in codes
    )


def _month_text(months: Sequence[str]) -> str:
    ordered = sorted(months)
    return ", ".join(ordered) if len(ordered) <= 3 else f"{ordered[0]} … {ordered[-1]}"


def notes_for(counts: StatsCounts, grouping: Grouping | None) -> tuple[str, ...]:
    """What a table (``grouping``; None for the whole dashboard) leaves out, in the UI language."""
    notes = []
    if counts.folded_months and (grouping is None or grouping in TIME_GROUPINGS - {Grouping.MONTH}):
        visits = sum(v for v, _p in counts.folded_months.values())
        notes.append(
            _(
                "{months}: only monthly counts are kept of these months (their visits were "
                "purged), so their {visits} visits are in the totals but not by day, week, "
                "weekday or hour."
            ).format(months=_month_text(list(counts.folded_months)), visits=visits)
        )
    if counts.partial_months:
        notes.append(
            _(
                "{months}: only monthly counts are kept and the period covers part of the "
                "month, so its visits are not counted."
            ).format(months=_month_text(counts.partial_months))
        )
    if counts.filtered_out_months:
        notes.append(
            _(
                "{months}: only monthly counts are kept, which cannot be filtered, so their "
                "visits are not counted."
            ).format(months=_month_text(counts.filtered_out_months))
        )
    return tuple(notes)


def _time_rows(counts: StatsCounts, period: Period, grouping: Grouping) -> tuple[StatRow, ...]:
    skipped = _kept_as_months(counts)
    days = [d for d in _days(period) if d.strftime("%Y-%m") not in skipped]
    values: dict[str, Counts] = {}

    def add(code: str, cell: Counts) -> None:
        old = values.get(code, (0, 0))
        values[code] = (old[0] + cell[0], old[1] + cell[1])

    if grouping is Grouping.DAY:
        codes = [(d.isoformat(), (f"{d.day}.{d.month}.{d.year}", d.isoformat())) for d in days]
        for day, cell in counts.per_day.items():
            add(day.isoformat(), cell)
    elif grouping is Grouping.WEEK:
        weeks = list(dict.fromkeys(_iso_week(d) for d in days))
        codes = [(w, (w, w)) for w in weeks]
        for day, cell in counts.per_day.items():
            add(_iso_week(day), cell)
    elif grouping is Grouping.MONTH:
        codes = [(m, _month_labels(m)) for m in _months(period)]
        for day, cell in counts.per_day.items():
            add(day.strftime("%Y-%m"), cell)
        for month, cell in counts.folded_months.items():
            add(month, cell)
    elif grouping is Grouping.WEEKDAY:
        fi, en = (_weekday_names(lang) for lang in LABEL_LANGUAGES)
        codes = [(str(n), (fi[n - 1], en[n - 1])) for n in range(1, 8)]
        for (weekday, _hour), cell in counts.heat.items():
            add(str(weekday), cell)
    else:
        codes = [(f"{h:02d}", (f"{h:02d}–{h + 1:02d}",) * 2) for h in range(24)]
        for (_weekday, hour), cell in counts.heat.items():
            add(f"{hour:02d}", cell)
    return _rows(codes, values, 2)


def _code_rows(
    grouping: Grouping, found: Mapping[str, Counts], names: StatsNames
) -> tuple[StatRow, ...]:
    width = len(measures_of(grouping))
    values = {code: cell[:width] for code, cell in found.items()}
    codes: list[tuple[str, Labels]]
    if grouping in CODE_LISTS:
        members = list(CODE_LISTS[grouping])
        codes = [(m.value, _member_labels(m)) for m in members]
    elif grouping in (Grouping.LANGUAGE, Grouping.HANDOUT_LANGUAGE):
        known = SERVICE_LANGUAGES if grouping is Grouping.LANGUAGE else HANDOUT_LANGUAGE_ORDER
        codes = [(c, _language_labels(c)) for c in known]
    elif grouping is Grouping.TOPIC:
        codes = [
            (code, _texts(texts, code))
            for code, texts in names.topics.items()
            if code not in names.retired_topics or code in found
        ]
    elif grouping is Grouping.SERVICE:
        codes = [(c, _texts(t, c)) for c, t in names.services.items() if c in found]
    elif grouping is Grouping.ACTOR:
        codes = [(c, _texts(t, c)) for c, t in names.actors.items()]
    else:  # programme
        codes = [("", _gettext(NO_PROGRAMME))]
        codes += [(c, _texts(t, c)) for c, t in names.programmes.items()]
    listed = {code for code, _labels in codes}
    # Codes the catalogue no longer knows (a deleted service, an old language code) still count.
    codes += [(c, (c, c)) for c in sorted(found) if c not in listed]
    return _rows(codes, values, width)


def stat_table(
    counts: StatsCounts,
    names: StatsNames,
    period: Period,
    grouping: Grouping,
    filters: StatsFilter,
) -> StatTable:
    """One grouping's table. Rows that may overlap (a visit about two topics) have no total."""
    measures = measures_of(grouping)
    if grouping in TIME_GROUPINGS:
        rows = _time_rows(counts, period, grouping)
    else:
        rows = _code_rows(grouping, counts.by.get(grouping, {}), names)
    total = None if grouping is Grouping.TOPIC else table_total(rows, len(measures))
    return StatTable(grouping, measures, rows, total, period, filters, notes_for(counts, grouping))


def tiles(counts: StatsCounts) -> Tiles:
    def column(grouping: Grouping) -> int:
        return sum(cell[0] for cell in counts.by.get(grouping, {}).values())

    outcomes = counts.by.get(Grouping.OUTCOME, {})
    return Tiles(
        visits=counts.total[0],
        visitors=counts.total[1],
        referrals=column(Grouping.SERVICE),
        handouts=column(Grouping.HANDOUT_LANGUAGE),
        follow_ups_open=counts.follow_ups_open,
        follow_ups_overdue=counts.follow_ups_overdue,
        resolved_at_desk=outcomes.get(Outcome.RESOLVED_AT_DESK.value, (0, 0))[0],
    )


def dashboard(
    counts: StatsCounts,
    names: StatsNames,
    period: Period,
    filters: StatsFilter,
    as_of: dt.date,
) -> Dashboard:
    heat = WeekHourTable(
        tuple(
            tuple(counts.heat.get((day, hour), (0, 0))[0] for hour in range(24))
            for day in range(1, 8)
        )
    )
    return Dashboard(
        period=period,
        filters=filters,
        tiles=tiles(counts),
        tables={g: stat_table(counts, names, period, g, filters) for g in DASHBOARD_GROUPINGS},
        week_hours=heat,
        notes=notes_for(counts, None),
        as_of=as_of,
    )
