"""The Backups page of the admin window: the backups kept, a backup to a USB stick, a restore.

The table lists the backups in the data directory (newest first: date, size, visits) from
``BackupService.list_backups``. "Back up now to a folder…" writes a verified copy to a chosen
folder (a USB stick) off the GUI thread. A restore (the selected backup, or any file) first shows
the file's date and counts and asks; the service then keeps the current database as a safety
copy and replaces it. The app's connections are gone after that, so the app then starts again
on the restored database (``quit_app``: ``ui.app.restart_app``). Every call needs the admin
role; a refusal shows as a message on the page.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from datetime import tzinfo
from pathlib import Path

from PySide6.QtCore import QCoreApplication, Qt, Signal, Slot
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desk_app.domain.errors import DeskError
from desk_app.i18n import N_, _
from desk_app.labels import format_date, format_time
from desk_app.services.backups import BackupInfo, BackupService
from ui.admin.entry_table import Column, EntryTableModel, make_table, selected_row
from ui.admin.service_form_helpers import set_tab_order
from ui.dialogs import ask, files
from ui.widgets.auth_fields import message_label
from ui.widgets.background_job import BackgroundJobs


def ask_folder(parent: QWidget, title: str) -> Path | None:
    """A folder to write a backup to; None when cancelled (tests replace this)."""
    folder = QFileDialog.getExistingDirectory(parent, title, files.start_folder())
    return Path(folder) if folder else None


def tell(parent: QWidget, title: str, text: str) -> None:
    """A message the user must acknowledge (tests replace this)."""
    QMessageBox.information(parent, title, text)


def _local(moment: dt.datetime, tz: tzinfo) -> str:
    local = moment.astimezone(tz)
    return f"{format_date(local.date())} {format_time(local)}"


def size_text(size: int) -> str:
    if size >= 1024 * 1024:
        return _("{n} MB").format(n=f"{size / (1024 * 1024):.1f}")
    return _("{n} kB").format(n=max(1, round(size / 1024)))


def _count_text(info: BackupInfo, name: str) -> str:
    value = info.counts.get(name)
    return "" if value is None else str(value)


def summary(info: BackupInfo, tz: tzinfo) -> str:
    """The date and counts of a backup, shown before it replaces the database."""
    return _(
        "Backup taken {date}\nVisits: {visits}\nServices: {services}\n"
        "Follow-up contacts: {contacts}"
    ).format(
        date=_local(info.taken_at, tz),
        visits=_count_text(info, "visits") or "0",
        services=_count_text(info, "services") or "0",
        contacts=_count_text(info, "contacts") or "0",
    )


class BackupsPage(QWidget):
    sig_restored = Signal()

    def __init__(
        self,
        service: BackupService,
        tz: tzinfo,
        quit_app: Callable[[], None] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._service = service
        self._tz = tz
        self._quit = quit_app or QCoreApplication.quit
        self.jobs = BackgroundJobs(self)
        self.model = EntryTableModel(
            (
                Column(N_("Taken"), lambda b: _local(b.taken_at, tz)),
                Column(N_("File"), lambda b: b.path.name),
                Column(N_("Size"), lambda b: size_text(b.size), right=True),
                Column(N_("Visits"), lambda b: _count_text(b, "visits"), right=True),
            ),
            parent=self,
        )
        self.table = make_table(self.model, stretch=(1,))
        self.table.setAccessibleName(_("Backups"))
        self.backup_button = QPushButton(_("&Back up now to a folder…"))
        self.restore_selected_button = QPushButton(_("&Restore the selected backup…"))
        self.restore_file_button = QPushButton(_("Restore from a &file…"))
        self.refresh_button = QPushButton(_("&Update the list"))
        self.message_label = message_label(_("Backups message"))
        self.status_label = QLabel()
        self.status_label.setWordWrap(True)
        self.status_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self._build_layout()
        self._connect_signals()
        self.refresh()

    def _build_layout(self) -> None:
        intro = QLabel(
            _(
                "A backup is taken at start-up when the last one is over a day old, before a "
                "database update and on exit. Keep a copy away from this computer too."
            )
        )
        intro.setWordWrap(True)
        list_label = QLabel(_("Backups &kept on this computer:"))
        list_label.setBuddy(self.table)
        buttons = QHBoxLayout()
        for button in (
            self.backup_button,
            self.restore_selected_button,
            self.restore_file_button,
            self.refresh_button,
        ):
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(list_label)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        layout.addWidget(self.message_label)
        layout.addWidget(self.status_label)
        set_tab_order(
            [
                self.table,
                self.backup_button,
                self.restore_selected_button,
                self.restore_file_button,
                self.refresh_button,
            ]
        )

    def _connect_signals(self) -> None:
        self.backup_button.clicked.connect(self._on_backup_button_clicked)
        self.restore_selected_button.clicked.connect(self._on_restore_selected_button_clicked)
        self.restore_file_button.clicked.connect(self._on_restore_file_button_clicked)
        self.refresh_button.clicked.connect(self.refresh)

    # -- list --------------------------------------------------------------------------------

    @Slot()
    def refresh(self) -> None:
        self.message_label.clear()
        try:
            backups = self._service.list_backups()
        except DeskError as exc:
            self.model.set_entries([])
            self.message_label.setText(str(exc))
            return
        self.model.set_entries(backups)

    def _set_busy(self, busy: bool) -> None:
        for button in (
            self.backup_button,
            self.restore_selected_button,
            self.restore_file_button,
            self.refresh_button,
        ):
            button.setEnabled(not busy)

    def _on_job_failed(self, exc: Exception) -> None:
        self._set_busy(False)
        self.status_label.clear()
        self.message_label.setText(str(exc))

    # -- back up -----------------------------------------------------------------------------

    @Slot()
    def _on_backup_button_clicked(self) -> None:
        self.message_label.clear()
        folder = ask_folder(self, _("Folder for the backup"))
        if folder is None:
            return
        self._set_busy(True)
        self.status_label.setText(_("Backing up…"))
        self.jobs.start(
            lambda: self._service.backup_now(folder), self._on_backup_done, self._on_job_failed
        )

    def _on_backup_done(self, info: BackupInfo) -> None:
        self._set_busy(False)
        self.status_label.setText(_("Backup written and checked: {file}").format(file=info.path))
        self.refresh()

    # -- restore -----------------------------------------------------------------------------

    @Slot()
    def _on_restore_selected_button_clicked(self) -> None:
        row = selected_row(self.table)
        if row is None:
            self.message_label.setText(_("Choose a backup in the list first."))
            self.table.setFocus()
            return
        self.restore(self.model.entry_at(row).path)

    @Slot()
    def _on_restore_file_button_clicked(self) -> None:
        self.message_label.clear()
        path = files.ask_open_path(
            self, _("Backup to restore"), _("Pointti Desk backups (*.sqlite3);;All files (*)")
        )
        if path is not None:
            self.restore(path)

    def restore(self, path: Path) -> None:
        """Check ``path``, show its date and counts, and after a Yes restore it."""
        self.message_label.clear()
        try:
            info = self._service.inspect(path)
        except DeskError as exc:
            self.message_label.setText(str(exc))
            return
        question = "\n\n".join(
            (
                summary(info, self._tz),
                _(
                    "Replace the current database with this backup? The current database is "
                    "kept as a safety copy in the backups folder. Pointti Desk then starts "
                    "again on the restored database."
                ),
            )
        )
        if not ask.ask_yes_no(self, _("Restore a backup"), question):
            return
        self._set_busy(True)
        self.status_label.setText(_("Restoring…"))
        self.jobs.start(
            lambda: self._service.restore(info.path), self._on_restore_done, self._on_job_failed
        )

    def _on_restore_done(self, safety: BackupInfo) -> None:
        self.status_label.setText(_("Restored."))
        tell(
            self,
            _("Restore a backup"),
            _(
                "Restored. The database as it was is kept in {file}.\n"
                "Pointti Desk now starts again on the restored database: sign in again."
            ).format(file=safety.path),
        )
        self.sig_restored.emit()
        self._quit()
