"""Handout use cases: the referral sheet, a service leaflet and the catalogue booklet as PDF bytes,
and the record of what was given to a visitor (service, language) for statistics.

The documents themselves are built by ``desk_app.handouts`` from the catalogue's read models.
It is imported on first use: reportlab is only needed when something is printed, and the desk
starts faster without it.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Sequence
from typing import TYPE_CHECKING

from desk_app.domain.catalogue import ServiceDetail
from desk_app.domain.errors import NotFoundError, ValidationError
from desk_app.i18n import _
from desk_app.services.unit_of_work import UnitOfWork, UnitOfWorkFactory

if TYPE_CHECKING:
    from desk_app.handouts.documents import SheetHeader

log = logging.getLogger(__name__)

PLAIN_FINNISH = "selko"
"""Plain Finnish (selkosuomi); "fi-x-plain" (its BCP 47 tag, as the UI names it) is accepted too."""
_ALIASES = {"fi-x-plain": PLAIN_FINNISH, "selkosuomi": PLAIN_FINNISH}

REFERRAL_SHEET = "referral_sheet"
LEAFLET = "leaflet"
BOOKLET = "booklet"


def handout_languages() -> tuple[str, ...]:
    from desk_app.handouts.documents import HANDOUT_LANGUAGES

    return HANDOUT_LANGUAGES


def check_language(lang: str) -> str:
    """``lang`` (aliases resolved) if handouts can be printed in it; else a ValidationError that
    names it."""
    lang = _ALIASES.get(lang.strip().lower(), lang.strip())
    languages = handout_languages()
    if lang not in languages:
        raise ValidationError(
            _("Handouts cannot be printed in {lang}; choose one of: {languages}.").format(
                lang=lang or "''", languages=", ".join(languages)
            ),
            field="lang",
        )
    return lang


def _details(uow: UnitOfWork, codes: Sequence[str]) -> list[ServiceDetail]:
    """The services of ``codes`` in that order; unknown codes are named, all at once."""
    wanted = list(dict.fromkeys(code.strip() for code in codes if code.strip()))
    if not wanted:
        raise ValidationError(_("Name at least one service."), field="services")
    found = uow.catalogue.service_details(wanted)
    missing = [code for code in wanted if code not in found]
    if missing:
        raise NotFoundError(_("No service with the code {code}.").format(code=", ".join(missing)))
    return [found[code] for code in wanted]


def referral_sheet(
    uow_factory: UnitOfWorkFactory,
    codes: Sequence[str],
    *,
    lang: str,
    now: dt.datetime,
    header: SheetHeader,
    note: str = "",
) -> bytes:
    """The referral sheet for the services ``codes`` in the visitor's language ``lang``."""
    from desk_app.handouts.documents import referral_sheet as build

    lang = check_language(lang)
    with uow_factory() as uow:
        details = _details(uow, codes)
    return build(details, lang=lang, now=now, header=header, note=note.strip())


def leaflet(
    uow_factory: UnitOfWorkFactory,
    code: str,
    *,
    lang: str,
    now: dt.datetime,
    header: SheetHeader,
) -> bytes:
    """A one-page leaflet of one service."""
    from desk_app.handouts.documents import service_leaflet

    lang = check_language(lang)
    with uow_factory() as uow:
        (detail,) = _details(uow, [code])
    return service_leaflet(detail, lang=lang, now=now, header=header)


def booklet(
    uow_factory: UnitOfWorkFactory,
    *,
    lang: str,
    now: dt.datetime,
    tz: dt.tzinfo,
    header: SheetHeader,
) -> bytes:
    """Every active service, grouped by topic (a service with several topics is under each), with
    contents and an index: the printed binder at the desk."""
    from desk_app.handouts.documents import catalogue_booklet

    lang = check_language(lang)
    today = now.astimezone(tz).date()
    with uow_factory() as uow:
        topics = uow.catalogue.topics()
        active = [s for s in uow.catalogue.service_summaries() if s.is_active(today)]
        details = uow.catalogue.service_details(s.code for s in active)
    sections = []
    for topic in topics:
        members = [details[s.code] for s in active if topic.code in s.topic_codes]
        if members:
            sections.append((topic.label.text(lang), members))
    return catalogue_booklet(sections, lang=lang, now=now, header=header)


def record_handouts(
    uow_factory: UnitOfWorkFactory,
    visit_id: str,
    codes: Sequence[str],
    *,
    lang: str,
    now: dt.datetime,
    kind: str = REFERRAL_SHEET,
) -> None:
    """Note on the visit that a handout of ``kind`` was printed or saved for each service."""
    lang = check_language(lang)
    with uow_factory(write=True) as uow:
        ids = uow.catalogue.service_ids(codes)
        missing = [code for code in codes if code not in ids]
        if missing:
            raise NotFoundError(
                _("No service with the code {code}.").format(code=", ".join(missing))
            )
        if not uow.visits.add_handouts(
            visit_id, [ids[code] for code in codes], kind=kind, lang=lang, printed_at=now
        ):
            raise NotFoundError(_("The visit no longer exists."))
        uow.commit()
    log.info("%s in %s recorded on visit %s (%d service(s))", kind, lang, visit_id, len(codes))
