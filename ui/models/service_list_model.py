"""The finder's list: a model over ``ServiceSummary`` DTOs and the proxy that searches and ranks it.

``ServiceListModel`` holds every service the finder may show (ended ones too) and, built once
per catalogue refresh, the core's ``ServiceIndex`` over them with every text folded in advance.
``ServiceFilterProxyModel`` keeps the query, the visit's topics and the filters, asks the index
for the matching rows best first, and maps them onto the source rows. It is a plain
``QAbstractProxyModel`` rather than a ``QSortFilterProxyModel``: the ranking is done by the core in
one call, so a keystroke costs that call and one reset instead of a Python ``filterAcceptsRow``
per service and a Python ``lessThan`` per comparison.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from PySide6.QtCore import (
    QAbstractItemModel,
    QAbstractListModel,
    QAbstractProxyModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QRunnable,
    Qt,
    QThreadPool,
    Signal,
    Slot,
)

from desk_app.domain.catalogue import ServiceSummary
from desk_app.domain.search import (
    NO_FILTERS,
    Availability,
    FinderFilters,
    query_words,
)
from desk_app.domain.search_index import ServiceIndex
from desk_app.domain.texts import Texts
from desk_app.i18n import _, ui_language

log = logging.getLogger(__name__)

ROOT = QModelIndex()

CODE_ROLE = Qt.ItemDataRole.UserRole + 1
"""The service code (str) of a row."""
SEARCH_TEXT_ROLE = Qt.ItemDataRole.UserRole + 2
"""Every searchable text of the service in every language, folded as the matcher sees it."""
NAME_ROLE = Qt.ItemDataRole.UserRole + 3
"""The service name alone in the UI language."""
AVAILABILITY_ROLE = Qt.ItemDataRole.UserRole + 4
"""``Availability`` value (str): current, ended, upcoming or draft."""
OPEN_NOW_ROLE = Qt.ItemDataRole.UserRole + 5
"""Whether a visiting place or phone line of the service is open now (bool)."""

Index = QModelIndex | QPersistentModelIndex


def availability_mark(availability: str) -> str:
    """The mark after the name of a service that is not current ("" for current ones)."""
    if availability == Availability.ENDED:
        return _("(ended)")
    if availability == Availability.UPCOMING:
        return _("(not yet started)")
    return ""


class _IndexRelay(QObject):
    """Carries a finished index from the worker thread to the model's thread (queued)."""

    sig_built = Signal(int, object)  # generation, ServiceIndex or None after a failure


class _IndexBuild(QRunnable):
    """Builds a ``ServiceIndex`` (plain Python, no Qt) on a worker thread."""

    def __init__(self, generation: int, relay: _IndexRelay, args: tuple[Any, ...]) -> None:
        super().__init__()
        self._generation, self._relay, self._args = generation, relay, args

    def run(self) -> None:
        try:
            index: ServiceIndex | None = ServiceIndex(*self._args)
        except Exception:  # the old list stays; the log says why
            log.exception("building the finder's search index failed")
            index = None
        self._relay.sig_built.emit(self._generation, index)


