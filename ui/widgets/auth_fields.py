"""Fields the sign-in screens and the Staff page share: a masked password box and the red
message line under a form (screens do not import each other, so they meet here)."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QLineEdit

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
