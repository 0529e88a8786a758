"""Topic toggle chips: one checkable button per topic, wrapped in rows, number keys 1–9 toggle.

The number is printed on the chip so the desk learns the shortcuts by looking. The shortcuts are
window-wide; a text field keeps its digits because Qt lets the focused line edit override them.
The chips are compact (one point below the application font, tight padding and spacing) because
twenty Finnish topic labels must wrap into a few rows and leave the intake fields below in view.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtGui import QFont, QKeySequence, QShortcut
from PySide6.QtWidgets import QApplication, QPushButton, QSizePolicy, QWidget

from desk_app.i18n import _
from ui.widgets.flow_layout import FlowLayout

SHORTCUT_COUNT = 9
CHIP_SPACING = 4
COMPACT_POINTS = 1.0
"""How much smaller than the application font the chip text is; never more, for legibility."""

_CHIP_STYLE = """
QPushButton[chip="true"] {
    border: 1px solid palette(mid);
    border-radius: 8px;
    padding: 1px 7px;
    background: palette(base);
    text-align: left;
}
QPushButton[chip="true"]:checked {
    background: palette(highlight);
    color: palette(highlighted-text);
    border-color: palette(highlight);
}
QPushButton[chip="true"]:focus { border: 2px solid palette(highlight); }
"""


def compact_font() -> QFont:
    """The application font, ``COMPACT_POINTS`` smaller (in pixels if it is sized in pixels)."""
    font = QFont(QApplication.font())
    if font.pointSizeF() > 0:
        font.setPointSizeF(font.pointSizeF() - COMPACT_POINTS)
    elif font.pixelSize() > 0:
        font.setPixelSize(max(font.pixelSize() - round(COMPACT_POINTS * 4 / 3), 1))
    return font


class TopicChipsWidget(QWidget):
    """Chips for ``(code, label)`` pairs; ``sig_selection_changed`` after any toggle."""

    sig_selection_changed = Signal()
    sig_chip_toggled = Signal(QPushButton)  # the chip the user toggled (not set_selected_codes)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._chips: dict[str, QPushButton] = {}
        self._shortcuts: list[QShortcut] = []
        self._layout = FlowLayout(self, spacing=CHIP_SPACING)
        self.setStyleSheet(_CHIP_STYLE)
        policy = QSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)
        policy.setHeightForWidth(True)
        self.setSizePolicy(policy)
        self._build_shortcuts()

    def _build_shortcuts(self) -> None:
        for number in range(1, SHORTCUT_COUNT + 1):
            shortcut = QShortcut(QKeySequence(str(number)), self)
            shortcut.setContext(Qt.ShortcutContext.WindowShortcut)
            shortcut.setEnabled(False)
            shortcut.activated.connect(lambda n=number: self._toggle_number(n))
            self._shortcuts.append(shortcut)

    def set_topics(self, topics: Sequence[tuple[str, str]]) -> None:
        """Replace the chips; the selection survives for codes that still exist."""
        selected = set(self.selected_codes())
        for chip in self._chips.values():
            self._layout.removeWidget(chip)
            chip.deleteLater()
        self._chips = {}
        for position, (code, text) in enumerate(topics, start=1):
            chip = self._make_chip(position, code, text)
            chip.setChecked(code in selected)
            self._layout.addWidget(chip)
            self._chips[code] = chip
        for number, shortcut in enumerate(self._shortcuts, start=1):
            shortcut.setEnabled(number <= len(self._chips))
        self.updateGeometry()

    def _make_chip(self, position: int, code: str, text: str) -> QPushButton:
        shown = text.replace("&", "&&")
        chip = QPushButton(self)
        chip.setProperty("chip", True)
        chip.setCheckable(True)
        chip.setCursor(Qt.CursorShape.PointingHandCursor)
        chip.setObjectName("topic-" + code)
        chip.setFont(compact_font())
        if position <= SHORTCUT_COUNT:
            chip.setText(f"{position}  {shown}")
            chip.setToolTip(_("{label} (key {n})").format(label=text, n=position))
        else:
            chip.setText(shown)
            chip.setToolTip(text)
        chip.setAccessibleName(text)
        chip.toggled.connect(self._on_chip_toggled)
        return chip

    def chips(self) -> list[QPushButton]:
        return list(self._chips.values())

    def selected_codes(self) -> tuple[str, ...]:
        return tuple(code for code, chip in self._chips.items() if chip.isChecked())

    def set_selected_codes(self, codes: Iterable[str]) -> None:
        wanted = set(codes)
        for code, chip in self._chips.items():
            chip.blockSignals(True)
            chip.setChecked(code in wanted)
            chip.blockSignals(False)
        self.sig_selection_changed.emit()

    def clear_selection(self) -> None:
        self.set_selected_codes(())

    def toggle_code(self, code: str) -> bool:
        """Toggle the chip of ``code``; False if there is none."""
        chip = self._chips.get(code)
        if chip is None:
            return False
        chip.toggle()
        return True

    def widest_chip(self) -> int:
        return max((chip.sizeHint().width() for chip in self._chips.values()), default=0)

    def row_height(self) -> int:
        """Height of one wrapped row of chips, spacing included."""
        chip_height = max((chip.sizeHint().height() for chip in self._chips.values()), default=0)
        return chip_height + CHIP_SPACING

    def _toggle_number(self, number: int) -> None:
        chips = self.chips()
        if number <= len(chips) and self.isEnabled():
            chips[number - 1].toggle()

    @Slot(bool)
    def _on_chip_toggled(self, _checked: bool) -> None:
        chip = self.sender()
        if isinstance(chip, QPushButton):
            self.sig_chip_toggled.emit(chip)
        self.sig_selection_changed.emit()
