"""The Services page of the catalogue window: every service in a filterable list on the left,
the chosen one's editor on the right (its details on one tab, its channels and hours on the
other), and one Save for everything changed on the page (Ctrl+S).

The page talks only to ``CatalogueAdmin``. A save runs the service's form first and then the
channel's, each one unit of work; the first refusal stops it, and its message is shown next to
the refused control (with the focus there and the tab that holds it brought forward), so what
was typed stays. After a save the list and the form are read again, and the page says which
services changed (``sig_services_changed``) so the main window can refresh its finder and card.
"""

from __future__ import annotations

from PySide6.QtCore import QItemSelectionModel, QModelIndex, Qt, Signal, Slot
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QSplitter,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from desk_app.domain.codes import ServiceStatus
from desk_app.domain.errors import DeskError, ValidationError
from desk_app.i18n import _
from desk_app.labels import format_date
from desk_app.services.catalogue_admin import CatalogueAdmin
from desk_app.services.catalogue_forms import CatalogueChange, ServiceEdit
from ui.admin.channel_panel import ChannelPanel
from ui.admin.service_admin_model import (
    CODE_ROLE,
    STATE_LABELS,
    ServiceAdminFilter,
    ServiceAdminModel,
    State,
)
from ui.admin.service_editor import ServiceEditor
from ui.admin.service_form_helpers import (
    ERROR_COLOUR,
    FieldMessage,
    ask_discard,
    describe,
    set_tab_order,
)
from ui.widgets.keyboard_focus import select_on_keyboard_focus

LIST_WIDTH = 300
DETAILS_TAB, CHANNELS_TAB = 0, 1


