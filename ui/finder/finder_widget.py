"""The finder: a search box and filters over the catalogue's services, built for the keyboard.

Typing searches as you type (the core's ``ServiceIndex`` matches and ranks: the visit's topics
first, then text relevance, then open now, then name). ↓ moves from the search box into the list
and ↑ on the first row moves back; Enter (in the list, or in the search box when exactly one
service matches) or a double-click asks for the service to be added to the visit with
``sig_refer_requested``; moving the selection announces ``sig_service_selected`` so the card can
show the service. The filters below the box (actor, language of service, open now, show ended
services) are reached with Tab or their Alt+letter mnemonics.

"Open now" comes from the services: the finder asks for a fresh answer with
``sig_open_now_requested`` every minute and whenever the "Open now" box is ticked, and the main
window answers with ``set_open_now``.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Iterable, Mapping, Sequence

from PySide6.QtCore import (
    QEvent,
    QItemSelectionModel,
    QModelIndex,
    QObject,
    Qt,
    QTimer,
    Signal,
    Slot,
)
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QGridLayout,
    QLabel,
    QLineEdit,
    QListView,
    QVBoxLayout,
    QWidget,
)

from desk_app.domain.catalogue import ServiceSummary
from desk_app.domain.search import FinderFilters, fold
from desk_app.domain.texts import Texts
from desk_app.i18n import _, ui_language
from desk_app.labels import language_name
from ui.models.service_list_model import CODE_ROLE, ServiceFilterProxyModel, ServiceListModel

_ENTER_KEYS = (Qt.Key.Key_Return, Qt.Key.Key_Enter)
FILTER_LANGUAGES = ("fi", "sv", "en", "uk", "ru", "ar")
"""Languages offered in the finder's language filter."""
OPEN_NOW_REFRESH_MS = 60_000


