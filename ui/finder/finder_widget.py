"""The finder: a search box over the list of active services, built for the keyboard.

Typing filters the list as you type. ↓ moves from the search box into the list; Enter (in the list,
or in the search box when exactly one service matches) or a double-click asks for the service to
be added to the visit with ``sig_refer_requested``; moving the selection announces
``sig_service_selected`` so the card can show the service.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import (
    QEvent,
    QItemSelectionModel,
    QModelIndex,
    QObject,
    Qt,
    Signal,
    Slot,
)
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QLabel,
    QLineEdit,
    QListView,
    QVBoxLayout,
    QWidget,
)

from desk_app.domain.catalogue import ServiceSummary
from desk_app.i18n import _
from ui.models.service_list_model import CODE_ROLE, ServiceFilterProxyModel, ServiceListModel

_ENTER_KEYS = (Qt.Key.Key_Return, Qt.Key.Key_Enter)


class FinderWidget(QWidget):
    sig_service_selected = Signal(str)  # service code
    sig_refer_requested = Signal(str)  # service code

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = ServiceListModel(self)
        self.proxy = ServiceFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.search_edit = QLineEdit()
        self.list_view = QListView()
        self.empty_label = QLabel(_("No service matches the search."))
        self._build_layout()
        self._connect_signals()

    def _build_layout(self) -> None:
        title = QLabel(_("Find a service"))
        font = title.font()
        font.setBold(True)
        title.setFont(font)
        self.search_edit.setPlaceholderText(_("Search services… (F2)"))
        self.search_edit.setClearButtonEnabled(True)
        self.search_edit.setAccessibleName(_("Search services"))
        title.setBuddy(self.search_edit)
        self.list_view.setModel(self.proxy)
        self.list_view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.list_view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.list_view.setWordWrap(True)
        self.list_view.setUniformItemSizes(False)
        self.list_view.setAlternatingRowColors(True)
        self.list_view.setSpacing(1)
        self.list_view.setResizeMode(QListView.ResizeMode.Adjust)
        self.list_view.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.list_view.setAccessibleName(_("Services"))
        self.empty_label.setWordWrap(True)
        self.empty_label.setVisible(False)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addWidget(title)
        layout.addWidget(self.search_edit)
        layout.addWidget(self.empty_label)
        layout.addWidget(self.list_view, 1)

    def _connect_signals(self) -> None:
        self.search_edit.textChanged.connect(self._on_search_edit_text_changed)
        self.search_edit.installEventFilter(self)
        self.list_view.installEventFilter(self)
        self.list_view.doubleClicked.connect(self._on_list_view_double_clicked)
        self.list_view.selectionModel().currentChanged.connect(self._on_list_view_current_changed)

    # --- public API -------------------------------------------------------------------------

    def set_services(self, services: Sequence[ServiceSummary]) -> None:
        """Show these services (the caller passes only active ones); the query is kept."""
        current = self.current_code()
        self.model.set_services(services)
        self.proxy.sort(0, Qt.SortOrder.AscendingOrder)
        if current is not None:
            self.select_code(current)
        self._update_empty_label()

    def service_count(self) -> int:
        return self.model.rowCount()

    def visible_count(self) -> int:
        return self.proxy.rowCount()

    def visible_codes(self) -> list[str]:
        return [self.proxy.index(row, 0).data(CODE_ROLE) for row in range(self.proxy.rowCount())]

    def current_code(self) -> str | None:
        index = self.list_view.currentIndex()
        return index.data(CODE_ROLE) if index.isValid() else None

    def select_code(self, code: str) -> bool:
        for row in range(self.proxy.rowCount()):
            index = self.proxy.index(row, 0)
            if index.data(CODE_ROLE) == code:
                self.list_view.setCurrentIndex(index)
                self.list_view.scrollTo(index)
                return True
        return False

    def find_service(self, code: str) -> ServiceSummary | None:
        return self.model.find_service(code)

    def clear_search(self) -> None:
        """Ready for the next visitor: an empty query shows every service again."""
        self.search_edit.clear()

    @Slot()
    def focus_search(self) -> None:
        self.search_edit.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search_edit.selectAll()

    # --- keyboard ---------------------------------------------------------------------------

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
            plain = event.modifiers() in (
                Qt.KeyboardModifier.NoModifier,
                Qt.KeyboardModifier.KeypadModifier,
            )
            if watched is self.search_edit and plain:
                return self._search_key(event.key())
            if watched is self.list_view and plain and event.key() in _ENTER_KEYS:
                self._refer_index(self.list_view.currentIndex())
                return True
        return super().eventFilter(watched, event)

    def _search_key(self, key: int) -> bool:
        if key == Qt.Key.Key_Down and self.proxy.rowCount() > 0:
            self.list_view.setFocus(Qt.FocusReason.OtherFocusReason)
            index = self.list_view.currentIndex()
            if not index.isValid():
                index = self.proxy.index(0, 0)
            # Select it even when it already was the current row, and show it in the card.
            self.list_view.selectionModel().setCurrentIndex(
                index, QItemSelectionModel.SelectionFlag.ClearAndSelect
            )
            self.sig_service_selected.emit(index.data(CODE_ROLE))
            return True
        if key in _ENTER_KEYS and self.proxy.rowCount() == 1:
            self._refer_index(self.proxy.index(0, 0))
            return True
        return False

    def _refer_index(self, index: QModelIndex) -> None:
        if index.isValid():
            self.sig_refer_requested.emit(index.data(CODE_ROLE))

    def _update_empty_label(self) -> None:
        self.empty_label.setVisible(self.model.rowCount() > 0 and self.proxy.rowCount() == 0)

    # --- slots ------------------------------------------------------------------------------

    @Slot(str)
    def _on_search_edit_text_changed(self, text: str) -> None:
        self.proxy.set_query(text)
        self._update_empty_label()

    @Slot(QModelIndex)
    def _on_list_view_double_clicked(self, index: QModelIndex) -> None:
        self._refer_index(index)

    @Slot(QModelIndex, QModelIndex)
    def _on_list_view_current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        """The current row (moved by keys or mouse) is the one the service card shows."""
        if current.isValid():
            self.sig_service_selected.emit(current.data(CODE_ROLE))
