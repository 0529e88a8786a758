"""One row of the opening-hours editor: a weekly period, or an exceptional day (or range).

A row is a handful of controls the editor lays out in its grid, not a widget of its own, so the
columns of all rows line up under one header. Each row reads itself back as the domain's
``RegularHours`` / ``ExceptionalHours``, refusing a time or date it cannot read with a
``ValidationError`` named like the service layer's (``"hours[2].opens"``,
``"exceptions[0].date_from"``), so every refused value is shown the same way.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QCheckBox, QComboBox, QLabel, QLineEdit, QPushButton, QWidget

from desk_app.domain.catalogue import ExceptionalHours, RegularHours
from desk_app.domain.catalogue_rules import is_over_midnight
from desk_app.domain.errors import ValidationError
from desk_app.domain.texts import Texts
from desk_app.i18n import _
from desk_app.labels import weekday_name
from ui.admin.service_form_helpers import DateEdit, TimeEdit, describe

NOTE_LANGUAGES = ("fi", "sv", "en")
NIGHT_STYLE = "color: #1f3f7a; font-weight: bold;"


class WeeklyRow:
    """Weekday, opens, closes; a closing time not after the opening time runs past midnight."""

    def __init__(
        self,
        period: RegularHours | None,
        on_changed: Callable[[], None],
        on_remove: Callable[[WeeklyRow], None],
    ) -> None:
        self.number_label = QLabel()
        self.weekday = QComboBox()
        for day in range(7):
            self.weekday.addItem(weekday_name(day), day)
        self.opens = TimeEdit("", "")
        self.closes = TimeEdit("", "")
        self.night = QLabel()
        self.night.setStyleSheet(NIGHT_STYLE)
        self.remove = QPushButton(_("Remove"))
        if period is not None:
            self.weekday.setCurrentIndex(period.weekday)
            self.opens.set_value(period.opens)
            self.closes.set_value(period.closes)
        self.weekday.currentIndexChanged.connect(lambda _i: on_changed())
        for edit in (self.opens, self.closes):
            edit.textEdited.connect(lambda _t: (self.update_night(), on_changed()))
        self.remove.clicked.connect(lambda: on_remove(self))
        self.update_night()

    def controls(self) -> list[QWidget]:
        return [self.weekday, self.opens, self.closes, self.remove]

    def widgets(self) -> list[QWidget]:
        return [self.number_label, self.weekday, self.opens, self.closes, self.night, self.remove]

    def number(self, number: int) -> None:
        """Name the controls after the row's place (screen readers say "Opens, row 2"; the
        eye reads the number at the start of the row, as messages name rows by it)."""
        self.number_label.setText(f"{number}.")
        describe(
            self.weekday,
            _("Weekday, row {number}").format(number=number),
            _("Type the first letter of the day to choose it"),
        )
        describe(
            self.opens,
            _("Opens, row {number}").format(number=number),
            _("Opening time: 9, 9.30 or 09:30"),
        )
        describe(
            self.closes,
            _("Closes, row {number}").format(number=number),
            _("Closing time; a time before the opening time means after midnight, 24 is midnight"),
        )
        describe(
            self.remove,
            _("Remove row {number}").format(number=number),
            _("Remove these opening hours"),
        )

    def update_night(self) -> None:
        opens, closes = self.opens.try_value(), self.closes.try_value()
        over = opens is not None and closes is not None and is_over_midnight(opens, closes)
        self.night.setText(_("→ next day") if over else "")
        self.night.setToolTip(_("Open past midnight into the next day") if over else "")

    def period(self, index: int) -> RegularHours:
        where = f"hours[{index}]"
        return RegularHours(
            int(self.weekday.currentData()),
            self.opens.value(f"{where}.opens"),
            self.closes.value(f"{where}.closes"),
        )

    def field_widget(self, column: str) -> QWidget:
        return {"opens": self.opens, "closes": self.closes}.get(column, self.weekday)


class ExceptionRow:
    """A date or a range of dates: closed, or open at other times; with a short note."""

    def __init__(
        self,
        entry: ExceptionalHours | None,
        on_changed: Callable[[], None],
        on_remove: Callable[[ExceptionRow], None],
    ) -> None:
        self.number_label = QLabel()
        self.date_from = DateEdit("", "")
        self.date_to = DateEdit("", "")
        self.closed = QCheckBox(_("Closed"))
        self.closed.setChecked(True)
        self.opens = TimeEdit("", "")
        self.closes = TimeEdit("", "")
        self.notes = {lang: QLineEdit() for lang in NOTE_LANGUAGES}
        self.other_notes: dict[str, str] = {}  # languages this editor does not show: kept
        self.remove = QPushButton(_("Remove"))
        if entry is not None:
            self.date_from.set_value(entry.date_from)
            self.date_to.set_value(entry.date_to)
            self.closed.setChecked(entry.closed)
            self.opens.set_value(entry.opens)
            self.closes.set_value(entry.closes)
            for lang, text in entry.note.items():
                if lang in self.notes:
                    self.notes[lang].setText(text)
                    self.notes[lang].setCursorPosition(0)
                else:
                    self.other_notes[lang] = text
        self._update_times()
        self.closed.toggled.connect(lambda _c: (self._update_times(), on_changed()))
        for edit in (self.date_from, self.date_to, self.opens, self.closes, *self.notes.values()):
            edit.textEdited.connect(lambda _t: on_changed())
        self.remove.clicked.connect(lambda: on_remove(self))

    def _update_times(self) -> None:
        for edit in (self.opens, self.closes):
            edit.setEnabled(not self.closed.isChecked())

    def controls(self) -> list[QWidget]:
        return [
            self.date_from,
            self.date_to,
            self.closed,
            self.opens,
            self.closes,
            *self.notes.values(),
            self.remove,
        ]

    def widgets(self) -> list[QWidget]:
        return [self.number_label, *self.controls()]

    def number(self, number: int) -> None:
        self.number_label.setText(f"{number}.")
        names = {
            self.date_from: (_("From, row {number}"), _("First day: 24.12.2026")),
            self.date_to: (_("To, row {number}"), _("Last day; empty for one day only")),
            self.closed: (_("Closed, row {number}"), _("Closed all day; untick to give times")),
            self.opens: (_("Opens, row {number}"), _("Opening time on these days")),
            self.closes: (_("Closes, row {number}"), _("Closing time on these days")),
            self.notes["fi"]: (_("Note in Finnish, row {number}"), _("Why, e.g. Christmas")),
            self.notes["sv"]: (_("Note in Swedish, row {number}"), _("Optional translation")),
            self.notes["en"]: (_("Note in English, row {number}"), _("Optional translation")),
            self.remove: (_("Remove row {number}"), _("Remove this exceptional day")),
        }
        for widget, (name, tip) in names.items():
            describe(widget, name.format(number=number), tip)

    def entry(self, index: int) -> ExceptionalHours:
        where = f"exceptions[{index}]"
        start = self.date_from.value(f"{where}.date_from")
        if start is None:
            raise ValidationError(_("Give the first day."), field=f"{where}.date_from")
        end = self.date_to.value(f"{where}.date_to") or start
        closed = self.closed.isChecked()
        opens = closes = None
        if not closed:
            opens = self.opens.value(f"{where}.opens")
            closes = self.closes.value(f"{where}.closes")
        note = dict(self.other_notes)
        note.update({lang: edit.text() for lang, edit in self.notes.items()})
        return ExceptionalHours(start, end, closed, opens, closes, Texts(note))

    def field_widget(self, column: str) -> QWidget:
        if column.startswith("note."):
            return self.notes.get(column.split(".", 1)[1], self.notes["fi"])
        widgets: dict[str, QWidget] = {
            "date_from": self.date_from,
            "date_to": self.date_to,
            "opens": self.opens,
            "closes": self.closes,
        }
        return widgets.get(column, self.date_from)
