"""The Catalogue window with every admin page, built from the services the app gives it.

``CatalogueTools`` is what ``ui/app.py`` hands the main window (tests build their own); the main
window only calls ``open_catalogue_window`` and listens to the window's ``sig_catalogue_changed``.
The pages after Services carry no "&" in their tab titles: the service screens use most letters,
and Ctrl+Tab / Ctrl+PageDown move between tabs anyway.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMenu, QWidget

from desk_app.i18n import _
from desk_app.services.catalogue_admin import CatalogueAdmin
from desk_app.services.catalogue_files import CatalogueFiles
from desk_app.services.taxonomy import TaxonomyAdmin
from ui import shortcuts
from ui.admin.actors_page import ActorsPage
from ui.admin.catalogue_window import CatalogueWindow
from ui.admin.exchange_page import ExchangePage
from ui.admin.programmes_page import ProgrammesPage
from ui.admin.staleness_page import StalenessPage
from ui.admin.topics_page import TopicsPage


@dataclass
class CatalogueTools:
    admin: CatalogueAdmin
    taxonomy: TaxonomyAdmin
    files: CatalogueFiles
    stale_months: Callable[[], int]
    save_stale_months: Callable[[int], None]
    # The privacy pages (admin only): built on demand, so a window without them still works.
    privacy_pages: Callable[[], list[tuple[QWidget, str]]] | None = None


def open_catalogue_window(tools: CatalogueTools, parent: QWidget | None = None) -> CatalogueWindow:
    window = CatalogueWindow(tools.admin, parent)
    topics = TopicsPage(tools.taxonomy)
    actors = ActorsPage(tools.taxonomy)
    programmes = ProgrammesPage(tools.taxonomy)
    # Topics name the intake's chips and rank the finder; actors and programmes show in it.
    for signal in (
        topics.sig_topics_changed,
        actors.sig_actors_changed,
        programmes.sig_programmes_changed,
    ):
        signal.connect(window.sig_catalogue_changed)
    window.add_page(topics, _("Topics"))
    window.add_page(actors, _("Actors"))
    window.add_page(programmes, _("Programmes"))
    stale = StalenessPage(tools.taxonomy, months=tools.stale_months())
    stale.sig_months_changed.connect(tools.save_stale_months)

    def open_service(code: str) -> None:
        window.tabs.setCurrentWidget(window.services)
        window.services.select_service(code)

    stale.sig_open_service.connect(open_service)
    window.add_page(stale, _("Out of date"))
    window.add_page(ExchangePage(tools.files), _("Import and export"))
    for page, title in tools.privacy_pages() if tools.privacy_pages else []:
        window.add_page(page, title)
    return window


class CatalogueLauncher(QObject):
    """The main window's "Catalogue…" action: opens the one Catalogue window, or raises it, and
    passes on its ``sig_catalogue_changed`` so the desk's lists reload."""

    sig_catalogue_changed = Signal()

    def __init__(self, tools: CatalogueTools, parent: QWidget) -> None:
        super().__init__(parent)
        self._tools = tools
        self._parent = parent
        self.window: CatalogueWindow | None = None
        self.action = shortcuts.bind(QAction(_("&Edit the catalogue…"), parent), "open_catalogue")
        self.action.triggered.connect(self.open)

    def install(self, menu: QMenu, on_changed: Callable[[], None]) -> None:
        """The action at the top of ``menu`` (the File menu: the main screen has no letter left
        for a menu of its own); ``on_changed`` reloads the desk's lists after a save."""
        menu.addAction(self.action)
        menu.addSeparator()
        self.sig_catalogue_changed.connect(on_changed)

    def open(self) -> CatalogueWindow:
        if self.window is None:
            self.window = open_catalogue_window(self._tools, self._parent)
            self.window.sig_catalogue_changed.connect(self.sig_catalogue_changed)
            self.window.sig_services_changed.connect(self.sig_catalogue_changed)
        self.window.show()
        self.window.raise_()
        self.window.activateWindow()
        return self.window
