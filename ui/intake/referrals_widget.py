"""The visit's referred services: the list, Remove (or Delete) and Follow-up…

The services are added from the finder through ``add``; Follow-up… asks the main window (through
``sig_follow_up_requested``) to open the follow-up dialog for the selected referral, and
``mark_follow_up`` shows the answer on its row.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QItemSelection, Qt, Signal, Slot
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QAbstractScrollArea,
    QHBoxLayout,
    QLabel,
    QListView,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desk_app.i18n import _
from ui.models.referral_list_model import CODE_ROLE, NAME_ROLE, ReferralListModel
from ui.widgets.keyboard_focus import select_on_keyboard_focus


class ReferralsWidget(QWidget):
    sig_follow_up_requested = Signal(str, str)  # service code and name of the selected referral
    sig_added = Signal()

    def __init__(self, title: QLabel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title = title
        self.model = ReferralListModel(self)
        self.view = QListView()
        self.remove_button = QPushButton(_("Remove"))
        self.follow_up_button = QPushButton(_("Follow-up…"))
        self._delete_shortcut = QShortcut(QKeySequence.StandardKey.Delete, self.view)
        self._delete_shortcut.setContext(Qt.ShortcutContext.WidgetShortcut)
        self._build_layout()
        self._connect_signals()

    def _build_layout(self) -> None:
        self.view.setModel(self.model)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        # At least two referrals show; spare height in a tall window goes to this list, and its
        # size hint follows its rows so the topic chips are not squeezed for empty space.
        self.view.setMinimumHeight(self.view.fontMetrics().lineSpacing() * 2 + 10)
        self.view.setSizeAdjustPolicy(QAbstractScrollArea.SizeAdjustPolicy.AdjustToContents)
        # A follow-up note makes a line long: it wraps instead of scrolling sideways.
        self.view.setWordWrap(True)
        self.view.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.view.setResizeMode(QListView.ResizeMode.Adjust)
        select_on_keyboard_focus(self.view)  # Remove and Follow-up… then have a row
        self.view.setAccessibleName(_("Referred services"))
        self.view.setToolTip(_("Services referred during this visit (Delete removes)"))
        self.title.setBuddy(self.view)
        self.remove_button.setEnabled(False)
        self.remove_button.setAutoDefault(False)
        self.remove_button.setToolTip(_("Remove the selected service from the visit"))
        self.follow_up_button.setEnabled(False)
        self.follow_up_button.setAutoDefault(False)
        self.follow_up_button.setToolTip(
            _("Follow up the selected referral later; contact details only with agreement")
        )
        buttons = QVBoxLayout()
        buttons.addWidget(self.remove_button)
        buttons.addWidget(self.follow_up_button)
        buttons.addStretch(1)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.view, 1)
        row.addLayout(buttons)

    def _connect_signals(self) -> None:
        self.remove_button.clicked.connect(self._on_remove_button_clicked)
        self.follow_up_button.clicked.connect(self._on_follow_up_button_clicked)
        self._delete_shortcut.activated.connect(self._on_remove_button_clicked)
        self.view.selectionModel().selectionChanged.connect(self._on_view_selection_changed)
        self.model.rowsInserted.connect(self._on_model_changed)
        self.model.rowsRemoved.connect(self._on_model_changed)
        self.model.modelReset.connect(self._on_model_changed)

    # --- public API ---------------------------------------------------------------------------

    def add(self, code: str, name: str) -> bool:
        """Add a service to the visit; False if it was already there."""
        added = self.model.add(code, name)
        if added:
            self.sig_added.emit()
        return added

    def codes(self) -> tuple[str, ...]:
        return self.model.codes()

    def names(self) -> tuple[str, ...]:
        return tuple(
            str(self.model.index(row, 0).data(NAME_ROLE)) for row in range(self.model.rowCount())
        )

    def replace(self, codes: tuple[str, ...], names: tuple[str, ...]) -> None:
        self.model.clear()
        for code, name in zip(codes, names, strict=False):
            self.model.add(code, name)

    def clear(self) -> None:
        self.model.clear()

    def mark_follow_up(self, code: str, text: str) -> None:
        """Show that a follow-up was asked for on the referral ``code`` ("" clears it)."""
        self.model.set_follow_up(code, text)

    # --- slots --------------------------------------------------------------------------------

    @Slot()
    def _on_remove_button_clicked(self) -> None:
        index = self.view.currentIndex()
        if index.isValid():
            self.model.remove_row(index.row())

    @Slot()
    def _on_follow_up_button_clicked(self) -> None:
        index = self.view.currentIndex()
        if index.isValid():
            self.sig_follow_up_requested.emit(index.data(CODE_ROLE), index.data(NAME_ROLE))

    @Slot(QItemSelection, QItemSelection)
    def _on_view_selection_changed(self, *_args: Any) -> None:
        self._update_buttons()

    @Slot()
    def _on_model_changed(self, *_args: Any) -> None:
        self._update_buttons()

    def _update_buttons(self) -> None:
        selected = self.view.selectionModel().hasSelection()
        self.remove_button.setEnabled(selected)
        self.follow_up_button.setEnabled(selected)
