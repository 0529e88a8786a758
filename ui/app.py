"""Start-up of the desktop app: QApplication, translations, core bootstrap, main window, event loop.

This is the only ``ui`` module that may build the services (``desk_app.bootstrap``). A start-up
failure the core explains (``DeskError``: a database from a newer version, a broken catalogue)
becomes a message box and exit code 1; later unexpected errors go to the exception hook, which logs
them and keeps the app running.

Nobody is signed in at start (``Access()``): the first-run wizard creates the first admin, or the
login dialog asks who is at the desk, before the main window is built. ``SessionController``
then owns the window: Lock, Switch user and the idle lock.
"""

from __future__ import annotations

import functools
import logging
import os
import sys
from zoneinfo import ZoneInfo

from PySide6.QtCore import (
    QCoreApplication,
    QEventLoop,
    QLibraryInfo,
    QLocale,
    QObject,
    QSettings,
    QTimer,
    QTranslator,
)
from PySide6.QtGui import QFont, QFontDatabase, QIcon
from PySide6.QtWidgets import QApplication, QLabel, QMainWindow, QWidget

from desk_app.bootstrap import (
    AppContext,
    backup_service,
    bootstrap,
    restore_damaged_database,
)
from desk_app.domain.errors import DeskError
from desk_app.domain.staff import Permission
from desk_app.i18n import _, ui_language
from desk_app.paths import resources_dir
from desk_app.services.access import Access
from desk_app.services.accounts import AccountService
from desk_app.services.audit import AuditTrail
from desk_app.services.catalogue_admin import CatalogueAdmin
from desk_app.services.catalogue_files import CatalogueFiles
from desk_app.services.retention import purge_on_start, seconds_until_next_daily_purge
from desk_app.services.settings_admin import SettingsAdmin
from desk_app.services.stats import StatisticsService
from desk_app.services.stats_exports import StatisticsExports
from desk_app.services.subject_requests import SubjectRequests
from desk_app.services.taxonomy import TaxonomyAdmin
from ui.admin.audit_page import AuditPage
from ui.admin.backups_page import BackupsPage
from ui.admin.catalogue_tools import CatalogueTools
from ui.admin.settings_page import SettingsPage
from ui.admin.subject_requests_page import SubjectRequestsPage
from ui.admin.users_page import UsersPage
from ui.auth.change_password_dialog import ChangePasswordDialog
from ui.auth.first_run_wizard import FirstRunWizard
from ui.auth.login_dialog import LoginDialog
from ui.auth.session import SessionController
from ui.dialogs import damaged_database, error_dialog
from ui.excepthook import ExceptionHook
from ui.main_window import MainWindow
from ui.stats.launcher import StatsTools

log = logging.getLogger(__name__)

APP_NAME = "Pointti Desk"
ORGANISATION = "Pointti"


def install_qt_translations(app: QCoreApplication, lang: str) -> QTranslator | None:
    """Qt's own strings (OK, Cancel, context menus) in the UI language; None if unavailable."""
    translator = QTranslator(app)
    folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    if translator.load("qtbase_" + lang, folder):
        app.installTranslator(translator)
        return translator
    log.info("no Qt translations for %s in %s", lang, folder)
    return None


def install_bundled_fonts(app: QApplication) -> str | None:
    """Use the shipped DejaVu Sans for the whole UI; returns its family name (None on failure).

    The bundle must show text on a machine with no system fonts, and DejaVu Sans covers the
    Latin, Cyrillic and Arabic text the catalogue can hold, so every desk looks the same.
    """
    family = None
    for name in ("DejaVuSans.ttf", "DejaVuSans-Bold.ttf"):
        font_id = QFontDatabase.addApplicationFont(str(resources_dir() / "fonts" / name))
        families = QFontDatabase.applicationFontFamilies(font_id) if font_id >= 0 else []
        if not families:
            log.warning("could not load the bundled font %s", name)
            continue
        family = family or families[0]
    if family is not None:
        font = QFont(family)
        size = app.font().pointSizeF()
        font.setPointSizeF(size if size > 0 else 10.0)
        app.setFont(font)
    return family


