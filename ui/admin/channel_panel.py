"""The Channels tab of a service: its channels in order, and the editor of the chosen one with
its opening hours.

Linking, unlinking and reordering are saved at once (each is one small write; an unlinked channel
stays in the catalogue and can be linked again). The chosen channel's details and hours are a
form, saved with the rest of the page by Ctrl+S (``save``): one unit of work writes the channel,
its hours and, for a new channel, its link to the service. Refused values leave as
``ValidationError``; the page shows them on the control ``field_widget`` finds.
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Qt, Signal, Slot
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QListView,
    QPushButton,
    QScrollArea,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from desk_app.domain.catalogue import Channel
from desk_app.domain.codes import ChannelKind
from desk_app.domain.errors import DeskError
from desk_app.i18n import _
from desk_app.services.catalogue_admin import CatalogueAdmin
from desk_app.services.catalogue_forms import CatalogueChange, ChannelEdit, EditChoices, HoursEdit
from ui.admin.channel_editor import ChannelEditor
from ui.admin.channel_list_model import CODE_ROLE, ChannelListModel, channel_text
from ui.admin.hours_editor import HoursEditor
from ui.admin.service_form_helpers import ask_discard, describe
from ui.dialogs import ask
from ui.widgets.keyboard_focus import select_on_keyboard_focus

LIST_ROWS = 4
HOURS_FIELDS = ("hours[", "exceptions[", "appointment_only")


def _scrolled(widget: QWidget) -> QScrollArea:
    area = QScrollArea()
    area.setWidget(widget)
    area.setWidgetResizable(True)
    area.setFrameShape(QScrollArea.Shape.NoFrame)
    area.setFocusPolicy(Qt.FocusPolicy.NoFocus)
    return area


class ChannelPanel(QWidget):
    sig_catalogue_changed = Signal(object)  # CatalogueChange
    sig_failed = Signal(object)  # DeskError of a link, unlink or move
    sig_message = Signal(str)
    sig_focus_order_changed = Signal()  # rows of hours came or went: the page renews Tab

    def __init__(self, admin: CatalogueAdmin, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.admin = admin
        self.service_code: str | None = None
        self.organisation_code = ""
        self.current_code: str | None = None  # the channel in the editor (None: new or none)
        self._suggested_code = ""
        self.model = ChannelListModel(self)
        self.list_view = QListView()
        self.list_view.setModel(self.model)
        describe(
            self.list_view,
            _("Channels of the service"),
            _("In the order the card shows them; Ctrl+Up and Ctrl+Down move, Delete unlinks"),
        )
        self.list_view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.list_view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        select_on_keyboard_focus(self.list_view)
        self.new_button = QPushButton(_("New c&hannel"))
        self.new_button.setToolTip(_("Add a new channel to this service"))
        self.up_button = QPushButton(_("Move up"))
        self.up_button.setToolTip(_("Show this channel earlier (Ctrl+Up)"))
        self.down_button = QPushButton(_("Move down"))
        self.down_button.setToolTip(_("Show this channel later (Ctrl+Down)"))
        self.unlink_button = QPushButton(_("&Unlink"))
        self.unlink_button.setToolTip(
            _("Take the channel off this service; it stays in the catalogue (Delete)")
        )
        self.link_combo = QComboBox()
        describe(
            self.link_combo,
            _("Existing channel"),
            _("A channel another service already has, e.g. the desk at Pointti"),
        )
        self.link_button = QPushButton(_("Lin&k"))
        self.link_button.setToolTip(_("Add the chosen existing channel to this service"))
        self.editor = ChannelEditor()
        self.hours = HoursEditor()
        self.tabs = QTabWidget()
        self.tabs.setDocumentMode(True)
        self.empty_label = QLabel(_("This service has no channels yet: add one or link one."))
        self._build_layout()
        self._connect_signals()

    def _build_layout(self) -> None:
        list_box = QVBoxLayout()
        list_label = QLabel(_("Channe&ls"))
        list_label.setBuddy(self.list_view)
        list_box.addWidget(list_label)
        list_box.addWidget(self.list_view)
        self.list_view.setFixedHeight(
            self.list_view.sizeHintForRow(0) * LIST_ROWS
            if self.model.rowCount()
            else (self.fontMetrics().height() + 8) * LIST_ROWS
        )
        buttons = QVBoxLayout()
        buttons.addSpacing(self.fontMetrics().height() + 4)
        for button in (self.new_button, self.up_button, self.down_button, self.unlink_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        link_box = QVBoxLayout()
        link_label = QLabel(_("Existing channel"))
        link_label.setBuddy(self.link_combo)
        link_box.addWidget(link_label)
        link_box.addWidget(self.link_combo)
        link_row = QHBoxLayout()
        link_row.addStretch(1)
        link_row.addWidget(self.link_button)
        link_box.addLayout(link_row)
        link_box.addStretch(1)
        top = QHBoxLayout()
        top.addLayout(list_box, 3)
        top.addLayout(buttons)
        top.addLayout(link_box, 2)
        self.tabs.addTab(_scrolled(self.editor), _("Channel deta&ils"))
        self.tabs.addTab(_scrolled(self.hours), _("Opening hou&rs"))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 0)
        layout.addLayout(top)
        layout.addWidget(self.empty_label)
        layout.addWidget(self.tabs, 1)

    def _connect_signals(self) -> None:
        self.list_view.selectionModel().currentRowChanged.connect(self._on_list_current_changed)
        self.new_button.clicked.connect(self._on_new_button_clicked)
        self.up_button.clicked.connect(lambda: self._move(-1))
        self.down_button.clicked.connect(lambda: self._move(1))
        self.unlink_button.clicked.connect(self._on_unlink_button_clicked)
        self.link_button.clicked.connect(self._on_link_button_clicked)
        self.editor.sig_kind_changed.connect(self._on_editor_kind_changed)
        self.hours.sig_rows_changed.connect(self.sig_focus_order_changed)
        for keys, slot in (
            ("Ctrl+Up", lambda: self._move(-1)),
            ("Ctrl+Down", lambda: self._move(1)),
            ("Delete", self._on_unlink_button_clicked),
        ):
            shortcut = QShortcut(QKeySequence(keys), self.list_view)
            shortcut.setContext(Qt.ShortcutContext.WidgetShortcut)
            shortcut.activated.connect(slot)

    def focus_order(self) -> list[QWidget]:
        """The panel's controls in Tab order (the page chains them with its own)."""
        return [
            self.list_view,
            self.new_button,
            self.up_button,
            self.down_button,
            self.unlink_button,
            self.link_combo,
            self.link_button,
            self.tabs,
            *self.editor.focus_order(),
            *self.hours.focus_order(),
        ]

    # -- filling -------------------------------------------------------------------------------

    def set_choices(self, choices: EditChoices) -> None:
        self.editor.set_choices(choices)

    def set_service(
        self, code: str | None, organisation_code: str, channels: tuple[Channel, ...]
    ) -> None:
        """Show the channels of service ``code`` (None: a new service, none yet)."""
        self.service_code = code
        self.organisation_code = organisation_code
        self._show_channels(channels, channels[0].code if channels else None)

    def _show_channels(self, channels: tuple[Channel, ...], select: str | None) -> None:
        self.model.set_channels(channels)
        linked = {c.code for c in channels}
        self.link_combo.clear()
        if self.service_code is not None:
            for channel in self.admin.channels():
                if channel.code not in linked:
                    self.link_combo.addItem(
                        f"{channel_text(channel)} ({channel.code})", channel.code
                    )
        self._select(select)
        self._update_buttons()

    def _select(self, code: str | None) -> None:
        row = self.model.row_of(code) if code is not None else None
        self.list_view.selectionModel().blockSignals(True)
        if row is None:
            self.list_view.clearSelection()
            self.list_view.setCurrentIndex(QModelIndex())
        else:
            index = self.model.index(row, 0)
            self.list_view.setCurrentIndex(index)
        self.list_view.selectionModel().blockSignals(False)
        self._load(code)

    def _load(self, code: str | None) -> None:
        self.current_code = code
        if code is None:
            self.tabs.setVisible(False)
            self.empty_label.setVisible(self.service_code is not None)
            self.editor.load(None, self._blank(ChannelKind.LOCATION))
            self.editor.unload()
            self.hours.set_hours(HoursEdit())
            return
        loaded = self.admin.channel(code)
        self.editor.load(loaded)
        self.hours.set_hours(loaded.hours)
        self.tabs.setVisible(True)
        self.empty_label.setVisible(False)

    def _blank(self, kind: ChannelKind) -> ChannelEdit:
        code = ""
        if self.service_code is not None:
            code = self.admin.suggest_channel_code(self.service_code, kind)
        self._suggested_code = code
        return ChannelEdit(code=code, kind=kind, organisation_code=self.organisation_code)

    def _update_buttons(self) -> None:
        has_service = self.service_code is not None
        chosen = self.current_code is not None
        rows = self.model.rowCount()
        row = self.model.row_of(self.current_code) if chosen and self.current_code else None
        self.new_button.setEnabled(has_service)
        self.unlink_button.setEnabled(chosen)
        self.up_button.setEnabled(row is not None and row > 0)
        self.down_button.setEnabled(row is not None and row < rows - 1)
        self.link_combo.setEnabled(has_service and self.link_combo.count() > 0)
        self.link_button.setEnabled(has_service and self.link_combo.count() > 0)

    # -- the form ------------------------------------------------------------------------------

    def is_dirty(self) -> bool:
        return self.editor.is_dirty() or (
            (self.current_code is not None or self.editor.is_new) and self.hours.is_dirty()
        )

    def save(self) -> CatalogueChange | None:
        """Save the channel and its hours when changed; None when there was nothing to save.
        ``DeskError`` (a ``ValidationError`` naming the field) when refused."""
        if not self.is_dirty() or self.service_code is None:
            return None
        hours = self.hours.hours()
        edit = self.editor.edit(self.hours.appointment_check.isChecked())
        new = self.editor.is_new
        change = self.admin.save_channel(
            edit, new=new, hours=hours, link_to=self.service_code if new else None
        )
        saved = self.admin.channel(edit.code.upper()) if new else None
        code = saved.edit.code if saved is not None else edit.code
        self.reload(select=code)
        return change

    def reload(self, select: str | None = None) -> None:
        """Read the service's channels again, keeping ``select`` (or the current one) chosen."""
        if self.service_code is None:
            return
        channels = self.admin.service(self.service_code).channels
        self._show_channels(channels, select or self.current_code)

    def discard(self) -> None:
        self._select(self.current_code if self.current_code in self.model.codes() else None)

    def field_widget(self, field: str | None) -> QWidget | None:
        """The control of a refused field, with its tab brought forward."""
        if field == "channels":
            return self.list_view
        if field is not None and field.startswith(HOURS_FIELDS):
            self.tabs.setCurrentIndex(1)
            return self.hours.field_widget(field)
        self.tabs.setCurrentIndex(0)
        return self.editor.field_widget(field)

    # -- slots ---------------------------------------------------------------------------------

    @Slot(QModelIndex, QModelIndex)
    def _on_list_current_changed(self, current: QModelIndex, previous: QModelIndex) -> None:
        code = current.data(CODE_ROLE) if current.isValid() else None
        if code == self.current_code:
            return
        if self.is_dirty() and not ask_discard(self):
            self.list_view.selectionModel().blockSignals(True)
            self.list_view.setCurrentIndex(previous)
            self.list_view.selectionModel().blockSignals(False)
            return
        self._load(code)
        self._update_buttons()

    @Slot()
    def _on_new_button_clicked(self) -> None:
        if self.service_code is None:
            return
        if self.is_dirty() and not ask_discard(self):
            return
        self.list_view.selectionModel().blockSignals(True)
        self.list_view.clearSelection()
        self.list_view.setCurrentIndex(QModelIndex())
        self.list_view.selectionModel().blockSignals(False)
        self.current_code = None
        self.editor.load(None, self._blank(ChannelKind.LOCATION))
        self.hours.set_hours(HoursEdit(appointment_only=False))
        self.tabs.setVisible(True)
        self.empty_label.setVisible(False)
        self.tabs.setCurrentIndex(0)
        self._update_buttons()
        self.editor.kind_combo.setFocus(Qt.FocusReason.OtherFocusReason)
        self.sig_message.emit(_("New channel: fill it in and save with Ctrl+S."))

    @Slot()
    def _on_editor_kind_changed(self) -> None:
        """A new channel's suggested code follows its kind until the user types another."""
        if not self.editor.is_new or self.service_code is None:
            return
        if self.editor.code_edit.text().strip() in ("", self._suggested_code):
            kind = ChannelKind(self.editor.kind_combo.current_code() or ChannelKind.LOCATION)
            self._suggested_code = self.admin.suggest_channel_code(self.service_code, kind)
            self.editor.set_code(self._suggested_code)

    def _apply(self, action: str, *args: object) -> None:
        """Run a link/unlink/move use case and show its result; errors go to the page."""
        try:
            change: CatalogueChange = getattr(self.admin, action)(self.service_code, *args)
        except DeskError as exc:
            self.sig_failed.emit(exc)
            return
        if change.changed:
            self.sig_catalogue_changed.emit(change)

    def _move(self, offset: int) -> None:
        if self.service_code is None or self.current_code is None:
            return
        code = self.current_code
        self._apply("move_channel", code, offset)
        self.reload(select=code)
        self.list_view.setFocus(Qt.FocusReason.OtherFocusReason)

    @Slot()
    def _on_unlink_button_clicked(self) -> None:
        if self.service_code is None or self.current_code is None:
            return
        if self.is_dirty() and not ask_discard(self):
            return
        name = self.model.data(self.list_view.currentIndex()) or self.current_code
        question = _("Take “{channel}” off this service? It stays in the catalogue.").format(
            channel=name
        )
        if not ask.ask_yes_no(self, _("Unlink channel"), question):
            return
        code = self.current_code
        self._apply("unlink_channel", code)
        codes = self.model.codes()
        index = codes.index(code) if code in codes else 0
        remaining = [c for c in codes if c != code]
        self.current_code = None  # its unsaved edits (if any) went with the answer
        self.editor.unload()
        self.reload(select=remaining[min(index, len(remaining) - 1)] if remaining else None)
        self.sig_message.emit(_("Unlinked; “Link” adds it back."))

    @Slot()
    def _on_link_button_clicked(self) -> None:
        code = self.link_combo.currentData()
        if self.service_code is None or code is None:
            return
        if self.is_dirty() and not ask_discard(self):
            return
        self._apply("link_channel", code)
        self.current_code = None
        self.editor.unload()
        self.reload(select=code)
        self.list_view.setFocus(Qt.FocusReason.OtherFocusReason)
