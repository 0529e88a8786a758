"""The Topics page of the catalogue admin: the taxonomy as a table, with its editor.

Staff add a topic (a stable code and labels), rename one (the labels side by side, Finnish |
Swedish | English; the code never changes, so visits keep their topic), reorder, retire or bring
back, and merge one into another after a confirmation that says in plain words what happens to
its services and its earlier visits. Retired and merged topics stay in the table, greyed,
italic and with their status spelled out. Every write goes through ``TaxonomyAdmin``; a refused
value shows its message under the form, marks the field and moves the focus there.

The first part of the module holds small pieces the taxonomy pages share (a table model over
DTOs, the fi | sv | en text row, field error display); they could move to ``ui/widgets``.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QEvent,
    QItemSelection,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
    Slot,
)
from PySide6.QtGui import QColor, QFont, QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desk_app.domain.errors import DeskError, ValidationError
from desk_app.domain.taxonomy_rules import TopicDraft, TopicEntry, parse_ptv_classes
from desk_app.domain.texts import Texts
from desk_app.i18n import N_, _
from desk_app.services.taxonomy import TaxonomyAdmin
from ui.admin.service_form_helpers import (
    ERROR_COLOUR,
    FieldMessage,
    plain_text_edit,
    set_tab_order,
)
from ui.dialogs import ask
from ui.labels import format_date
from ui.widgets.code_combo import CodeComboBox
from ui.widgets.keyboard_focus import select_on_keyboard_focus

ROOT = QModelIndex()
Index = QModelIndex | QPersistentModelIndex
INACTIVE_COLOUR = QColor("#5f5f5f")  # 6.4:1 on white: readable, yet clearly set apart

# -- shared by the taxonomy pages ---------------------------------------------------------------


@dataclass(frozen=True)
class Column:
    header: str
    """Marked with ``N_``; translated when shown."""
    text: Callable[[Any], str]
    right: bool = False


class EntryTableModel(QAbstractTableModel):
    """A read-only table over a list of DTOs; rows ``is_inactive`` says are shown greyed and
    italic (their status is also spelled out in a column, not left to colour)."""

    def __init__(
        self,
        columns: Sequence[Column],
        is_inactive: Callable[[Any], bool] | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._columns = list(columns)
        self._is_inactive = is_inactive or (lambda _entry: False)
        self._entries: list[Any] = []

    def set_entries(self, entries: Sequence[Any]) -> None:
        self.beginResetModel()
        self._entries = list(entries)
        self.endResetModel()

    def entries(self) -> list[Any]:
        return list(self._entries)

    def entry_at(self, row: int) -> Any:
        return self._entries[row]

    def rowCount(self, parent: Index = ROOT) -> int:
        return 0 if parent.isValid() else len(self._entries)

    def columnCount(self, parent: Index = ROOT) -> int:
        return 0 if parent.isValid() else len(self._columns)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if (
            orientation == Qt.Orientation.Horizontal
            and role == Qt.ItemDataRole.DisplayRole
            and 0 <= section < len(self._columns)
        ):
            return _(self._columns[section].header)
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._entries):
            return None
        entry, column = self._entries[index.row()], self._columns[index.column()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return column.text(entry)
        if role == Qt.ItemDataRole.TextAlignmentRole and column.right:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if self._is_inactive(entry):
            if role == Qt.ItemDataRole.ForegroundRole:
                return INACTIVE_COLOUR
            if role == Qt.ItemDataRole.FontRole:
                font = QFont()
                font.setItalic(True)
                return font
        return None


def make_table(model: QAbstractTableModel, stretch: Sequence[int]) -> QTableView:
    """A row-selecting, read-only table that Tab leaves (arrows move inside it)."""
    table = QTableView()
    table.setModel(model)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setTabKeyNavigation(False)
    table.setAlternatingRowColors(True)
    table.setWordWrap(False)
    table.verticalHeader().setVisible(False)
    table.verticalHeader().setDefaultSectionSize(table.fontMetrics().height() + 8)
    header = table.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    for column in stretch:  # the texts share what the short columns leave
        header.setSectionResizeMode(column, QHeaderView.ResizeMode.Stretch)
    select_on_keyboard_focus(table)
    return table


def selected_row(table: QTableView) -> int | None:
    rows = table.selectionModel().selectedRows()
    return rows[0].row() if rows else None


LANGUAGE_LABELS = {"fi": N_("&Finnish:"), "sv": N_("&Swedish:"), "en": N_("&English:")}
LANGUAGE_NAMES = {"fi": N_("Finnish"), "sv": N_("Swedish"), "en": N_("English")}


class TextsEdit(QWidget):
    """One translatable text as three fields side by side: Finnish | Swedish | English.

    ``mnemonics`` gives the language labels Alt+letters (F, S, E); a second text on the same
    page goes without them (Tab reaches it) so the letters stay unique. ``multiline`` texts
    (descriptions) get three-line boxes where Tab still moves on.
    """

    def __init__(
        self,
        what: str,
        mnemonics: bool = True,
        multiline: bool = False,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.edits: dict[str, QLineEdit | QPlainTextEdit] = {}
        self.labels: dict[str, QLabel] = {}
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        for column, lang in enumerate(LANGUAGE_LABELS):
            text = _(LANGUAGE_LABELS[lang]) if mnemonics else _(LANGUAGE_NAMES[lang]) + ":"
            label = QLabel(text)
            edit = plain_text_edit("", "", 3) if multiline else QLineEdit()
            label.setBuddy(edit)
            edit.setAccessibleName(
                _("{what} in {language}").format(what=what, language=_(LANGUAGE_NAMES[lang]))
            )
            edit.setToolTip(
                _("Required") if lang == "fi" else _("Optional: else English or Finnish is shown")
            )
            grid.addWidget(label, 0, column)
            grid.addWidget(edit, 1, column)
            grid.setColumnStretch(column, 1)
            self.edits[lang], self.labels[lang] = edit, label

    def texts(self) -> Texts:
        return Texts({lang: _text_of(edit) for lang, edit in self.edits.items()})

    def set_texts(self, texts: Mapping[str, str]) -> None:
        for lang, edit in self.edits.items():
            if isinstance(edit, QLineEdit):
                edit.setText(texts.get(lang, ""))
                edit.setCursorPosition(0)  # a long text shows its beginning
            else:
                edit.setPlainText(texts.get(lang, ""))

    def line_edits(self) -> list[QLineEdit]:
        return [edit for edit in self.edits.values() if isinstance(edit, QLineEdit)]


def _text_of(edit: QLineEdit | QPlainTextEdit) -> str:
    return edit.text() if isinstance(edit, QLineEdit) else edit.toPlainText()


class FieldErrors:
    """Shows a refused value the way the service editors do (``FieldMessage``): the field
    framed in red with the message in a bubble under it and as its accessible description,
    the focus on it, and the message in the page's footer too. Cleared on the next try."""

    def __init__(self, host: QWidget, footer: QLabel, widgets: Mapping[str, QWidget]) -> None:
        self.bubble = FieldMessage(host)
        self.footer = footer
        self.widgets = dict(widgets)
        footer.setWordWrap(True)

    def show(self, error: DeskError) -> None:
        self.clear()
        self.footer.setStyleSheet(f"color: {ERROR_COLOUR};")
        self.footer.setText(str(error))
        widget = self.widgets.get(getattr(error, "field", None) or "")
        if widget is not None and widget.isEnabled():
            self.bubble.show(widget, str(error))

    def done(self, text: str) -> None:
        self.clear()
        self.footer.setStyleSheet("")
        self.footer.setText(text)

    def clear(self) -> None:
        self.bubble.clear()
        self.footer.setText("")


