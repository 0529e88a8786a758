"""The visit record: a fact about one (or a tally of several) anonymous visits, and its rules.

A visit never holds a name, an identity code or free text. The optional bands are only kept when
the visitor agreed to answer; otherwise every band is "not stated".
"""

from __future__ import annotations

import datetime as dt
import secrets
import time
import uuid
from dataclasses import dataclass, field, replace
from enum import StrEnum
from typing import TypeVar

from desk_app.domain.codes import (
    SERVICE_LANGUAGES,
    AgeBand,
    DurationBand,
    Education,
    EuraEntry,
    FirstVisit,
    Gender,
    HomeArea,
    Interpreter,
    LabourStatus,
    Outcome,
    VisitChannel,
    VisitorType,
)
from desk_app.domain.errors import ValidationError
from desk_app.i18n import _

E = TypeVar("E", bound=StrEnum)

MAX_BATCH = 200
"""A tally larger than this is almost certainly a typo (a day at Pointti sees tens of visitors)."""

MAX_BACKDATE = dt.timedelta(days=366)
FUTURE_TOLERANCE = dt.timedelta(minutes=5)


@dataclass(frozen=True)
class VisitorBands:
    """The optional, consented answers. Default: nothing stated."""

    gender: Gender = Gender.NOT_STATED
    age_band: AgeBand = AgeBand.NOT_STATED
    labour_status: LabourStatus = LabourStatus.NOT_STATED
    education: Education = Education.NOT_STATED
    home_area: HomeArea = HomeArea.NOT_STATED
    first_visit: FirstVisit = FirstVisit.NOT_STATED


NO_BANDS = VisitorBands()


@dataclass(frozen=True)
class VisitDraft:
    """What the intake form (or the CLI) hands to ``record_visit``."""

    topic_codes: tuple[str, ...]
    channel: VisitChannel = VisitChannel.WALK_IN
    visitor_type: VisitorType = VisitorType.INDIVIDUAL
    outcome: Outcome | None = None
    language: str = "fi"
    interpreter: Interpreter = Interpreter.NONE
    duration: DurationBand = DurationBand.MIN_5_15
    referral_codes: tuple[str, ...] = ()
    programme_code: str | None = None
    occurred_at: dt.datetime | None = None
    visitor_count: int = 1
    bands_agreed: bool = False
    bands: VisitorBands = field(default=NO_BANDS)
    eura_entry: EuraEntry = EuraEntry.NOT_OFFERED

    def effective_outcome(self) -> Outcome:
        """Outcome as stored: "referred" when services were added and nothing else was chosen."""
        if self.outcome is not None:
            return _coerce(Outcome, self.outcome, "outcome")
        return Outcome.REFERRED if self.referral_codes else Outcome.RESOLVED_AT_DESK

    def validated(self, now: dt.datetime) -> VisitDraft:
        """Return a normalised copy, or raise ``ValidationError`` naming the field."""
        if now.tzinfo is None:
            raise ValueError("now must be timezone-aware")
        topics = tuple(dict.fromkeys(code.strip().upper() for code in self.topic_codes if code))
        if not topics:
            raise ValidationError(_("Choose at least one topic."), field="topics")
        referrals = tuple(dict.fromkeys(c.strip().upper() for c in self.referral_codes if c))
        if self.language not in SERVICE_LANGUAGES:
            raise ValidationError(
                _("Unknown language of service: {code}").format(code=self.language),
                field="language",
            )
        if not 1 <= self.visitor_count <= MAX_BATCH:
            raise ValidationError(
                _("The number of visitors must be between 1 and {max}.").format(max=MAX_BATCH),
                field="visitor_count",
            )
        occurred = self.occurred_at or now
        check_occurred_at(occurred, now)
        bands = _coerce_bands(self.bands) if self.bands_agreed else NO_BANDS
        return replace(
            self,
            channel=_coerce(VisitChannel, self.channel, "channel"),
            visitor_type=_coerce(VisitorType, self.visitor_type, "visitor_type"),
            interpreter=_coerce(Interpreter, self.interpreter, "interpreter"),
            duration=_coerce(DurationBand, self.duration, "duration"),
            eura_entry=_coerce(EuraEntry, self.eura_entry, "eura_entry"),
            topic_codes=topics,
            referral_codes=referrals,
            occurred_at=occurred,
            bands=bands,
            outcome=self.effective_outcome(),
        )


def check_occurred_at(occurred: dt.datetime, now: dt.datetime) -> None:
    """Refuse a visit time in the future or more than a year back (``ValidationError``).

    The intake calls this while the time is being edited, so the message shows at once; the
    same rule runs again when the visit is recorded.
    """
    if occurred.tzinfo is None:
        raise ValidationError(_("The visit time has no time zone."), field="occurred_at")
    if occurred > now + FUTURE_TOLERANCE:
        raise ValidationError(_("The visit time is in the future."), field="occurred_at")
    if occurred < now - MAX_BACKDATE:
        raise ValidationError(_("The visit time is more than a year ago."), field="occurred_at")


def _coerce(enum: type[E], value: object, field: str) -> E:
    """Accept an enum member or its stored string (as a combo box hands it over)."""
    try:
        return enum(str(value))
    except ValueError:
        raise ValidationError(
            _("Unknown value {value} for {field}.").format(value=repr(value), field=field),
            field=field,
        ) from None


def _coerce_bands(bands: VisitorBands) -> VisitorBands:
    return VisitorBands(
        gender=_coerce(Gender, bands.gender, "gender"),
        age_band=_coerce(AgeBand, bands.age_band, "age_band"),
        labour_status=_coerce(LabourStatus, bands.labour_status, "labour_status"),
        education=_coerce(Education, bands.education, "education"),
        home_area=_coerce(HomeArea, bands.home_area, "home_area"),
        first_visit=_coerce(FirstVisit, bands.first_visit, "first_visit"),
    )


def uuid7(unix_ms: int, random_bits: int) -> uuid.UUID:
    """A version 7 UUID (RFC 9562): 48 bits of Unix milliseconds, then 74 random bits.

    Time-ordered ids keep inserts at the end of the primary-key B-tree (random v4 ids scatter
    them, which is several times slower once a table no longer fits in the page cache).
    """
    rand_a = (random_bits >> 62) & 0xFFF
    rand_b = random_bits & ((1 << 62) - 1)
    value = ((unix_ms & ((1 << 48) - 1)) << 80) | (0x7 << 76) | (rand_a << 64) | (0b10 << 62)
    return uuid.UUID(int=value | rand_b)


def new_id() -> str:
    """Visit and referral ids are generated on the client (UUIDv7), so an offline outbox can
    replay them without duplicates and every desk can create them without asking a server."""
    return str(uuid7(time.time_ns() // 1_000_000, secrets.randbits(74)))


@dataclass(frozen=True)
class VisitRecord:
    """A stored visit as the Today list shows it."""

    id: str
    occurred_at: dt.datetime
    recorded_at: dt.datetime
    channel: VisitChannel
    visitor_type: VisitorType
    outcome: Outcome
    language: str
    duration: DurationBand
    visitor_count: int
    topic_codes: tuple[str, ...]
    referral_codes: tuple[str, ...]
    desk: str
    is_demo: bool = False
