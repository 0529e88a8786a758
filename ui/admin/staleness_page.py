"""The Staleness page of the catalogue admin: what to check or translate again.

Two tables from ``TaxonomyAdmin.staleness``: services whose information was not checked in the
last N months (the spin box; its start value is the ``stale_after_months`` setting), and
translations written before their Finnish text last changed. Enter or a double click on a row
asks for it to be opened: ``sig_open_service`` with the service code (for a service, or a
service's text), and ``sig_open_item`` with the kind and code of any row, so the catalogue
window can open the right editor. A changed month count is announced with
``sig_months_changed`` for whoever keeps the setting.
"""

from __future__ import annotations

import datetime as dt
from datetime import tzinfo

from PySide6.QtCore import QEvent, QModelIndex, QObject, Qt, Signal, Slot
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSpinBox,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desk_app.domain.errors import DeskError
from desk_app.i18n import N_, _, ngettext, ui_language
from desk_app.labels import format_date, format_time, language_name
from desk_app.services.staleness import OWNER_KINDS, StalenessReport, field_name
from desk_app.services.taxonomy import TaxonomyAdmin
from desk_app.settings import STALE_MONTHS_RANGE
from ui.admin.entry_table import Column, EntryTableModel, make_table, selected_row
from ui.admin.service_form_helpers import ERROR_COLOUR, set_tab_order

SERVICE_COLUMNS = (
    Column(N_("Code"), lambda s: s.code),
    Column(N_("Service"), lambda s: s.name.text(ui_language())),
    Column(N_("Organisation"), lambda s: s.organisation_code),
    Column(N_("Checked on"), lambda s: format_date(s.checked_on) if s.checked_on else _("never")),
)


def local_moment(moment: dt.datetime, tz: tzinfo) -> str:
    """A stored (UTC) moment as the desk reads it: "28.11.2026 10:15"."""
    local = moment.astimezone(tz)
    return f"{format_date(local.date())} {format_time(local)}"


class StalenessPage(QWidget):
    sig_open_service = Signal(str)  # service code
    sig_open_item = Signal(str, str)  # owner kind ("service", "channel", …), code
    sig_months_changed = Signal(int)

    def __init__(
        self, admin: TaxonomyAdmin, months: int = 12, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.admin = admin
        self.months_spin = QSpinBox()
        self.months_spin.setRange(*STALE_MONTHS_RANGE)
        self.months_spin.setValue(min(max(months, STALE_MONTHS_RANGE[0]), STALE_MONTHS_RANGE[1]))
        self.refresh_button = QPushButton(_("&Refresh"))
        self.services_model = EntryTableModel(SERVICE_COLUMNS, parent=self)
        self.services_table = make_table(self.services_model, (1,))
        self.services_label = QLabel()
        self.translations_model = EntryTableModel(
            (
                Column(N_("Kind"), lambda t: _(OWNER_KINDS.get(t.owner_kind, t.owner_kind))),
                Column(N_("Code"), lambda t: t.code),
                Column(N_("Text"), lambda t: field_name(t.field)),
                Column(N_("Language"), lambda t: language_name(t.lang)),
                Column(N_("Finnish changed"), lambda t: local_moment(t.finnish_updated, admin.tz)),
                Column(N_("Translated"), lambda t: local_moment(t.translation_updated, admin.tz)),
            ),
            parent=self,
        )
        self.translations_table = make_table(self.translations_model, (2,))
        self.translations_label = QLabel()
        self.message = QLabel()
        self.report: StalenessReport | None = None
        self._build_layout()
        self._connect_signals()
        self.refresh()

    def _build_layout(self) -> None:
        months_label = QLabel(_("Not checked in &months:"))
        months_label.setBuddy(self.months_spin)
        self.months_spin.setToolTip(
            _("List services whose information was last checked longer ago than this")
        )
        self.refresh_button.setToolTip(_("Read the report again (F5)"))
        self.refresh_button.setShortcut(Qt.Key.Key_F5)
        self.services_label.setBuddy(self.services_table)
        self.translations_label.setBuddy(self.translations_table)
        self.services_table.setToolTip(_("Enter or a double click opens the service"))
        self.translations_table.setToolTip(
            _("Translations older than their Finnish text; Enter opens the item")
        )
        self.message.setStyleSheet(f"color: {ERROR_COLOUR};")
        self.message.setWordWrap(True)
        top = QHBoxLayout()
        top.addWidget(months_label)
        top.addWidget(self.months_spin)
        top.addStretch(1)
        top.addWidget(self.refresh_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.message)
        layout.addWidget(self.services_label)
        layout.addWidget(self.services_table, 1)
        layout.addWidget(self.translations_label)
        layout.addWidget(self.translations_table, 1)
        set_tab_order(
            [self.months_spin, self.refresh_button, self.services_table, self.translations_table]
        )

    def _connect_signals(self) -> None:
        self.months_spin.valueChanged.connect(self._on_months_spin_value_changed)
        self.refresh_button.clicked.connect(self._on_refresh_button_clicked)
        for table in (self.services_table, self.translations_table):
            table.installEventFilter(self)  # Enter opens the row
        self.services_table.doubleClicked.connect(self._on_services_table_double_clicked)
        self.translations_table.doubleClicked.connect(self._on_translations_table_double_clicked)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            watched in (self.services_table, self.translations_table)
            and event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
            and event.modifiers()
            in (Qt.KeyboardModifier.NoModifier, Qt.KeyboardModifier.KeypadModifier)
        ):
            assert isinstance(watched, QTableView)
            self._open(watched, selected_row(watched))
            return True
        return super().eventFilter(watched, event)

    def months(self) -> int:
        return self.months_spin.value()

    def refresh(self) -> None:
        """Read the report again for the months in the spin box."""
        try:
            report = self.admin.staleness(self.months())
        except DeskError as error:
            self.message.setText(str(error))
            self.message.setVisible(True)
            return
        self.message.setText("")
        self.message.setVisible(False)
        self.report = report
        self.services_model.set_entries(report.services)
        self.translations_model.set_entries(report.translations)
        count = len(report.services)
        self.services_label.setText(
            ngettext(
                "&Services not checked since {date}: {n}",
                "&Services not checked since {date}: {n}",
                count,
            ).format(date=format_date(report.cutoff), n=count)
        )
        count = len(report.translations)
        self.translations_label.setText(
            _("&Translations older than their Finnish text: {n}").format(n=count)
        )

    def _open(self, table: QTableView, row: int | None) -> None:
        if row is None:
            return
        if table is self.services_table:
            code = self.services_model.entry_at(row).code
            self.sig_open_item.emit("service", code)
            self.sig_open_service.emit(code)
            return
        item = self.translations_model.entry_at(row)
        self.sig_open_item.emit(item.owner_kind, item.code)
        if item.service_code is not None:
            self.sig_open_service.emit(item.service_code)

    @Slot(int)
    def _on_months_spin_value_changed(self, months: int) -> None:
        self.refresh()
        self.sig_months_changed.emit(months)

    @Slot()
    def _on_refresh_button_clicked(self) -> None:
        self.refresh()

    @Slot(QModelIndex)
    def _on_services_table_double_clicked(self, index: QModelIndex) -> None:
        self._open(self.services_table, index.row())

    @Slot(QModelIndex)
    def _on_translations_table_double_clicked(self, index: QModelIndex) -> None:
        self._open(self.translations_table, index.row())
