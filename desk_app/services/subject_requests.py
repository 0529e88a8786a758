"""Data subject requests: find a person's records, export everything about them, erase.

A person may ask what the desk stores about them, and to have it erased (GDPR articles 15 and
17). The only personal data the desk keeps are the contact records a visitor agreed to leave for
a follow-up, so an admin finds those by name (without case or diacritics), phone (by its digits:
"040 123 4567", "+358 40 1234567" and "0401234567" are one number) or email (without case).
A match shows only what is needed to pick the right person. The export holds every stored value
of the chosen records, their referral, and the dates and purposes of each access from the audit
trail (never who acted). Erasing deletes the records and their referrals' free-text notes in one
transaction; the anonymous visit and every count stay. Each of the three is audited, the search
without its query text (the query itself is personal data).
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import asdict, dataclass, field
from typing import Any, Protocol
from zoneinfo import ZoneInfo

from desk_app.domain.errors import NotFoundError
from desk_app.domain.search import fold
from desk_app.domain.staff import Permission
from desk_app.i18n import _, ui_language
from desk_app.services.access import Access
from desk_app.services.audit import CONTACT, record
from desk_app.services.unit_of_work import UnitOfWorkFactory

log = logging.getLogger(__name__)

DEFAULT_TZ = "Europe/Helsinki"  # the settings' default; dates are shown in the desk's zone

ACTION_SEARCH = "contact.search"
ACTION_EXPORT = "contact.export"
ACTION_ERASE = "contact.erase"
MIN_PHONE_DIGITS = 5
"""Fewer digits than this are not searched as a phone number (a house number, a year)."""

ContactIndexRow = tuple[str, str, str | None, str | None, str | None, dt.datetime, dt.datetime]


class SubjectRepo(Protocol):
    """What these use cases need of the database (``desk_app.db``'s implementation)."""

    def contact_index(self) -> list[ContactIndexRow]: ...
    def records(self, record_ids: Sequence[str]) -> list[dict[str, Any]]: ...
    def access_rows(self, record_ids: Sequence[str]) -> list[dict[str, Any]]: ...
    def erase(self, record_ids: Sequence[str]) -> list[str]: ...


# --- matching -----------------------------------------------------------------------------


def phone_digits(text: str) -> str:
    """A phone number as its national digits: "+358 40 123 4567" and "040-1234567" are both
    "0401234567"."""
    digits = re.sub(r"\D", "", text)
    if text.strip().startswith("+358") or digits.startswith("00358"):
        digits = "0" + digits.removeprefix("00").removeprefix("358")
    return digits


def _looks_like_phone(query: str) -> bool:
    return bool(re.fullmatch(r"\+?[\d ()./-]+", query)) and (
        len(re.sub(r"\D", "", query)) >= MIN_PHONE_DIGITS
    )


def matched_fields(query: str, name: str, phone: str, email: str) -> tuple[str, ...]:
    """Which of the record's fields the query finds ("name", "phone", "email")."""
    query = query.strip()
    if not query:
        return ()
    found: list[str] = []
    words = fold(query).split()
    folded_name = fold(name)
    if name and words and all(word in folded_name for word in words):
        found.append("name")
    if phone and _looks_like_phone(query):
        wanted = phone_digits(query)
        stored = phone_digits(phone)
        if wanted == stored or wanted in stored:
            found.append("phone")
    if email and "@" in query and query.casefold() in email.casefold():
        found.append("email")
    return tuple(found)


def _mask_phone(phone: str) -> str:
    """Only the last three digits: enough to tell two numbers apart."""
    digits = re.sub(r"\D", "", phone)
    return "…" + digits[-3:] if digits else ""


def _mask_email(email: str) -> str:
    local, _at, domain = email.partition("@")
    return f"{local[:1]}…@{domain}" if domain else "…"


# --- what the use cases return -------------------------------------------------------------


@dataclass(frozen=True)
class SubjectMatch:
    """One contact record a search found, with the minimum shown to pick the right person."""

    record_id: str
    name: str
    phone_hint: str  # "…567"
    email_hint: str  # "m…@example.fi"
    agreed_on: dt.date
    expires_on: dt.date
    matched_on: tuple[str, ...]  # "name", "phone", "email"


@dataclass(frozen=True)
class ExportedRecord:
    """One contact record and everything stored with it."""

    record_id: str
    name: str
    phone: str
    email: str
    purpose: str
    agreed_at: dt.datetime
    expires_at: dt.datetime
    service_code: str
    service_name: str
    visit_day: dt.date
    referred_at: dt.datetime
    follow_up_due: dt.date | None
    status: str
    status_changed_at: dt.datetime | None
    follow_up_note: str


@dataclass(frozen=True)
class AccessEntry:
    """One access to the records from the audit trail: when and what for, never who."""

    at: dt.datetime
    action: str
    record_kind: str
    result: str


@dataclass(frozen=True)
class SubjectExport:
    """Everything stored about the chosen records, as JSON or a PDF in the UI language."""

    created_at: dt.datetime
    records: tuple[ExportedRecord, ...]
    access: tuple[AccessEntry, ...]
    lang: str = field(default_factory=ui_language)
    tz: str = DEFAULT_TZ  # the desk's time zone, for the dates the PDF shows

    def as_dict(self) -> dict[str, Any]:
        return {
            "format": "pointti-desk-subject-export",
            "version": 1,
            "created_at": self.created_at.isoformat(),
            "records": [_jsonable(asdict(r)) for r in self.records],
            "access_history": [_jsonable(asdict(a)) for a in self.access],
        }

    def json_bytes(self) -> bytes:
        return json.dumps(self.as_dict(), ensure_ascii=False, indent=2).encode("utf-8")

    def pdf_bytes(self) -> bytes:
        from desk_app.services.subject_export import subject_export_pdf

        return subject_export_pdf(self)


def _jsonable(values: Mapping[str, Any]) -> dict[str, Any]:
    return {
        key: value.isoformat() if isinstance(value, dt.date) else value
        for key, value in values.items()
    }


def _aware(moment: dt.datetime) -> dt.datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)


