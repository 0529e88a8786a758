"""The service card on the right: the selected service in full, and "Add to visit".

The text lives in a read-only ``QTextBrowser`` so it wraps at any width and scrolls instead of
being cut. The card only shows what it is given (``show_service``); the main window fetches the
``ServiceDetail`` from the services.
"""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Signal, Slot
from PySide6.QtWidgets import QHBoxLayout, QPushButton, QTextBrowser, QVBoxLayout, QWidget

from desk_app.domain.catalogue import ServiceDetail
from desk_app.i18n import _, ui_language
from ui.card.card_html import card_html


class ServiceCardWidget(QWidget):
    sig_refer_requested = Signal(str)  # service code

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._detail: ServiceDetail | None = None
        self.browser = QTextBrowser()
        self.add_button = QPushButton(_("Add to visit"))
        self._build_layout()
        self._connect_signals()
        self.clear()

    def _build_layout(self) -> None:
        self.browser.setOpenExternalLinks(True)
        self.browser.setReadOnly(True)
        self.browser.setAccessibleName(_("Service card"))
        self.add_button.setAutoDefault(False)
        self.add_button.setMinimumHeight(32)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.add_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addWidget(self.browser, 1)
        layout.addLayout(buttons)

    def _connect_signals(self) -> None:
        self.add_button.clicked.connect(self._on_add_button_clicked)

    def show_service(self, detail: ServiceDetail) -> None:
        self._detail = detail
        self.browser.setHtml(card_html(detail, ui_language()))
        self.add_button.setEnabled(True)

    def clear(self) -> None:
        self._detail = None
        hint = _("Choose a service in the finder to see its details here.")
        self.browser.setHtml(f'<p style="color:#555555;">{escape(hint)}</p>')
        self.add_button.setEnabled(False)

    def current_code(self) -> str | None:
        return self._detail.code if self._detail is not None else None

    def plain_text(self) -> str:
        return self.browser.toPlainText()

    @Slot()
    def _on_add_button_clicked(self) -> None:
        if self._detail is not None:
            self.sig_refer_requested.emit(self._detail.code)