class ServiceListModel(QAbstractListModel):
    """Read-only list of services; replace the whole list with ``set_services``.

    A big catalogue's index is built on a worker thread (a few seconds at ten thousand
    services); meanwhile the previous list stays searchable, ``is_preparing`` is true, and
    ``sig_services_replaced`` says when the new list is in place (at once for small ones).
    """

    ASYNC_FROM = 2000
    """From this many services on, the index is built on a worker thread."""

    sig_services_replaced = Signal()

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._services: list[ServiceSummary] = []
        self._rows: dict[str, int] = {}
        self._index = ServiceIndex((), {}, dt.date.today())
        self._open_codes: frozenset[str] = frozenset()
        self._generation = 0
        self._pending: list[ServiceSummary] | None = None
        self._relay = _IndexRelay(self)
        self._relay.sig_built.connect(self._on_index_built)
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(1)

    def set_services(
        self,
        services: Sequence[ServiceSummary],
        topic_labels: Mapping[str, Texts] | None = None,
        today: dt.date | None = None,
        open_now: Iterable[str] | None = None,
    ) -> None:
        """Show these services; ``today`` (the desk's date) decides which have ended, and
        ``open_now`` which are open (None keeps the previous answer)."""
        if open_now is not None:
            self._open_codes = frozenset(open_now)
        self._generation += 1
        services = list(services)
        args = (services, dict(topic_labels or {}), today or dt.date.today(), ui_language())
        if len(services) < self.ASYNC_FROM:
            self._pending = None
            self._replace(services, ServiceIndex(*args))
            return
        self._pending = services
        self._pool.start(_IndexBuild(self._generation, self._relay, args))

    def is_preparing(self) -> bool:
        """Whether a new list's index is still being built."""
        return self._pending is not None

    def pending_count(self) -> int:
        return len(self._pending or ())

    def wait_until_ready(self, timeout_ms: int = -1) -> bool:
        """Block until the worker is done (for the command line and tests)."""
        return self._pool.waitForDone(timeout_ms)

    @Slot(int, object)
    def _on_index_built(self, generation: int, index: ServiceIndex | None) -> None:
        if generation != self._generation or self._pending is None:
            return  # a newer list was asked for meanwhile
        services, self._pending = self._pending, None
        if index is None:
            self.sig_services_replaced.emit()  # the old list stays; stop saying "preparing"
            return
        self._replace(services, index)

    def _replace(self, services: list[ServiceSummary], index: ServiceIndex) -> None:
        self.beginResetModel()
        self._services = services
        self._rows = {s.code: row for row, s in enumerate(services)}
        self._index = index
        self._index.set_open_now(self._open_codes)
        self.endResetModel()
        self.sig_services_replaced.emit()

    def set_open_now(self, codes: Iterable[str]) -> None:
        """Which services are open now; rows whose flag changed announce it."""
        self._open_codes = frozenset(codes)
        before = [self._index.is_open_now(row) for row in range(len(self._services))]
        self._index.set_open_now(self._open_codes)
        changed = [
            row for row in range(len(self._services)) if self._index.is_open_now(row) != before[row]
        ]
        if changed:
            self.dataChanged.emit(
                self.index(min(changed), 0), self.index(max(changed), 0), [OPEN_NOW_ROLE]
            )

    def search_index(self) -> ServiceIndex:
        return self._index

    def service_at(self, row: int) -> ServiceSummary:
        return self._services[row]

    def find_service(self, code: str) -> ServiceSummary | None:
        row = self._rows.get(code)
        return self._services[row] if row is not None else None

    def current_count(self) -> int:
        """Services valid today (listed without "Show ended services")."""
        return sum(1 for a in self._index.availability if a is Availability.CURRENT)

    def organisations(self) -> list[tuple[str, Texts]]:
        """(code, name) of every actor with a service in the list, once each."""
        seen: dict[str, Texts] = {}
        for service in self._services:
            seen.setdefault(service.organisation_code, service.organisation_name)
        return list(seen.items())

    def rowCount(self, parent: Index = ROOT) -> int:
        return 0 if parent.isValid() else len(self._services)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._services):
            return None
        row = index.row()
        service = self._services[row]
        lang = ui_language()
        if role == Qt.ItemDataRole.DisplayRole:
            name = self._marked_name(row, lang)
            actor = service.organisation_name.text(lang)
            return f"{name}\n{actor}" if actor else name
        if role == Qt.ItemDataRole.ToolTipRole:
            return service.summary.text(lang) or None
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return _("{name}, {actor}").format(
                name=self._marked_name(row, lang), actor=service.organisation_name.text(lang)
            )
        if role == CODE_ROLE:
            return service.code
        if role == NAME_ROLE:
            return service.name.text(lang)
        if role == AVAILABILITY_ROLE:
            return self._index.availability[row].value
        if role == OPEN_NOW_ROLE:
            return self._index.is_open_now(row)
        if role == SEARCH_TEXT_ROLE:
            return self._index.searchable_text(row)
        return None

    def _marked_name(self, row: int, lang: str) -> str:
        name = self._services[row].name.text(lang)
        mark = availability_mark(self._index.availability[row].value)
        return f"{name} {mark}" if mark else name

    def roleNames(self) -> dict[int, bytes]:
        names = dict(super().roleNames())
        names[CODE_ROLE] = b"code"
        names[NAME_ROLE] = b"name"
        names[SEARCH_TEXT_ROLE] = b"searchText"
        names[AVAILABILITY_ROLE] = b"availability"
        names[OPEN_NOW_ROLE] = b"openNow"
        return names


