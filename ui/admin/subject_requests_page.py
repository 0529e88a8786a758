"""The admin's Data requests page: find a person's contact records, export them, erase them.

A person may ask what the desk stores about them or ask for it to be erased. The admin types the
person's name, phone number or email address and presses Enter; the table shows the contact
records found, with only enough to pick the right ones (the phone and email are cut short). With
one or more rows chosen, **Export as PDF…** and **Export as JSON…** save everything stored about
them (with the dates of each access, never who acted), and **Erase…** deletes them after a plain
question that says what goes and that the visit counts stay. The service audits each step (the
search without what was typed).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

from PySide6.QtCore import Signal, Slot
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desk_app.domain.errors import DeskError
from desk_app.i18n import N_, _, ngettext
from desk_app.labels import format_date
from desk_app.services.subject_requests import SubjectExport, SubjectMatch
from ui.admin.entry_table import Column, EntryTableModel, make_table
from ui.admin.service_form_helpers import ERROR_COLOUR, set_tab_order
from ui.dialogs import ask
from ui.dialogs.files import ask_save_path

FIELD_NAMES = {"name": N_("name"), "phone": N_("phone"), "email": N_("email")}
COLUMNS = (
    Column(N_("Name"), lambda m: m.name or "–"),
    Column(N_("Phone"), lambda m: m.phone_hint or "–"),
    Column(N_("Email"), lambda m: m.email_hint or "–"),
    Column(N_("Agreed on"), lambda m: format_date(m.agreed_on)),
    Column(N_("Kept until"), lambda m: format_date(m.expires_on)),
    Column(N_("Found by"), lambda m: ", ".join(_(FIELD_NAMES[f]) for f in m.matched_on)),
)


class SubjectJobs(Protocol):
    """What the page needs of ``desk_app.services.subject_requests.SubjectRequests``."""

    def find(self, query: str) -> list[SubjectMatch]: ...
    def export(self, record_ids: Sequence[str]) -> SubjectExport: ...
    def erase(self, record_ids: Sequence[str]) -> int: ...


class SubjectRequestsPage(QWidget):
    sig_erased = Signal(int)  # how many contact records were erased

    def __init__(self, jobs: SubjectJobs, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._jobs = jobs
        self.search_edit = QLineEdit()
        self.search_button = QPushButton(_("&Search"))
        self.model = EntryTableModel(COLUMNS, parent=self)
        self.table = make_table(self.model, (0,))
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.result_label = QLabel()
        self.pdf_button = QPushButton(_("Export as &PDF…"))
        self.json_button = QPushButton(_("Export as &JSON…"))
        self.erase_button = QPushButton(_("&Erase…"))
        self.message = QLabel()
        self._build_layout()
        self._connect_signals()
        self._update_buttons()

    def _build_layout(self) -> None:
        search_label = QLabel(_("&Find a person by name, phone number or email address:"))
        search_label.setBuddy(self.search_edit)
        self.search_edit.setAccessibleName(_("Name, phone number or email address"))
        self.search_edit.setToolTip(_("Enter searches; the search is recorded, not what you type"))
        self.search_edit.setClearButtonEnabled(True)
        self.search_button.setToolTip(_("Find the contact records (Enter)"))
        self.table.setAccessibleName(_("Contact records found"))
        self.table.setToolTip(_("Choose the person's records; Shift or Ctrl chooses several"))
        self.result_label.setBuddy(self.table)
        self.result_label.setText(_("Contact &records found:"))
        self.pdf_button.setToolTip(_("Everything stored about the chosen records, as a PDF"))
        self.json_button.setToolTip(_("Everything stored about the chosen records, as JSON"))
        self.erase_button.setToolTip(_("Delete the chosen contact records; visit counts stay"))
        self.message.setWordWrap(True)
        search_row = QHBoxLayout()
        search_row.addWidget(self.search_edit, 1)
        search_row.addWidget(self.search_button)
        buttons = QHBoxLayout()
        buttons.addWidget(self.pdf_button)
        buttons.addWidget(self.json_button)
        buttons.addStretch(1)
        buttons.addWidget(self.erase_button)
        layout = QVBoxLayout(self)
        layout.addWidget(search_label)
        layout.addLayout(search_row)
        layout.addWidget(self.result_label)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        layout.addWidget(self.message)
        set_tab_order(
            [
                self.search_edit,
                self.search_button,
                self.table,
                self.pdf_button,
                self.json_button,
                self.erase_button,
            ]
        )

    def _connect_signals(self) -> None:
        self.search_edit.returnPressed.connect(self._on_search_edit_return_pressed)
        self.search_button.clicked.connect(self._on_search_button_clicked)
        self.table.selectionModel().selectionChanged.connect(self._on_table_selection_changed)
        self.pdf_button.clicked.connect(self._on_pdf_button_clicked)
        self.json_button.clicked.connect(self._on_json_button_clicked)
        self.erase_button.clicked.connect(self._on_erase_button_clicked)

    # -- state --------------------------------------------------------------------------------

    def selected_ids(self) -> list[str]:
        rows = sorted(index.row() for index in self.table.selectionModel().selectedRows())
        return [self.model.entry_at(row).record_id for row in rows]

    def _update_buttons(self) -> None:
        chosen = bool(self.selected_ids())
        for button in (self.pdf_button, self.json_button, self.erase_button):
            button.setEnabled(chosen)

    def _say(self, text: str, error: bool = False) -> None:
        self.message.setStyleSheet(f"color: {ERROR_COLOUR};" if error else "")
        self.message.setText(text)

    def search(self, query: str | None = None) -> None:
        """Find the records for ``query`` (the search box when None)."""
        query = (self.search_edit.text() if query is None else query).strip()
        if not query:
            self._say(_("Type a name, phone number or email address first."), error=True)
            self.search_edit.setFocus()
            return
        try:
            matches = self._jobs.find(query)
        except DeskError as error:
            self._say(str(error), error=True)
            return
        self.model.set_entries(matches)
        self._update_buttons()
        count = len(matches)
        self._say(
            ngettext("{n} contact record found.", "{n} contact records found.", count).format(
                n=count
            )
            if count
            else _("No contact records found. The desk keeps no other personal data.")
        )
        if count:
            self.table.setFocus()
            self.table.selectRow(0)

    def _export(self, kind: str) -> None:
        ids = self.selected_ids()
        if not ids:
            return
        if kind == "pdf":
            title, suggested = _("Export as PDF"), "personal-data.pdf"
            file_filter = _("PDF files (*.pdf)")
        else:
            title, suggested = _("Export as JSON"), "personal-data.json"
            file_filter = _("JSON files (*.json)")
        path = ask_save_path(self, title, suggested, file_filter)
        if path is None:
            return
        if path.suffix.lower() != f".{kind}":
            path = path.with_name(f"{path.name}.{kind}")
        try:
            export = self._jobs.export(ids)
            path.write_bytes(export.pdf_bytes() if kind == "pdf" else export.json_bytes())
        except (DeskError, OSError) as error:
            self._say(
                _("Nothing was saved: {reason}").format(
                    reason=error.strerror if isinstance(error, OSError) else str(error)
                ),
                error=True,
            )
            return
        self._say(_("Saved to {path}.").format(path=str(path)))

    def _erase(self) -> None:
        ids = self.selected_ids()
        if not ids:
            return
        count = len(ids)
        question = ngettext(
            "Erase {n} contact record for good?",
            "Erase {n} contact records for good?",
            count,
        ).format(n=count)
        details = _(
            "This deletes the name, phone number, email address and purpose, and any note "
            "written on the follow-up. It cannot be undone. The visit and its counts stay in "
            "the statistics; they do not say who the visitor was."
        )
        if not ask.ask_yes_no(self, _("Erase contact details"), f"{question}\n\n{details}"):
            return
        try:
            erased = self._jobs.erase(ids)
        except DeskError as error:
            self._say(str(error), error=True)
            return
        self.model.set_entries([m for m in self.model.entries() if m.record_id not in ids])
        self._update_buttons()
        self._say(
            ngettext("{n} contact record erased.", "{n} contact records erased.", erased).format(
                n=erased
            )
        )
        self.sig_erased.emit(erased)
        self.search_edit.setFocus()

    # -- slots --------------------------------------------------------------------------------

    @Slot()
    def _on_search_edit_return_pressed(self) -> None:
        self.search()

    @Slot()
    def _on_search_button_clicked(self) -> None:
        self.search()

    @Slot()
    def _on_table_selection_changed(self) -> None:
        self._update_buttons()

    @Slot()
    def _on_pdf_button_clicked(self) -> None:
        self._export("pdf")

    @Slot()
    def _on_json_button_clicked(self) -> None:
        self._export("json")

    @Slot()
    def _on_erase_button_clicked(self) -> None:
        self._erase()
