"""The intake form: what the visit was about, how it came in, and which services were referred.

The form never talks to the services. "Save visit" builds a ``VisitDraft`` and emits
``sig_save_requested``; the main window records it and then calls ``show_error`` (everything the
user chose stays) or ``reset_after_save`` (topics, referrals, outcome and duration clear; channel,
visitor type and language stay as sticky defaults for the next visitor).

Layout: topic chips on top (the only part that scrolls, and only in a short window), the five
fields in a two-column grid, then the referrals and Save, which never leave the view.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from enum import Enum
from typing import Any

from PySide6.QtCore import QItemSelection, Qt, Signal, Slot
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QAbstractScrollArea,
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QListView,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from desk_app.domain.catalogue import Topic
from desk_app.domain.codes import DurationBand, Outcome, VisitChannel, VisitorType
from desk_app.domain.visit import VisitDraft
from desk_app.i18n import _, ui_language
from ui.labels import INTAKE_LANGUAGES, label, language_name
from ui.models.referral_list_model import ReferralListModel
from ui.widgets.fitted_scroll_area import FittedScrollArea
from ui.widgets.topic_chips_widget import TopicChipsWidget

_ERROR_STYLE = "color: #b00020; font-weight: bold;"


def _section_label(text: str) -> QLabel:
    title = QLabel(text)
    font = title.font()
    font.setBold(True)
    title.setFont(font)
    return title


def _field(text: str, combo: QComboBox) -> QVBoxLayout:
    """A label above its box; the label's mnemonic (Alt+letter) focuses the box."""
    title = QLabel(text)
    title.setBuddy(combo)
    box = QVBoxLayout()
    box.setSpacing(2)
    box.addWidget(title)
    box.addWidget(combo)
    return box


