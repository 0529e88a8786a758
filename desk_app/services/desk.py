"""``DeskService``: the use cases bound to one database and workstation, for the UI and the CLI.

The UI holds exactly one of these (built by ``ui/app.py``) and never sees the database. Every
method opens its own unit of work, so it can be called from a worker thread as well.

Every use case that reads or writes visits, follow-ups or handouts first asks ``Access`` for its
permission (``Permission.RECORD_VISIT``, ``PRINT``, ``WORK_FOLLOW_UPS``); nobody signed in (a
locked window) is refused. Reads of the public catalogue (topics, services, opening hours,
programmes) need no permission: it is public information, published on leaflets and in PTV, and
the finder refreshes "open now" on a timer even while the window is locked behind a screen that
shows none of it. The default access is ``Access.system()`` (the CLI, benchmarks and tests).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import logging
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from babel import Locale, UnknownLocaleError

from desk_app.domain.catalogue import Programme, ServiceDetail, ServiceSummary, Topic
from desk_app.domain.codes import ReferralStatus
from desk_app.domain.followup import ContactDetails, FollowUp, FollowUpRequest
from desk_app.domain.staff import Permission, StaffSession
from desk_app.domain.text_input import clean_text
from desk_app.domain.visit import VisitDraft, VisitRecord
from desk_app.hours_text import babel_locale
from desk_app.i18n import _, ui_language
from desk_app.services import catalogue, followups, handouts, visits
from desk_app.services.access import Access
from desk_app.services.dto import RecordedVisit
from desk_app.services.unit_of_work import UnitOfWorkFactory
from desk_app.settings import Settings, clean_sticky_defaults, save_settings

if TYPE_CHECKING:
    from desk_app.handouts.documents import SheetHeader

log = logging.getLogger(__name__)


def _utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


class DeskService:
    def __init__(
        self,
        uow_factory: UnitOfWorkFactory,
        settings: Settings,
        clock: Callable[[], dt.datetime] = _utcnow,
        settings_path: Path | None = None,
        *,
        access: Access | None = None,
    ) -> None:
        self._uow = uow_factory
        self._access = access or Access.system()
        self.settings = settings
        self.tz = ZoneInfo(settings.timezone)
        self._clock = clock
        self._settings_path = settings_path  # None: preference changes live in memory only

    @property
    def access(self) -> Access:
        return self._access

    def now(self) -> dt.datetime:
        return self._clock()

    def _staff(self) -> StaffSession | None:
        """Who is signed in, for the audit rows of personal data (None: nobody)."""
        return self._access.session

    def today(self) -> dt.date:
        return self.now().astimezone(self.tz).date()

    def local_now(self) -> dt.datetime:
        """The desk's wall-clock time (aware, in ``tz``): what opening hours are read against."""
        return self.now().astimezone(self.tz)

    def topics(self, include_retired: bool = False) -> list[Topic]:
        """The topics in use; with ``include_retired`` also retired and merged ones (old visits
        still name them)."""
        return catalogue.list_topics(self._uow, include_retired=include_retired)

    def services(self) -> list[ServiceSummary]:
        return catalogue.list_services(self._uow)

    def active_services(self) -> list[ServiceSummary]:
        today = self.today()
        return [s for s in self.services() if s.is_active(today)]

    def open_now(self, at: dt.datetime | None = None) -> frozenset[str]:
        """Codes of the services with a visiting place or phone line open now (or ``at``), read
        in the desk's time zone (Europe/Helsinki)."""
        moment = self.now() if at is None else at
        return catalogue.open_service_codes(self._uow, moment.astimezone(self.tz))

    def service(self, code: str) -> ServiceDetail:
        return catalogue.get_service(self._uow, code)

    def programmes(self) -> list[Programme]:
        """Programmes running today, for attributing a visit (ended projects are left out)."""
        today = self.today()
        with self._uow() as uow:
            every = uow.catalogue.programmes()
        return [p for p in every if p.is_active(today)]

    # -- workstation preferences ---------------------------------------------------------------

    def sticky_defaults(self) -> dict[str, str]:
        """The intake choices this workstation keeps between visits (``STICKY_FIELDS``)."""
        self._access.require(Permission.RECORD_VISIT)
        return dict(self.settings.sticky_defaults)

    def save_sticky_defaults(self, values: Mapping[str, str]) -> None:
        """Remember the intake choices; writes ``settings.json`` only when they changed."""
        self._access.require(Permission.RECORD_VISIT)
        cleaned = clean_sticky_defaults(dict(values))
        if cleaned == self.settings.sticky_defaults:
            return
        self._remember(dataclasses.replace(self.settings, sticky_defaults=cleaned))

    def save_stale_after_months(self, months: int) -> None:
        """The staleness report's "not checked in N months", as last chosen on its page."""
        self._access.require(Permission.EDIT_CATALOGUE)
        if months != self.settings.stale_after_months:
            updated = dataclasses.replace(self.settings, stale_after_months=months)
            self._remember(updated.validated())

    def replace_settings(self, updated: Settings) -> None:
        """An administrator's change of the settings (``SettingsAdmin``, which checks the
        permission and audits it): kept in memory and written to the file, raising ``OSError``
        when the file cannot be written (an admin's configuration must not be silently lost)."""
        self._access.require(Permission.EDIT_SETTINGS)
        updated.validated()
        if self._settings_path is not None:
            save_settings(self._settings_path, updated)
        self.settings = updated

    def _remember(self, updated: Settings) -> None:
        self.settings = updated
        if self._settings_path is not None:
            try:
                save_settings(self._settings_path, updated)
            except OSError as exc:
                # A remembered preference is a convenience: nothing of the desk's work is lost.
                log.warning("could not save the settings: %s", exc)

    def record_visit(
        self, draft: VisitDraft, follow_ups: Sequence[FollowUpRequest] = ()
    ) -> RecordedVisit:
        self._access.require(Permission.RECORD_VISIT)
        return visits.record_visit(
            self._uow,
            draft,
            desk=self.settings.desk_name,
            now=self.now(),
            tz=self.tz,
            follow_ups=follow_ups,
            session=self._staff(),
        )

    # -- handouts ------------------------------------------------------------------------------

    def sheet_header(self) -> SheetHeader:
        """The desk's own details printed at the top of every handout (from settings)."""
        from desk_app.handouts.documents import SheetHeader

        s = self.settings
        return SheetHeader(s.pointti_name, s.pointti_address, s.pointti_phone, s.pointti_hours)

    def handout_languages(self) -> tuple[str, ...]:
        return handouts.handout_languages()

    def handout_language_name(self, code: str) -> str:
        """A handout language's name in the UI language ("Plain Finnish", "ukraina", …)."""
        if code == handouts.PLAIN_FINNISH:
            return _("Plain Finnish")
        try:
            name = Locale.parse(code).get_language_name(babel_locale(ui_language()))
        except (ValueError, UnknownLocaleError):
            return code
        return name or code

    def referral_sheet_pdf(self, codes: Sequence[str], lang: str, note: str = "") -> bytes:
        self._access.require(Permission.PRINT)
        return handouts.referral_sheet(
            self._uow, codes, lang=lang, now=self.now(), header=self.sheet_header(), note=note
        )

    def leaflet_pdf(self, code: str, lang: str) -> bytes:
        self._access.require(Permission.PRINT)
        return handouts.leaflet(
            self._uow, code, lang=lang, now=self.now(), header=self.sheet_header()
        )

    def booklet_pdf(self, lang: str) -> bytes:
        self._access.require(Permission.PRINT)
        return handouts.booklet(
            self._uow, lang=lang, now=self.now(), tz=self.tz, header=self.sheet_header()
        )

    def record_handouts(self, visit_id: str, codes: Sequence[str], lang: str) -> None:
        self._access.require(Permission.PRINT)
        handouts.record_handouts(self._uow, visit_id, codes, lang=lang, now=self.now())

    def handouts_of(self, visit_id: str) -> list[tuple[str, str, str]]:
        """(service code, kind, language) of the handouts recorded on a visit."""
        self._access.require(Permission.RECORD_VISIT)
        with self._uow() as uow:
            return uow.visits.handouts_of(visit_id)

    # -- follow-ups ----------------------------------------------------------------------------

    def follow_ups(self, include_closed: bool = False) -> list[FollowUp]:
        self._access.require(Permission.WORK_FOLLOW_UPS)
        return followups.list_follow_ups(self._uow, self.today(), include_closed)

    def follow_up_contact(self, referral_id: str) -> ContactDetails | None:
        self._access.require(Permission.WORK_FOLLOW_UPS)
        return followups.contact_for(self._uow, referral_id, session=self._staff())

    def set_follow_up_status(
        self, referral_id: str, status: ReferralStatus, note: str = "", delete_contact: bool = False
    ) -> bool:
        self._access.require(Permission.WORK_FOLLOW_UPS)
        return followups.set_follow_up_status(
            self._uow,
            referral_id,
            status,
            clean_text(note, "note", multiline=True),
            delete_contact=delete_contact,
            now=self.now(),
            session=self._staff(),
        )

    def default_follow_up_due(self) -> dt.date:
        return self.today() + dt.timedelta(days=self.settings.follow_up_days)

    def default_contact_expiry(self) -> dt.date:
        return self.today() + dt.timedelta(days=self.settings.contact_expiry_days)

    def visit_draft(self, visit_id: str) -> VisitDraft:
        """A stored visit as a draft, to correct it in the intake form."""
        self._access.require(Permission.RECORD_VISIT)
        return visits.visit_draft(self._uow, visit_id)

    def update_visit(
        self, visit_id: str, draft: VisitDraft, follow_ups: Sequence[FollowUpRequest] = ()
    ) -> RecordedVisit:
        self._access.require(Permission.RECORD_VISIT)
        return visits.update_visit(
            self._uow,
            visit_id,
            draft,
            now=self.now(),
            tz=self.tz,
            follow_ups=follow_ups,
            session=self._staff(),
        )

    def delete_visit(self, visit_id: str) -> None:
        self._access.require(Permission.RECORD_VISIT)
        visits.delete_visit(self._uow, visit_id, session=self._staff())

    def visits_today(self) -> list[VisitRecord]:
        self._access.require(Permission.RECORD_VISIT)
        return visits.visits_on(self._uow, self.today(), self.tz)
