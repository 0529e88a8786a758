"""The service card on the right: the selected service in full, and "Add to visit".

The text lives in a read-only ``QTextBrowser`` so it wraps at any width and scrolls instead of
being cut. The card only shows what it is given (``show_service``); the main window fetches the
``ServiceDetail`` from the services and gives the card the desk's clock, so "Open until 16:00" is
computed for the desk's local time. A one-minute timer re-renders the card while it is shown, so
the status turns to "Closed now" at closing time even if nobody touches the desk.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from html import escape
from zoneinfo import ZoneInfo

from PySide6.QtCore import QTimer, Signal, Slot
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QHBoxLayout, QPushButton, QTextBrowser, QVBoxLayout, QWidget

from desk_app.domain.catalogue import ServiceDetail
from desk_app.i18n import _, ui_language
from ui.card.card_html import MUTED_COLOUR, TEXT_COLOUR, card_html

REFRESH_INTERVAL_MS = 60_000
_DEFAULT_ZONE = ZoneInfo("Europe/Helsinki")


def _helsinki_now() -> dt.datetime:
    return dt.datetime.now(_DEFAULT_ZONE)


class ServiceCardWidget(QWidget):
    sig_refer_requested = Signal(str)  # service code

    def __init__(
        self,
        parent: QWidget | None = None,
        clock: Callable[[], dt.datetime] = _helsinki_now,
    ) -> None:
        """``clock`` gives the desk's local time (aware, in the desk's time zone)."""
        super().__init__(parent)
        self._detail: ServiceDetail | None = None
        self._clock = clock
        self._html = ""
        self.browser = QTextBrowser()
        self.add_button = QPushButton(_("Add to visit"))
        self._timer = QTimer(self)
        self._build_layout()
        self._connect_signals()
        self.clear()

    def _build_layout(self) -> None:
        self.browser.setOpenExternalLinks(True)
        self.browser.setReadOnly(True)
        self.browser.setAccessibleName(_("Service card"))
        self.browser.setToolTip(_("The chosen service in full; Tab moves through its links."))
        self.add_button.setToolTip(_("Add this service to the visit's referred services"))
        # The card is "paper": black on white whatever the desktop theme, so the status colours
        # (dark green, dark red) keep their contrast in a dark theme too.
        palette = self.browser.palette()
        palette.setColor(QPalette.ColorRole.Base, QColor("#ffffff"))
        palette.setColor(QPalette.ColorRole.Text, QColor(TEXT_COLOUR))
        palette.setColor(QPalette.ColorRole.Link, QColor("#0b3d91"))
        self.browser.setPalette(palette)
        self.add_button.setAutoDefault(False)
        self.add_button.setMinimumHeight(32)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.add_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addWidget(self.browser, 1)
        layout.addLayout(buttons)
        self._timer.setInterval(REFRESH_INTERVAL_MS)

    def _connect_signals(self) -> None:
        self.add_button.clicked.connect(self._on_add_button_clicked)
        self._timer.timeout.connect(self._on_timer_timeout)

    def show_service(self, detail: ServiceDetail) -> None:
        self._detail = detail
        self._render(keep_scroll=False)
        self.add_button.setEnabled(True)
        self._timer.start()

    def refresh_status(self) -> None:
        """Re-read the clock and re-render the shown service, keeping the scroll position."""
        if self._detail is not None:
            self._render(keep_scroll=True)

    def clear(self) -> None:
        self._detail = None
        self._timer.stop()
        hint = _("Choose a service in the finder to see its details here.")
        self._html = f'<p style="color:{MUTED_COLOUR};">{escape(hint)}</p>'
        self.browser.setHtml(self._html)
        self.add_button.setEnabled(False)

    def current_code(self) -> str | None:
        return self._detail.code if self._detail is not None else None

    def plain_text(self) -> str:
        return self.browser.toPlainText()

    def _render(self, keep_scroll: bool) -> None:
        assert self._detail is not None
        html = card_html(self._detail, ui_language(), self._clock())
        if keep_scroll and html == self._html:
            return
        bar = self.browser.verticalScrollBar()
        position = bar.value()
        self._html = html
        self.browser.setHtml(html)
        if keep_scroll:
            bar.setValue(position)

    @Slot()
    def _on_add_button_clicked(self) -> None:
        if self._detail is not None:
            self.sig_refer_requested.emit(self._detail.code)

    @Slot()
    def _on_timer_timeout(self) -> None:
        self.refresh_status()
