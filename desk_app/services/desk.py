"""``DeskService``: the use cases bound to one database and workstation, for the UI and the CLI.

The UI holds exactly one of these (built by ``ui/app.py``) and never sees the database. Every
method opens its own unit of work, so it can be called from a worker thread as well.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from zoneinfo import ZoneInfo

from desk_app.domain.catalogue import ServiceDetail, ServiceSummary, Topic
from desk_app.domain.visit import VisitDraft, VisitRecord
from desk_app.services import catalogue, visits
from desk_app.services.dto import RecordedVisit
from desk_app.services.unit_of_work import UnitOfWorkFactory
from desk_app.settings import Settings


def _utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


class DeskService:
    def __init__(
        self,
        uow_factory: UnitOfWorkFactory,
        settings: Settings,
        clock: Callable[[], dt.datetime] = _utcnow,
    ) -> None:
        self._uow = uow_factory
        self.settings = settings
        self.tz = ZoneInfo(settings.timezone)
        self._clock = clock

    def now(self) -> dt.datetime:
        return self._clock()

    def today(self) -> dt.date:
        return self.now().astimezone(self.tz).date()

    def topics(self) -> list[Topic]:
        return catalogue.list_topics(self._uow)

    def services(self) -> list[ServiceSummary]:
        return catalogue.list_services(self._uow)

    def active_services(self) -> list[ServiceSummary]:
        today = self.today()
        return [s for s in self.services() if s.is_active(today)]

    def service(self, code: str) -> ServiceDetail:
        return catalogue.get_service(self._uow, code)

    def record_visit(self, draft: VisitDraft) -> RecordedVisit:
        return visits.record_visit(
            self._uow, draft, desk=self.settings.desk_name, now=self.now(), tz=self.tz
        )

    def delete_visit(self, visit_id: str) -> None:
        visits.delete_visit(self._uow, visit_id)

    def visits_today(self) -> list[VisitRecord]:
        return visits.visits_on(self._uow, self.today(), self.tz)
