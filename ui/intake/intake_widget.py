"""The intake form: what the visit was about, how it came in, and which services were referred.

The form never talks to the services. "Save visit" builds a ``VisitDraft`` and emits
``sig_save_requested``; the main window records it and then calls ``show_error`` (everything the
user chose stays) or ``reset_after_save`` (the per-visit fields clear; channel, visitor type,
language, interpreter, duration and programme stay as the workstation's sticky defaults, which
the main window stores through the services with ``sticky_values``/``apply_sticky``).

The form remembers what it last saved: ``repeat_last`` fills it with that visit again (a new
visitor with the same matter: time "now", one visitor, no personal answers), and
``restore_last_saved`` puts the whole visit back after an undo.

Layout: topic chips on top (the only part that scrolls, and only in a short window) with a "find a
topic" box beside their title, the fields in a two-column grid, the optional questions behind
their check box, then the referrals and Save, which never leave the view.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from zoneinfo import ZoneInfo

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from desk_app.domain.catalogue import Programme, Topic
from desk_app.domain.codes import (
    DurationBand,
    EuraEntry,
    Interpreter,
    Outcome,
    VisitChannel,
    VisitorType,
)
from desk_app.domain.errors import ValidationError
from desk_app.domain.visit import MAX_BATCH, NO_BANDS, VisitDraft, check_occurred_at
from desk_app.i18n import _, ngettext, ui_language
from desk_app.labels import INTAKE_LANGUAGES, label, language_name
from ui.intake.referrals_widget import ReferralsWidget
from ui.intake.visit_time_widget import VisitTimeWidget
from ui.intake.visitor_bands_widget import VisitorBandsWidget
from ui.widgets.code_combo import CodeComboBox
from ui.widgets.fitted_scroll_area import FittedScrollArea
from ui.widgets.topic_chips_widget import TopicChipsWidget
from ui.widgets.topic_finder_edit import TopicFinderEdit

_ERROR_STYLE = "color: #b00020; font-weight: bold;"
_FIELD_ERROR_STYLE = "border: 2px solid #b00020;"
_CORRECTION_STYLE = "QFrame#correctionBanner { background: #fff4ce; border: 1px solid #8a6d00; }"
_HELSINKI = ZoneInfo("Europe/Helsinki")


def _utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def _section_label(text: str) -> QLabel:
    title = QLabel(text)
    font = title.font()
    font.setBold(True)
    title.setFont(font)
    return title


def _field(text: str, widget: QWidget, buddy: QWidget | None = None) -> QVBoxLayout:
    """A label above its box; the label's mnemonic (Alt+letter) focuses the box."""
    title = QLabel(text)
    title.setBuddy(buddy or widget)
    box = QVBoxLayout()
    box.setSpacing(2)
    box.addWidget(title)
    box.addWidget(widget)
    return box


@dataclass(frozen=True)
class IntakeContents:
    """Everything the form holds: the draft, and the names of its referred services."""

    draft: VisitDraft
    referral_names: tuple[str, ...]


