"""The Programmes page of the catalogue admin: time-limited programmes and projects.

A table of every programme, ended ones greyed and marked "Ended", and a form: a stable code (set
once), the organisation that runs it, the name and description in Finnish | Swedish | English,
the funding source, the EURA 2021 project code and the validity dates (an end before the start
is refused on the end date). A running programme can be attributed to a visit at the intake.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QLineEdit, QWidget

from desk_app.domain.catalogue import Programme
from desk_app.domain.taxonomy_rules import ProgrammeDraft
from desk_app.domain.texts import Texts
from desk_app.i18n import N_, _, ui_language
from desk_app.labels import format_date
from desk_app.services.taxonomy import TaxonomyAdmin
from ui.admin.entry_table import Column, EntryTableModel
from ui.admin.record_page import NamedRecordPage
from ui.admin.service_form_helpers import DateEdit
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


class ProgrammesPage(NamedRecordPage):
    sig_programmes_changed = Signal()  # after a save: the intake's programme list changes

    def __init__(self, admin: TaxonomyAdmin, parent: QWidget | None = None) -> None:
        super().__init__(
            admin,
            EntryTableModel(
                programme_columns(admin.today),
                lambda p: p.valid_to is not None and p.valid_to < admin.today(),
            ),
            _("&Programmes:"),
            _("&New programme"),
            parent,
        )
        self.organisation_combo = CodeComboBox(
            _("Organisation"), _("The organisation that runs the programme")
        )
        self.funding_edit = QLineEdit()
        self.eura_edit = QLineEdit()
        self.from_edit = DateEdit(_("Valid from"), _("The first day of the programme, 1.8.2021"))
        self.to_edit = DateEdit(_("Valid to"), _("The last day of the programme, 31.7.2023"))
        self._set_up(
            {
                "organisation": self.organisation_combo,
                "funding_source": self.funding_edit,
                "eura_code": self.eura_edit,
                "valid_from": self.from_edit,
                "valid_to": self.to_edit,
            }
        )

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
        self._lay_out_form(_("Programme"), rows, second_stretch=1)

    def _fetch(self) -> list[Programme]:
        """The programmes; first the organisations to choose from, keeping the one chosen."""
        chosen = self.organisation_combo.current_code()
        self.organisation_combo.clear()
        for organisation in self.admin.organisations():
            name = organisation.name.text(ui_language())
            self.organisation_combo.add_code(f"{organisation.code} – {name}", organisation.code)
        self.organisation_combo.set_current_code(chosen)
        return self.admin.programmes()

    def _show(self, entry: Programme | None) -> None:
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

    def _write(self, editing: str | None) -> tuple[str, str]:
        new = editing is None
        code = self.admin.save_programme(self.draft(), new=new)
        return code, _("Programme {code} added.") if new else _("Programme {code} saved.")

    def _announce_change(self) -> None:
        self.sig_programmes_changed.emit()
