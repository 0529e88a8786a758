"""The Programmes page of the catalogue admin: time-limited programmes and projects.

A table of every programme, ended ones greyed and marked "Ended", and a form: a stable code (set
once), the organisation that runs it, the name and description in Finnish | Swedish | English,
the funding source, the EURA 2021 project code and the validity dates (an end before the start
is refused on the end date). A running programme can be attributed to a visit at the intake.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from PySide6.QtCore import QItemSelection, Qt, Signal, Slot
from PySide6.QtWidgets import (
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desk_app.domain.catalogue import Programme
from desk_app.domain.errors import DeskError
from desk_app.domain.taxonomy_rules import ProgrammeDraft
from desk_app.domain.texts import Texts
from desk_app.i18n import N_, _, ui_language
from desk_app.services.taxonomy import TaxonomyAdmin
from ui.admin.service_form_helpers import DateEdit, set_tab_order
from ui.admin.topics_page import (
    Column,
    EntryTableModel,
    FieldErrors,
    TextsEdit,
    make_table,
    selected_row,
)
from ui.labels import format_date
from ui.widgets.code_combo import CodeComboBox


def _day(day: dt.date | None) -> str:
    return format_date(day) if day else ""


def programme_status(programme: Programme, today: dt.date) -> str:
    if programme.valid_to is not None and programme.valid_to < today:
        return _("Ended")
    if programme.valid_from is not None and programme.valid_from > today:
        return _("Not started")
    return _("Running")


def programme_columns(today: Callable[[], dt.date]) -> tuple[Column, ...]:
    return (
        Column(N_("Code"), lambda p: p.code),
        Column(N_("Name"), lambda p: p.name.text(ui_language())),
        Column(N_("Organisation"), lambda p: p.organisation_code),
        Column(N_("Funding"), lambda p: p.funding_source or ""),
        Column(N_("EURA code"), lambda p: p.eura_code or ""),
        Column(N_("From"), lambda p: _day(p.valid_from)),
        Column(N_("To"), lambda p: _day(p.valid_to)),
        Column(N_("Status"), lambda p: programme_status(p, today())),
    )


class ProgrammesPage(QWidget):
    sig_programmes_changed = Signal()  # after a save: the intake's programme list changes

    def __init__(self, admin: TaxonomyAdmin, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.admin = admin
        self.model = EntryTableModel(
            programme_columns(admin.today),
            lambda p: p.valid_to is not None and p.valid_to < admin.today(),
            self,
        )
        self.table = make_table(self.model, (1,))
        self.table_label = QLabel(_("&Programmes:"))
        self.new_button = QPushButton(_("&New programme"))
        self.code_edit = QLineEdit()
        self.organisation_combo = CodeComboBox(
            _("Organisation"), _("The organisation that runs the programme")
        )
        self.names = TextsEdit(_("Name"))
        self.descriptions = TextsEdit(_("Description"), mnemonics=False, multiline=True)
        self.funding_edit = QLineEdit()
        self.eura_edit = QLineEdit()
        self.from_edit = DateEdit(_("Valid from"), _("The first day of the programme, 1.8.2021"))
        self.to_edit = DateEdit(_("Valid to"), _("The last day of the programme, 31.7.2023"))
        self.save_button = QPushButton(_("Sa&ve"))
        self.message = QLabel()
        self.errors = FieldErrors(
            self,
            self.message,
            {
                "code": self.code_edit,
                "organisation": self.organisation_combo,
                **{f"name.{lang}": edit for lang, edit in self.names.edits.items()},
                **{f"description.{lang}": e for lang, e in self.descriptions.edits.items()},
                "funding_source": self.funding_edit,
                "eura_code": self.eura_edit,
                "valid_from": self.from_edit,
                "valid_to": self.to_edit,
            },
        )
        self._editing: str | None = None
        self._build_layout()
        self._connect_signals()
        self.refresh()

    def _build_layout(self) -> None:
        self.table_label.setBuddy(self.table)
        self.table.setToolTip(_("Every programme, ended ones too; choose one to edit it below"))
        self.new_button.setToolTip(_("Clear the form to add a programme"))
        self.code_edit.setToolTip(
            _("A stable code, A–Z, 0–9 and hyphens; it never changes once saved")
        )
        self.funding_edit.setToolTip(_("Who funds it, e.g. ESF+ or ESF REACT-EU"))
        self.eura_edit.setToolTip(_("The EURA 2021 project code: a letter and five digits"))
        self.save_button.setToolTip(_("Save the programme (Enter in a field)"))
        rows = (
            (_("&Code:"), self.code_edit, _("&Organisation:"), self.organisation_combo),
            (_("F&unding source:"), self.funding_edit, _("EURA co&de:"), self.eura_edit),
            (_("Valid fro&m:"), self.from_edit, _("Valid &to:"), self.to_edit),
        )
        fields = QGridLayout()
        for row, (first, first_field, second, second_field) in enumerate(rows):
            for column, (text, widget) in enumerate(((first, first_field), (second, second_field))):
                label = QLabel(text)
                label.setBuddy(widget)
                fields.addWidget(label, row, column * 2)
                fields.addWidget(widget, row, column * 2 + 1)
        fields.setColumnStretch(1, 1)
        fields.setColumnStretch(3, 1)
        editor = QGroupBox(_("Programme"))
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
                self.code_edit,
                self.organisation_combo,
                self.funding_edit,
                self.eura_edit,
                self.from_edit,
                self.to_edit,
                *self.names.edits.values(),
                *self.descriptions.edits.values(),
                self.save_button,
            ]
        )

    def _connect_signals(self) -> None:
        self.table.selectionModel().selectionChanged.connect(self._on_table_selection_changed)
        self.new_button.clicked.connect(self._on_new_button_clicked)
        self.save_button.clicked.connect(self._on_save_button_clicked)
        edits = (
            self.code_edit,
            self.funding_edit,
            self.eura_edit,
            self.from_edit,
            self.to_edit,
            *self.names.line_edits(),
        )
        for edit in edits:
            edit.returnPressed.connect(self._on_save_button_clicked)

    def refresh(self, select_code: str | None = None) -> None:
        keep = select_code or self.selected_code()
        chosen = self.organisation_combo.current_code()
        self.organisation_combo.clear()
        for organisation in self.admin.organisations():
            name = organisation.name.text(ui_language())
            self.organisation_combo.add_code(f"{organisation.code} – {name}", organisation.code)
        self.organisation_combo.set_current_code(chosen)
        entries = self.admin.programmes()
        self.model.set_entries(entries)
        codes = [p.code for p in entries]
        if keep in codes:
            self.table.selectRow(codes.index(keep))
        else:
            self._load(None)

    def selected_entry(self) -> Programme | None:
        row = selected_row(self.table)
        return None if row is None else self.model.entry_at(row)

    def selected_code(self) -> str | None:
        entry = self.selected_entry()
        return None if entry is None else entry.code

    def _load(self, entry: Programme | None) -> None:
        self.errors.clear()
        self._editing = None if entry is None else entry.code
        self.code_edit.setText("" if entry is None else entry.code)
        self.code_edit.setEnabled(entry is None)
        if entry is None:
            self.organisation_combo.setCurrentIndex(-1)
        else:
            self.organisation_combo.set_current_code(entry.organisation_code)
        self.names.set_texts(Texts() if entry is None else entry.name)
        self.descriptions.set_texts(Texts() if entry is None else entry.description)
        self.funding_edit.setText("" if entry is None else entry.funding_source or "")
        self.eura_edit.setText("" if entry is None else entry.eura_code or "")
        self.from_edit.set_value(None if entry is None else entry.valid_from)
        self.to_edit.set_value(None if entry is None else entry.valid_to)

    def draft(self) -> ProgrammeDraft:
        """The form as a draft (``ValidationError`` for a date that is no date)."""
        return ProgrammeDraft(
            code=self.code_edit.text(),
            organisation_code=self.organisation_combo.current_code() or "",
            name=self.names.texts(),
            description=self.descriptions.texts(),
            funding_source=self.funding_edit.text(),
            eura_code=self.eura_edit.text(),
            valid_from=self.from_edit.value("valid_from"),
            valid_to=self.to_edit.value("valid_to"),
        )

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
        new = self._editing is None
        try:
            code = self.admin.save_programme(self.draft(), new=new)
        except DeskError as error:
            self.errors.show(error)
            return
        self.refresh(code)
        done = _("Programme {code} added.") if new else _("Programme {code} saved.")
        self.errors.done(done.format(code=code))
        self.sig_programmes_changed.emit()