def _application() -> QApplication:
    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication(sys.argv)
    app.setApplicationName(APP_NAME)
    app.setOrganizationName(ORGANISATION)
    app.setWindowIcon(QIcon(str(resources_dir() / "icons" / "pointti-desk.svg")))
    install_bundled_fonts(app)
    return app


def catalogue_tools(ctx: AppContext) -> CatalogueTools:
    """The catalogue's admin services over the desk's database, for the Catalogue window."""
    desk = ctx.desk
    return CatalogueTools(
        admin=CatalogueAdmin(ctx.uow, desk.now, desk.tz, access=ctx.access),
        taxonomy=TaxonomyAdmin(ctx.uow, desk.now, desk.tz, access=ctx.access),
        files=CatalogueFiles(ctx.uow, desk.today, access=ctx.access),
        stale_months=lambda: desk.settings.stale_after_months,
        save_stale_months=desk.save_stale_after_months,
        privacy_pages=lambda: privacy_pages(ctx),
    )


def stats_tools(ctx: AppContext) -> StatsTools:
    """The statistics window's use cases over the desk's database (both roles may use them)."""
    desk = ctx.desk
    stats = StatisticsService(ctx.uow, ctx.access, ctx.settings, desk.now)
    exports = StatisticsExports(stats, lambda: desk.settings, desk.sheet_header, desk.now)
    return StatsTools(stats, exports, desk.today, ctx.settings.timezone)


def privacy_pages(ctx: AppContext) -> list[tuple[QWidget, str]]:
    """The audit trail, subject requests and staff pages, for an admin only (the services
    refuse anyone else anyway)."""
    if not ctx.access.can(Permission.VIEW_AUDIT):
        return []
    tz = ZoneInfo(ctx.settings.timezone)
    pages: list[tuple[QWidget, str]] = [
        (AuditPage(AuditTrail(ctx.uow, ctx.access), tz), _("Audit trail")),
        (
            SubjectRequestsPage(SubjectRequests(ctx.uow, ctx.access, tz=ctx.settings.timezone)),
            _("Subject requests"),
        ),
    ]
    if ctx.access.can(Permission.MANAGE_USERS):
        accounts = AccountService(ctx.uow, ctx.access, ctx.desk.now)
        pages.append((UsersPage(accounts, tz), _("Staff")))
    if ctx.access.can(Permission.MANAGE_BACKUPS):
        page = BackupsPage(backup_service(ctx), tz, quit_app=restart_app)
        pages.append((page, _("Backups")))
    if ctx.access.can(Permission.EDIT_SETTINGS):
        admin = SettingsAdmin(ctx.desk, ctx.uow, ctx.access, ctx.paths)
        pages.append((SettingsPage(admin), _("Settings")))
    return pages


def sign_in_first(accounts: AccountService) -> bool:
    """The first-run wizard (no account yet) or the login dialog; False when cancelled."""
    if accounts.needs_first_admin():
        wizard = FirstRunWizard(accounts.create_first_admin)
        return bool(wizard.exec()) and wizard.session is not None
    dialog = LoginDialog(accounts.sign_in)
    if not dialog.exec() or dialog.session is None:
        return False
    # A password an admin set (new account, reset): the person chooses their own first.
    required = accounts.must_change_password()
    if required and not ChangePasswordDialog(accounts, required=True).exec():
        accounts.sign_out()
        return False
    return True


EXIT_RESTART = 75
"""What the event loop returns when the app should open its database again (after a restore)."""


def restart_app() -> None:
    """Leave the event loop so that ``run`` starts again on the (restored) database."""
    QCoreApplication.exit(EXIT_RESTART)


def backup_when_due(ctx: AppContext) -> None:
    """The start-up backup (over a day since the last and something changed); never stops the
    app: a failure is logged and the next start tries again."""
    try:
        backup_service(ctx, Access.system()).backup_if_due()
    except Exception:
        log.exception("the start-up backup failed")


def backup_on_exit(ctx: AppContext) -> None:
    try:
        backup_service(ctx, Access.system()).backup_on_exit()
    except Exception:
        log.exception("the backup on exit failed")


def show_busy(window: QMainWindow | None, text: str) -> None:
    """ "Busy, retrying" in the status bar while a save waits for another program's lock (the save
    runs on this thread, so the bar is painted now)."""
    if window is None:
        return
    window.statusBar().showMessage(text, 4000)
    QApplication.processEvents(QEventLoop.ProcessEventsFlag.ExcludeUserInputEvents)