class IntakeWidget(QWidget):
    sig_save_requested = Signal(object)  # VisitDraft
    sig_topics_changed = Signal(tuple)  # the selected topic codes, after any change
    sig_cancel_correction_requested = Signal()

    def __init__(
        self,
        tz: ZoneInfo = _HELSINKI,
        clock: Callable[[], dt.datetime] = _utcnow,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._clock = clock
        self._pending: IntakeContents | None = None
        self._last_saved: IntakeContents | None = None
        self._error_field: str | None = None
        self._correcting = False
        self.chips = TopicChipsWidget()
        self.topic_finder = TopicFinderEdit()
        self.channel_combo = CodeComboBox.for_enum(
            VisitChannel, VisitChannel.WALK_IN, _("Channel"), _("How the visitor came in")
        )
        self.visitor_combo = CodeComboBox.for_enum(
            VisitorType, VisitorType.INDIVIDUAL, _("Visitor type"), _("Who the visitor is")
        )
        self.language_combo = CodeComboBox(
            _("Language of service"), _("The language the visitor was served in")
        )
        for code in INTAKE_LANGUAGES:
            self.language_combo.add_code(language_name(code), code)
        self.interpreter_combo = CodeComboBox.for_enum(
            Interpreter, Interpreter.NONE, _("Interpreter"), _("Whether an interpreter helped")
        )
        self.duration_combo = CodeComboBox.for_enum(
            DurationBand, DurationBand.MIN_5_15, _("Duration"), _("How long the visit took")
        )
        self.outcome_combo = CodeComboBox(
            _("Outcome"),
            _("Automatic: referred when services were added, otherwise resolved at the desk"),
        )
        self.outcome_combo.add_code(_("Automatic"), None)
        for outcome in Outcome:
            self.outcome_combo.add_code(label(outcome), outcome.value)
        self.programme_combo = CodeComboBox(
            _("Programme"), _("The project or programme this visit counts for, if any")
        )
        self.programme_combo.add_code(_("No programme"), None)
        self.eura_combo = CodeComboBox.for_enum(
            EuraEntry,
            EuraEntry.NOT_OFFERED,
            _("EURA entry"),
            _("Whether registering as a participant in EURA 2021 was offered or done"),
        )
        self.time = VisitTimeWidget(tz, clock)
        self.count_spin = QSpinBox()
        self.bands = VisitorBandsWidget()
        self._referral_title = _section_label(_("Referred services"))
        self.referral_box = ReferralsWidget(self._referral_title)
        # The parts tests and the main window reach for.
        self.referrals = self.referral_box.model
        self.referral_view = self.referral_box.view
        self.remove_button = self.referral_box.remove_button
        self.follow_up_button = self.referral_box.follow_up_button
        self.sig_follow_up_requested = self.referral_box.sig_follow_up_requested
        self.error_label = QLabel()
        self.correction_label = QLabel()
        self.cancel_correction_button = QPushButton(_("Cancel correction (Esc)"))
        self._correction_banner = QFrame()
        self.save_button = QPushButton()
        self.footer = QWidget()
        self._scroll = FittedScrollArea()
        self._build_layout()
        self._connect_signals()
        self._update_save_text()

    def _sticky_combos(self) -> dict[str, CodeComboBox]:
        """Keys as in ``desk_app.settings.STICKY_FIELDS``."""
        return {
            "channel": self.channel_combo,
            "visitor_type": self.visitor_combo,
            "language": self.language_combo,
            "interpreter": self.interpreter_combo,
            "duration": self.duration_combo,
            "programme": self.programme_combo,
        }

    def _build_layout(self) -> None:
        # Only the chips scroll, and only when the window is short: the fields below them, the
        # referrals and Save must stay in view, and a 1280x800 desk sees everything at once.
        self._scroll.setWidget(self.chips)
        self._topics_title = _section_label(_("Topics"))
        self.topic_finder.setPlaceholderText(_("Type to find a topic"))
        self.topic_finder.setAccessibleName(_("Find a topic"))
        self.topic_finder.setToolTip(
            _("Type part of a topic (or its number) and press Enter to select or clear it.")
        )
        finder_label = QLabel(_("Topic &search:"))
        finder_label.setBuddy(self.topic_finder)
        topics_row = QHBoxLayout()
        topics_row.setSpacing(6)
        topics_row.addWidget(self._topics_title)
        topics_row.addStretch(1)
        topics_row.addWidget(finder_label)
        topics_row.addWidget(self.topic_finder, 1)

        self.count_spin.setRange(1, MAX_BATCH)
        self.count_spin.setValue(1)
        self.count_spin.setAccessibleName(_("Number of visitors"))
        self.count_spin.setToolTip(
            _(
                "Several visitors with the same details are recorded as one row, e.g. 7 "
                "walk-ins about job search this morning. 1 = just this visitor."
            )
        )
        self.count_spin.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)

        # Two columns with the label above the box: long (Finnish) labels never squeeze the box.
        fields = QGridLayout()
        fields.setContentsMargins(0, 0, 0, 0)
        fields.setHorizontalSpacing(8)
        fields.setVerticalSpacing(4)
        cells = (
            (_("&Channel:"), self.channel_combo, None),
            (_("Visitor type:"), self.visitor_combo, None),
            (_("&Language of service:"), self.language_combo, None),
            (_("&Interpreter:"), self.interpreter_combo, None),
            (_("&Duration:"), self.duration_combo, None),
            (_("&Outcome:"), self.outcome_combo, None),
            (_("&Programme:"), self.programme_combo, None),
            (_("EURA entr&y:"), self.eura_combo, None),
            (_("&Time of visit:"), self.time, self.time.edit),
            (_("Nu&mber of visitors:"), self.count_spin, None),
        )
        for position, (text, widget, buddy) in enumerate(cells):
            row, column = divmod(position, 2)
            fields.addLayout(_field(text, widget, buddy), row, column)
        fields.setColumnStretch(0, 1)
        fields.setColumnStretch(1, 1)

        # Shown while a stored visit is being corrected: what is going on, and the way out.
        self._correction_banner.setObjectName("correctionBanner")
        self._correction_banner.setFrameShape(QFrame.Shape.StyledPanel)
        self._correction_banner.setStyleSheet(_CORRECTION_STYLE)
        # One line: a wrapped label would make the form's least height that of a narrow column.
        self.correction_label.setSizePolicy(
            QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred
        )
        self.cancel_correction_button.setAutoDefault(False)
        self.cancel_correction_button.setToolTip(
            _("Leave the stored visit as it was and bring back the form you were filling in")
        )
        banner = QHBoxLayout(self._correction_banner)
        banner.setContentsMargins(6, 4, 6, 4)
        banner.addWidget(self.correction_label, 1)
        banner.addWidget(self.cancel_correction_button)
        self._correction_banner.setVisible(False)

        self.error_label.setStyleSheet(_ERROR_STYLE)
        self.error_label.setWordWrap(True)
        self.error_label.setVisible(False)
        self.error_label.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Minimum)
        self.save_button.setDefault(False)
        self.save_button.setAutoDefault(False)
        self.save_button.setMinimumHeight(32)
        self.save_button.setToolTip(_("Record the visit (Ctrl+Enter)"))

        outer = QVBoxLayout(self)
        outer.setContentsMargins(6, 6, 6, 6)
        outer.setSpacing(4)
        outer.addWidget(self._correction_banner)
        outer.addLayout(topics_row)
        outer.addWidget(self._scroll)
        outer.addSpacing(4)
        outer.addLayout(fields)
        outer.addSpacing(2)
        outer.addWidget(self.bands)
        outer.addSpacing(4)
        # The referrals stay outside the scroll area: adding one from the finder must be seen.
        outer.addWidget(self._referral_title)
        outer.addWidget(self.referral_box, 1)
        # The error and Save live in ``footer``, which the window places below the form's scroll
        # area: on a small screen the form may scroll, Save never does.
        footer = QVBoxLayout(self.footer)
        footer.setContentsMargins(6, 0, 6, 6)
        footer.setSpacing(4)
        footer.addWidget(self.error_label)
        footer.addWidget(self.save_button)

    def _connect_signals(self) -> None:
        self.chips.sig_selection_changed.connect(self._on_chips_selection_changed)
        self.chips.sig_chip_toggled.connect(self._on_chips_chip_toggled)
        self.topic_finder.sig_topic_chosen.connect(self._on_topic_finder_topic_chosen)
        self.time.sig_changed.connect(self._on_time_changed)
        self.count_spin.valueChanged.connect(self._on_count_spin_value_changed)
        self.save_button.clicked.connect(self._on_save_button_clicked)
        self.referral_box.sig_added.connect(self.clear_error)
        self.cancel_correction_button.clicked.connect(self.sig_cancel_correction_requested)

    def _update_tab_order(self) -> None:
        """Top to bottom, left to right; the chips are rebuilt by ``set_topics``."""
        chain: list[QWidget] = [self.topic_finder, *self.chips.chips()]
        chain += [
            self.channel_combo,
            self.visitor_combo,
            self.language_combo,
            self.interpreter_combo,
            self.duration_combo,
            self.outcome_combo,
            self.programme_combo,
            self.eura_combo,
            self.time.edit,
            self.time.now_button,
            self.count_spin,
            self.bands.agreed_check,
            *self.bands.combos(),
            self.referral_view,
            self.remove_button,
            self.follow_up_button,
            self.save_button,
        ]
        for first, second in itertools.pairwise(chain):
            QWidget.setTabOrder(first, second)

    # --- public API used by the main window and tests -------------------------------------

    def set_topics(self, topics: Sequence[Topic]) -> None:
        lang = ui_language()
        shown = [t for t in sorted(topics, key=lambda t: t.sort_order) if not t.retired]
        pairs = [(t.code, t.label.text(lang)) for t in shown]
        self.chips.set_topics(pairs)
        self.topic_finder.set_topics(pairs)
        # The column must be wide enough for the widest chip so no topic label is cut.
        margins = 6 + 6 + self._scroll.verticalScrollBar().sizeHint().width()
        self.setMinimumWidth(max(240, self.chips.widest_chip() + margins))
        # In a short window the chips scroll, but two rows of them always show.
        self._scroll.set_minimum_content_height(2 * self.chips.row_height())
        self._update_tab_order()

    def set_programmes(self, programmes: Sequence[Programme]) -> None:
        """The programmes a visit can be attributed to; the current choice stays if listed."""
        current = self.programme_combo.current_code()
        lang = ui_language()
        self.programme_combo.clear()
        self.programme_combo.add_code(_("No programme"), None)
        for programme in programmes:
            self.programme_combo.add_code(programme.name.text(lang), programme.code)
        self.programme_combo.set_current_code(current)

    def selected_topic_codes(self) -> tuple[str, ...]:
        return self.chips.selected_codes()

    def set_selected_topic_codes(self, codes: Iterable[str]) -> None:
        self.chips.set_selected_codes(codes)

    def add_referral(self, code: str, name: str) -> bool:
        """Add a service to the visit; False if it was already there."""
        return self.referral_box.add(code, name)

    def referral_codes(self) -> tuple[str, ...]:
        return self.referral_box.codes()

    def mark_follow_up(self, code: str, text: str) -> None:
        """Show that a follow-up was asked for on the referral ``code`` ("" clears it)."""
        self.referral_box.mark_follow_up(code, text)

    def build_draft(self) -> VisitDraft:
        # Qt hands item data back as plain str, so the enum members are rebuilt from the values.
        outcome = self.outcome_combo.current_code()
        return VisitDraft(
            topic_codes=self.selected_topic_codes(),
            channel=VisitChannel(self.channel_combo.current_code()),
            visitor_type=VisitorType(self.visitor_combo.current_code()),
            outcome=Outcome(outcome) if outcome else None,
            language=self.language_combo.current_code() or "fi",
            interpreter=Interpreter(self.interpreter_combo.current_code()),
            duration=DurationBand(self.duration_combo.current_code()),
            referral_codes=self.referral_codes(),
            programme_code=self.programme_combo.current_code(),
            occurred_at=self.time.occurred_at(),
            visitor_count=self.count_spin.value(),
            bands_agreed=self.bands.agreed(),
            bands=self.bands.bands(),
            eura_entry=EuraEntry(self.eura_combo.current_code()),
        )

    def contents(self) -> IntakeContents:
        return IntakeContents(self.build_draft(), self.referral_box.names())

    def load_contents(self, contents: IntakeContents) -> None:
        """Fill every field from ``contents`` (undo, repeat, or correcting a stored visit)."""
        draft = contents.draft
        self.chips.set_selected_codes(draft.topic_codes)
        self.topic_finder.setText("")  # no undo history: Ctrl+Z undoes the save
        self.channel_combo.set_current_code(str(draft.channel))
        self.visitor_combo.set_current_code(str(draft.visitor_type))
        self.language_combo.set_current_code(draft.language)
        self.interpreter_combo.set_current_code(str(draft.interpreter))
        self.duration_combo.set_current_code(str(draft.duration))
        self.outcome_combo.set_current_code(str(draft.outcome) if draft.outcome else None)
        if not self.programme_combo.set_current_code(draft.programme_code):
            self.programme_combo.setCurrentIndex(0)  # an ended programme is not offered
        self.eura_combo.set_current_code(str(draft.eura_entry))
        self.time.set_occurred_at(draft.occurred_at)
        self.count_spin.setValue(draft.visitor_count)
        self.bands.set_bands(draft.bands_agreed, draft.bands)
        self.referral_box.replace(draft.referral_codes, contents.referral_names)
        self.clear_error()

    def load_draft(self, draft: VisitDraft, service_names: Mapping[str, str]) -> None:
        """Fill the form from a draft; referred services are named from ``service_names``."""
        names = tuple(service_names.get(code, code) for code in draft.referral_codes)
        self.load_contents(IntakeContents(draft, names))

    def sticky_values(self) -> dict[str, str]:
        """The choices this workstation keeps between visits (no entry for "no programme")."""
        values = {key: combo.current_code() for key, combo in self._sticky_combos().items()}
        return {key: value for key, value in values.items() if value is not None}

    def apply_sticky(self, values: Mapping[str, str]) -> None:
        """Select remembered choices; unknown keys and values no longer offered are ignored."""
        for key, combo in self._sticky_combos().items():
            if key in values:
                combo.set_current_code(values[key])

    def has_last_saved(self) -> bool:
        return self._last_saved is not None

    def repeat_last(self) -> bool:
        """Fill the form with the last saved visit for a new visitor; False if none yet."""
        if self._last_saved is None:
            return False
        self._load_as_repeat(self._last_saved)
        return True

    def repeat_draft(self, draft: VisitDraft, service_names: Mapping[str, str]) -> None:
        """Like ``repeat_last``, from a stored visit (after a restart nothing is remembered)."""
        names = tuple(service_names.get(code, code) for code in draft.referral_codes)
        self._load_as_repeat(IntakeContents(draft, names))

    def _load_as_repeat(self, contents: IntakeContents) -> None:
        # The matter repeats; the moment, the tally and the person's own answers do not: the
        # next visitor has not agreed to anything, and was not offered EURA entry yet.
        draft = replace(
            contents.draft,
            occurred_at=None,
            visitor_count=1,
            bands_agreed=False,
            bands=NO_BANDS,
            eura_entry=EuraEntry.NOT_OFFERED,
        )
        self.load_contents(replace(contents, draft=draft))

    def restore_last_saved(self) -> bool:
        """Put the last saved visit back exactly as it was typed (after an undo)."""
        if self._last_saved is None:
            return False
        self.load_contents(self._last_saved)
        return True

    @Slot()
    def request_save(self) -> None:
        self._pending = self.contents()
        self.sig_save_requested.emit(self._pending.draft)

    def show_error(self, message: str, field: str | None = None) -> None:
        """Show why the visit was not saved; nothing the user chose is cleared."""
        self._error_field = field
        self.error_label.setText(message)
        self.error_label.setVisible(True)
        self.time.edit.setStyleSheet(_FIELD_ERROR_STYLE if field == "occurred_at" else "")
        target = self._field_widget(field)
        if target is not None:
            target.setFocus(Qt.FocusReason.OtherFocusReason)

    def _field_widget(self, field: str | None) -> QWidget | None:
        if field == "topics":
            chips = self.chips.chips()
            return chips[0] if chips else None
        widgets: dict[str, QWidget] = {
            "occurred_at": self.time.edit,
            "visitor_count": self.count_spin,
            "programme": self.programme_combo,
            "referrals": self.referral_view,
            "language": self.language_combo,
            "channel": self.channel_combo,
            "visitor_type": self.visitor_combo,
            "interpreter": self.interpreter_combo,
            "duration": self.duration_combo,
            "eura_entry": self.eura_combo,
        }
        return widgets.get(field) if field else None

    def clear_error(self) -> None:
        self._error_field = None
        self.error_label.clear()
        self.error_label.setVisible(False)
        self.time.edit.setStyleSheet("")

    def error_text(self) -> str:
        return self.error_label.text() if self.error_label.isVisible() else ""

    def reset_after_save(self) -> None:
        """Clear what belongs to one visit; the sticky choices stay for the next visitor."""
        if self._pending is not None:
            self._last_saved = self._pending
            self._pending = None
        self.clear_error()
        self.chips.clear_selection()
        self.topic_finder.setText("")  # no undo history: Ctrl+Z undoes the save
        self.referral_box.clear()
        self.outcome_combo.setCurrentIndex(0)
        self.eura_combo.set_current_code(str(EuraEntry.NOT_OFFERED))
        self.time.reset_to_now()
        self.count_spin.setValue(1)
        self.bands.reset()

    def set_correcting(self, description: str | None) -> None:
        """Show that a stored visit is being corrected (``description`` says which); None ends
        it. The Save button says what it will do."""
        self._correcting = description is not None
        self.correction_label.setText(description or "")
        self.correction_label.setToolTip(description or "")
        self._correction_banner.setVisible(self._correcting)
        self._update_save_text()

    def is_correcting(self) -> bool:
        return self._correcting

    def has_input(self) -> bool:
        """Whether the form holds anything of a visit being entered (not just sticky choices)."""
        return bool(
            self.selected_topic_codes()
            or self.referral_codes()
            or self.topic_finder.text()
            or self.count_spin.value() != 1
            or self.bands.agreed()
        )

    def focus_topics(self) -> None:
        """Put the focus where the next visit starts: number keys then toggle topics."""
        chips = self.chips.chips()
        if chips:
            chips[0].setFocus(Qt.FocusReason.OtherFocusReason)

    def _update_save_text(self) -> None:
        count = self.count_spin.value()
        if self._correcting:
            self.save_button.setText(_("Save the corrections (Ctrl+Enter)"))
        elif count == 1:
            self.save_button.setText(_("Save visit (Ctrl+Enter)"))
        else:
            self.save_button.setText(
                ngettext(
                    "Save {n} visitor (Ctrl+Enter)", "Save {n} visitors (Ctrl+Enter)", count
                ).format(n=count)
            )

    # --- slots ------------------------------------------------------------------------------

    @Slot()
    def _on_chips_selection_changed(self) -> None:
        if self._error_field != "occurred_at":
            self.clear_error()
        chosen = len(self.selected_topic_codes())
        # In a short window some chips are scrolled away: the title still tells what is chosen.
        self._topics_title.setText(
            ngettext("Topics ({n} chosen)", "Topics ({n} chosen)", chosen).format(n=chosen)
            if chosen
            else _("Topics")
        )
        self.sig_topics_changed.emit(self.selected_topic_codes())

    @Slot(QPushButton)
    def _on_chips_chip_toggled(self, chip: QPushButton) -> None:
        self._scroll.ensureWidgetVisible(chip, 0, 0)  # a number key may pick a hidden chip

    @Slot(str)
    def _on_topic_finder_topic_chosen(self, code: str) -> None:
        self.chips.toggle_code(code)

    @Slot()
    def _on_time_changed(self) -> None:
        moment = self.time.occurred_at()
        try:
            if moment is not None:
                check_occurred_at(moment, self._clock())
        except ValidationError as exc:
            self.show_error(str(exc), None)
            self._error_field = exc.field
            self.time.edit.setStyleSheet(_FIELD_ERROR_STYLE)
            return
        if self._error_field == "occurred_at":
            self.clear_error()

    @Slot(int)
    def _on_count_spin_value_changed(self, _value: int) -> None:
        self._update_save_text()

    @Slot()
    def _on_save_button_clicked(self) -> None:
        self.request_save()
