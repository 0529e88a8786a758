"""The Actors page of the catalogue admin: the organisations that give the services.

A table of every organisation and a form below it: a stable code (set once), the kind, the name
and description in Finnish | Swedish | English side by side, the business id (Y-tunnus, with its
check digit checked), the web address and the date the details were last checked. Organisations
are not retired (the model has no such state, and services and programmes point at them): an
actor that stops is left in place, and its services are retired instead.
"""

from __future__ import annotations

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

from desk_app.domain.codes import OrganisationKind
from desk_app.domain.errors import DeskError
from desk_app.domain.taxonomy_rules import OrganisationDraft, OrganisationEntry
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

KIND_LABELS = {
    OrganisationKind.MUNICIPALITY: N_("Municipality"),
    OrganisationKind.STATE: N_("State authority"),
    OrganisationKind.WELLBEING_COUNTY: N_("Wellbeing services county"),
    OrganisationKind.EDUCATION: N_("Educational institution"),
    OrganisationKind.COMPANY: N_("Company"),
    OrganisationKind.ASSOCIATION: N_("Association"),
    OrganisationKind.PROJECT: N_("Project"),
    OrganisationKind.OTHER: N_("Other"),
}


def kind_label(kind: str) -> str:
    text = KIND_LABELS.get(OrganisationKind(kind)) if kind in set(OrganisationKind) else None
    return _(text) if text else kind


ACTOR_COLUMNS = (
    Column(N_("Code"), lambda e: e.code),
    Column(N_("Name"), lambda e: e.name.text(ui_language())),
    Column(N_("Kind"), lambda e: kind_label(e.kind)),
    Column(N_("Business id"), lambda e: e.business_id or ""),
    Column(N_("Checked on"), lambda e: format_date(e.checked_on) if e.checked_on else ""),
    Column(N_("Services"), lambda e: str(e.service_count), right=True),
)


class ActorsPage(QWidget):
    sig_actors_changed = Signal()  # after a save: service editors list the organisations

    def __init__(self, admin: TaxonomyAdmin, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.admin = admin
        self.model = EntryTableModel(ACTOR_COLUMNS, parent=self)
        self.table = make_table(self.model, (1,))
        self.table_label = QLabel(_("&Organisations:"))
        self.new_button = QPushButton(_("&New organisation"))
        self.code_edit = QLineEdit()
        self.kind_combo = CodeComboBox(_("Kind"), _("What kind of organisation this is"))
        for kind, text in KIND_LABELS.items():
            self.kind_combo.add_code(_(text), kind.value)
        self.names = TextsEdit(_("Name"))
        self.descriptions = TextsEdit(_("Description"), mnemonics=False, multiline=True)
        self.business_id_edit = QLineEdit()
        self.url_edit = QLineEdit()
        self.checked_edit = DateEdit(
            _("Checked on"), _("When these details were last checked, e.g. 31.12.2026")
        )
        self.save_button = QPushButton(_("Sa&ve"))
        self.message = QLabel()
        self.errors = FieldErrors(
            self,
            self.message,
            {
                "code": self.code_edit,
                "kind": self.kind_combo,
                **{f"name.{lang}": edit for lang, edit in self.names.edits.items()},
                **{f"description.{lang}": e for lang, e in self.descriptions.edits.items()},
                "business_id": self.business_id_edit,
                "url": self.url_edit,
                "checked_on": self.checked_edit,
            },
        )
        self._editing: str | None = None
        self._build_layout()
        self._connect_signals()
        self.refresh()

    def _build_layout(self) -> None:
        self.table_label.setBuddy(self.table)
        self.table.setToolTip(_("Every organisation; choose one to edit it below"))
        self.new_button.setToolTip(_("Clear the form to add an organisation"))
        self.code_edit.setToolTip(
            _("A stable code, A–Z, 0–9 and hyphens (e.g. KELA); it never changes once saved")
        )
        self.business_id_edit.setToolTip(_("Finnish business id (Y-tunnus), e.g. 0246246-0"))
        self.url_edit.setToolTip(_("The organisation's web site, e.g. https://www.kela.fi/"))
        self.save_button.setToolTip(_("Save the organisation (Enter in a field)"))
        fields = QGridLayout()
        rows = (
            (_("&Code:"), self.code_edit, _("&Kind:"), self.kind_combo),
            (_("&Business id:"), self.business_id_edit, _("&Web address:"), self.url_edit),
            (_("C&hecked on:"), self.checked_edit, None, None),
        )
        for row, (first, first_field, second, second_field) in enumerate(rows):
            for column, (text, widget) in enumerate(((first, first_field), (second, second_field))):
                if text is None or widget is None:
                    continue
                label = QLabel(text)
                label.setBuddy(widget)
                fields.addWidget(label, row, column * 2)
                fields.addWidget(widget, row, column * 2 + 1)
        fields.setColumnStretch(1, 1)
        fields.setColumnStretch(3, 2)
        editor = QGroupBox(_("Organisation"))
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
                self.kind_combo,
                self.business_id_edit,
                self.url_edit,
                self.checked_edit,
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
            self.business_id_edit,
            self.url_edit,
            self.checked_edit,
            *self.names.line_edits(),
        )
        for edit in edits:
            edit.returnPressed.connect(self._on_save_button_clicked)

    def refresh(self, select_code: str | None = None) -> None:
        keep = select_code or self.selected_code()
        entries = self.admin.organisations()
        self.model.set_entries(entries)
        codes = [e.code for e in entries]
        if keep in codes:
            self.table.selectRow(codes.index(keep))
        else:
            self._load(None)

    def selected_entry(self) -> OrganisationEntry | None:
        row = selected_row(self.table)
        return None if row is None else self.model.entry_at(row)

    def selected_code(self) -> str | None:
        entry = self.selected_entry()
        return None if entry is None else entry.code

    def _load(self, entry: OrganisationEntry | None) -> None:
        self.errors.clear()
        self._editing = None if entry is None else entry.code
        self.code_edit.setText("" if entry is None else entry.code)
        self.code_edit.setEnabled(entry is None)
        self.kind_combo.set_current_code(
            OrganisationKind.OTHER.value if entry is None else entry.kind
        )
        self.names.set_texts(Texts() if entry is None else entry.name)
        self.descriptions.set_texts(Texts() if entry is None else entry.description)
        self.business_id_edit.setText("" if entry is None else entry.business_id or "")
        self.url_edit.setText("" if entry is None else entry.url or "")
        self.checked_edit.set_value(None if entry is None else entry.checked_on)

    def draft(self) -> OrganisationDraft:
        """The form as a draft (``ValidationError`` for a date that is no date)."""
        return OrganisationDraft(
            code=self.code_edit.text(),
            kind=self.kind_combo.current_code() or "",
            name=self.names.texts(),
            description=self.descriptions.texts(),
            business_id=self.business_id_edit.text(),
            url=self.url_edit.text(),
            checked_on=self.checked_edit.value("checked_on"),
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
            code = self.admin.save_organisation(self.draft(), new=new)
        except DeskError as error:
            self.errors.show(error)
            return
        self.refresh(code)
        done = _("Organisation {code} added.") if new else _("Organisation {code} saved.")
        self.errors.done(done.format(code=code))
        self.sig_actors_changed.emit()