# -- the topics page ----------------------------------------------------------------------------


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


class TopicsPage(QWidget):
    sig_topics_changed = Signal()  # after any change: the intake's chips need reloading

    def __init__(self, admin: TaxonomyAdmin, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.admin = admin
        self.model = EntryTableModel(TOPIC_COLUMNS, lambda e: not e.is_active, self)
        self.table = make_table(self.model, (1, 2, 3))
        self.table_label = QLabel(_("T&opics:"))
        self.show_inactive = QCheckBox(_("Show &retired and merged topics"))
        self.new_button = QPushButton(_("&New topic"))
        self.up_button = QPushButton(_("Move &up"))
        self.down_button = QPushButton(_("Move &down"))
        self.retire_button = QPushButton(_("Re&tire"))
        self.code_edit = QLineEdit()
        self.ptv_edit = QLineEdit()
        self.labels = TextsEdit(_("Label"))
        self.save_button = QPushButton(_("Sa&ve"))
        self.merge_combo = CodeComboBox(
            _("Merge into"), _("The topic in use that the selected topic is merged into")
        )
        self.merge_button = QPushButton(_("&Merge…"))
        self.message = QLabel()
        self.errors = FieldErrors(
            self,
            self.message,
            {
                "code": self.code_edit,
                "ptv_classes": self.ptv_edit,
                **{f"label.{lang}": edit for lang, edit in self.labels.edits.items()},
                "merge_target": self.merge_combo,
                "retired": self.retire_button,
            },
        )
        self._editing: str | None = None  # the code in the editor; None: a new topic
        self._all: list[TopicEntry] = []  # every topic, shown or not (merge targets)
        self._build_layout()
        self._connect_signals()
        self.show_inactive.setChecked(True)
        self.refresh()

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
        self.table.selectionModel().selectionChanged.connect(self._on_table_selection_changed)
        self.table.installEventFilter(self)  # Ctrl+Up / Ctrl+Down
        self.show_inactive.toggled.connect(self._on_show_inactive_toggled)
        self.new_button.clicked.connect(self._on_new_button_clicked)
        self.up_button.clicked.connect(self._on_up_button_clicked)
        self.down_button.clicked.connect(self._on_down_button_clicked)
        self.retire_button.clicked.connect(self._on_retire_button_clicked)
        self.save_button.clicked.connect(self._on_save_button_clicked)
        self.merge_button.clicked.connect(self._on_merge_button_clicked)
        for edit in (self.code_edit, self.ptv_edit, *self.labels.line_edits()):
            edit.returnPressed.connect(self._on_save_button_clicked)

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

    def refresh(self, select_code: str | None = None) -> None:
        """Reload the topics; keep (or move) the selection to ``select_code``."""
        keep = select_code or self.selected_code()
        self._all = self.admin.topics()
        entries = self._all
        if not self.show_inactive.isChecked():
            entries = [e for e in entries if e.is_active]
        self.model.set_entries(entries)
        self._fill_merge_targets()
        codes = [e.code for e in entries]
        if keep in codes:
            self.table.selectRow(codes.index(keep))
        else:
            self._load(None)

    def selected_entry(self) -> TopicEntry | None:
        row = selected_row(self.table)
        return None if row is None else self.model.entry_at(row)

    def selected_code(self) -> str | None:
        entry = self.selected_entry()
        return None if entry is None else entry.code

    def _fill_merge_targets(self) -> None:
        """The topics in use other than the selected one."""
        chosen = self.merge_combo.current_code()
        self.merge_combo.clear()
        for entry in self._all:
            if entry.is_active and entry.code != self.selected_code():
                self.merge_combo.add_code(f"{entry.code} – {entry.label.text('fi')}", entry.code)
        if chosen:
            self.merge_combo.set_current_code(chosen)

    def _load(self, entry: TopicEntry | None) -> None:
        """Show ``entry`` in the editor (None: an empty form for a new topic)."""
        self.errors.clear()
        self._editing = None if entry is None else entry.code
        self.code_edit.setText("" if entry is None else entry.code)
        self.code_edit.setEnabled(entry is None)  # a code never changes once saved
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

    # -- slots ---------------------------------------------------------------------------------

    @Slot(QItemSelection, QItemSelection)
    def _on_table_selection_changed(self, *_args: object) -> None:
        entry = self.selected_entry()
        self._load(entry)
        self._fill_merge_targets()

    @Slot(bool)
    def _on_show_inactive_toggled(self, _checked: bool) -> None:
        self.refresh()

    @Slot()
    def _on_new_button_clicked(self) -> None:
        self.table.clearSelection()
        self._load(None)
        self.code_edit.setFocus(Qt.FocusReason.OtherFocusReason)

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
            self.refresh(code)
            self.sig_topics_changed.emit()

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
        self.refresh(entry.code)
        self.errors.done(done.format(code=entry.code))
        self.sig_topics_changed.emit()

    @Slot()
    def _on_save_button_clicked(self) -> None:
        labels = self.labels.texts()
        classes = parse_ptv_classes(self.ptv_edit.text())
        try:
            if self._editing is None:
                code = self.admin.add_topic(TopicDraft(self.code_edit.text(), labels, classes))
                done = _("Topic {code} added.")
            else:
                code = self._editing
                self.admin.rename_topic(code, labels, classes)
                done = _("Topic {code} saved.")
        except DeskError as error:
            self.errors.show(error)
            return
        self.refresh(code)
        self.errors.done(done.format(code=code))
        self.sig_topics_changed.emit()

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
        self.refresh(target)
        self.errors.done(
            _("{source} was merged into {target}.").format(source=source, target=target)
        )
        self.sig_topics_changed.emit()
