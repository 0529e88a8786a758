"""Catalogue use cases: list topics and services, show one service, load the example catalogue."""

from __future__ import annotations

import datetime as dt
import logging
from pathlib import Path

from desk_app.domain.catalogue import ServiceDetail, ServiceSummary, Topic
from desk_app.domain.catalogue_document import parse_document
from desk_app.domain.errors import NotFoundError, SeedError, UntrustedInputError
from desk_app.domain.hours import StatusKind, opening_status
from desk_app.domain.safe_json import loads_untrusted, read_untrusted_file
from desk_app.i18n import _
from desk_app.services.dto import SeedResult
from desk_app.services.unit_of_work import UnitOfWorkFactory

log = logging.getLogger(__name__)


def list_topics(uow_factory: UnitOfWorkFactory, *, include_retired: bool = False) -> list[Topic]:
    with uow_factory() as uow:
        return uow.catalogue.topics(include_retired=include_retired)


def list_services(uow_factory: UnitOfWorkFactory) -> list[ServiceSummary]:
    """Every service, ended and draft ones included; callers filter with ``is_active``."""
    with uow_factory() as uow:
        return uow.catalogue.service_summaries()


def open_service_codes(uow_factory: UnitOfWorkFactory, local_now: dt.datetime) -> frozenset[str]:
    """Codes of the services with a visiting place or phone line open at ``local_now`` (the
    desk's wall-clock time), by the same opening-hours rules as the service card."""
    with uow_factory() as uow:
        channels = uow.catalogue.staffed_channels_by_service()
    return frozenset(
        code
        for code, found in channels.items()
        if any(opening_status(c, local_now).kind is StatusKind.OPEN for c in found)
    )


def get_service(uow_factory: UnitOfWorkFactory, code: str) -> ServiceDetail:
    with uow_factory() as uow:
        detail = uow.catalogue.service_detail(code)
    if detail is None:
        raise NotFoundError(_("No service with the code {code}.").format(code=code))
    return detail


def read_document_file(path: Path) -> object:
    """Decode a catalogue JSON file with the limits for untrusted input (``safe_json``)."""
    try:
        return loads_untrusted(read_untrusted_file(path))
    except UntrustedInputError as exc:
        raise SeedError(f"{path}: {exc}") from exc


def load_example_catalogue(uow_factory: UnitOfWorkFactory, path: Path) -> SeedResult:
    """Load the example catalogue into an empty catalogue; do nothing if there is one already.

    The emptiness check and the inserts share one ``BEGIN IMMEDIATE`` transaction, so two app
    instances starting together cannot both load it.
    """
    with uow_factory() as uow:
        if not uow.catalogue.is_empty():
            return SeedResult(False, {})
    document = parse_document(read_document_file(path))
    with uow_factory(write=True) as uow:
        if not uow.catalogue.is_empty():
            return SeedResult(False, {})
        counts = uow.catalogue.insert_document(document)
        uow.commit()
    log.info("example catalogue loaded from %s: %s", path, counts)
    return SeedResult(True, counts)
