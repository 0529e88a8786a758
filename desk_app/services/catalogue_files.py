"""The catalogue's exchange jobs as the CLI and the admin window run them: on files.

One place turns a path into a job: the JSON export (written whole or not at all), the HSDS
package of one language, the JSON import and the PTV import, each first as a plan (what it would
add, change and retire) and then applied. Files are read with the limits for untrusted input
(``safe_json``): a file over 20 MB is refused before it is read. Every job needs
``Permission.EXCHANGE_CATALOGUE`` (an admin); the CLI runs them as ``Access.system()``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Protocol
from zoneinfo import ZoneInfo

from desk_app.domain.safe_json import read_untrusted_file
from desk_app.domain.staff import Permission
from desk_app.files import write_atomically
from desk_app.services.access import Access
from desk_app.services.unit_of_work import UnitOfWorkFactory

HELSINKI = ZoneInfo("Europe/Helsinki")


class Plan(Protocol):
    """What an import would do, or did: plain lines for a desk admin."""

    def report_lines(self) -> list[str]: ...


class CatalogueFiles:
    """The exchange jobs of one database (``uow_factory``)."""

    def __init__(
        self,
        uow_factory: UnitOfWorkFactory,
        today: Callable[[], dt.date] | None = None,
        *,
        access: Access | None = None,
    ) -> None:
        self._uow = uow_factory
        self._access = access or Access.system()
        self._today = today or (lambda: dt.datetime.now(HELSINKI).date())

    # -- export ---------------------------------------------------------------------------

    def export_json(self, path: Path) -> int:
        """The whole catalogue as our versioned JSON; returns the bytes written."""
        self._access.require(Permission.EXCHANGE_CATALOGUE)
        from desk_app.services.catalogue_exchange import export_json

        data = export_json(self._uow)
        write_atomically(path, data)
        return len(data)

    def export_hsds(self, lang: str, folder: Path) -> list[Path]:
        """An HSDS 3.1 tabular data package of the catalogue in ``lang`` into ``folder``."""
        self._access.require(Permission.EXCHANGE_CATALOGUE)
        from desk_app.services.catalogue_exchange import export_document
        from desk_app.services.hsds_export import export_hsds

        return export_hsds(export_document(self._uow), lang, folder, today=self._today())

    # -- our JSON -------------------------------------------------------------------------

    def plan_json_import(self, path: Path) -> Plan:
        self._access.require(Permission.EXCHANGE_CATALOGUE)
        from desk_app.services.catalogue_exchange import plan_import

        return plan_import(self._uow, read_untrusted_file(path))

    def apply_json_import(self, path: Path, *, overwrite_local: bool = False) -> Plan:
        self._access.require(Permission.EXCHANGE_CATALOGUE)
        from desk_app.services.catalogue_exchange import apply_import

        data = read_untrusted_file(path)
        session = self._access.session
        return apply_import(self._uow, data, overwrite_local=overwrite_local, session=session)

    # -- Suomi.fi PTV ---------------------------------------------------------------------

    def plan_ptv_import(self, path: Path) -> Plan:
        self._access.require(Permission.EXCHANGE_CATALOGUE)
        from desk_app.services.ptv_import import plan_ptv_import

        return plan_ptv_import(self._uow, read_untrusted_file(path))

    def apply_ptv_import(self, path: Path) -> Plan:
        self._access.require(Permission.EXCHANGE_CATALOGUE)
        from desk_app.services.ptv_import import import_ptv

        return import_ptv(self._uow, read_untrusted_file(path), session=self._access.session)
