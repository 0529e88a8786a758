"""Fields the sign-in screens and the Staff page share: a masked password box, the red message
line under a form, and the layout of the small sign-in dialogs (screens do not import each
other, so they meet here)."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from desk_app.domain.passwords import MAX_LENGTH


def password_field() -> QLineEdit:
    field = QLineEdit()
    field.setEchoMode(QLineEdit.EchoMode.Password)
    field.setMaxLength(MAX_LENGTH)
    return field


def message_label(accessible_name: str) -> QLabel:
    """A wrapped, bold dark-red line for what went wrong (legible in black and white too)."""
    label = QLabel()
    label.setWordWrap(True)
    label.setAccessibleName(accessible_name)
    label.setStyleSheet("color: #a00000; font-weight: bold;")
    return label


def ok_cancel(ok_text: str) -> QDialogButtonBox:
    """OK (named ``ok_text``, the default button) and Cancel."""
    buttons = QDialogButtonBox(
        QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
    )
    ok = buttons.button(QDialogButtonBox.StandardButton.Ok)
    ok.setText(ok_text)
    ok.setDefault(True)
    return buttons


def lay_out_form(
    dialog: QDialog,
    intro: QLabel,
    rows: Sequence[tuple[str, QWidget]],
    message: QLabel,
    buttons: QDialogButtonBox,
    min_width: int,
) -> None:
    """Intro text, one labelled row per field (the label's "&" letter reaches its field), the
    message line and the buttons, top to bottom."""
    form = QFormLayout()
    for text, field in rows:
        label = QLabel(text)
        label.setBuddy(field)
        form.addRow(label, field)
    layout = QVBoxLayout(dialog)
    layout.addWidget(intro)
    layout.addLayout(form)
    layout.addWidget(message)
    layout.addWidget(buttons)
    dialog.setMinimumWidth(min_width)
