"""The opening-hours editor of one channel: the weekly pattern, exceptional days, and whether
the channel serves by appointment only.

Weekly rows are weekday, opening and closing time; a closing time before the opening time is a
period over midnight (Friday 22–02), shown as "→ next day" on the row. Exceptional rows cover a
day or a range of days, closed or open at other times, with a short note (Christmas, training
day). Rows are added with a button that puts the focus in the new row, and removed with the
row's own button, so the whole editor works from the keyboard. The editor only holds the form;
``hours()`` reads it back as the ``HoursEdit`` the service layer saves.
"""

from __future__ import annotations

import re

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtWidgets import (
    QCheckBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desk_app.i18n import _
from desk_app.labels import language_name
from desk_app.services.catalogue_forms import HoursEdit
from ui.admin.hours_rows import NOTE_LANGUAGES, ExceptionRow, WeeklyRow

_ROW_FIELD = re.compile(r"^(hours|exceptions)\[(\d+)\](?:\.(.+))?$")


def _bold(text: str) -> QLabel:
    label = QLabel(text)
    font = label.font()
    font.setBold(True)
    label.setFont(font)
    return label


def _clear(grid: QGridLayout) -> None:
    """Take every item out of ``grid``; the widgets stay with their rows."""
    while grid.count():
        grid.takeAt(0)


class HoursEditor(QWidget):
    sig_changed = Signal()
    sig_rows_changed = Signal()  # a row came or went: the Tab order needs renewing

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.weekly_rows: list[WeeklyRow] = []
        self.exception_rows: list[ExceptionRow] = []
        self._loaded: HoursEdit | None = None
        self._weekly_grid = QGridLayout()
        self._exception_grid = QGridLayout()
        self._weekly_headers = [
            QLabel(""),
            QLabel(_("Weekday")),
            QLabel(_("Opens")),
            QLabel(_("Closes")),
        ]
        self._exception_headers = [
            QLabel(""),
            QLabel(_("From")),
            QLabel(_("To")),
            QLabel(""),
            QLabel(_("Opens")),
            QLabel(_("Closes")),
            *(
                QLabel(_("Note in {language}").format(language=language_name(lang)))
                for lang in NOTE_LANGUAGES
            ),
        ]
        self.no_weekly_label = QLabel(_("No weekly hours: the card says nothing about them."))
        self.no_exceptions_label = QLabel(_("No exceptional days."))
        self.add_weekly_button = QPushButton(_("Add &weekly hours"))
        self.add_weekly_button.setToolTip(_("A new row for a weekday's opening hours"))
        self.add_exception_button = QPushButton(_("Add an e&xceptional day"))
        self.add_exception_button.setToolTip(
            _("A holiday, a closure or other hours on certain dates")
        )
        self.appointment_check = QCheckBox(_("By &appointment only"))
        self.appointment_check.setToolTip(
            _("Visitors need to book a time first; the card and handouts say so")
        )
        self._build_layout()
        self._connect_signals()

    def _build_layout(self) -> None:
        for grid in (self._weekly_grid, self._exception_grid):
            grid.setHorizontalSpacing(8)
            grid.setVerticalSpacing(3)
        weekly_buttons = QHBoxLayout()
        weekly_buttons.addWidget(self.add_weekly_button)
        weekly_buttons.addStretch(1)
        exception_buttons = QHBoxLayout()
        exception_buttons.addWidget(self.add_exception_button)
        exception_buttons.addStretch(1)
        weekly = QVBoxLayout()
        weekly.addWidget(_bold(_("Weekly hours")))
        weekly.addLayout(self._weekly_grid)
        weekly.addWidget(self.no_weekly_label)
        weekly.addLayout(weekly_buttons)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(weekly)
        layout.addSpacing(10)
        layout.addWidget(_bold(_("Exceptional days and closures")))
        layout.addLayout(self._exception_grid)
        layout.addWidget(self.no_exceptions_label)
        layout.addLayout(exception_buttons)
        layout.addSpacing(10)
        layout.addWidget(self.appointment_check)
        layout.addStretch(1)
        self._relayout()

    def _connect_signals(self) -> None:
        self.add_weekly_button.clicked.connect(self._on_add_weekly_button_clicked)
        self.add_exception_button.clicked.connect(self._on_add_exception_button_clicked)
        self.appointment_check.toggled.connect(self._on_changed)

    def _relayout(self) -> None:
        """Put the rows in their grids again (after a row was added or removed)."""
        _clear(self._weekly_grid)
        _clear(self._exception_grid)
        for column, header in enumerate(self._weekly_headers):
            self._weekly_grid.addWidget(header, 0, column)
        for row, weekly in enumerate(self.weekly_rows, start=1):
            weekly.number(row)
            for column, widget in enumerate(weekly.widgets()):
                self._weekly_grid.addWidget(widget, row, column)
                widget.show()  # now, not queued: a new row takes the focus at once
        self._weekly_grid.setColumnStretch(6, 1)
        for column, header in enumerate(self._exception_headers):
            self._exception_grid.addWidget(header, 0, column)
        for row, exception in enumerate(self.exception_rows, start=1):
            exception.number(row)
            for column, widget in enumerate(exception.widgets()):
                self._exception_grid.addWidget(widget, row, column)
                widget.show()
        for column in range(6, 6 + len(NOTE_LANGUAGES)):
            self._exception_grid.setColumnStretch(column, 1)
        for header in self._weekly_headers:
            header.setVisible(bool(self.weekly_rows))
        for header in self._exception_headers:
            header.setVisible(bool(self.exception_rows))
        self.no_weekly_label.setVisible(not self.weekly_rows)
        self.no_exceptions_label.setVisible(not self.exception_rows)

    def focus_order(self) -> list[QWidget]:
        order: list[QWidget] = []
        for weekly in self.weekly_rows:
            order.extend(weekly.controls())
        order.append(self.add_weekly_button)
        for exception in self.exception_rows:
            order.extend(exception.controls())
        order.extend([self.add_exception_button, self.appointment_check])
        return order

    # -- values --------------------------------------------------------------------------------

    def set_hours(self, hours: HoursEdit) -> None:
        for row in [*self.weekly_rows, *self.exception_rows]:
            for widget in row.widgets():
                widget.deleteLater()
        self.weekly_rows = [
            WeeklyRow(p, self._on_changed, self._on_remove_weekly) for p in hours.weekly
        ]
        self.exception_rows = [
            ExceptionRow(e, self._on_changed, self._on_remove_exception) for e in hours.exceptions
        ]
        self.appointment_check.blockSignals(True)
        self.appointment_check.setChecked(bool(hours.appointment_only))
        self.appointment_check.blockSignals(False)
        self._relayout()
        self._loaded = self._read_quietly()
        self.sig_rows_changed.emit()

    def hours(self) -> HoursEdit:
        """The rows as ``HoursEdit``; ``ValidationError`` for a time or date it cannot read."""
        return HoursEdit(
            tuple(row.period(i) for i, row in enumerate(self.weekly_rows)),
            tuple(row.entry(i) for i, row in enumerate(self.exception_rows)),
            self.appointment_check.isChecked(),
        )

    def _read_quietly(self) -> HoursEdit | None:
        try:
            return self.hours()
        except Exception:  # an unreadable row: the form differs from anything stored
            return None

    def is_dirty(self) -> bool:
        current = self._read_quietly()
        return current is None or current != self._loaded

    def field_widget(self, field: str | None) -> QWidget | None:
        match = _ROW_FIELD.match(field or "")
        if match is None:
            return self.appointment_check if field == "appointment_only" else None
        kind, index, column = match.group(1), int(match.group(2)), match.group(3) or ""
        rows: list[WeeklyRow] | list[ExceptionRow]
        rows = self.weekly_rows if kind == "hours" else self.exception_rows
        if index >= len(rows):
            return None
        return rows[index].field_widget(column)

    # -- slots ---------------------------------------------------------------------------------

    def _added(self, first: QWidget) -> None:
        self._relayout()
        self.sig_changed.emit()
        self.sig_rows_changed.emit()
        first.setFocus(Qt.FocusReason.TabFocusReason)

    @Slot()
    def _on_add_weekly_button_clicked(self) -> None:
        last = self.weekly_rows[-1] if self.weekly_rows else None
        row = WeeklyRow(None, self._on_changed, self._on_remove_weekly)
        if last is not None:
            row.weekday.setCurrentIndex((last.weekday.currentIndex() + 1) % 7)
            row.opens.setText(last.opens.text())
            row.closes.setText(last.closes.text())
            row.update_night()
        self.weekly_rows.append(row)
        self._added(row.weekday)

    @Slot()
    def _on_add_exception_button_clicked(self) -> None:
        row = ExceptionRow(None, self._on_changed, self._on_remove_exception)
        self.exception_rows.append(row)
        self._added(row.date_from)

    def _removed(self, widgets: list[QWidget], rows: list, index: int, fallback: QWidget) -> None:
        for widget in widgets:
            widget.hide()
            widget.deleteLater()
        self._relayout()
        self.sig_changed.emit()
        self.sig_rows_changed.emit()
        target = rows[min(index, len(rows) - 1)].controls()[0] if rows else fallback
        target.setFocus(Qt.FocusReason.TabFocusReason)

    def _on_remove_weekly(self, row: WeeklyRow) -> None:
        index = self.weekly_rows.index(row)
        self.weekly_rows.remove(row)
        self._removed(row.widgets(), self.weekly_rows, index, self.add_weekly_button)

    def _on_remove_exception(self, row: ExceptionRow) -> None:
        index = self.exception_rows.index(row)
        self.exception_rows.remove(row)
        self._removed(row.widgets(), self.exception_rows, index, self.add_exception_button)

    @Slot()
    def _on_changed(self, *_args: object) -> None:
        self.sig_changed.emit()
