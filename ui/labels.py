"""Translatable human labels for the code lists of the core, languages and weekdays.

The core stores codes (``desk_app.domain.codes``); the UI shows these labels. Each text is marked
with ``N_`` so extraction finds it, and translated with ``_`` at display time, so a change of UI
language shows the new language without rebuilding this table.
"""

from __future__ import annotations

import datetime as dt
from enum import Enum

from desk_app.domain.codes import DurationBand, Interpreter, Outcome, VisitChannel, VisitorType
from desk_app.i18n import N_, _

_LABELS: dict[Enum, str] = {
    VisitChannel.WALK_IN: N_("Walk-in"),
    VisitChannel.PHONE: N_("Phone"),
    VisitChannel.EMAIL_CHAT: N_("Email or chat"),
    VisitChannel.OUTREACH: N_("Outreach"),
    VisitChannel.EVENT: N_("Event"),
    VisitorType.INDIVIDUAL: N_("Individual"),
    VisitorType.ENTREPRENEUR: N_("Entrepreneur"),
    VisitorType.EMPLOYER: N_("Employer"),
    VisitorType.ORGANISATION: N_("Organisation"),
    VisitorType.PROFESSIONAL: N_("Professional"),
    VisitorType.UNKNOWN: N_("Unknown"),
    Outcome.RESOLVED_AT_DESK: N_("Resolved at the desk"),
    Outcome.REFERRED: N_("Referred"),
    Outcome.APPOINTMENT_BOOKED: N_("Appointment booked"),
    Outcome.FOLLOW_UP_NEEDED: N_("Follow-up needed"),
    Outcome.NOT_RESOLVED: N_("Not resolved"),
    DurationBand.UNDER_5: N_("Under 5 min"),
    DurationBand.MIN_5_15: N_("5–15 min"),
    DurationBand.MIN_15_30: N_("15–30 min"),
    DurationBand.MIN_30_60: N_("30–60 min"),
    DurationBand.OVER_60: N_("Over 60 min"),
    Interpreter.NONE: N_("No interpreter"),
    Interpreter.REMOTE: N_("Remote interpreter"),
    Interpreter.ON_SITE: N_("Interpreter on site"),
    Interpreter.STAFF: N_("Staff member interpreted"),
}

_LANGUAGES: dict[str, str] = {
    "fi": N_("Finnish"),
    "fi-x-plain": N_("Plain Finnish"),
    "sv": N_("Swedish"),
    "en": N_("English"),
    "uk": N_("Ukrainian"),
    "ru": N_("Russian"),
    "ar": N_("Arabic"),
    "se": N_("Northern Sami"),
    "other": N_("Other language"),
}

INTAKE_LANGUAGES = ("fi", "sv", "en", "uk", "ru", "ar", "other")
"""Languages of service offered in the intake form, most common first."""

_WEEKDAYS = (N_("Mon"), N_("Tue"), N_("Wed"), N_("Thu"), N_("Fri"), N_("Sat"), N_("Sun"))


def label(member: Enum) -> str:
    """The translated label of a code-list member (its raw value if no label is defined)."""
    text = _LABELS.get(member)
    return _(text) if text is not None else str(member.value)


def language_name(code: str) -> str:
    """The translated name of a language code (the code itself if unknown)."""
    text = _LANGUAGES.get(code)
    return _(text) if text is not None else code


def weekday_name(weekday: int) -> str:
    """Short translated weekday name; 0 is Monday."""
    return _(_WEEKDAYS[weekday])


def format_date(day: dt.date) -> str:
    """A date the Finnish way (1.11.2026), which the desk and its visitors read at a glance."""
    return f"{day.day}.{day.month}.{day.year}"


def format_time(moment: dt.time | dt.datetime) -> str:
    """Hours and minutes, 24-hour clock."""
    return moment.strftime("%H:%M")