class IntakeWidget(QWidget):
    sig_save_requested = Signal(object)  # VisitDraft

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.chips = TopicChipsWidget()
        self.channel_combo = self._enum_combo(VisitChannel, VisitChannel.WALK_IN)
        self.visitor_combo = self._enum_combo(VisitorType, VisitorType.INDIVIDUAL)
        self.language_combo = QComboBox()
        for code in INTAKE_LANGUAGES:
            self.language_combo.addItem(language_name(code), code)
        self.duration_combo = self._enum_combo(DurationBand, DurationBand.MIN_5_15)
        self.outcome_combo = QComboBox()
        self.outcome_combo.addItem(_("Automatic"), None)
        for outcome in Outcome:
            self.outcome_combo.addItem(label(outcome), outcome.value)
        self.referrals = ReferralListModel(self)
        self.referral_view = QListView()
        self.remove_button = QPushButton(_("Remove"))
        self._delete_shortcut = QShortcut(QKeySequence.StandardKey.Delete, self.referral_view)
        self._delete_shortcut.setContext(Qt.ShortcutContext.WidgetShortcut)
        self.error_label = QLabel()
        self.save_button = QPushButton(_("Save visit (Ctrl+Enter)"))
        self._scroll = FittedScrollArea()
        self._build_layout()
        self._connect_signals()

    @staticmethod
    def _enum_combo(enum: Iterable[Enum], default: Enum) -> QComboBox:
        combo = QComboBox()
        for member in enum:
            combo.addItem(label(member), member.value)
        combo.setCurrentIndex(combo.findData(default.value))
        return combo

    def _build_layout(self) -> None:
        # Only the chips scroll, and only when the window is short: the fields below them, the
        # referrals and Save must stay in view, and a 1280x800 desk sees everything at once.
        self._scroll.setWidget(self.chips)
        self._topics_title = _section_label(_("Topics"))

        # Two columns with the label above the box: long (Finnish) labels never squeeze the
        # box, and five fields take three rows. Outcome spans both: its texts are the longest.
        fields = QGridLayout()
        fields.setContentsMargins(0, 0, 0, 0)
        fields.setHorizontalSpacing(8)
        fields.setVerticalSpacing(6)
        fields.addLayout(_field(_("&Channel:"), self.channel_combo), 0, 0)
        fields.addLayout(_field(_("&Visitor type:"), self.visitor_combo), 0, 1)
        fields.addLayout(_field(_("&Language of service:"), self.language_combo), 1, 0)
        fields.addLayout(_field(_("&Duration:"), self.duration_combo), 1, 1)
        fields.addLayout(_field(_("&Outcome:"), self.outcome_combo), 2, 0, 1, 2)
        fields.setColumnStretch(0, 1)
        fields.setColumnStretch(1, 1)

        # The referrals stay outside the scroll area: adding one from the finder must be seen.
        self.referral_view.setModel(self.referrals)
        self.referral_view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.referral_view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        # At least three referrals show; spare height in a tall window goes to this list, and its
        # size hint follows its rows so the topic chips are not squeezed for empty space.
        self.referral_view.setMinimumHeight(self.referral_view.fontMetrics().lineSpacing() * 3 + 12)
        self.referral_view.setSizeAdjustPolicy(
            QAbstractScrollArea.SizeAdjustPolicy.AdjustToContents
        )
        self.referral_view.setAccessibleName(_("Referred services"))
        self.remove_button.setEnabled(False)
        self.remove_button.setAutoDefault(False)
        referral_row = QHBoxLayout()
        referral_row.addWidget(self.referral_view, 1)
        referral_row.addWidget(self.remove_button, 0, Qt.AlignmentFlag.AlignTop)
        self._referral_title = _section_label(_("Referred services"))
        self._referral_title.setBuddy(self.referral_view)

        self.error_label.setStyleSheet(_ERROR_STYLE)
        self.error_label.setWordWrap(True)
        self.error_label.setVisible(False)
        self.error_label.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Minimum)
        self.save_button.setDefault(False)
        self.save_button.setAutoDefault(False)
        self.save_button.setMinimumHeight(32)

        outer = QVBoxLayout(self)
        outer.setContentsMargins(6, 6, 6, 6)
        outer.setSpacing(4)
        outer.addWidget(self._topics_title)
        outer.addWidget(self._scroll)
        outer.addSpacing(6)
        outer.addLayout(fields)
        outer.addSpacing(6)
        outer.addWidget(self._referral_title)
        outer.addLayout(referral_row, 1)
        outer.addWidget(self.error_label)
        outer.addWidget(self.save_button)

    def _connect_signals(self) -> None:
        self.chips.sig_selection_changed.connect(self._on_chips_selection_changed)
        self.save_button.clicked.connect(self._on_save_button_clicked)
        self.remove_button.clicked.connect(self._on_remove_button_clicked)
        self._delete_shortcut.activated.connect(self._on_remove_button_clicked)
        self.referral_view.selectionModel().selectionChanged.connect(
            self._on_referral_view_selection_changed
        )
        self.referrals.rowsInserted.connect(self._on_referrals_changed)
        self.referrals.rowsRemoved.connect(self._on_referrals_changed)
        self.referrals.modelReset.connect(self._on_referrals_changed)

    # --- public API used by the main window and tests -------------------------------------

    def set_topics(self, topics: Sequence[Topic]) -> None:
        lang = ui_language()
        shown = [t for t in sorted(topics, key=lambda t: t.sort_order) if not t.retired]
        self.chips.set_topics([(t.code, t.label.text(lang)) for t in shown])
        # The column must be wide enough for the widest chip so no topic label is cut.
        margins = 6 + 6 + self._scroll.verticalScrollBar().sizeHint().width()
        self.setMinimumWidth(max(240, self.chips.widest_chip() + margins))
        # In a short window the chips scroll, but two rows of them always show.
        self._scroll.set_minimum_content_height(2 * self.chips.row_height())

    def selected_topic_codes(self) -> tuple[str, ...]:
        return self.chips.selected_codes()

    def set_selected_topic_codes(self, codes: Iterable[str]) -> None:
        self.chips.set_selected_codes(codes)

    def add_referral(self, code: str, name: str) -> bool:
        """Add a service to the visit; False if it was already there."""
        added = self.referrals.add(code, name)
        if added:
            self.clear_error()
        return added

    def referral_codes(self) -> tuple[str, ...]:
        return self.referrals.codes()

    def build_draft(self) -> VisitDraft:
        # Qt hands item data back as plain str, so the enum members are rebuilt from the values.
        outcome = self.outcome_combo.currentData()
        return VisitDraft(
            topic_codes=self.selected_topic_codes(),
            channel=VisitChannel(self.channel_combo.currentData()),
            visitor_type=VisitorType(self.visitor_combo.currentData()),
            outcome=Outcome(outcome) if outcome else None,
            language=self.language_combo.currentData(),
            duration=DurationBand(self.duration_combo.currentData()),
            referral_codes=self.referral_codes(),
        )

    @Slot()
    def request_save(self) -> None:
        self.sig_save_requested.emit(self.build_draft())

    def show_error(self, message: str, field: str | None = None) -> None:
        """Show why the visit was not saved; nothing the user chose is cleared."""
        self.error_label.setText(message)
        self.error_label.setVisible(True)
        if field == "topics" and self.chips.chips():
            self.chips.chips()[0].setFocus(Qt.FocusReason.OtherFocusReason)

    def clear_error(self) -> None:
        self.error_label.clear()
        self.error_label.setVisible(False)

    def error_text(self) -> str:
        return self.error_label.text() if self.error_label.isVisible() else ""

    def reset_after_save(self) -> None:
        """Clear what belongs to one visit; channel, visitor type and language stay."""
        self.clear_error()
        self.chips.clear_selection()
        self.referrals.clear()
        self.outcome_combo.setCurrentIndex(0)
        default_duration = self.duration_combo.findData(DurationBand.MIN_5_15.value)
        self.duration_combo.setCurrentIndex(default_duration)

    # --- slots ------------------------------------------------------------------------------

    @Slot()
    def _on_chips_selection_changed(self) -> None:
        self.clear_error()

    @Slot()
    def _on_save_button_clicked(self) -> None:
        self.request_save()

    @Slot()
    def _on_remove_button_clicked(self) -> None:
        index = self.referral_view.currentIndex()
        if index.isValid():
            self.referrals.remove_row(index.row())

    @Slot(QItemSelection, QItemSelection)
    def _on_referral_view_selection_changed(self, *_args: Any) -> None:
        self.remove_button.setEnabled(self.referral_view.selectionModel().hasSelection())

    @Slot()
    def _on_referrals_changed(self, *_args: Any) -> None:
        self.remove_button.setEnabled(self.referral_view.selectionModel().hasSelection())