# --- the use cases ------------------------------------------------------------------------


def _utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


class SubjectRequests:
    def __init__(
        self,
        uow_factory: UnitOfWorkFactory,
        access: Access,
        clock: Callable[[], dt.datetime] = _utcnow,
        tz: str = DEFAULT_TZ,
    ) -> None:
        self._uow = uow_factory
        self._access = access
        self._clock = clock
        self._tz = tz

    def find(self, query: str) -> list[SubjectMatch]:
        """Contact records whose name, phone or email the query finds. The search is audited
        (one row per record shown, or one without a record when none matched); the query text
        is never stored."""
        session = self._access.require(Permission.SUBJECT_REQUESTS)
        query = query.strip()
        if not query:
            return []
        with self._uow(write=True) as uow:
            matches = []
            referrals: dict[str, str] = {}
            for row in uow.subjects.contact_index():
                record_id, referral_id, name, phone, email, agreed, expires = row
                fields = matched_fields(query, name or "", phone or "", email or "")
                if fields:
                    referrals[record_id] = referral_id
                    matches.append(
                        SubjectMatch(
                            record_id=record_id,
                            name=name or "",
                            phone_hint=_mask_phone(phone or ""),
                            email_hint=_mask_email(email) if email else "",
                            agreed_on=agreed.date(),
                            expires_on=expires.date(),
                            matched_on=fields,
                        )
                    )
            shown: list[str | None] = [referrals[m.record_id] for m in matches] or [None]
            for shown_id in shown:
                record(uow, session, ACTION_SEARCH, CONTACT, shown_id)
            uow.commit()
        return matches

    def export(self, record_ids: Sequence[str]) -> SubjectExport:
        """Everything stored about these records, with the dates and purposes of each access
        (this export is audited before the history is read, so it is listed too)."""
        session = self._access.require(Permission.SUBJECT_REQUESTS)
        ids = list(dict.fromkeys(record_ids))
        lang = ui_language()
        with self._uow(write=True) as uow:
            rows = uow.subjects.records(ids)
            if not rows:
                raise NotFoundError(_("These contact details no longer exist."))
            for row in rows:
                record(uow, session, ACTION_EXPORT, CONTACT, row["referral_id"])
            about = [row["id"] for row in rows] + [row["referral_id"] for row in rows]
            history = uow.subjects.access_rows(about)
            uow.commit()
        records = tuple(
            ExportedRecord(
                record_id=row["id"],
                name=row["name"] or "",
                phone=row["phone"] or "",
                email=row["email"] or "",
                purpose=row["purpose"],
                agreed_at=_aware(row["agreed_at"]),
                expires_at=_aware(row["expires_at"]),
                service_code=row["service_code"],
                service_name=_service_name(row["service_name"], lang) or row["service_code"],
                visit_day=_aware(row["visit_day"]).astimezone(ZoneInfo(self._tz)).date(),
                referred_at=_aware(row["referred_at"]),
                follow_up_due=row["follow_up_due"],
                status=row["status"],
                status_changed_at=(
                    _aware(row["status_changed_at"]) if row["status_changed_at"] else None
                ),
                follow_up_note=row["status_note"] or "",
            )
            for row in rows
        )
        access = tuple(
            AccessEntry(
                at=_aware(entry["at"]),
                action=str(entry["action"]),
                record_kind=str(entry["record_kind"]),
                result=str(entry.get("result") or ""),
            )
            for entry in history
        )
        return SubjectExport(self._clock(), records, access, lang, self._tz)

    def erase(self, record_ids: Sequence[str]) -> int:
        """Delete these contact records and their referrals' notes in one transaction; the
        visit, the referral and every count stay. Returns how many records were deleted."""
        session = self._access.require(Permission.SUBJECT_REQUESTS)
        ids = list(dict.fromkeys(record_ids))
        if not ids:
            return 0
        with self._uow(write=True) as uow:
            referral_ids = uow.subjects.erase(ids)
            for referral_id in referral_ids:
                record(uow, session, ACTION_ERASE, CONTACT, referral_id)
            uow.commit()
        deleted = len(referral_ids)
        log.info("subject request: %d contact record(s) erased", deleted)
        return deleted


def _service_name(names: Mapping[str, str], lang: str) -> str:
    for candidate in (lang, "en", "fi", *names):
        if names.get(candidate):
            return names[candidate]
    return ""