class ServicesPage(QWidget):
    sig_catalogue_changed = Signal()
    sig_services_changed = Signal(tuple)  # codes of the services that now read differently

    def __init__(self, admin: CatalogueAdmin, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.admin = admin
        self.current_code: str | None = None
        self.find_edit = QLineEdit()
        describe(self.find_edit, _("Find a service"), _("Words of the name or the code"))
        self.find_edit.setClearButtonEnabled(True)
        self.state_combo = QComboBox()
        describe(self.state_combo, _("State"), _("Show only the services in this state"))
        self.state_combo.addItem(_("All states"), "")
        for state in State:
            self.state_combo.addItem(_(STATE_LABELS[state]), state.value)
        self.model = ServiceAdminModel(self)
        self.proxy = ServiceAdminFilter(self)
        self.proxy.setSourceModel(self.model)
        self.table = QTableView()
        self.new_button = QPushButton(_("&New service"))
        self.new_button.setToolTip(_("Start a new service (Ctrl+N)"))
        self.editor = ServiceEditor()
        self.channels = ChannelPanel(admin)
        self.tabs = QTabWidget()
        self.message_label = QLabel()
        self.save_button = QPushButton(_("Save"))
        self.save_button.setToolTip(_("Save the changes on this page (Ctrl+S)"))
        self.field_message = FieldMessage(self)
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self._build_layout()
        self._connect_signals()
        self.refresh()

    def _build_layout(self) -> None:
        self.table.setModel(self.proxy)
        describe(self.table, _("Services"), _("Every service, drafts and ended ones included"))
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.setWordWrap(False)
        self.table.setTabKeyNavigation(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        select_on_keyboard_focus(self.table)
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(4, 4, 4, 4)
        find_label = QLabel(_("&Find"))
        find_label.setBuddy(self.find_edit)
        left_layout.addWidget(find_label)
        left_layout.addWidget(self.find_edit)
        state_row = QHBoxLayout()
        state_label = QLabel(_("State"))
        state_label.setBuddy(self.state_combo)
        state_row.addWidget(state_label)
        state_row.addWidget(self.state_combo, 1)
        left_layout.addLayout(state_row)
        left_layout.addWidget(self.table, 1)
        left_layout.addWidget(self.new_button)
        scroll = QScrollArea()
        scroll.setWidget(self.editor)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.tabs.addTab(scroll, _("Service &details"))
        self.tabs.addTab(self.channels, _("&Channels and hours"))
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addWidget(self.tabs, 1)
        footer = QHBoxLayout()
        footer.setContentsMargins(6, 2, 6, 4)
        self.message_label.setWordWrap(True)
        footer.addWidget(self.message_label, 1)
        footer.addWidget(self.save_button)
        right_layout.addLayout(footer)
        self.splitter.addWidget(left)
        self.splitter.addWidget(right)
        self.splitter.setStretchFactor(0, 0)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.setSizes([LIST_WIDTH, 1000])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.splitter)
        self.renew_tab_order()

    @Slot()
    def renew_tab_order(self) -> None:
        """One Tab chain through the whole page, hidden controls skipped by Qt: the list, the
        page's tabs, the service form, the channels, Save, and round again."""
        chain: list[QWidget] = [
            self.find_edit,
            self.state_combo,
            self.table,
            self.new_button,
            self.tabs,
            *self.editor.focus_order(),
            *self.channels.focus_order(),
            self.save_button,
        ]
        set_tab_order(chain)

    def _connect_signals(self) -> None:
        self.find_edit.textChanged.connect(self._on_find_edit_changed)
        self.state_combo.currentIndexChanged.connect(self._on_state_combo_changed)
        self.table.selectionModel().currentRowChanged.connect(self._on_table_current_changed)
        self.new_button.clicked.connect(self._on_new_button_clicked)
        self.save_button.clicked.connect(self.save)
        self.editor.sig_mark_checked_requested.connect(self._on_mark_checked_requested)
        self.channels.sig_catalogue_changed.connect(self._on_channels_changed)
        self.channels.sig_failed.connect(self._show_error)
        self.channels.sig_message.connect(self._say)
        self.channels.sig_focus_order_changed.connect(self.renew_tab_order)

    # -- the list ------------------------------------------------------------------------------

    def refresh(self, select: str | None = None) -> None:
        """Read the services and choices again; keep ``select`` (or the current one) chosen."""
        today = self.admin.today()
        choices = self.admin.choices()
        self.editor.set_choices(choices, today)
        self.channels.set_choices(choices)
        self.table.selectionModel().blockSignals(True)
        self.model.set_services(self.admin.services(), today)
        self.table.selectionModel().blockSignals(False)
        wanted = select or self.current_code
        if wanted is None and self.proxy.rowCount():
            wanted = self.proxy.index(0, 0).data(CODE_ROLE)
        self._choose_row(wanted)
        self._load(wanted)

    def _choose_row(self, code: str | None) -> None:
        """Select the row of ``code`` without loading it (signals blocked)."""
        selection = self.table.selectionModel()
        selection.blockSignals(True)
        row = self.model.row_of(code) if code else None
        index = self.proxy.mapFromSource(self.model.index(row, 0)) if row is not None else None
        if index is not None and index.isValid():
            flags = (
                QItemSelectionModel.SelectionFlag.ClearAndSelect
                | QItemSelectionModel.SelectionFlag.Rows
            )
            selection.setCurrentIndex(index, flags)
            self.table.scrollTo(index)
        else:
            selection.clearSelection()
        selection.blockSignals(False)

    def select_service(self, code: str) -> bool:
        """Show service ``code`` (asks first when the page has unsaved changes)."""
        if code == self.current_code:
            return True
        if self.has_unsaved_changes() and not ask_discard(self):
            return False
        self.find_edit.clear()
        self.state_combo.setCurrentIndex(0)
        self._choose_row(code)
        self._load(code)
        return self.current_code == code

    def _load(self, code: str | None, channels: bool = True) -> None:
        self.field_message.clear()
        self.current_code = code
        if code is None:
            self.editor.load(None, self._blank())
            self.editor.unload()
            self.tabs.setTabEnabled(CHANNELS_TAB, False)
            self.channels.set_service(None, "", ())
            return
        loaded = self.admin.service(code)
        self.editor.load(loaded)
        self.tabs.setTabEnabled(CHANNELS_TAB, True)
        if channels:
            self.channels.set_service(code, loaded.edit.organisation_code, loaded.channels)

    def _blank(self) -> ServiceEdit:
        organisation = self.editor.organisation_combo.itemData(0) or ""
        return ServiceEdit(
            code="", organisation_code=organisation, status=ServiceStatus.DRAFT, languages=("fi",)
        )

    # -- saving --------------------------------------------------------------------------------

    def has_unsaved_changes(self) -> bool:
        return self.editor.is_dirty() or self.channels.is_dirty()

    def discard_changes(self) -> None:
        """Forget what was typed: show the stored service again."""
        self._load(self.current_code)

    def save(self) -> bool:
        """Save the service's form, then the channel's; False (nothing lost) when refused."""
        self.field_message.clear()
        self.message_label.clear()
        if not self.has_unsaved_changes():
            self._say(_("Nothing to save."))
            return True
        changed: list[str] = []
        try:
            if self.editor.is_dirty():
                new = self.editor.is_new
                change = self.admin.save_service(self.editor.edit(), new=new)
                code = change.service_codes[0]
                changed.extend(change.service_codes)
                if new:
                    self.refresh(select=code)
                else:
                    self._refresh_list(code)
                    self._load(code, channels=False)
        except DeskError as exc:
            self._show_error(exc, DETAILS_TAB)
            return False
        try:
            channel_change = self.channels.save()
            if channel_change is not None:
                changed.extend(channel_change.service_codes)
                self._refresh_list(self.current_code)
        except DeskError as exc:
            self._show_error(exc, CHANNELS_TAB)
            self._announce(changed)
            return False
        self._announce(changed)
        self._say(_("Saved."))
        return True

    def _refresh_list(self, code: str | None) -> None:
        self.table.selectionModel().blockSignals(True)
        self.model.set_services(self.admin.services(), self.admin.today())
        self.table.selectionModel().blockSignals(False)
        self._choose_row(code)

    def _announce(self, codes: list[str]) -> None:
        if codes:
            self.sig_services_changed.emit(tuple(dict.fromkeys(codes)))
            self.sig_catalogue_changed.emit()

    def _show_error(self, error: DeskError, tab: int | None = None) -> None:
        """The message next to the refused control (its tab forward), and in the footer."""
        self.message_label.setStyleSheet(f"color: {ERROR_COLOUR};")
        self.message_label.setText(str(error))
        field = error.field if isinstance(error, ValidationError) else None
        if tab is None or field is None:
            return
        self.tabs.setCurrentIndex(tab)
        widget = (
            self.editor.field_widget(field)
            if tab == DETAILS_TAB
            else self.channels.field_widget(field)
        )
        if widget is not None:
            self.field_message.show(widget, str(error))

    @Slot(str)
    def _say(self, text: str) -> None:
        self.message_label.setStyleSheet("")
        self.message_label.setText(text)

    def error_text(self) -> str:
        """The refusal shown next to a field ("" when none)."""
        return self.field_message.text()

    # -- slots ---------------------------------------------------------------------------------

    @Slot(str)
    def _on_find_edit_changed(self, text: str) -> None:
        self.proxy.set_query(text)

    @Slot(int)
    def _on_state_combo_changed(self, _index: int) -> None:
        self.proxy.set_state(self.state_combo.currentData())

    @Slot(QModelIndex, QModelIndex)
    def _on_table_current_changed(self, current: QModelIndex, previous: QModelIndex) -> None:
        code = current.data(CODE_ROLE) if current.isValid() else None
        if code is None or code == self.current_code:
            return
        if self.has_unsaved_changes() and not ask_discard(self):
            self._choose_row(self.current_code)
            return
        self._load(code)

    @Slot()
    def _on_new_button_clicked(self) -> None:
        if self.has_unsaved_changes() and not ask_discard(self):
            return
        self._choose_row(None)
        self.current_code = None
        self.field_message.clear()
        self.editor.load(None, self._blank())
        self.tabs.setTabEnabled(CHANNELS_TAB, False)
        self.channels.set_service(None, "", ())
        self.tabs.setCurrentIndex(DETAILS_TAB)
        self.editor.code_edit.setFocus(Qt.FocusReason.OtherFocusReason)
        self._say(_("New service: give it a code, a name and a summary, then save (Ctrl+S)."))

    @Slot()
    def _on_mark_checked_requested(self) -> None:
        code = self.current_code
        if code is None:
            return
        today = self.admin.today()
        if self.editor.is_dirty():
            self.editor.set_checked_on(today)
            self.save()
            return
        try:
            self.admin.mark_checked_today(code)
        except DeskError as exc:
            self._show_error(exc)
            return
        self._load(code, channels=False)
        self._announce([code])
        self._say(_("Marked as checked on {date}.").format(date=format_date(today)))

    @Slot(object)
    def _on_channels_changed(self, change: CatalogueChange) -> None:
        self._announce(list(change.service_codes))
