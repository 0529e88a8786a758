"""The finder's list: a model over ``ServiceSummary`` DTOs and the proxy that filters it by words.

Each row shows the service name in the UI language with its actor on a second line. The proxy
keeps a row when every word typed appears somewhere in the service's texts in any language
(name, summary, keywords, actor, code), ignoring case; ranking and diacritic tolerance are
planned on top of this.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import (
    QAbstractListModel,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)

from desk_app.domain.catalogue import ServiceSummary
from desk_app.i18n import _, ui_language

ROOT = QModelIndex()

CODE_ROLE = Qt.ItemDataRole.UserRole + 1
"""The service code (str) of a row."""
SEARCH_TEXT_ROLE = Qt.ItemDataRole.UserRole + 2
"""Every text of the service in every language, case-folded, for the filter."""
NAME_ROLE = Qt.ItemDataRole.UserRole + 3
"""The service name alone in the UI language."""

Index = QModelIndex | QPersistentModelIndex


def search_text(service: ServiceSummary) -> str:
    parts = (
        service.code,
        service.name.all_text(),
        service.summary.all_text(),
        service.keywords.all_text(),
        service.organisation_name.all_text(),
    )
    return " ".join(parts).casefold()


class ServiceListModel(QAbstractListModel):
    """Read-only list of services; replace the whole list with ``set_services``."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._services: list[ServiceSummary] = []
        self._search: list[str] = []

    def set_services(self, services: Sequence[ServiceSummary]) -> None:
        self.beginResetModel()
        self._services = list(services)
        self._search = [search_text(s) for s in self._services]
        self.endResetModel()

    def service_at(self, row: int) -> ServiceSummary:
        return self._services[row]

    def find_service(self, code: str) -> ServiceSummary | None:
        return next((s for s in self._services if s.code == code), None)

    def rowCount(self, parent: Index = ROOT) -> int:
        return 0 if parent.isValid() else len(self._services)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._services):
            return None
        service = self._services[index.row()]
        lang = ui_language()
        if role == Qt.ItemDataRole.DisplayRole:
            name = service.name.text(lang)
            actor = service.organisation_name.text(lang)
            return f"{name}\n{actor}" if actor else name
        if role == Qt.ItemDataRole.ToolTipRole:
            return service.summary.text(lang) or None
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return _("{name}, {actor}").format(
                name=service.name.text(lang), actor=service.organisation_name.text(lang)
            )
        if role == CODE_ROLE:
            return service.code
        if role == NAME_ROLE:
            return service.name.text(lang)
        if role == SEARCH_TEXT_ROLE:
            return self._search[index.row()]
        return None

    def roleNames(self) -> dict[int, bytes]:
        names = dict(super().roleNames())
        names[CODE_ROLE] = b"code"
        names[NAME_ROLE] = b"name"
        names[SEARCH_TEXT_ROLE] = b"searchText"
        return names


class ServiceFilterProxyModel(QSortFilterProxyModel):
    """Keeps the rows whose search text contains every word of the query; sorts by name."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._words: tuple[str, ...] = ()
        self.setSortRole(NAME_ROLE)
        self.setSortCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.setSortLocaleAware(True)

    def set_query(self, query: str) -> None:
        words = tuple(query.casefold().split())
        if words == self._words:
            return
        self.beginFilterChange()
        self._words = words
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def query_words(self) -> tuple[str, ...]:
        return self._words

    def filterAcceptsRow(self, source_row: int, source_parent: Index) -> bool:
        if not self._words:
            return True
        index = self.sourceModel().index(source_row, 0, source_parent)
        haystack = index.data(SEARCH_TEXT_ROLE) or ""
        return all(word in haystack for word in self._words)
