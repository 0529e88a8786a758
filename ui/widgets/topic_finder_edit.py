"""A small line edit that finds a topic by typing and toggles its chip with Enter.

Only the first nine topic chips have number keys; this reaches every topic. Matching ignores case
and diacritics ("asumi", "tyott" and "Työttömyys" all work), the way the finder does, and a number
picks the chip with that position ("12"). A completer popup lists the matches; ↓ chooses another
one. Enter emits ``sig_topic_chosen(code)`` for the chosen or the best match and clears the box.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt, Signal, Slot
from PySide6.QtGui import QKeyEvent, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QCompleter, QLineEdit, QWidget

from desk_app.domain.search import fold

_FOLDED_ROLE = Qt.ItemDataRole.UserRole + 1
_CODE_ROLE = Qt.ItemDataRole.UserRole + 2

Index = QModelIndex | QPersistentModelIndex


class _FoldingCompleter(QCompleter):
    """Compares folded text: the model holds folded labels in ``_FOLDED_ROLE``."""

    def splitPath(self, path: str) -> list[str]:
        return [fold(path.strip())]

    def pathFromIndex(self, index: Index) -> str:
        return str(index.data(Qt.ItemDataRole.DisplayRole) or "")


class TopicFinderEdit(QLineEdit):
    sig_topic_chosen = Signal(str)  # topic code

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._topics: list[tuple[str, str]] = []
        self._highlighted: str | None = None  # the popup row moved to with ↓/↑, if any
        self._model = QStandardItemModel(self)
        self._completer = _FoldingCompleter(self._model, self)
        self._completer.setCompletionRole(_FOLDED_ROLE)
        self._completer.setFilterMode(Qt.MatchFlag.MatchContains)
        self._completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self._completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        self._completer.setMaxVisibleItems(8)
        self.setCompleter(self._completer)
        self.setClearButtonEnabled(True)
        self._connect_signals()

    def _connect_signals(self) -> None:
        self.returnPressed.connect(self._on_return_pressed)
        self.textEdited.connect(self._on_text_edited)
        self._completer.highlighted[QModelIndex].connect(self._on_completer_highlighted)
        # Enter in the popup writes the chosen label back after returnPressed; clear it again.
        self._completer.activated[str].connect(self._on_completer_activated)

    def set_topics(self, topics: Sequence[tuple[str, str]]) -> None:
        """``(code, label)`` pairs in chip order."""
        self._topics = list(topics)
        self._model.clear()
        for code, text in self._topics:
            item = QStandardItem(text)
            item.setData(fold(f"{text} {code}"), _FOLDED_ROLE)
            item.setData(code, _CODE_ROLE)
            item.setEditable(False)
            self._model.appendRow(item)

    def matching_codes(self, text: str) -> list[str]:
        """Codes of the topics ``text`` finds, best first (a label starting with it first)."""
        wanted = fold(text.strip())
        if not wanted:
            return []
        if wanted.isdigit():
            position = int(wanted)
            return [self._topics[position - 1][0]] if 1 <= position <= len(self._topics) else []
        starts, contains = [], []
        for code, label in self._topics:
            folded = fold(f"{label} {code}")
            if folded.startswith(wanted):
                starts.append(code)
            elif wanted in folded:
                contains.append(code)
        return starts + contains

    def _choose(self, code: str) -> None:
        self.sig_topic_chosen.emit(code)
        self.setText("")  # without undo history: Ctrl+Z then undoes a save, not this

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Escape and self.text():
            self.setText("")  # Esc empties the box; in an empty box it goes to the window
            event.accept()
            return
        super().keyPressEvent(event)

    @Slot()
    def _on_return_pressed(self) -> None:
        # Enter reaches the box before the completer reports an activated row, so the row the
        # user moved to is tracked from ``highlighted`` and everything is decided here, once.
        codes = self.matching_codes(self.text())
        code = self._highlighted or (codes[0] if codes else None)
        self._highlighted = None
        if code:
            self._choose(code)

    @Slot(str)
    def _on_text_edited(self, _text: str) -> None:
        self._highlighted = None

    @Slot(str)
    def _on_completer_activated(self, _text: str) -> None:
        self.setText("")

    @Slot(QModelIndex)
    def _on_completer_highlighted(self, index: QModelIndex) -> None:
        code = index.data(_CODE_ROLE)
        self._highlighted = str(code) if code else None
