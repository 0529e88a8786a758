"""Code lists of the visit record and the catalogue (DOMAIN.md), as string enums.

The stored value is the enum's value; it never changes once released, because statistics across
years depend on it. Human labels live in ``desk_app.labels`` (translatable), not here.
"""

from __future__ import annotations

from enum import StrEnum


class VisitChannel(StrEnum):
    WALK_IN = "walk_in"
    PHONE = "phone"
    EMAIL_CHAT = "email_chat"
    OUTREACH = "outreach"
    EVENT = "event"


class VisitorType(StrEnum):
    INDIVIDUAL = "individual"
    ENTREPRENEUR = "entrepreneur"
    EMPLOYER = "employer"
    ORGANISATION = "organisation"
    PROFESSIONAL = "professional"
    UNKNOWN = "unknown"


class Outcome(StrEnum):
    RESOLVED_AT_DESK = "resolved_at_desk"
    REFERRED = "referred"
    APPOINTMENT_BOOKED = "appointment_booked"
    FOLLOW_UP_NEEDED = "follow_up_needed"
    NOT_RESOLVED = "not_resolved"


class Interpreter(StrEnum):
    NONE = "none"
    REMOTE = "remote"
    ON_SITE = "on_site"
    STAFF = "staff"


class DurationBand(StrEnum):
    UNDER_5 = "lt5"
    MIN_5_15 = "5_15"
    MIN_15_30 = "15_30"
    MIN_30_60 = "30_60"
    OVER_60 = "gt60"


NOT_STATED = "not_stated"


class Gender(StrEnum):
    FEMALE = "female"
    MALE = "male"
    OTHER = "other"
    NOT_STATED = NOT_STATED


class AgeBand(StrEnum):
    UNDER_18 = "lt18"
    AGE_18_24 = "18_24"
    AGE_25_29 = "25_29"
    AGE_30_54 = "30_54"
    AGE_55_64 = "55_64"
    AGE_65_PLUS = "65plus"
    NOT_STATED = NOT_STATED


class LabourStatus(StrEnum):
    EMPLOYED = "employed"
    SELF_EMPLOYED = "self_employed"
    UNEMPLOYED_SHORT = "unemployed_lt12m"
    UNEMPLOYED_LONG = "unemployed_12m_plus"
    STUDENT = "student"
    OTHER_INACTIVE = "other_inactive"
    NOT_STATED = NOT_STATED


class Education(StrEnum):
    ISCED_0_2 = "isced_0_2"
    ISCED_3_4 = "isced_3_4"
    ISCED_5_8 = "isced_5_8"
    NOT_STATED = NOT_STATED


class HomeArea(StrEnum):
    KEMI = "kemi"
    MERI_LAPPI = "meri_lappi"
    OTHER_FINLAND = "other_finland"
    ABROAD = "abroad"
    NOT_STATED = NOT_STATED


class FirstVisit(StrEnum):
    YES = "yes"
    NO = "no"
    UNKNOWN = "unknown"
    NOT_STATED = NOT_STATED


class EuraEntry(StrEnum):
    """ESF+ participants are registered in EURA 2021 by the project; the desk only flags it."""

    NOT_OFFERED = "not_offered"
    OFFERED = "offered"
    DONE = "done"


class ReferralStatus(StrEnum):
    REFERRED = "referred"
    CONTACTED = "contacted"
    GOT_SERVICE = "got_service"
    DID_NOT = "did_not"
    UNKNOWN = "unknown"


class ChannelKind(StrEnum):
    """PTV's five service channel types."""

    LOCATION = "location"
    PHONE = "phone"
    ESERVICE = "eservice"
    WEBPAGE = "webpage"
    PRINTABLE_FORM = "printable_form"


class OrganisationKind(StrEnum):
    MUNICIPALITY = "municipality"
    STATE = "state"
    WELLBEING_COUNTY = "wellbeing_county"
    EDUCATION = "education"
    COMPANY = "company"
    ASSOCIATION = "association"
    PROJECT = "project"
    OTHER = "other"


class ServiceStatus(StrEnum):
    """Editorial status; whether a service has *ended* follows from its validity dates."""

    DRAFT = "draft"
    ACTIVE = "active"
    RETIRED = "retired"


class Source(StrEnum):
    """Where a catalogue row came from, so a re-import knows what it may overwrite."""

    LOCAL = "local"
    EXAMPLE = "example"
    PTV = "ptv"
    IMPORT = "import"


UI_LANGUAGES = ("fi", "sv", "en")
"""Languages of the user interface; Finnish is the default."""

TEXT_LANGUAGES = ("fi", "fi-x-plain", "sv", "en", "uk", "ru", "ar")
"""Languages of catalogue texts and handouts; ``fi-x-plain`` is plain Finnish (selkosuomi)."""

SERVICE_LANGUAGES = ("fi", "sv", "en", "uk", "ru", "ar", "se", "other")
"""Languages a service can be given in (``se`` is Northern Sami)."""

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
