"""A combo box over a code list: shows translated labels, hands back the stored codes.

Qt returns item data as plain ``str``, so the caller rebuilds enum members from
``current_code()``. The box may be narrower than its longest label (the intake column is narrow
and Finnish labels are long): the popup still shows every label in full, and the tooltip repeats
the chosen one.
"""

from __future__ import annotations

from collections.abc import Iterable
from enum import Enum

from PySide6.QtCore import Slot
from PySide6.QtWidgets import QComboBox, QSizePolicy, QWidget

from desk_app.labels import label

MINIMUM_CHARACTERS = 8
"""The least the box shows of its label; the popup and the tooltip always show all of it."""


class CodeComboBox(QComboBox):
    def __init__(
        self, accessible_name: str = "", tooltip: str = "", parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._tooltip = tooltip
        self.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.setMinimumContentsLength(MINIMUM_CHARACTERS)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        if accessible_name:
            self.setAccessibleName(accessible_name)
        self.setToolTip(tooltip)
        self.currentIndexChanged.connect(self._on_current_index_changed)

    @classmethod
    def for_enum(
        cls,
        members: Iterable[Enum],
        default: Enum | None = None,
        accessible_name: str = "",
        tooltip: str = "",
    ) -> CodeComboBox:
        combo = cls(accessible_name, tooltip)
        for member in members:
            combo.add_code(label(member), str(member.value))
        if default is not None:
            combo.set_current_code(str(default.value))
        return combo

    def add_code(self, text: str, code: str | None) -> None:
        self.addItem(text, code)
        # The popup is as wide as its longest label, even when the box itself is narrower.
        view = self.view()
        view.setMinimumWidth(view.sizeHintForColumn(0) + 2 * view.frameWidth() + 8)

    def current_code(self) -> str | None:
        data = self.currentData()
        return str(data) if data is not None else None

    def set_current_code(self, code: str | None) -> bool:
        """Select the item with ``code``; False (and no change) if there is none."""
        index = self.findData(code)
        if index < 0:
            return False
        self.setCurrentIndex(index)
        return True

    def codes(self) -> list[str | None]:
        return [self.itemData(i) for i in range(self.count())]

    @Slot(int)
    def _on_current_index_changed(self, _index: int) -> None:
        # The chosen label in full, under what the box is for: the box may be too narrow for it.
        lines = [text for text in (self._tooltip, self.currentText()) if text]
        self.setToolTip("\n".join(lines))
