"""The list-plus-form machinery of the taxonomy pages (topics, organisations, programmes).

Each of those pages is a table of records over a form. Choosing a row loads it into the form;
New clears the form for a new record, whose code is typed once and never changes after; Save (or
Enter in a one-line field) writes through ``TaxonomyAdmin`` and then either marks the refused
field or says what was saved; and every reload keeps the chosen row chosen. ``RecordPage`` holds
that once, so a page keeps only its own fields, its own write and its own signal;
``NamedRecordPage`` adds what organisations and programmes share besides: a name and a
description in Finnish | Swedish | English under a grid of labelled fields.

The pieces the forms are built of live here too: ``TextsEdit`` (one text as a fi | sv | en row)
and ``FieldErrors`` (a refused value shown on its field and in the page's footer).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from PySide6.QtCore import QItemSelection, Qt, Slot
from PySide6.QtWidgets import (
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desk_app.domain.errors import DeskError
from desk_app.domain.texts import Texts
from desk_app.i18n import N_, _
from desk_app.services.taxonomy import TaxonomyAdmin
from ui.admin.entry_table import EntryTableModel, make_table, selected_row
from ui.admin.service_form_helpers import (
    ERROR_COLOUR,
    FieldMessage,
    plain_text_edit,
    set_tab_order,
)

LANGUAGE_LABELS = {"fi": N_("&Finnish:"), "sv": N_("&Swedish:"), "en": N_("&English:")}
LANGUAGE_NAMES = {"fi": N_("Finnish"), "sv": N_("Swedish"), "en": N_("English")}

FieldRow = tuple[str, QWidget, str | None, QWidget | None]
"""One row of a record form: a label and its field, then (or None) a second pair beside them."""


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

    def field_widgets(self, field: str) -> dict[str, QWidget]:
        """{"<field>.<lang>": edit}: where a refused text of ``field`` is shown."""
        return {f"{field}.{lang}": edit for lang, edit in self.edits.items()}


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


class RecordPage(QWidget):
    """A table of records (each with a stable ``code``) over the form that edits one.

    A page builds its own fields after ``__init__`` here, then calls ``_set_up`` with the
    widgets of its refusable fields. It supplies ``_fetch`` (the rows, and whatever the form
    offers to choose from), ``_show`` (one record, or None, into its own fields), ``_write``
    (the save) and ``_announce_change`` (its ``sig_…_changed``), and lays itself out in
    ``_build_layout``.
    """

    def __init__(
        self,
        admin: TaxonomyAdmin,
        model: EntryTableModel,
        stretch: Sequence[int],
        table_text: str,
        new_text: str,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.admin = admin
        model.setParent(self)
        self.model = model
        self.table = make_table(model, stretch)
        self.table_label = QLabel(table_text)
        self.new_button = QPushButton(new_text)
        self.code_edit = QLineEdit()
        self.save_button = QPushButton(_("Sa&ve"))
        self.message = QLabel()
        self._editing: str | None = None  # the code in the form; None: a new record

    def _set_up(self, fields: Mapping[str, QWidget]) -> None:
        """Once the page's own widgets exist: errors shown on ``fields`` (and the code), the
        layout, the connections and the first load."""
        self.errors = FieldErrors(self, self.message, {"code": self.code_edit, **fields})
        self._build_layout()
        self._connect_signals()
        self.refresh()

    def _build_layout(self) -> None:
        raise NotImplementedError

    def _connect_signals(self) -> None:
        self.table.selectionModel().selectionChanged.connect(self._on_table_selection_changed)
        self.new_button.clicked.connect(self._on_new_button_clicked)
        self.save_button.clicked.connect(self._on_save_button_clicked)

    def _save_on_enter(self, edits: Sequence[QLineEdit]) -> None:
        for edit in edits:
            edit.returnPressed.connect(self._on_save_button_clicked)

    # -- what a page supplies ----------------------------------------------------------------

    def _fetch(self) -> Sequence[Any]:
        """The rows to list, read afresh (a page may refill its choosers here too)."""
        raise NotImplementedError

    def _rows_reloaded(self) -> None:
        """After the table is refilled, before the selection is restored."""

    def _show(self, entry: Any | None) -> None:
        """``entry`` in the page's own fields (None: empty, for a new record)."""
        raise NotImplementedError

    def _write(self, editing: str | None) -> tuple[str, str]:
        """Save the form as the record ``editing`` (None: a new one), or ``DeskError`` when
        refused: the code saved and the message to show, with ``{code}`` in it."""
        raise NotImplementedError

    def _announce_change(self) -> None:
        """Tell the rest of the desk that the records changed."""
        raise NotImplementedError

    # -- reading -------------------------------------------------------------------------------

    def refresh(self, select_code: str | None = None) -> None:
        """Reload the rows; keep (or move) the selection to ``select_code``."""
        keep = select_code or self.selected_code()
        entries = self._fetch()
        self.model.set_entries(entries)
        self._rows_reloaded()
        codes = [e.code for e in entries]
        if keep in codes:
            self.table.selectRow(codes.index(keep))
        else:
            self._load(None)

    def selected_entry(self) -> Any | None:
        row = selected_row(self.table)
        return None if row is None else self.model.entry_at(row)

    def selected_code(self) -> str | None:
        entry = self.selected_entry()
        return None if entry is None else entry.code

    def _load(self, entry: Any | None) -> None:
        """Show ``entry`` in the form (None: an empty form for a new record)."""
        self.errors.clear()
        self._editing = None if entry is None else entry.code
        self.code_edit.setText("" if entry is None else entry.code)
        self.code_edit.setEnabled(entry is None)  # a code never changes once saved
        self._show(entry)

    def _changed(self, code: str, message: str | None = None) -> None:
        """After a write: reload with ``code`` chosen, say ``message``, tell the desk."""
        self.refresh(code)
        if message is not None:
            self.errors.done(message)
        self._announce_change()

    # -- slots ---------------------------------------------------------------------------------

    @Slot(QItemSelection, QItemSelection)
    def _on_table_selection_changed(self, *_args: object) -> None:
        self._load(self.selected_entry())

    @Slot()
    def _on_new_button_clicked(self) -> None:
        self.table.clearSelection()
        self._load(None)
        self.code_edit.setFocus(Qt.FocusReason.OtherFocusReason)

    @Slot()
    def _on_save_button_clicked(self) -> None:
        try:
            code, done = self._write(self._editing)
        except DeskError as error:
            self.errors.show(error)
            return
        self._changed(code, done.format(code=code))


