"""The Topics page of the catalogue admin: the taxonomy as a table, with its editor.

Staff add a topic (a stable code and labels), rename one (the labels side by side, Finnish |
Swedish | English; the code never changes, so visits keep their topic), reorder, retire or bring
back, and merge one into another after a confirmation that says in plain words what happens to
its services and its earlier visits. Retired and merged topics stay in the table, greyed,
italic and with their status spelled out. Every write goes through ``TaxonomyAdmin``; a refused
value shows its message under the form, marks the field and moves the focus there (the
list-plus-form machinery is ``RecordPage``'s).
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QItemSelection, QObject, Qt, Signal, Slot
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desk_app.domain.errors import DeskError, ValidationError
from desk_app.domain.taxonomy_rules import TopicDraft, TopicEntry, parse_ptv_classes
from desk_app.domain.texts import Texts
from desk_app.i18n import N_, _
from desk_app.labels import format_date
from desk_app.services.taxonomy import TaxonomyAdmin
from ui.admin.entry_table import Column, EntryTableModel
from ui.admin.record_page import RecordPage, TextsEdit
from ui.admin.service_form_helpers import set_tab_order
from ui.dialogs import ask
from ui.widgets.code_combo import CodeComboBox


def topic_status(entry: TopicEntry) -> str:
    if entry.merged_into is not None:
        return _("Merged into {code}").format(code=entry.merged_into)
    if entry.retired_on is not None:
        return _("Retired {date}").format(date=format_date(entry.retired_on))
    return _("In use")


TOPIC_COLUMNS = (
    Column(N_("Code"), lambda e: e.code),
    Column(N_("Finnish"), lambda e: e.label.get("fi", "")),
    Column(N_("Swedish"), lambda e: e.label.get("sv", "")),
    Column(N_("English"), lambda e: e.label.get("en", "")),
    Column(N_("PTV classes"), lambda e: " ".join(e.ptv_classes)),
    Column(N_("Services"), lambda e: str(e.service_count), right=True),
    Column(N_("Status"), topic_status),
)


class TopicsPage(RecordPage):
    sig_topics_changed = Signal()  # after any change: the intake's chips need reloading

    def __init__(self, admin: TaxonomyAdmin, parent: QWidget | None = None) -> None:
        super().__init__(
            admin,
            EntryTableModel(TOPIC_COLUMNS, lambda e: not e.is_active),
            (1, 2, 3),
            _("T&opics:"),
            _("&New topic"),
            parent,
        )
        self.show_inactive = QCheckBox(_("Show &retired and merged topics"))
        self.up_button = QPushButton(_("Move &up"))
        self.down_button = QPushButton(_("Move &down"))
        self.retire_button = QPushButton(_("Re&tire"))
        self.ptv_edit = QLineEdit()
        self.labels = TextsEdit(_("Label"))
        self.merge_combo = CodeComboBox(
            _("Merge into"), _("The topic in use that the selected topic is merged into")
        )
        self.merge_button = QPushButton(_("&Merge…"))
        self._all: list[TopicEntry] = []  # every topic, shown or not (merge targets)
        self.show_inactive.setChecked(True)  # before it is connected: _set_up loads once
        self._set_up(
            {
                "ptv_classes": self.ptv_edit,
                **self.labels.field_widgets("label"),
                "merge_target": self.merge_combo,
                "retired": self.retire_button,
            }
        )

    def _build_layout(self) -> None:
        self.table_label.setBuddy(self.table)
        self.table.setToolTip(
            _("All topics in the intake's order; Ctrl+Up and Ctrl+Down move the selected one")
        )
        self.show_inactive.setToolTip(_("Also list topics that are no longer offered"))
        self.new_button.setToolTip(_("Clear the form to add a topic"))
        self.up_button.setToolTip(_("Move the selected topic up (Ctrl+Up)"))
        self.down_button.setToolTip(_("Move the selected topic down (Ctrl+Down)"))
        self.retire_button.setToolTip(
            _("Stop or restart offering the selected topic; its earlier visits keep it")
        )
        self.code_edit.setToolTip(
            _("A stable code, A–Z, 0–9 and hyphens (e.g. HOUSING); it never changes once saved")
        )
        self.ptv_edit.setToolTip(_("Suomi.fi PTV service classes, e.g. P10.1 P10.7"))
        self.save_button.setToolTip(_("Save the topic (Enter in a field)"))
        self.merge_button.setToolTip(
            _("Merge the selected topic into the chosen one; asks first and says what happens")
        )
        code_label, ptv_label = QLabel(_("&Code:")), QLabel(_("PTV c&lasses:"))
        code_label.setBuddy(self.code_edit)
        ptv_label.setBuddy(self.ptv_edit)
        merge_label = QLabel(_("Merge &into:"))
        merge_label.setBuddy(self.merge_combo)

        actions = QHBoxLayout()
        actions.addWidget(self.show_inactive)
        actions.addStretch(1)
        for button in (self.new_button, self.up_button, self.down_button, self.retire_button):
            actions.addWidget(button)
        editor = QGroupBox(_("Topic"))
        grid = QGridLayout(editor)
        grid.addWidget(code_label, 0, 0)
        grid.addWidget(self.code_edit, 0, 1)
        grid.addWidget(ptv_label, 0, 2)
        grid.addWidget(self.ptv_edit, 0, 3)
        grid.addWidget(self.labels, 1, 0, 1, 4)
        save_row = QHBoxLayout()
        save_row.addStretch(1)
        save_row.addWidget(self.save_button)
        grid.addLayout(save_row, 2, 0, 1, 4)
        grid.setColumnStretch(1, 1)
        grid.setColumnStretch(3, 2)
        merge = QHBoxLayout()
        merge.addWidget(merge_label)
        merge.addWidget(self.merge_combo, 1)
        merge.addWidget(self.merge_button)

        layout = QVBoxLayout(self)
        layout.addWidget(self.table_label)
        layout.addWidget(self.table, 1)
        layout.addLayout(actions)
        layout.addWidget(editor)
        layout.addLayout(merge)
        layout.addWidget(self.message)
        set_tab_order(
            [
                self.table,
                self.show_inactive,
                self.new_button,
                self.up_button,
                self.down_button,
                self.retire_button,
                self.code_edit,
                self.ptv_edit,
                *self.labels.edits.values(),
                self.save_button,
                self.merge_combo,
                self.merge_button,
            ]
        )

    def _connect_signals(self) -> None:
        super()._connect_signals()
        self.table.installEventFilter(self)  # Ctrl+Up / Ctrl+Down
        self.show_inactive.toggled.connect(self._on_show_inactive_toggled)
        self.up_button.clicked.connect(self._on_up_button_clicked)
        self.down_button.clicked.connect(self._on_down_button_clicked)
        self.retire_button.clicked.connect(self._on_retire_button_clicked)
        self.merge_button.clicked.connect(self._on_merge_button_clicked)
        self._save_on_enter([self.code_edit, self.ptv_edit, *self.labels.line_edits()])

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            watched is self.table
            and event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.modifiers() == Qt.KeyboardModifier.ControlModifier
            and event.key() in (Qt.Key.Key_Up, Qt.Key.Key_Down)
        ):
            self._move(-1 if event.key() == Qt.Key.Key_Up else 1)
            return True
        return super().eventFilter(watched, event)

    # -- reading -------------------------------------------------------------------------------

    def _fetch(self) -> list[TopicEntry]:
        self._all = self.admin.topics()
        if self.show_inactive.isChecked():
            return self._all
        return [e for e in self._all if e.is_active]

    def _rows_reloaded(self) -> None:
        self._fill_merge_targets()

    def _fill_merge_targets(self) -> None:
        """The topics in use other than the selected one."""
        chosen = self.merge_combo.current_code()
        self.merge_combo.clear()
        for entry in self._all:
            if entry.is_active and entry.code != self.selected_code():
                self.merge_combo.add_code(f"{entry.code} – {entry.label.text('fi')}", entry.code)
        if chosen:
            self.merge_combo.set_current_code(chosen)

    def _show(self, entry: TopicEntry | None) -> None:
        self.ptv_edit.setText("" if entry is None else " ".join(entry.ptv_classes))
        self.labels.set_texts(Texts() if entry is None else entry.label)
        self.retire_button.setText(
            _("Un-re&tire") if entry is not None and entry.retired_on else _("Re&tire")
        )
        merged = entry is not None and entry.merged_into is not None
        for widget in (self.up_button, self.down_button):
            widget.setEnabled(entry is not None)
        self.retire_button.setEnabled(entry is not None and not merged)
        self.merge_button.setEnabled(entry is not None and not merged)
        self.merge_combo.setEnabled(entry is not None and not merged)

    def _write(self, editing: str | None) -> tuple[str, str]:
        labels = self.labels.texts()
        classes = parse_ptv_classes(self.ptv_edit.text())
        if editing is None:
            code = self.admin.add_topic(TopicDraft(self.code_edit.text(), labels, classes))
            return code, _("Topic {code} added.")
        self.admin.rename_topic(editing, labels, classes)
        return editing, _("Topic {code} saved.")

    def _announce_change(self) -> None:
        self.sig_topics_changed.emit()

    # -- slots ---------------------------------------------------------------------------------

    @Slot(QItemSelection, QItemSelection)
    def _on_table_selection_changed(self, *_args: object) -> None:
        super()._on_table_selection_changed()
        self._fill_merge_targets()

    @Slot(bool)
    def _on_show_inactive_toggled(self, _checked: bool) -> None:
        self.refresh()

    @Slot()
    def _on_up_button_clicked(self) -> None:
        self._move(-1)

    @Slot()
    def _on_down_button_clicked(self) -> None:
        self._move(1)

    def _move(self, offset: int) -> None:
        code = self.selected_code()
        if code is None:
            return
        try:
            moved = self.admin.move_topic(code, offset)
        except DeskError as error:
            self.errors.show(error)
            return
        if moved:
            self._changed(code)

    @Slot()
    def _on_retire_button_clicked(self) -> None:
        entry = self.selected_entry()
        if entry is None:
            return
        try:
            if entry.retired_on is None:
                self.admin.retire_topic(entry.code)
                done = _("{code} is retired: the intake no longer offers it; its visits keep it.")
            else:
                self.admin.unretire_topic(entry.code)
                done = _("{code} is in use again.")
        except DeskError as error:
            self.errors.show(error)
            return
        self._changed(entry.code, done.format(code=entry.code))

    @Slot()
    def _on_merge_button_clicked(self) -> None:
        source, target = self.selected_code(), self.merge_combo.current_code()
        if source is None:
            return
        if target is None:
            self.errors.show(
                ValidationError(_("Choose the topic to merge into."), field="merge_target")
            )
            return
        try:
            preview = self.admin.merge_preview(source, target)
        except DeskError as error:
            self.errors.show(error)
            return
        if not ask.ask_yes_no(self, _("Merge topics?"), preview.question()):
            return
        try:
            self.admin.merge_topic(source, target)
        except DeskError as error:
            self.errors.show(error)
            return
        message = _("{source} was merged into {target}.").format(source=source, target=target)
        self._changed(target, message)