class FinderWidget(QWidget):
    sig_service_selected = Signal(str)  # service code
    sig_refer_requested = Signal(str)  # service code
    sig_open_now_requested = Signal()  # please call set_open_now with a fresh answer

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = ServiceListModel(self)
        self.proxy = ServiceFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.search_edit = QLineEdit()
        self.actor_combo = QComboBox()
        self.language_combo = QComboBox()
        self.open_now_check = QCheckBox(_("Open &now"))
        self.show_ended_check = QCheckBox(_("Show &ended services"))
        self.list_view = QListView()
        self.empty_label = QLabel()
        self._open_now_timer = QTimer(self)
        self._open_now_timer.setInterval(OPEN_NOW_REFRESH_MS)
        self._kept_code: str | None = None  # the current row, kept across a catalogue refresh
        self._build_layout()
        self._connect_signals()
        self._open_now_timer.start()

    def _build_layout(self) -> None:
        title = QLabel(_("Find a service"))
        font = title.font()
        font.setBold(True)
        title.setFont(font)
        self.search_edit.setPlaceholderText(_("Search services… (F2)"))
        self.search_edit.setClearButtonEnabled(True)
        self.search_edit.setAccessibleName(_("Search services"))
        self.search_edit.setToolTip(
            _("Type any part of a name, topic or actor; ↓ moves to the list, Enter adds.")
        )
        title.setBuddy(self.search_edit)

        self.actor_combo.addItem(_("All actors"), None)
        self.language_combo.addItem(_("All languages"), None)
        for code in FILTER_LANGUAGES:
            self.language_combo.addItem(language_name(code), code)
        for combo in (self.actor_combo, self.language_combo):
            # Long actor names must not widen the column; the popup still shows them whole.
            combo.setSizeAdjustPolicy(
                QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
            )
            combo.setMinimumContentsLength(8)
        self.actor_combo.setAccessibleName(_("Actor"))
        self.actor_combo.setToolTip(_("Show only the services of one actor"))
        self.language_combo.setAccessibleName(_("Language of the service"))
        self.language_combo.setToolTip(_("Show only services given in this language"))
        self.open_now_check.setToolTip(
            _("Show only services with a visiting place or phone line open now")
        )
        self.show_ended_check.setToolTip(_("Also list ended services and those not yet started"))
        actor_label = QLabel(_("&Actor:"))
        actor_label.setBuddy(self.actor_combo)
        language_label = QLabel(_("Lan&guage:"))
        language_label.setBuddy(self.language_combo)
        filters = QGridLayout()
        filters.setContentsMargins(0, 0, 0, 0)
        filters.setHorizontalSpacing(6)
        filters.setVerticalSpacing(2)
        filters.addWidget(actor_label, 0, 0)
        filters.addWidget(self.actor_combo, 0, 1, 1, 2)
        filters.addWidget(language_label, 1, 0)
        filters.addWidget(self.language_combo, 1, 1, 1, 2)
        # One per row: side by side they would be cut off in a narrow column.
        filters.addWidget(self.open_now_check, 2, 0, 1, 3)
        filters.addWidget(self.show_ended_check, 3, 0, 1, 3)
        filters.setColumnStretch(2, 1)

        self.list_view.setModel(self.proxy)
        self.list_view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.list_view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.list_view.setWordWrap(True)
        self.list_view.setUniformItemSizes(False)
        # A big catalogue is laid out in batches, so a keystroke never waits for every row.
        self.list_view.setLayoutMode(QListView.LayoutMode.Batched)
        self.list_view.setBatchSize(50)
        self.list_view.setAlternatingRowColors(True)
        self.list_view.setSpacing(1)
        self.list_view.setResizeMode(QListView.ResizeMode.Adjust)
        self.list_view.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.list_view.setAccessibleName(_("Services"))
        self.list_view.setToolTip(_("Matching services, best first: ↑/↓ move, Enter adds one."))
        self.empty_label.setWordWrap(True)
        self.empty_label.setVisible(False)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addWidget(title)
        layout.addWidget(self.search_edit)
        layout.addLayout(filters)
        layout.addWidget(self.empty_label)
        layout.addWidget(self.list_view, 1)
        chain = (
            self.search_edit,
            self.actor_combo,
            self.language_combo,
            self.open_now_check,
            self.show_ended_check,
            self.list_view,
        )
        for first, second in itertools.pairwise(chain):
            QWidget.setTabOrder(first, second)

    def _connect_signals(self) -> None:
        self.search_edit.textChanged.connect(self._on_search_edit_text_changed)
        self.search_edit.installEventFilter(self)
        self.list_view.installEventFilter(self)
        self.list_view.doubleClicked.connect(self._on_list_view_double_clicked)
        self.list_view.selectionModel().currentChanged.connect(self._on_list_view_current_changed)
        self.actor_combo.currentIndexChanged.connect(self._on_filter_changed)
        self.language_combo.currentIndexChanged.connect(self._on_filter_changed)
        self.open_now_check.toggled.connect(self._on_open_now_check_toggled)
        self.show_ended_check.toggled.connect(self._on_filter_changed)
        self._open_now_timer.timeout.connect(self._on_open_now_timer_timeout)
        self.model.sig_services_replaced.connect(self._on_model_services_replaced)

    # --- public API -------------------------------------------------------------------------

    def set_services(
        self,
        services: Sequence[ServiceSummary],
        topic_labels: Mapping[str, Texts] | None = None,
        today: dt.date | None = None,
        open_now: Iterable[str] | None = None,
    ) -> None:
        """Offer these services (ended ones are listed only on request); the query, the filters
        and the current row are kept. ``today`` is the desk's date, ``topic_labels`` make topic
        names searchable, ``open_now`` replaces the open-now set (else it is kept)."""
        self._kept_code = self.current_code()
        self.model.set_services(services, topic_labels, today, open_now)
        self._update_empty_label()  # "preparing" while a big catalogue's index is built

    @Slot()
    def _on_model_services_replaced(self) -> None:
        self._fill_actor_combo()
        if self._kept_code is not None:
            self.select_code(self._kept_code)
        self._update_empty_label()

    def set_open_now(self, codes: Iterable[str]) -> None:
        """The services open at this moment (a visiting place or phone line is open)."""
        current = self.current_code()
        self.model.set_open_now(codes)  # may reorder the list: keep the row the card shows
        if current is not None and self.current_code() != current:
            self.select_code(current)
        self._update_empty_label()

    @Slot(tuple)
    def set_intake_topics(self, codes: Sequence[str]) -> None:
        """The visit's topics: services covering more of them rank first."""
        self.proxy.set_topics(codes)

    def filters(self) -> FinderFilters:
        return FinderFilters(
            open_now=self.open_now_check.isChecked(),
            organisation=self.actor_combo.currentData(),
            language=self.language_combo.currentData(),
            show_ended=self.show_ended_check.isChecked(),
        )

    def service_count(self) -> int:
        """Services on offer today (what an empty search lists without filters)."""
        return self.model.current_count()

    def visible_count(self) -> int:
        return self.proxy.rowCount()

    def visible_codes(self) -> list[str]:
        return [self.proxy.index(row, 0).data(CODE_ROLE) for row in range(self.proxy.rowCount())]

    def visible_texts(self) -> list[str]:
        """The rows as shown (name, mark and actor), top to bottom."""
        return [self.proxy.index(row, 0).data() for row in range(self.proxy.rowCount())]

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
        """Ready for the next visitor: an empty query lists the services again."""
        self.search_edit.setText("")  # forgets the undo history: Ctrl+Z then undoes the save

    @Slot()
    def focus_search(self) -> None:
        self.search_edit.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search_edit.selectAll()

    # --- helpers ----------------------------------------------------------------------------

    def _fill_actor_combo(self) -> None:
        lang = ui_language()
        chosen = self.actor_combo.currentData()
        organisations = sorted(
            self.model.organisations(), key=lambda item: fold(item[1].text(lang) or item[0])
        )
        self.actor_combo.blockSignals(True)
        try:
            while self.actor_combo.count() > 1:
                self.actor_combo.removeItem(1)
            for code, name in organisations:
                self.actor_combo.addItem(name.text(lang) or code, code)
            found = self.actor_combo.findData(chosen) if chosen is not None else 0
            self.actor_combo.setCurrentIndex(max(found, 0))
        finally:
            self.actor_combo.blockSignals(False)
        view = self.actor_combo.view()
        view.setMinimumWidth(
            view.sizeHintForColumn(0) + view.verticalScrollBar().sizeHint().width()
        )
        self.proxy.set_filters(self.filters())

    def _filters_narrow(self) -> bool:
        defaults = FinderFilters(show_ended=self.show_ended_check.isChecked())
        return self.filters() != defaults

    def _update_empty_label(self) -> None:
        if self.model.is_preparing():
            self.empty_label.setText(
                _("Preparing the search over {count} services…").format(
                    count=self.model.pending_count()
                )
            )
            self.empty_label.setVisible(True)
            return
        empty = self.proxy.rowCount() == 0 and self.model.rowCount() > 0
        if empty:
            self.empty_label.setText(
                _("No service matches the search and the filters.")
                if self._filters_narrow()
                else _("No service matches the search.")
            )
        self.empty_label.setVisible(empty)

    # --- keyboard ---------------------------------------------------------------------------

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
            plain = event.modifiers() in (
                Qt.KeyboardModifier.NoModifier,
                Qt.KeyboardModifier.KeypadModifier,
            )
            if watched is self.search_edit and plain:
                return self._search_key(event.key())
            if watched is self.list_view and plain:
                return self._list_key(event.key())
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
        if key in _ENTER_KEYS and self.proxy.rowCount() > 1:
            # Say why nothing was added; the next keystroke's search replaces the hint.
            self.empty_label.setText(
                _("{count} services match: ↓ chooses one, Enter adds it.").format(
                    count=self.proxy.rowCount()
                )
            )
            self.empty_label.setVisible(True)
            return True
        return False

    def _list_key(self, key: int) -> bool:
        if key in _ENTER_KEYS:
            self._refer_index(self.list_view.currentIndex())
            return True
        if key == Qt.Key.Key_Up and self.list_view.currentIndex().row() <= 0:
            self.search_edit.setFocus(Qt.FocusReason.OtherFocusReason)
            return True
        return False

    def _refer_index(self, index: QModelIndex) -> None:
        if index.isValid():
            self.sig_refer_requested.emit(index.data(CODE_ROLE))

    # --- slots ------------------------------------------------------------------------------

    @Slot(str)
    def _on_search_edit_text_changed(self, text: str) -> None:
        self.proxy.set_query(text)
        self._update_empty_label()

    @Slot()
    def _on_filter_changed(self, *_args: object) -> None:
        self.proxy.set_filters(self.filters())
        self._update_empty_label()

    @Slot(bool)
    def _on_open_now_check_toggled(self, checked: bool) -> None:
        if checked:
            self.sig_open_now_requested.emit()  # filter on a fresh answer, not a minute-old one
        self._on_filter_changed()

    @Slot()
    def _on_open_now_timer_timeout(self) -> None:
        self.sig_open_now_requested.emit()

    @Slot(QModelIndex)
    def _on_list_view_double_clicked(self, index: QModelIndex) -> None:
        self._refer_index(index)

    @Slot(QModelIndex, QModelIndex)
    def _on_list_view_current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        """The current row (moved by keys or mouse) is the one the service card shows."""
        if current.isValid():
            self.sig_service_selected.emit(current.data(CODE_ROLE))
