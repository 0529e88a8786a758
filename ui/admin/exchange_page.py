"""The catalogue's Import and export page: our JSON, an HSDS package, a Suomi.fi PTV file.

An import is always shown first: choosing a file makes a plan (what would be added, changed and
retired, and which local edits would be kept) without writing anything; **Apply** then runs it in
one transaction. Jobs run off the GUI thread (``BackgroundJobs``); the page stays usable and says
what it is doing. After an applied import ``sig_catalogue_changed`` tells the main window to
reload its services.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Protocol

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desk_app.i18n import N_, _
from ui.dialogs import files
from ui.widgets.background_job import BackgroundJobs

HSDS_LANGUAGES = {"fi": N_("Finnish"), "sv": N_("Swedish"), "en": N_("English")}


class Plan(Protocol):
    def report_lines(self) -> list[str]: ...


class ExchangeJobs(Protocol):
    """What the page needs of ``desk_app.services.catalogue_files.CatalogueFiles``."""

    def export_json(self, path: Path) -> int: ...
    def export_hsds(self, lang: str, folder: Path) -> list[Path]: ...
    def plan_json_import(self, path: Path) -> Plan: ...
    def apply_json_import(self, path: Path, *, overwrite_local: bool = False) -> Plan: ...
    def plan_ptv_import(self, path: Path) -> Plan: ...
    def apply_ptv_import(self, path: Path) -> Plan: ...


def ask_open_path(parent: QWidget, title: str) -> Path | None:
    return files.ask_open_path(parent, title, _("JSON files (*.json);;All files (*)"))


def ask_save_path(parent: QWidget, title: str, suggested: str) -> Path | None:
    return files.ask_save_path(parent, title, suggested, _("JSON files (*.json)"))


def ask_new_folder(parent: QWidget, title: str, suggested: str) -> Path | None:
    """A folder to create for an HSDS package (it must not exist yet, or be empty)."""
    return files.ask_save_path(parent, title, suggested, "")


class ExchangePage(QWidget):
    sig_catalogue_changed = Signal()

    def __init__(self, jobs: ExchangeJobs, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._jobs = jobs
        self._background = BackgroundJobs(self)
        self._pending: tuple[str, Path] | None = None  # ("json" | "ptv", file) planned
        self._build()

    # -- layout ---------------------------------------------------------------------------

    def _build(self) -> None:
        export_box = QGroupBox(_("Export"), self)
        self.export_json_button = QPushButton(_("Export as catalogue &JSON…"), export_box)
        self.export_json_button.setToolTip(
            _("The whole catalogue in Pointti Desk's own format, for another desk or a backup")
        )
        self.hsds_language = QComboBox(export_box)
        for code, name in HSDS_LANGUAGES.items():
            self.hsds_language.addItem(_(name), code)
        self.hsds_language.setAccessibleName(_("Language of the HSDS package"))
        hsds_label = QLabel(_("HSDS &language:"), export_box)
        hsds_label.setBuddy(self.hsds_language)
        self.export_hsds_button = QPushButton(_("Export &HSDS package…"), export_box)
        self.export_hsds_button.setToolTip(
            _("An Open Referral HSDS 3.1 data package (CSV files) in one language")
        )
        export_grid = QGridLayout(export_box)
        export_grid.addWidget(self.export_json_button, 0, 0, 1, 3)
        export_grid.addWidget(hsds_label, 1, 0)
        export_grid.addWidget(self.hsds_language, 1, 1)
        export_grid.addWidget(self.export_hsds_button, 1, 2)
        export_grid.setColumnStretch(3, 1)

        import_box = QGroupBox(_("Import"), self)
        self.import_json_button = QPushButton(_("Import a catalogue &file…"), import_box)
        self.import_ptv_button = QPushButton(_("Import a &PTV file…"), import_box)
        self.import_ptv_button.setToolTip(
            _("A saved Suomi.fi PTV API v11 response: services and service channels")
        )
        self.overwrite_check = QCheckBox(
            _("&Replace entries edited here since the file was made"), import_box
        )
        self.report = QPlainTextEdit(import_box)
        self.report.setReadOnly(True)
        self.report.setAccessibleName(_("What the import would change"))
        self.report.setPlaceholderText(
            _("Choose a file: what it would add, change and retire is shown here first.")
        )
        self.apply_button = QPushButton(_("&Apply the import"), import_box)
        self.apply_button.setEnabled(False)
        self.cancel_button = QPushButton(_("&Cancel"), import_box)
        self.cancel_button.setEnabled(False)
        buttons = QHBoxLayout()
        buttons.addWidget(self.import_json_button)
        buttons.addWidget(self.import_ptv_button)
        buttons.addStretch(1)
        actions = QHBoxLayout()
        actions.addWidget(self.overwrite_check)
        actions.addStretch(1)
        actions.addWidget(self.apply_button)
        actions.addWidget(self.cancel_button)
        import_layout = QVBoxLayout(import_box)
        import_layout.addLayout(buttons)
        import_layout.addWidget(self.report, 1)
        import_layout.addLayout(actions)

        self.message_label = QLabel(self)
        self.message_label.setWordWrap(True)
        self.message_label.setAccessibleName(_("Import and export messages"))

        layout = QVBoxLayout(self)
        layout.addWidget(export_box)
        layout.addWidget(import_box, 1)
        layout.addWidget(self.message_label)

        self.export_json_button.clicked.connect(self._on_export_json)
        self.export_hsds_button.clicked.connect(self._on_export_hsds)
        self.import_json_button.clicked.connect(lambda: self._on_choose("json"))
        self.import_ptv_button.clicked.connect(lambda: self._on_choose("ptv"))
        self.apply_button.clicked.connect(self._on_apply)
        self.cancel_button.clicked.connect(self._clear_plan)

    # -- state ----------------------------------------------------------------------------

    def message(self) -> str:
        return self.message_label.text()

    def is_busy(self) -> bool:
        return self._background.busy()

    def wait(self) -> None:
        self._background.wait()

    def _say(self, text: str) -> None:
        self.message_label.setText(text)

    def _set_busy(self, busy: bool, text: str = "") -> None:
        for button in (
            self.export_json_button,
            self.export_hsds_button,
            self.import_json_button,
            self.import_ptv_button,
        ):
            button.setEnabled(not busy)
        self.apply_button.setEnabled(not busy and self._pending is not None)
        self.cancel_button.setEnabled(not busy and self._pending is not None)
        if text:
            self._say(text)

    def _run(self, work: Any, on_done: Any, busy_text: str) -> None:
        self._set_busy(True, busy_text)

        def done(result: Any) -> None:
            self._set_busy(False)
            on_done(result)

        def failed(exc: Exception) -> None:
            self._set_busy(False)
            self._say(str(exc))

        self._background.start(work, done, failed)

    def _clear_plan(self) -> None:
        self._pending = None
        self.report.clear()
        self.apply_button.setEnabled(False)
        self.cancel_button.setEnabled(False)

    # -- export ---------------------------------------------------------------------------

    def _on_export_json(self) -> None:
        path = ask_save_path(self, _("Export the catalogue as JSON"), "pointti-catalogue.json")
        if path is None:
            return
        if path.suffix.lower() != ".json":
            path = path.with_name(path.name + ".json")
        self._run(
            lambda: self._jobs.export_json(path),
            lambda size: self._say(
                _("Catalogue exported to {path} ({size} bytes).").format(path=path, size=size)
            ),
            _("Exporting…"),
        )

    def _on_export_hsds(self) -> None:
        lang = str(self.hsds_language.currentData())
        folder = ask_new_folder(
            self, _("Folder for the HSDS package (a new folder)"), f"pointti-hsds-{lang}"
        )
        if folder is None:
            return
        self._run(
            lambda: self._jobs.export_hsds(lang, folder),
            lambda files: self._say(
                _("HSDS package written to {folder} ({count} files).").format(
                    folder=folder, count=len(files)
                )
            ),
            _("Exporting…"),
        )

    # -- import ---------------------------------------------------------------------------

    def _on_choose(self, kind: str) -> None:
        title = _("Import a catalogue file") if kind == "json" else _("Import a PTV file")
        path = ask_open_path(self, title)
        if path is None:
            return
        self._clear_plan()
        plan = self._jobs.plan_json_import if kind == "json" else self._jobs.plan_ptv_import

        def planned(result: Plan) -> None:
            self._pending = (kind, path)
            self.report.setPlainText("\n".join(result.report_lines()))
            self._set_busy(False)
            self._say(_("Nothing is changed yet. Read the list, then choose Apply the import."))
            self.apply_button.setFocus()

        self._run(lambda: plan(path), planned, _("Reading {name}…").format(name=path.name))

    def _on_apply(self) -> None:
        if self._pending is None:
            return
        kind, path = self._pending
        overwrite = self.overwrite_check.isChecked()

        def work() -> Plan:
            if kind == "json":
                return self._jobs.apply_json_import(path, overwrite_local=overwrite)
            return self._jobs.apply_ptv_import(path)

        def applied(result: Plan) -> None:
            self._pending = None
            self.report.setPlainText("\n".join(result.report_lines()))
            self._set_busy(False)
            self._say(_("Import done: {name}.").format(name=path.name))
            self.sig_catalogue_changed.emit()

        self._run(work, applied, _("Importing…"))
