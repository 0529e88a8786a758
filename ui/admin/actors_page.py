"""The Actors page of the catalogue admin: the organisations that give the services.

A table of every organisation and a form below it: a stable code (set once), the kind, the name
and description in Finnish | Swedish | English side by side, the business id (Y-tunnus, with its
check digit checked), the web address and the date the details were last checked. Organisations
are not retired (the model has no such state, and services and programmes point at them): an
actor that stops is left in place, and its services are retired instead.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QLineEdit, QWidget

from desk_app.domain.codes import OrganisationKind
from desk_app.domain.taxonomy_rules import OrganisationDraft, OrganisationEntry
from desk_app.domain.texts import Texts
from desk_app.i18n import N_, _, ui_language
from desk_app.labels import format_date
from desk_app.services.taxonomy import TaxonomyAdmin
from ui.admin.entry_table import Column, EntryTableModel
from ui.admin.record_page import NamedRecordPage
from ui.admin.service_form_helpers import DateEdit
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


class ActorsPage(NamedRecordPage):
    sig_actors_changed = Signal()  # after a save: service editors list the organisations

    def __init__(self, admin: TaxonomyAdmin, parent: QWidget | None = None) -> None:
        super().__init__(
            admin,
            EntryTableModel(ACTOR_COLUMNS),
            _("&Organisations:"),
            _("&New organisation"),
            parent,
        )
        self.kind_combo = CodeComboBox(_("Kind"), _("What kind of organisation this is"))
        for kind, text in KIND_LABELS.items():
            self.kind_combo.add_code(_(text), kind.value)
        self.business_id_edit = QLineEdit()
        self.url_edit = QLineEdit()
        self.checked_edit = DateEdit(
            _("Checked on"), _("When these details were last checked, e.g. 31.12.2026")
        )
        self._set_up(
            {
                "kind": self.kind_combo,
                "business_id": self.business_id_edit,
                "url": self.url_edit,
                "checked_on": self.checked_edit,
            }
        )

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
        rows = (
            (_("&Code:"), self.code_edit, _("&Kind:"), self.kind_combo),
            (_("&Business id:"), self.business_id_edit, _("&Web address:"), self.url_edit),
            (_("C&hecked on:"), self.checked_edit, None, None),
        )
        self._lay_out_form(_("Organisation"), rows, second_stretch=2)

    def _fetch(self) -> list[OrganisationEntry]:
        return self.admin.organisations()

    def _show(self, entry: OrganisationEntry | None) -> None:
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

    def _write(self, editing: str | None) -> tuple[str, str]:
        new = editing is None
        code = self.admin.save_organisation(self.draft(), new=new)
        return code, _("Organisation {code} added.") if new else _("Organisation {code} saved.")

    def _announce_change(self) -> None:
        self.sig_actors_changed.emit()