class ServiceFilterProxyModel(QAbstractProxyModel):
    """The services that match the query and the filters, ranked by the core's ``ServiceIndex``.

    The source must be a ``ServiceListModel``; it only ever resets or changes data, and either
    makes this proxy search again.
    """

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._query = ""
        self._words: tuple[str, ...] = ()
        self._topics: tuple[str, ...] = ()
        self._filters = NO_FILTERS
        self._rows: list[int] = []
        self._proxy_rows: dict[int, int] | None = None  # source row → proxy row, built on demand

    # --- what to show -------------------------------------------------------------------------

    def set_query(self, query: str) -> None:
        if query == self._query:
            return
        self._query = query
        words = query_words(query)
        if words != self._words:
            self._words = words
            self._search()

    def query_words(self) -> tuple[str, ...]:
        return self._words

    def set_topics(self, codes: Iterable[str]) -> None:
        topics = tuple(codes)
        if topics != self._topics:
            self._topics = topics
            self._search()

    def topics(self) -> tuple[str, ...]:
        return self._topics

    def set_filters(self, filters: FinderFilters) -> None:
        if filters != self._filters:
            self._filters = filters
            self._search()

    def filters(self) -> FinderFilters:
        return self._filters

    def _service_model(self) -> ServiceListModel | None:
        source = self.sourceModel()
        return source if isinstance(source, ServiceListModel) else None

    def _ranked_rows(self) -> list[int]:
        source = self._service_model()
        if source is None:
            return []
        return source.search_index().search(self._query, self._topics, self._filters)

    def _search(self) -> None:
        self.beginResetModel()
        self._rows = self._ranked_rows()
        self._proxy_rows = None
        self.endResetModel()

    # --- source -------------------------------------------------------------------------------

    def setSourceModel(self, source: QAbstractItemModel) -> None:
        old = self.sourceModel()
        if old is not None:
            old.modelAboutToBeReset.disconnect(self._on_source_about_to_be_reset)
            old.modelReset.disconnect(self._on_source_reset)
            old.dataChanged.disconnect(self._on_source_data_changed)
        self.beginResetModel()
        super().setSourceModel(source)
        if source is not None:
            source.modelAboutToBeReset.connect(self._on_source_about_to_be_reset)
            source.modelReset.connect(self._on_source_reset)
            source.dataChanged.connect(self._on_source_data_changed)
        self._rows = self._ranked_rows()
        self._proxy_rows = None
        self.endResetModel()

    @Slot()
    def _on_source_about_to_be_reset(self) -> None:
        self.beginResetModel()

    @Slot()
    def _on_source_reset(self) -> None:
        self._rows = self._ranked_rows()
        self._proxy_rows = None
        self.endResetModel()

    @Slot()
    def _on_source_data_changed(self, *_args: Any) -> None:
        # Only "open now" changes in place, and it can change the order and the open-now filter.
        self._search()

    # --- QAbstractProxyModel ------------------------------------------------------------------

    def index(self, row: int, column: int = 0, parent: Index = ROOT) -> QModelIndex:
        if parent.isValid() or column != 0 or not 0 <= row < len(self._rows):
            return QModelIndex()
        return self.createIndex(row, column)

    def parent(self, child: Index | None = None) -> Any:
        # Overriding parent(index) hides QObject.parent(); without an index, answer that one.
        if child is None:
            return QObject.parent(self)
        return QModelIndex()

    def sibling(self, row: int, column: int, index: Index) -> QModelIndex:
        return self.index(row, column)

    def rowCount(self, parent: Index = ROOT) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = ROOT) -> int:
        return 0 if parent.isValid() else 1

    def hasChildren(self, parent: Index = ROOT) -> bool:
        return not parent.isValid() and bool(self._rows)

    def mapToSource(self, proxy_index: Index) -> QModelIndex:
        source = self.sourceModel()
        if source is None or not proxy_index.isValid():
            return QModelIndex()
        row = proxy_index.row()
        if not 0 <= row < len(self._rows):
            return QModelIndex()
        return source.index(self._rows[row], 0)

    def mapFromSource(self, source_index: Index) -> QModelIndex:
        if not source_index.isValid():
            return QModelIndex()
        if self._proxy_rows is None:
            self._proxy_rows = {source: proxy for proxy, source in enumerate(self._rows)}
        row = self._proxy_rows.get(source_index.row())
        return QModelIndex() if row is None else self.createIndex(row, 0)
