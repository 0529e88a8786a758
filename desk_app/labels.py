"""Translatable human labels for the code lists of the core, languages and weekdays.

The core stores codes (``desk_app.domain.codes``); the UI shows these labels. Each text is marked
with ``N_`` so extraction finds it, and translated with ``_`` at display time, so a change of UI
language shows the new language without rebuilding this table.
"""

from __future__ import annotations

import datetime as dt
from enum import Enum

from desk_app.domain.codes import (
    AgeBand,
    ChannelKind,
    DurationBand,
    Education,
    EuraEntry,
    FirstVisit,
    Gender,
    HomeArea,
    Interpreter,
    LabourStatus,
    Outcome,
    ReferralStatus,
    VisitChannel,
    VisitorType,
)
from desk_app.i18n import N_, _, translations_for

# One dict per code list. Members of different StrEnums that share a stored value
# (VisitChannel.PHONE and ChannelKind.PHONE are both "phone") are equal as dict keys, so in one
# dict a later list would silently give an earlier one its labels; ``_LABELS`` is keyed by
# (code list, value) instead.
_LABEL_GROUPS: tuple[dict[Enum, str], ...] = (
    {
        VisitChannel.WALK_IN: N_("Walk-in"),
        VisitChannel.PHONE: N_("Phone"),
        VisitChannel.EMAIL_CHAT: N_("Email or chat"),
        VisitChannel.OUTREACH: N_("Outreach"),
        VisitChannel.EVENT: N_("Event"),
    },
    {
        VisitorType.INDIVIDUAL: N_("Individual"),
        VisitorType.ENTREPRENEUR: N_("Entrepreneur"),
        VisitorType.EMPLOYER: N_("Employer"),
        VisitorType.ORGANISATION: N_("Organisation"),
        VisitorType.PROFESSIONAL: N_("Professional"),
        VisitorType.UNKNOWN: N_("Unknown"),
    },
    {
        Outcome.RESOLVED_AT_DESK: N_("Resolved at the desk"),
        Outcome.REFERRED: N_("Referred"),
        Outcome.APPOINTMENT_BOOKED: N_("Appointment booked"),
        Outcome.FOLLOW_UP_NEEDED: N_("Follow-up needed"),
        Outcome.NOT_RESOLVED: N_("Not resolved"),
    },
    {
        DurationBand.UNDER_5: N_("Under 5 min"),
        DurationBand.MIN_5_15: N_("5–15 min"),
        DurationBand.MIN_15_30: N_("15–30 min"),
        DurationBand.MIN_30_60: N_("30–60 min"),
        DurationBand.OVER_60: N_("Over 60 min"),
    },
    {
        Interpreter.NONE: N_("No interpreter"),
        Interpreter.REMOTE: N_("Remote interpreter"),
        Interpreter.ON_SITE: N_("Interpreter on site"),
        Interpreter.STAFF: N_("Staff member interpreted"),
    },
    {
        ReferralStatus.REFERRED: N_("Referred, not yet contacted"),
        ReferralStatus.CONTACTED: N_("Contacted"),
        ReferralStatus.GOT_SERVICE: N_("Got the service"),
        ReferralStatus.DID_NOT: N_("Did not get the service"),
        ReferralStatus.UNKNOWN: N_("Outcome unknown"),
    },
    {
        ChannelKind.LOCATION: N_("Visiting place"),
        ChannelKind.PHONE: N_("Phone service"),
        ChannelKind.ESERVICE: N_("E-service"),
        ChannelKind.WEBPAGE: N_("Web page"),
        ChannelKind.PRINTABLE_FORM: N_("Printable form"),
    },
    {
        EuraEntry.NOT_OFFERED: N_("Not offered"),
        EuraEntry.OFFERED: N_("Offered to the visitor"),
        EuraEntry.DONE: N_("Entered in EURA"),
    },
    {
        Gender.FEMALE: N_("Female"),
        Gender.MALE: N_("Male"),
        Gender.OTHER: N_("Other gender"),
        Gender.NOT_STATED: N_("Not stated"),
    },
    {
        AgeBand.UNDER_18: N_("Under 18"),
        AgeBand.AGE_18_24: N_("18–24 years"),
        AgeBand.AGE_25_29: N_("25–29 years"),
        AgeBand.AGE_30_54: N_("30–54 years"),
        AgeBand.AGE_55_64: N_("55–64 years"),
        AgeBand.AGE_65_PLUS: N_("65 or over"),
        AgeBand.NOT_STATED: N_("Not stated"),
    },
    {
        LabourStatus.EMPLOYED: N_("Employed"),
        LabourStatus.SELF_EMPLOYED: N_("Self-employed"),
        LabourStatus.UNEMPLOYED_SHORT: N_("Unemployed under 12 months"),
        LabourStatus.UNEMPLOYED_LONG: N_("Unemployed 12 months or more"),
        LabourStatus.STUDENT: N_("Student"),
        LabourStatus.OTHER_INACTIVE: N_("Other, outside the labour force"),
        LabourStatus.NOT_STATED: N_("Not stated"),
    },
    {
        Education.ISCED_0_2: N_("Basic education or less (ISCED 0–2)"),
        Education.ISCED_3_4: N_("Upper secondary (ISCED 3–4)"),
        Education.ISCED_5_8: N_("Higher education (ISCED 5–8)"),
        Education.NOT_STATED: N_("Not stated"),
    },
    {
        HomeArea.KEMI: N_("Kemi"),
        HomeArea.MERI_LAPPI: N_("Elsewhere in Meri-Lappi"),
        HomeArea.OTHER_FINLAND: N_("Elsewhere in Finland"),
        HomeArea.ABROAD: N_("Abroad"),
        HomeArea.NOT_STATED: N_("Not stated"),
    },
    {
        FirstVisit.YES: N_("Yes, first visit"),
        FirstVisit.NO: N_("No, visited before"),
        FirstVisit.UNKNOWN: N_("Does not know"),
        FirstVisit.NOT_STATED: N_("Not stated"),
    },
)
_LABELS: dict[tuple[type[Enum], str], str] = {
    (type(member), str(member.value)): text
    for group in _LABEL_GROUPS
    for member, text in group.items()
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
    text = _LABELS.get((type(member), str(member.value)))
    return _(text) if text is not None else str(member.value)


def label_in(member: Enum, lang: str) -> str:
    """The label of a code-list member in ``lang`` whatever the UI language (for exports)."""
    text = _LABELS.get((type(member), str(member.value)))
    return translations_for(lang).gettext(text) if text is not None else str(member.value)


def language_name_in(code: str, lang: str) -> str:
    """The name of a language code in ``lang`` whatever the UI language (for exports)."""
    text = _LANGUAGES.get(code)
    return translations_for(lang).gettext(text) if text is not None else code


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
