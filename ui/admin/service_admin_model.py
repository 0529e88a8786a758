"""The admin's list of services: every one, drafts, retired and ended ones included, with a
filter by words (code and names in every language, diacritics optional) and by state.

The finder's model hides what the desk should not refer to; the admin must see it all, and see
at a glance which state each service is in, so the state is a column of its own.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from enum import StrEnum
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)

from desk_app.domain.catalogue import ServiceSummary
from desk_app.domain.codes import ServiceStatus
from desk_app.domain.search import fold
from desk_app.i18n import N_, _, ui_language

ROOT = QModelIndex()
Index = QModelIndex | QPersistentModelIndex
CODE_ROLE = Qt.ItemDataRole.UserRole + 1
STATE_ROLE = Qt.ItemDataRole.UserRole + 2
SEARCH_ROLE = Qt.ItemDataRole.UserRole + 3


class State(StrEnum):
    """What the admin filters by: the editorial status, and "ended" from the dates."""

    ACTIVE = "active"
    UPCOMING = "upcoming"
    ENDED = "ended"
    DRAFT = "draft"
    RETIRED = "retired"


STATE_LABELS = {
    State.ACTIVE: N_("Active"),
    State.UPCOMING: N_("Not yet started"),
    State.ENDED: N_("Ended"),
    State.DRAFT: N_("Draft"),
    State.RETIRED: N_("Retired"),
}


def state_of(service: ServiceSummary, today: dt.date) -> State:
    if service.status is ServiceStatus.DRAFT:
        return State.DRAFT
    if service.status is ServiceStatus.RETIRED:
        return State.RETIRED
    if service.has_ended(today):
        return State.ENDED
    if service.valid_from is not None and service.valid_from > today:
        return State.UPCOMING
    return State.ACTIVE


class ServiceAdminModel(QAbstractTableModel):
    """Rows of ``ServiceSummary``: name (in the UI language) and state."""

    NAME, STATE = 0, 1

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[ServiceSummary] = []
        self._states: list[State] = []
        self._search: list[str] = []

    def set_services(self, services: Sequence[ServiceSummary], today: dt.date) -> None:
        self.beginResetModel()
        self._rows = list(services)
        self._states = [state_of(s, today) for s in self._rows]
        self._search = [
            fold(" ".join((s.code, s.name.all_text(), s.organisation_name.all_text())))
            for s in self._rows
        ]
        self.endResetModel()

    def row_of(self, code: str) -> int | None:
        for row, service in enumerate(self._rows):
            if service.code == code:
                return row
        return None

    def rowCount(self, parent: Index = ROOT) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = ROOT) -> int:
        return 0 if parent.isValid() else 2

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return (_("Service"), _("State"))[section] if 0 <= section < 2 else None
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        service, state = self._rows[index.row()], self._states[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            if index.column() == self.NAME:
                return service.name.text(ui_language()) or service.code
            return _(STATE_LABELS[state])
        if role == Qt.ItemDataRole.ToolTipRole:
            return f"{service.code}\n{service.organisation_name.text(ui_language())}"
        if role == CODE_ROLE:
            return service.code
        if role == STATE_ROLE:
            return state.value
        if role == SEARCH_ROLE:
            return self._search[index.row()]
        return None


class ServiceAdminFilter(QSortFilterProxyModel):
    """Keeps the rows whose words contain every typed word, in the chosen state (or any)."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._words: tuple[str, ...] = ()
        self._state: str | None = None
        self.setSortCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)

    def set_query(self, text: str) -> None:
        self.beginFilterChange()
        self._words = tuple(fold(text).split())
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def set_state(self, state: str | None) -> None:
        self.beginFilterChange()
        self._state = state or None
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def filterAcceptsRow(self, source_row: int, source_parent: Index) -> bool:
        model = self.sourceModel()
        index = model.index(source_row, 0, source_parent)
        if self._state is not None and model.data(index, STATE_ROLE) != self._state:
            return False
        text = model.data(index, SEARCH_ROLE) or ""
        return all(word in text for word in self._words)