def show_read_only_banner(window: QMainWindow) -> None:
    """A read-only database: a line that stays at the bottom of the window (saves refuse)."""
    banner = QLabel(_("Read-only: you can look things up but not save."))
    banner.setStyleSheet("color: #a00000; font-weight: bold;")
    window.statusBar().addPermanentWidget(banner)


def schedule_daily_purge(parent: QObject, ctx: AppContext) -> QTimer:
    """A timer that runs the retention purge once a day (at night, local time) while the app
    runs; each run schedules the next."""
    timer = QTimer(parent)
    timer.setSingleShot(True)

    def arm() -> None:
        seconds = seconds_until_next_daily_purge(ctx.desk.now(), ctx.desk.tz)
        timer.start(int(seconds * 1000))

    def run_purge() -> None:
        purge_on_start(ctx, settings=ctx.desk.settings)  # as an admin may have changed them
        arm()

    timer.timeout.connect(run_purge)
    arm()
    return timer


def run(
    data_dir: str | os.PathLike[str] | None = None,
    db_url: str | None = None,
    verbose: bool = False,
) -> int:
    """Run the desktop app until its window closes; returns the process exit code. After a
    restore the database is opened again from the start (sign-in included)."""
    while True:
        code = _run_once(data_dir, db_url, verbose)
        if code != EXIT_RESTART:
            return code
        for widget in QApplication.topLevelWidgets():
            widget.close()
            widget.deleteLater()
        log.info("opening the restored database")


def _run_once(data_dir: str | os.PathLike[str] | None, db_url: str | None, verbose: bool) -> int:
    app = _application()
    try:
        ctx = bootstrap(data_dir, db_url, verbose=verbose, access=Access())
    except Exception as exc:  # any start-up failure gets a dialog and a log entry, not a crash
        log.exception("start-up failed")
        install_qt_translations(app, ui_language())
        if damaged_database.is_damaged_database(exc):
            # Kept aside already; on Yes the newest good backup takes its place and we start again
            # (only after the user's answer, so this cannot loop by itself).
            restore = functools.partial(restore_damaged_database, exc.database)  # type: ignore[attr-defined]
            if damaged_database.offer_restore(None, exc, restore):  # type: ignore[arg-type]
                return run(data_dir, db_url, verbose)
            return 1
        message = str(exc) if isinstance(exc, DeskError) else f"{type(exc).__name__}: {exc}"
        error_dialog.show_error(
            None,
            _("Pointti Desk cannot start"),
            _("Pointti Desk could not start:\n\n{error}").format(error=message),
        )
        return 1
    install_qt_translations(app, ui_language())
    QLocale.setDefault(QLocale(ui_language()))
    previous_hook = ExceptionHook(ctx.log_file).install()
    try:
        for warning in ctx.warnings:  # a network drive, a read-only database
            error_dialog.show_error(None, _("Pointti Desk"), warning)
        if not ctx.read_only:
            purge_on_start(ctx)  # retention: at start-up, then daily while the app runs
            backup_when_due(ctx)
        daily = schedule_daily_purge(app, ctx) if not ctx.read_only else None
        accounts = AccountService(ctx.uow, ctx.access, ctx.desk.now)
        if not sign_in_first(accounts):
            return 0
        settings = QSettings()

        def new_window() -> MainWindow:
            window = MainWindow(
                ctx.desk,
                log_file=ctx.log_file,
                catalogue=catalogue_tools(ctx),
                statistics=stats_tools(ctx),
            )
            window.restore_view_state(settings)
            if ctx.read_only:
                show_read_only_banner(window)
            return window

        session = SessionController(accounts, new_window, ctx.settings.idle_lock_minutes)
        session.start().show()
        ctx.busy.listeners.append(lambda text: show_busy(session.window, text))
        code = app.exec()
        window = session.window
        if isinstance(window, MainWindow):
            window.save_view_state(settings)
        settings.sync()
        accounts.sign_out()
        if daily is not None:
            daily.stop()
        if not ctx.read_only and code != EXIT_RESTART:
            backup_on_exit(ctx)
        return int(code)
    finally:
        sys.excepthook = previous_hook
        ctx.close()