class NamedRecordPage(RecordPage):
    """A record with a name and a description in three languages (an organisation, a
    programme): those two text rows under a grid of the page's own labelled fields.

    Enter in any one-line field saves; Tab goes New, the table, the grid row by row, the
    names, the descriptions, Save.
    """

    def __init__(
        self,
        admin: TaxonomyAdmin,
        model: EntryTableModel,
        table_text: str,
        new_text: str,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(admin, model, (1,), table_text, new_text, parent)
        self.names = TextsEdit(_("Name"))
        self.descriptions = TextsEdit(_("Description"), mnemonics=False, multiline=True)
        self._fields: list[QWidget] = []  # the grid's fields in reading order

    def _set_up(self, fields: Mapping[str, QWidget]) -> None:
        texts = {
            **self.names.field_widgets("name"),
            **self.descriptions.field_widgets("description"),
        }
        super()._set_up({**fields, **texts})

    def _lay_out_form(self, title: str, rows: Sequence[FieldRow], second_stretch: int) -> None:
        """The page: its table under its label and New, then the form ``title``: ``rows`` of
        labelled fields, the name, the description and Save; then the message line."""
        fields = QGridLayout()
        for row, (first, first_field, second, second_field) in enumerate(rows):
            for column, (text, widget) in enumerate(((first, first_field), (second, second_field))):
                if text is None or widget is None:
                    continue
                label = QLabel(text)
                label.setBuddy(widget)
                fields.addWidget(label, row, column * 2)
                fields.addWidget(widget, row, column * 2 + 1)
                self._fields.append(widget)
        fields.setColumnStretch(1, 1)
        fields.setColumnStretch(3, second_stretch)
        editor = QGroupBox(title)
        form = QVBoxLayout(editor)
        form.addLayout(fields)
        form.addWidget(QLabel(_("Name")))
        form.addWidget(self.names)
        form.addWidget(QLabel(_("Description")))
        form.addWidget(self.descriptions)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.save_button)
        form.addLayout(buttons)
        top = QHBoxLayout()
        top.addWidget(self.table_label)
        top.addStretch(1)
        top.addWidget(self.new_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        layout.addWidget(editor)
        layout.addWidget(self.message)
        set_tab_order(
            [
                self.new_button,
                self.table,
                *self._fields,
                *self.names.edits.values(),
                *self.descriptions.edits.values(),
                self.save_button,
            ]
        )

    def _connect_signals(self) -> None:
        super()._connect_signals()
        one_line = [field for field in self._fields if isinstance(field, QLineEdit)]
        self._save_on_enter([*one_line, *self.names.line_edits()])
