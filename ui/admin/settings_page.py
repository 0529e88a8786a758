"""The Settings page of the admin window: retention and the other settings an administrator tunes
while the desk runs, and the retention purge on demand.

One spin box per ``desk_app.services.settings_admin.EDITABLE`` setting, each with its unit and
allowed range; Save (or Ctrl+S) applies them through ``SettingsAdmin``, which checks the
permission, validates and audits; a refused value shows its message and puts the focus on its box.
"Show what a purge would remove" counts and changes nothing; "Purge now" asks first.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Slot
from PySide6.QtWidgets import (
    QApplication,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from desk_app.domain.errors import DeskError, ValidationError
from desk_app.i18n import _
from desk_app.services.retention import PurgeReport
from desk_app.services.settings_admin import EDITABLE, SettingsAdmin
from ui.admin.service_form_helpers import set_tab_order
from ui.dialogs import ask
from ui.widgets.auth_fields import message_label


class SettingsPage(QWidget):
    def __init__(self, admin: SettingsAdmin, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._admin = admin
        self.boxes: dict[str, QSpinBox] = {}
        self.save_button = QPushButton(_("&Save settings"))
        self.message_label = message_label(_("Settings message"))
        self.saved_label = QLabel()
        self.plan_button = QPushButton(_("Show what a purge would &remove"))
        self.purge_button = QPushButton(_("&Purge now"))
        self.purge_label = QLabel()
        self.purge_label.setWordWrap(True)
        self.purge_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self._build_layout()
        self.save_button.clicked.connect(self.save)
        self.plan_button.clicked.connect(self._on_plan_button_clicked)
        self.purge_button.clicked.connect(self._on_purge_button_clicked)
        self.discard_changes()

    def _build_layout(self) -> None:
        grid = QGridLayout()
        for row, item in enumerate(EDITABLE):
            box = QSpinBox()
            box.setRange(item.low, item.high)
            box.setSuffix(" " + _(item.unit))
            box.setAccessibleName(_(item.label))
            box.setMinimumWidth(130)
            label = QLabel(_(item.label) + ":")
            label.setBuddy(box)
            grid.addWidget(label, row, 0)
            grid.addWidget(box, row, 1)
            if item.applies_at_restart:
                grid.addWidget(QLabel(_("(applies from the next start)")), row, 2)
            self.boxes[item.name] = box
        grid.setColumnStretch(3, 1)
        buttons = QHBoxLayout()
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.saved_label, 1)
        settings_box = QGroupBox(_("Settings"))
        settings_layout = QVBoxLayout(settings_box)
        settings_layout.addLayout(grid)
        settings_layout.addWidget(self.message_label)
        settings_layout.addLayout(buttons)
        purge_box = QGroupBox(_("Retention purge"))
        purge_layout = QVBoxLayout(purge_box)
        intro = QLabel(
            _(
                "The purge runs at start-up and every night. Run it now after shortening a "
                "retention time, or to see what it would remove."
            )
        )
        intro.setWordWrap(True)
        purge_buttons = QHBoxLayout()
        purge_buttons.addWidget(self.plan_button)
        purge_buttons.addWidget(self.purge_button)
        purge_buttons.addStretch(1)
        purge_layout.addWidget(intro)
        purge_layout.addLayout(purge_buttons)
        purge_layout.addWidget(self.purge_label)
        layout = QVBoxLayout(self)
        layout.addWidget(settings_box)
        layout.addWidget(purge_box)
        layout.addStretch(1)
        set_tab_order([*self.boxes.values(), self.save_button, self.plan_button, self.purge_button])

    # -- the page protocol of the admin window ---------------------------------------------------

    def has_unsaved_changes(self) -> bool:
        try:
            current = self._admin.values()
        except DeskError:
            return False
        return any(box.value() != current[name] for name, box in self.boxes.items())

    def discard_changes(self) -> None:
        try:
            current = self._admin.values()
        except DeskError as exc:
            self.message_label.setText(str(exc))
            return
        for name, box in self.boxes.items():
            box.setValue(current[name])

    @Slot()
    def save(self) -> bool:
        self.message_label.clear()
        self.saved_label.clear()
        try:
            changed = self._admin.change({n: box.value() for n, box in self.boxes.items()})
        except ValidationError as exc:
            self.message_label.setText(str(exc))
            box = self.boxes.get(exc.field or "")
            if box is not None:
                box.setFocus()
            return False
        except (DeskError, OSError) as exc:
            self.message_label.setText(
                _("The settings could not be saved: {error}").format(error=exc)
            )
            return False
        self.saved_label.setText(_("Saved.") if changed else _("Nothing changed."))
        return True

    # -- purge -------------------------------------------------------------------------------

    def _show_report(self, heading: str, report: PurgeReport) -> None:
        lines = [heading, *("• " + line for line in report.report_lines())]
        self.purge_label.setText("\n".join(lines))

    @Slot()
    def _on_plan_button_clicked(self) -> None:
        try:
            report = self._admin.plan_purge()
        except DeskError as exc:
            self.purge_label.setText(str(exc))
            return
        self._show_report(_("A purge now would remove:"), report)

    @Slot()
    def _on_purge_button_clicked(self) -> None:
        if self.has_unsaved_changes():
            self.purge_label.setText(_("Save or undo the changed settings first."))
            return
        if not ask.ask_yes_no(
            self,
            _("Purge now"),
            _("Remove now everything older than the retention times? This cannot be undone."),
        ):
            return
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            report = self._admin.purge_now()
        except DeskError as exc:
            self.purge_label.setText(str(exc))
            return
        finally:
            QApplication.restoreOverrideCursor()
        self._show_report(_("The purge removed:"), report)
