"""Translatable texts side by side: one row per text, one column per language.

Finnish, Swedish and English are always shown; a fourth column shows one more language chosen
above it (plain Finnish, Ukrainian, Russian, Arabic), so every catalogue language can be edited
and a handout language checked without a wide screen. The texts of the languages not shown are
kept, so switching the column loses nothing.

Each cell says what to look at: **missing** (the cell is empty while the Finnish text has words:
said inside the empty cell) and **out of date** (the Finnish text changed after this translation
was last saved, or has been changed in the form while the translation has not: said in a line
under the cell). The marker is text, not only a tint, and it is also the cell's accessible
description.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import (
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from desk_app.domain.codes import TEXT_LANGUAGES
from desk_app.domain.texts import REQUIRED_LANGUAGE
from desk_app.i18n import _
from desk_app.labels import language_name
from desk_app.services.catalogue_forms import RawTexts, Translations
from ui.admin.service_form_helpers import describe, plain_text_edit

SHOWN_LANGUAGES = ("fi", "sv", "en")
EXTRA_LANGUAGES = tuple(lang for lang in TEXT_LANGUAGES if lang not in SHOWN_LANGUAGES)
MISSING_TINT = QColor("#fff8dc")
STALE_TINT = QColor("#ffe9d6")
MARKER_STYLE = "color: #7a3b00;"
RTL_LANGUAGES = frozenset({"ar"})


@dataclass(frozen=True)
class TextField:
    """One row of the grid: the stored field name, its label and how many lines it gets."""

    name: str
    label: str
    lines: int = 1
    required: bool = False


Cell = QLineEdit | QPlainTextEdit


def _text(cell: Cell) -> str:
    return cell.text() if isinstance(cell, QLineEdit) else cell.toPlainText()


def _set_text(cell: Cell, text: str) -> None:
    if isinstance(cell, QLineEdit):
        cell.setText(text)
        cell.setCursorPosition(0)
    else:
        cell.setPlainText(text)


class TextsGrid(QWidget):
    sig_changed = Signal()

    def __init__(
        self,
        fields: Sequence[TextField],
        title: str,
        extra_title: str,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.fields = tuple(fields)
        self.cells: dict[tuple[str, int], Cell] = {}  # (field, column) → cell
        self.markers: dict[tuple[str, int], QLabel] = {}
        self._marks: dict[tuple[str, int], str] = {}
        self.title = QLabel(title)
        self.extra_combo = QComboBox()
        describe(
            self.extra_combo,
            _("Fourth language"),
            _("Which other language the fourth column shows"),
        )
        for lang in EXTRA_LANGUAGES:
            self.extra_combo.addItem(language_name(lang), lang)
        self._stored: dict[str, dict[str, str]] = {}  # every language, as loaded or switched
        self._loaded: dict[str, dict[str, str]] = {}  # as loaded: what counts as unchanged
        self._translations = Translations()
        self._extra = EXTRA_LANGUAGES[0]
        self._loading = False
        self._build_layout(extra_title)
        self._connect_signals()

    # -- building ------------------------------------------------------------------------------

    def _languages(self) -> tuple[str, ...]:
        return (*SHOWN_LANGUAGES, self._extra)

    def _build_layout(self, extra_title: str) -> None:
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setHorizontalSpacing(8)
        grid.setVerticalSpacing(2)
        font = self.title.font()
        font.setBold(True)
        self.title.setFont(font)
        grid.addWidget(self.title, 0, 0)
        for column, lang in enumerate(SHOWN_LANGUAGES, start=1):
            heading = QLabel(language_name(lang))
            heading.setFont(font)
            grid.addWidget(heading, 0, column)
        extra = QHBoxLayout()
        extra_label = QLabel(extra_title)
        extra_label.setBuddy(self.extra_combo)
        extra.addWidget(extra_label)
        extra.addWidget(self.extra_combo, 1)
        grid.addLayout(extra, 0, len(SHOWN_LANGUAGES) + 1)
        for row, text_field in enumerate(self.fields, start=1):
            label = QLabel(text_field.label)
            label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
            label.setContentsMargins(0, 4, 0, 0)
            grid.addWidget(label, row, 0)
            for column in range(len(SHOWN_LANGUAGES) + 1):
                cell: Cell
                if text_field.lines > 1:
                    cell = plain_text_edit("", "", text_field.lines)
                else:
                    cell = QLineEdit()
                marker = QLabel()
                marker.setStyleSheet(MARKER_STYLE)
                small = marker.font()
                small.setPointSizeF(max(small.pointSizeF() - 1, 7))
                marker.setFont(small)
                marker.setFixedHeight(marker.fontMetrics().height())
                marker.setVisible(False)
                box = QVBoxLayout()
                box.setSpacing(0)
                box.addWidget(cell)
                box.addWidget(marker)
                grid.addLayout(box, row, column + 1)
                self.cells[text_field.name, column] = cell
                self.markers[text_field.name, column] = marker
            if row == 1:
                self.title.setBuddy(self.cells[text_field.name, 0])
        grid.setColumnStretch(0, 0)
        for column in range(1, len(SHOWN_LANGUAGES) + 2):
            grid.setColumnStretch(column, 1)
        self._describe_cells()

    def _describe_cells(self) -> None:
        for text_field in self.fields:
            for column, lang in enumerate(self._languages()):
                cell = self.cells[text_field.name, column]
                name = _("{what} in {language}").format(
                    what=text_field.label.replace("&", ""), language=language_name(lang)
                )
                tip = (
                    _("Required")
                    if lang == REQUIRED_LANGUAGE and text_field.required
                    else _("Optional: else English or Finnish is shown")
                )
                describe(cell, name, tip)
                direction = (
                    Qt.LayoutDirection.RightToLeft
                    if lang in RTL_LANGUAGES
                    else Qt.LayoutDirection.LeftToRight
                )
                cell.setLayoutDirection(direction)

    def _connect_signals(self) -> None:
        for cell in self.cells.values():
            cell.textChanged.connect(self._on_cell_text_changed)
        self.extra_combo.currentIndexChanged.connect(self._on_extra_combo_changed)

    # -- values --------------------------------------------------------------------------------

    def set_texts(self, texts: RawTexts, translations: Translations | None = None) -> None:
        """Show ``texts`` as loaded (markers compare against them and ``translations``)."""
        self._stored = {f.name: dict(texts.get(f.name, {})) for f in self.fields}
        self._loaded = {name: dict(values) for name, values in self._stored.items()}
        self._translations = translations or Translations()
        self._fill()

    def _fill(self) -> None:
        self._loading = True
        for text_field in self.fields:
            for column, lang in enumerate(self._languages()):
                _set_text(
                    self.cells[text_field.name, column],
                    self._stored.get(text_field.name, {}).get(lang, ""),
                )
        self._loading = False
        self.update_markers()

    def _collect(self) -> None:
        """Copy the shown cells into ``_stored``."""
        for text_field in self.fields:
            values = self._stored.setdefault(text_field.name, {})
            for column, lang in enumerate(self._languages()):
                values[lang] = _text(self.cells[text_field.name, column])

    def texts(self) -> dict[str, dict[str, str]]:
        """{field: {lang: text}} of every language, the hidden ones included."""
        self._collect()
        return {
            name: {lang: text for lang, text in values.items() if text.strip()}
            for name, values in self._stored.items()
        }

    def cell(self, field: str, lang: str) -> Cell | None:
        """The box of one text in one language, showing that language first if needed."""
        if lang not in SHOWN_LANGUAGES and lang in EXTRA_LANGUAGES:
            self.extra_combo.setCurrentIndex(EXTRA_LANGUAGES.index(lang))
        languages = self._languages()
        if lang not in languages:
            return None
        return self.cells.get((field, languages.index(lang)))

    def first_cell(self) -> Cell:
        return self.cells[self.fields[0].name, 0]

    def last_cell(self) -> Cell:
        return self.cells[self.fields[-1].name, len(SHOWN_LANGUAGES)]

    def focus_order(self) -> list[QWidget]:
        """The cells row by row (Finnish, Swedish, English, the fourth), then nothing else:
        the fourth language's chooser comes first, so it is passed before the texts."""
        order: list[QWidget] = [self.extra_combo]
        for text_field in self.fields:
            order.extend(self.cells[text_field.name, c] for c in range(len(SHOWN_LANGUAGES) + 1))
        return order

    # -- markers -------------------------------------------------------------------------------

    def marker_text(self, field: str, lang: str) -> str:
        """ "" or what the cell of ``field`` in ``lang`` is marked with."""
        languages = self._languages()
        if lang not in languages:
            return ""
        return self._marks.get((field, languages.index(lang)), "")

    def update_markers(self) -> None:
        for text_field in self.fields:
            finnish = _text(self.cells[text_field.name, 0]).strip()
            loaded = self._loaded.get(text_field.name, {})
            finnish_edited = finnish != loaded.get(REQUIRED_LANGUAGE, "").strip()
            stale = self._translations.stale(self._loaded, text_field.name)
            for column, lang in enumerate(self._languages()):
                cell = self.cells[text_field.name, column]
                text = _text(cell).strip()
                marker, tint = "", None
                if lang == REQUIRED_LANGUAGE:
                    if not text and text_field.required:
                        marker = _("Required")
                elif not text and finnish:
                    marker, tint = _("Missing translation"), MISSING_TINT
                elif text and text == loaded.get(lang, "").strip():
                    if lang in stale:
                        marker = _("Out of date: the Finnish text changed after it")
                        tint = STALE_TINT
                    elif finnish_edited:
                        marker, tint = _("Check: the Finnish text has been changed"), STALE_TINT
                self._marks[text_field.name, column] = marker
                # An empty cell says it inside itself; a marker under a text costs a line, so
                # it shows only when there is one (out of date).
                label = self.markers[text_field.name, column]
                under = marker if text else ""
                label.setText(under)
                label.setToolTip(under)
                label.setVisible(bool(under))
                cell.setPlaceholderText("" if text else marker)
                cell.setAccessibleDescription(marker)
                palette = cell.palette()
                base = tint or self.palette().color(QPalette.ColorRole.Base)
                palette.setColor(QPalette.ColorRole.Base, base)
                cell.setPalette(palette)

    # -- slots ---------------------------------------------------------------------------------

    @Slot()
    def _on_cell_text_changed(self) -> None:
        if self._loading:
            return
        self.update_markers()
        self.sig_changed.emit()

    @Slot(int)
    def _on_extra_combo_changed(self, index: int) -> None:
        self._collect()
        self._extra = EXTRA_LANGUAGES[index]
        self._describe_cells()
        self._fill()


def service_fields() -> tuple[TextField, ...]:
    """The rows of a service's texts, in the order of the card."""
    return (
        TextField("name", _("Name"), 1, required=True),
        TextField("summary", _("Summary"), 3, required=True),
        TextField("description", _("Description"), 4),
        TextField("audience", _("Who it is for"), 2),
        TextField("how_to_apply", _("How to apply"), 2),
        TextField("what_to_bring", _("What to bring"), 2),
        TextField("keywords", _("Search words"), 1),
    )


def channel_fields() -> tuple[TextField, ...]:
    return (
        TextField("name", _("Name"), 1, required=True),
        TextField("description", _("Description"), 2),
        TextField("directions", _("How to find it"), 2),
        TextField("accessibility", _("Accessibility"), 2),
    )


def texts_equal(
    first: Mapping[str, Mapping[str, str]], second: Mapping[str, Mapping[str, str]]
) -> bool:
    """Whether two {field: {lang: text}} hold the same non-empty texts."""

    def clean(texts: RawTexts) -> dict[str, dict[str, str]]:
        return {
            name: {lang: text.strip() for lang, text in values.items() if text.strip()}
            for name, values in texts.items()
            if any(text.strip() for text in values.values())
        }

    return clean(first) == clean(second)
