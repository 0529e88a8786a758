"""Catalogue tables: actors, programmes, services, channels, addresses, hours and topics.

Aligned with Suomi.fi PTV (organisation → service ↔ service channel) and Open Referral HSDS 3.x.
Ids are UUID strings (deterministic for seeded rows, so every desk gives the example catalogue the
same ids). Every human text lives in a ``*_text`` table, one row per (owner, field, language);
Finnish is required by the code that writes them. ``source`` and the PTV columns record where a row
came from, so a later re-import knows which fields it may overwrite.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Date,
    Float,
    ForeignKey,
    Integer,
    PrimaryKeyConstraint,
    String,
    Text,
    Time,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from desk_app.db.base import ID_LENGTH, Base, UtcDateTime, enum_check, utcnow
from desk_app.domain.codes import ChannelKind, OrganisationKind, ServiceStatus, Source


class Timestamped:
    created_at: Mapped[dt.datetime] = mapped_column(UtcDateTime, default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(UtcDateTime, default=utcnow, onupdate=utcnow)


class Provenance:
    source: Mapped[str] = mapped_column(String(12), default=Source.LOCAL.value)
    is_example: Mapped[bool] = mapped_column(Boolean, default=False)
    ptv_id: Mapped[str | None] = mapped_column(String(ID_LENGTH), unique=True)
    ptv_modified: Mapped[dt.datetime | None] = mapped_column(UtcDateTime)


class PtvSnapshot:
    """The PTV-sourced field values as last imported (JSON), so a re-import can tell a field
    staff edited here (a local override, kept) from one PTV changed (taken)."""

    ptv_snapshot: Mapped[str | None] = mapped_column(Text)


class TextRow:
    """One human text in one language. The owner id column is declared by each subclass."""

    field: Mapped[str] = mapped_column(String(40))
    lang: Mapped[str] = mapped_column(String(12))
    value: Mapped[str] = mapped_column(Text)
    updated_at: Mapped[dt.datetime] = mapped_column(UtcDateTime, default=utcnow, onupdate=utcnow)


def _text_table_args(owner_column: str) -> tuple[object, ...]:
    return (
        PrimaryKeyConstraint(owner_column, "field", "lang"),
        CheckConstraint("length(value) > 0", name="value_not_empty"),
    )


class Organisation(Timestamped, Provenance, PtvSnapshot, Base):
    __tablename__ = "organisation"
    __table_args__ = (enum_check("kind", OrganisationKind),)

    id: Mapped[str] = mapped_column(String(ID_LENGTH), primary_key=True)
    code: Mapped[str] = mapped_column(String(40), unique=True)
    kind: Mapped[str] = mapped_column(String(20))
    business_id: Mapped[str | None] = mapped_column(String(12))
    url: Mapped[str | None] = mapped_column(String(500))
    checked_on: Mapped[dt.date | None] = mapped_column(Date)

    texts: Mapped[list[OrganisationText]] = relationship(
        cascade="all, delete-orphan", passive_deletes=True
    )


class OrganisationText(TextRow, Base):
    __tablename__ = "organisation_text"
    __table_args__ = _text_table_args("organisation_id")
    organisation_id: Mapped[str] = mapped_column(ForeignKey("organisation.id", ondelete="CASCADE"))


class Programme(Timestamped, Provenance, Base):
    """A time-limited programme or project (e.g. an ESF project) that services can belong to."""

    __tablename__ = "programme"
    __table_args__ = (
        CheckConstraint(
            "valid_to IS NULL OR valid_from IS NULL OR valid_to >= valid_from", name="valid_range"
        ),
    )

    id: Mapped[str] = mapped_column(String(ID_LENGTH), primary_key=True)
    code: Mapped[str] = mapped_column(String(40), unique=True)
    organisation_id: Mapped[str] = mapped_column(ForeignKey("organisation.id"), index=True)
    funding_source: Mapped[str | None] = mapped_column(String(120))
    eura_code: Mapped[str | None] = mapped_column(String(20))
    valid_from: Mapped[dt.date | None] = mapped_column(Date)
    valid_to: Mapped[dt.date | None] = mapped_column(Date)

    texts: Mapped[list[ProgrammeText]] = relationship(
        cascade="all, delete-orphan", passive_deletes=True
    )


class ProgrammeText(TextRow, Base):
    __tablename__ = "programme_text"
    __table_args__ = _text_table_args("programme_id")
    programme_id: Mapped[str] = mapped_column(ForeignKey("programme.id", ondelete="CASCADE"))


class Topic(Base):
    """A topic of the taxonomy. Codes are stable; a retired or merged topic keeps its row so old
    visits still point at it."""

    __tablename__ = "topic"

    id: Mapped[str] = mapped_column(String(ID_LENGTH), primary_key=True)
    code: Mapped[str] = mapped_column(String(40), unique=True)
    ptv_classes: Mapped[str] = mapped_column(String(200), default="")
    sort_order: Mapped[int] = mapped_column(Integer, default=0)
    retired_on: Mapped[dt.date | None] = mapped_column(Date)
    merged_into_id: Mapped[str | None] = mapped_column(ForeignKey("topic.id"))
    source: Mapped[str] = mapped_column(String(12), default=Source.LOCAL.value)
    created_at: Mapped[dt.datetime] = mapped_column(UtcDateTime, default=utcnow)

    texts: Mapped[list[TopicText]] = relationship(
        cascade="all, delete-orphan", passive_deletes=True
    )


class TopicText(TextRow, Base):
    __tablename__ = "topic_text"
    __table_args__ = _text_table_args("topic_id")
    topic_id: Mapped[str] = mapped_column(ForeignKey("topic.id", ondelete="CASCADE"))


class Service(Timestamped, Provenance, PtvSnapshot, Base):
    __tablename__ = "service"
    __table_args__ = (
        enum_check("status", ServiceStatus),
        CheckConstraint(
            "valid_to IS NULL OR valid_from IS NULL OR valid_to >= valid_from", name="valid_range"
        ),
    )

    id: Mapped[str] = mapped_column(String(ID_LENGTH), primary_key=True)
    code: Mapped[str] = mapped_column(String(40), unique=True)
    organisation_id: Mapped[str] = mapped_column(ForeignKey("organisation.id"), index=True)
    programme_id: Mapped[str | None] = mapped_column(ForeignKey("programme.id"), index=True)
    status: Mapped[str] = mapped_column(String(12), default=ServiceStatus.ACTIVE.value)
    valid_from: Mapped[dt.date | None] = mapped_column(Date)
    valid_to: Mapped[dt.date | None] = mapped_column(Date)
    checked_on: Mapped[dt.date | None] = mapped_column(Date)

    texts: Mapped[list[ServiceText]] = relationship(
        cascade="all, delete-orphan", passive_deletes=True
    )


class ServiceText(TextRow, Base):
    __tablename__ = "service_text"
    __table_args__ = _text_table_args("service_id")
    service_id: Mapped[str] = mapped_column(ForeignKey("service.id", ondelete="CASCADE"))


class ServiceTopic(Base):
    __tablename__ = "service_topic"
    service_id: Mapped[str] = mapped_column(
        ForeignKey("service.id", ondelete="CASCADE"), primary_key=True
    )
    topic_id: Mapped[str] = mapped_column(ForeignKey("topic.id"), primary_key=True, index=True)


class ServiceLanguage(Base):
    """A language the service is given in."""

    __tablename__ = "service_language"
    service_id: Mapped[str] = mapped_column(
        ForeignKey("service.id", ondelete="CASCADE"), primary_key=True
    )
    lang: Mapped[str] = mapped_column(String(12), primary_key=True)


class Address(Base):
    """A street address; coordinates in EPSG:3067 (ETRS-TM35FIN) as PTV gives them."""

    __tablename__ = "address"

    id: Mapped[str] = mapped_column(String(ID_LENGTH), primary_key=True)
    street: Mapped[str] = mapped_column(String(200))
    postal_code: Mapped[str | None] = mapped_column(String(10))
    post_office: Mapped[str | None] = mapped_column(String(100))
    country: Mapped[str] = mapped_column(String(2), default="FI")
    coord_north: Mapped[float | None] = mapped_column(Float)
    coord_east: Mapped[float | None] = mapped_column(Float)


class Channel(Timestamped, Provenance, PtvSnapshot, Base):
    """A PTV service channel: visiting place, phone, e-service, web page or printable form."""

    __tablename__ = "channel"
    __table_args__ = (enum_check("kind", ChannelKind),)

    id: Mapped[str] = mapped_column(String(ID_LENGTH), primary_key=True)
    code: Mapped[str] = mapped_column(String(40), unique=True)
    organisation_id: Mapped[str] = mapped_column(ForeignKey("organisation.id"), index=True)
    kind: Mapped[str] = mapped_column(String(20))
    address_id: Mapped[str | None] = mapped_column(ForeignKey("address.id"))
    room: Mapped[str | None] = mapped_column(String(200))
    phone: Mapped[str | None] = mapped_column(String(40))
    email: Mapped[str | None] = mapped_column(String(200))
    url: Mapped[str | None] = mapped_column(String(500))
    appointment_only: Mapped[bool] = mapped_column(Boolean, default=False)

    texts: Mapped[list[ChannelText]] = relationship(
        cascade="all, delete-orphan", passive_deletes=True
    )


class ChannelText(TextRow, Base):
    __tablename__ = "channel_text"
    __table_args__ = _text_table_args("channel_id")
    channel_id: Mapped[str] = mapped_column(ForeignKey("channel.id", ondelete="CASCADE"))


class ServiceChannel(Base):
    __tablename__ = "service_channel"
    service_id: Mapped[str] = mapped_column(
        ForeignKey("service.id", ondelete="CASCADE"), primary_key=True
    )
    channel_id: Mapped[str] = mapped_column(
        ForeignKey("channel.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    sort_order: Mapped[int] = mapped_column(Integer, default=0)


class RegularHours(Base):
    """One weekly opening period; ``closes <= opens`` means it runs over midnight."""

    __tablename__ = "regular_hours"
    __table_args__ = (CheckConstraint("weekday BETWEEN 0 AND 6", name="weekday_range"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    channel_id: Mapped[str] = mapped_column(
        ForeignKey("channel.id", ondelete="CASCADE"), index=True
    )
    weekday: Mapped[int] = mapped_column(Integer)
    opens: Mapped[dt.time] = mapped_column(Time)
    closes: Mapped[dt.time] = mapped_column(Time)
    valid_from: Mapped[dt.date | None] = mapped_column(Date)
    valid_to: Mapped[dt.date | None] = mapped_column(Date)


class ExceptionalHours(Base):
    """Exceptional hours or closed days over a date range (holidays, training days)."""

    __tablename__ = "exceptional_hours"
    __table_args__ = (
        CheckConstraint("date_to >= date_from", name="date_range"),
        CheckConstraint(
            "closed OR (opens IS NOT NULL AND closes IS NOT NULL)", name="open_needs_times"
        ),
    )

    id: Mapped[str] = mapped_column(String(ID_LENGTH), primary_key=True)
    channel_id: Mapped[str] = mapped_column(
        ForeignKey("channel.id", ondelete="CASCADE"), index=True
    )
    date_from: Mapped[dt.date] = mapped_column(Date)
    date_to: Mapped[dt.date] = mapped_column(Date)
    closed: Mapped[bool] = mapped_column(Boolean, default=True)
    opens: Mapped[dt.time | None] = mapped_column(Time)
    closes: Mapped[dt.time | None] = mapped_column(Time)

    texts: Mapped[list[ExceptionalHoursText]] = relationship(
        cascade="all, delete-orphan", passive_deletes=True
    )


class ExceptionalHoursText(TextRow, Base):
    __tablename__ = "exceptional_hours_text"
    __table_args__ = _text_table_args("exceptional_hours_id")
    exceptional_hours_id: Mapped[str] = mapped_column(
        ForeignKey("exceptional_hours.id", ondelete="CASCADE")
    )
