"""The Catalogue window: the admin's pages (services here; topics, actors, programmes, import
and export, staleness from elsewhere) as tabs of one separate, non-modal window.

The window composes pages and owns the keys every page shares: Ctrl+S saves the page shown (if it
can save), Esc closes the window, asking first when a page holds unsaved changes. A page may
offer any of ``save() -> bool``, ``has_unsaved_changes() -> bool``, ``discard_changes()``,
``sig_catalogue_changed`` (no arguments) and ``sig_services_changed(tuple of codes)``;
``add_page`` wires what it finds, and the window passes both signals on so the main window can
refresh its finder (and the card of a changed service).
"""

from __future__ import annotations

from PySide6.QtCore import QSettings, Qt, Signal, Slot
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence, QShowEvent
from PySide6.QtWidgets import QMainWindow, QSplitter, QTabWidget, QWidget

from desk_app.i18n import _
from desk_app.services.catalogue_admin import CatalogueAdmin
from ui.admin.service_form_helpers import ask_discard
from ui.admin.service_page import ServicesPage
from ui.widgets.window_state import restore_window_state, save_window_state

DEFAULT_SIZE = (1320, 740)


class CatalogueWindow(QMainWindow):
    sig_catalogue_changed = Signal()
    sig_services_changed = Signal(tuple)

    def __init__(self, admin: CatalogueAdmin, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowFlag(Qt.WindowType.Window, True)
        self.setWindowTitle(_("Catalogue"))
        self.tabs = QTabWidget()
        self.tabs.setDocumentMode(True)
        self.setCentralWidget(self.tabs)
        self.services = ServicesPage(admin)
        self.add_page(self.services, _("&Services"))
        self.save_action = QAction(_("Save"), self)
        self.save_action.setShortcut(QKeySequence.StandardKey.Save)
        self.save_action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        self.close_action = QAction(_("Close"), self)
        self.close_action.setShortcut(QKeySequence(Qt.Key.Key_Escape))
        self.close_action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        self.new_action = QAction(_("New service"), self)
        self.new_action.setShortcut(QKeySequence.StandardKey.New)
        self.new_action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        for action in (self.save_action, self.close_action, self.new_action):
            self.addAction(action)
        self.save_action.triggered.connect(self.save)
        self.close_action.triggered.connect(self.close)
        self.new_action.triggered.connect(self._on_new_action_triggered)
        self._shown = False
        self.resize(*self._first_size())

    def _first_size(self) -> tuple[int, int]:
        width, height = DEFAULT_SIZE
        screen = self.screen()
        if screen is None:
            return width, height
        free = screen.availableGeometry()
        return min(width, free.width()), min(height, free.height())

    def add_page(self, widget: QWidget, title: str) -> int:
        """Add a page as a tab (``title`` may carry an "&" mnemonic); returns its index."""
        index = self.tabs.addTab(widget, title)
        changed = getattr(widget, "sig_catalogue_changed", None)
        if changed is not None:
            changed.connect(self.sig_catalogue_changed)
        services = getattr(widget, "sig_services_changed", None)
        if services is not None:
            services.connect(self.sig_services_changed)
        return index

    def pages(self) -> list[QWidget]:
        return [self.tabs.widget(i) for i in range(self.tabs.count())]

    @Slot()
    def save(self) -> bool:
        """Save the page shown; False when it refused (its message is on the field)."""
        page = self.tabs.currentWidget()
        save = getattr(page, "save", None)
        return bool(save()) if callable(save) else True

    def has_unsaved_changes(self) -> bool:
        return any(
            callable(getattr(page, "has_unsaved_changes", None)) and page.has_unsaved_changes()
            for page in self.pages()
        )

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.has_unsaved_changes():
            if not ask_discard(self):
                event.ignore()
                return
            for page in self.pages():
                discard = getattr(page, "discard_changes", None)
                if callable(discard):
                    discard()
        super().closeEvent(event)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if not self._shown:
            self._shown = True
            self.services.find_edit.setFocus(Qt.FocusReason.OtherFocusReason)

    @Slot()
    def _on_new_action_triggered(self) -> None:
        if self.tabs.currentWidget() is self.services:
            self.services.new_button.click()

    # -- window state --------------------------------------------------------------------------

    def save_view_state(self, settings: QSettings) -> None:
        save_window_state(settings, "catalogue_window", self, self._splitters())

    def restore_view_state(self, settings: QSettings) -> None:
        restore_window_state(settings, "catalogue_window", self, self._splitters())

    def _splitters(self) -> dict[str, QSplitter]:
        return {"services_splitter": self.services.splitter}
