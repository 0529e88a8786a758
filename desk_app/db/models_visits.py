"""Visit tables: anonymous visit facts, their topics, referrals and printed handouts, and the
consented follow-up contacts kept apart from them.

A visit row holds no personal data. ``occurred_at`` is the exact time of the visit (reports round
it); ``recorded_at`` is when it was typed in, so late entries stay visible. ``visitor_count`` > 1 is
a batch tally. Ids are client-generated UUIDs so an offline outbox can replay without duplicates.
Follow-up contact details live only in ``follow_up_contact``, with a purpose and an expiry, so they
can be purged while every count stays intact.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Date,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
)
from sqlalchemy.orm import Mapped, mapped_column

from desk_app.db.base import ID_LENGTH, Base, UtcDateTime, enum_check, utcnow
from desk_app.domain.codes import (
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
    ReferralStatus,
    VisitChannel,
    VisitorType,
)


class Visit(Base):
    __tablename__ = "visit"
    __table_args__ = (
        enum_check("channel", VisitChannel),
        enum_check("visitor_type", VisitorType),
        enum_check("outcome", Outcome),
        enum_check("interpreter", Interpreter),
        enum_check("duration_band", DurationBand),
        enum_check("gender", Gender),
        enum_check("age_band", AgeBand),
        enum_check("labour_status", LabourStatus),
        enum_check("education", Education),
        enum_check("home_area", HomeArea),
        enum_check("first_visit", FirstVisit),
        enum_check("eura_entry", EuraEntry),
        CheckConstraint("visitor_count >= 1", name="visitor_count_positive"),
        Index("ix_visit_occurred_at", "occurred_at"),
    )

    id: Mapped[str] = mapped_column(String(ID_LENGTH), primary_key=True)
    desk: Mapped[str] = mapped_column(String(60))
    occurred_at: Mapped[dt.datetime] = mapped_column(UtcDateTime)
    recorded_at: Mapped[dt.datetime] = mapped_column(UtcDateTime, default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(UtcDateTime, default=utcnow, onupdate=utcnow)
    deleted_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime)
    channel: Mapped[str] = mapped_column(String(20))
    visitor_type: Mapped[str] = mapped_column(String(20))
    outcome: Mapped[str] = mapped_column(String(24))
    language: Mapped[str] = mapped_column(String(12))
    interpreter: Mapped[str] = mapped_column(String(12))
    duration_band: Mapped[str] = mapped_column(String(8))
    programme_id: Mapped[str | None] = mapped_column(ForeignKey("programme.id"), index=True)
    visitor_count: Mapped[int] = mapped_column(Integer, default=1)
    bands_agreed: Mapped[bool] = mapped_column(Boolean, default=False)
    gender: Mapped[str] = mapped_column(String(20))
    age_band: Mapped[str] = mapped_column(String(20))
    labour_status: Mapped[str] = mapped_column(String(20))
    education: Mapped[str] = mapped_column(String(20))
    home_area: Mapped[str] = mapped_column(String(20))
    first_visit: Mapped[str] = mapped_column(String(20))
    eura_entry: Mapped[str] = mapped_column(String(20))
    is_demo: Mapped[bool] = mapped_column(Boolean, default=False)


class VisitTopic(Base):
    __tablename__ = "visit_topic"
    visit_id: Mapped[str] = mapped_column(
        ForeignKey("visit.id", ondelete="CASCADE"), primary_key=True
    )
    topic_id: Mapped[str] = mapped_column(ForeignKey("topic.id"), primary_key=True, index=True)


class Referral(Base):
    __tablename__ = "referral"
    __table_args__ = (enum_check("status", ReferralStatus),)

    id: Mapped[str] = mapped_column(String(ID_LENGTH), primary_key=True)
    visit_id: Mapped[str] = mapped_column(ForeignKey("visit.id", ondelete="CASCADE"), index=True)
    service_id: Mapped[str] = mapped_column(ForeignKey("service.id"), index=True)
    created_at: Mapped[dt.datetime] = mapped_column(UtcDateTime, default=utcnow)
    follow_up: Mapped[bool] = mapped_column(Boolean, default=False)
    follow_up_due: Mapped[dt.date | None] = mapped_column(Date, index=True)
    status: Mapped[str] = mapped_column(String(20), default=ReferralStatus.REFERRED.value)
    status_changed_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime)
    status_note: Mapped[str | None] = mapped_column(Text)


class HandoutPrint(Base):
    """A handout given to the visitor: which service, in which language, what kind of document."""

    __tablename__ = "handout_print"

    id: Mapped[str] = mapped_column(String(ID_LENGTH), primary_key=True)
    visit_id: Mapped[str | None] = mapped_column(
        ForeignKey("visit.id", ondelete="CASCADE"), index=True
    )
    service_id: Mapped[str | None] = mapped_column(ForeignKey("service.id"), index=True)
    kind: Mapped[str] = mapped_column(String(20))
    lang: Mapped[str] = mapped_column(String(12))
    printed_at: Mapped[dt.datetime] = mapped_column(UtcDateTime, default=utcnow)


class FollowUpContact(Base):
    """Contact details for one referral's follow-up, kept only with the visitor's agreement."""

    __tablename__ = "follow_up_contact"
    __table_args__ = (
        CheckConstraint("expires_at > agreed_at", name="expiry_after_agreement"),
        CheckConstraint("length(purpose) > 0", name="purpose_required"),
    )

    id: Mapped[str] = mapped_column(String(ID_LENGTH), primary_key=True)
    referral_id: Mapped[str] = mapped_column(
        ForeignKey("referral.id", ondelete="CASCADE"), index=True
    )
    name: Mapped[str | None] = mapped_column(String(200))
    phone: Mapped[str | None] = mapped_column(String(40))
    email: Mapped[str | None] = mapped_column(String(200))
    purpose: Mapped[str] = mapped_column(Text)
    agreed_at: Mapped[dt.datetime] = mapped_column(UtcDateTime)
    expires_at: Mapped[dt.datetime] = mapped_column(UtcDateTime, index=True)
    created_at: Mapped[dt.datetime] = mapped_column(UtcDateTime, default=utcnow)
