"""The optional questions about the visitor, shown only when the visitor agreed to answer.

A check box ("Visitor agreed to answer") opens a compact section of six boxes: gender, age band,
labour-market status, education, home area and first visit, each starting at "not stated". With
the box unticked the section is hidden and ``bands()`` is nothing stated, whatever the boxes
hold, so an answer cannot be stored without the agreement (the core drops it again as well).
"""

from __future__ import annotations

from enum import Enum, StrEnum

from PySide6.QtCore import Signal, Slot
from PySide6.QtWidgets import QCheckBox, QGridLayout, QLabel, QVBoxLayout, QWidget

from desk_app.domain.codes import (
    NOT_STATED,
    AgeBand,
    Education,
    FirstVisit,
    Gender,
    HomeArea,
    LabourStatus,
)
from desk_app.domain.visit import NO_BANDS, VisitorBands
from desk_app.i18n import _
from ui.widgets.code_combo import CodeComboBox

COLUMNS = 3


def _not_stated_first(enum: type[Enum]) -> list[Enum]:
    members = list(enum)
    return [m for m in members if m.value == NOT_STATED] + [
        m for m in members if m.value != NOT_STATED
    ]


class VisitorBandsWidget(QWidget):
    sig_agreed_changed = Signal(bool)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.agreed_check = QCheckBox(_("Visitor agreed to answer the optional &questions"))
        self.panel = QWidget()

        def combo(enum: type[StrEnum], name: str, tip: str) -> CodeComboBox:
            return CodeComboBox.for_enum(_not_stated_first(enum), None, name, tip)

        self.gender_combo = combo(Gender, _("Gender"), _("Gender, as the visitor states it"))
        self.age_combo = combo(AgeBand, _("Age band"), _("Age band"))
        self.labour_combo = combo(
            LabourStatus, _("Labour-market status"), _("Labour-market status")
        )
        self.education_combo = combo(Education, _("Education"), _("Highest completed education"))
        self.home_combo = combo(HomeArea, _("Home area"), _("Where the visitor lives"))
        self.first_visit_combo = combo(
            FirstVisit, _("First visit"), _("Is this the visitor's first visit to Pointti?")
        )
        self._build()
        self._connect_signals()

    def _build(self) -> None:
        self.agreed_check.setToolTip(
            _(
                "Tick only if the visitor agreed to answer. Every answer may stay "
                '"not stated"; nothing is stored without the agreement.'
            )
        )
        self.agreed_check.setAccessibleName(_("Visitor agreed to answer the optional questions"))
        grid = QGridLayout(self.panel)
        grid.setContentsMargins(18, 0, 0, 0)  # indented under the check box it belongs to
        grid.setHorizontalSpacing(8)
        grid.setVerticalSpacing(4)
        fields = (
            (_("Gende&r:"), self.gender_combo),
            (_("Age &band:"), self.age_combo),
            (_("Labour-mar&ket status:"), self.labour_combo),
            (_("Ed&ucation:"), self.education_combo),
            (_("Home area:"), self.home_combo),
            (_("First visit:"), self.first_visit_combo),
        )
        for position, (text, box) in enumerate(fields):
            row, column = divmod(position, COLUMNS)
            title = QLabel(text)
            title.setBuddy(box)
            title.setWordWrap(True)  # three columns are narrow in a small window
            cell = QVBoxLayout()
            cell.setSpacing(1)
            cell.addWidget(title)
            cell.addWidget(box)
            grid.addLayout(cell, row, column)
        for column in range(COLUMNS):
            grid.setColumnStretch(column, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(self.agreed_check)
        layout.addWidget(self.panel)
        self.panel.setVisible(False)
        self.panel.setEnabled(False)

    def _connect_signals(self) -> None:
        self.agreed_check.toggled.connect(self._on_agreed_check_toggled)

    def combos(self) -> list[CodeComboBox]:
        """In tab order."""
        return [
            self.gender_combo,
            self.age_combo,
            self.labour_combo,
            self.education_combo,
            self.home_combo,
            self.first_visit_combo,
        ]

    # --- public API -------------------------------------------------------------------------

    def agreed(self) -> bool:
        return self.agreed_check.isChecked()

    def bands(self) -> VisitorBands:
        """The answers, or nothing stated when the visitor did not agree."""
        if not self.agreed():
            return NO_BANDS
        return VisitorBands(
            gender=Gender(self.gender_combo.current_code()),
            age_band=AgeBand(self.age_combo.current_code()),
            labour_status=LabourStatus(self.labour_combo.current_code()),
            education=Education(self.education_combo.current_code()),
            home_area=HomeArea(self.home_combo.current_code()),
            first_visit=FirstVisit(self.first_visit_combo.current_code()),
        )

    def set_bands(self, agreed: bool, bands: VisitorBands = NO_BANDS) -> None:
        shown = bands if agreed else NO_BANDS
        self.gender_combo.set_current_code(str(shown.gender))
        self.age_combo.set_current_code(str(shown.age_band))
        self.labour_combo.set_current_code(str(shown.labour_status))
        self.education_combo.set_current_code(str(shown.education))
        self.home_combo.set_current_code(str(shown.home_area))
        self.first_visit_combo.set_current_code(str(shown.first_visit))
        self.agreed_check.setChecked(agreed)

    def reset(self) -> None:
        self.set_bands(False)

    # --- slots ------------------------------------------------------------------------------

    @Slot(bool)
    def _on_agreed_check_toggled(self, checked: bool) -> None:
        self.panel.setVisible(checked)
        self.panel.setEnabled(checked)
        if not checked:
            # Answers given under an agreement that was withdrawn are not kept on screen either.
            for box in self.combos():
                box.setCurrentIndex(0)
        self.sig_agreed_changed.emit(checked)
