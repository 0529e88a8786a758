"""The referral sheet's preview: choose its language, add "Your next step", print it or save it.

The main window opens it (``open_preview``) for a visit it has just saved. The sheet is made by
``DeskService.referral_sheet_pdf`` on a worker thread; meanwhile the dialog says "Preparing the
sheet…" and Print and Save as PDF wait, so what is printed is always what is shown. Each request
carries a generation number and a result of an older one (a language chosen a moment before)
is dropped. Typing in "Your next step" makes a new sheet after a short pause; the note is printed
on the sheet and never stored.

Print asks the usual print dialog, then renders the PDF onto the printer on a worker thread (see
``sheet_jobs``): the window keeps answering while a long job runs. With no printer installed,
Print says so and points at Save as PDF, which writes the bytes shown. Failures (a printer that
refuses, a folder that cannot be written) are said in the dialog's message line; the sheet and
the note stay, and the dialog stays open. Every sheet printed or saved is recorded on the visit
(``record_handouts``) for the statistics.

The file and print dialogs sit behind ``ask_save_path`` and ``ask_print_setup``, which tests
replace, so no test blocks on ``exec()``; the preview itself opens with ``open()`` (window-modal,
never blocking).
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import (
    QBuffer,
    QByteArray,
    QIODevice,
    QStandardPaths,
    Qt,
    QThreadPool,
    QTimer,
    Slot,
)
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtPrintSupport import QPrintDialog, QPrinter, QPrinterInfo
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from desk_app.domain.errors import DeskError
from desk_app.i18n import _
from ui.handouts.sheet_jobs import HandoutDesk, PrintJob, SheetBuild, SheetJobRelay

NOTE_PAUSE_MS = 600
"""After typing stops this long, the sheet is made again with the note."""
FALLBACK_LANGUAGE = "fi"
_ERROR_STYLE = "color: #b00020; font-weight: bold;"


def ask_print_setup(parent: QWidget, printer: QPrinter) -> bool:
    """The system's print dialog for ``printer``; True when the desk chose Print."""
    dialog = QPrintDialog(printer, parent)
    dialog.setWindowTitle(_("Print the referral sheet"))
    return dialog.exec() == QDialog.DialogCode.Accepted


def ask_save_path(parent: QWidget, suggested: str) -> str:
    """Where to save the PDF ("" when cancelled)."""
    path, _filter = QFileDialog.getSaveFileName(
        parent, _("Save the referral sheet as PDF"), suggested, _("PDF files (*.pdf)")
    )
    return path


_last_save_folder: Path | None = None  # where the desk saved a sheet last, while the app runs


def default_save_folder() -> Path:
    """The folder a sheet was last saved to, else Documents, else home: never a folder that does
    not exist (the file dialog would then start wherever the app was started from)."""
    folder = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    for candidate in (_last_save_folder, Path(folder) if folder else None, Path.home()):
        if candidate is not None and candidate.is_dir():
            return candidate
    return Path.home()


class HandoutPreviewDialog(QDialog):
    def __init__(
        self,
        desk: HandoutDesk,
        visit_id: str,
        codes: Sequence[str],
        lang: str,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Referral sheet"))
        self.desk = desk
        self.visit_id = visit_id
        self.codes = tuple(codes)
        # The pool is made before the relay: a dialog deleted while a job runs waits for it in
        # the pool's destructor, and the relay the job reports to is still there.
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(2)  # one sheet being made and one being printed
        self._relay = SheetJobRelay(self)
        self._generation = 0
        self._ready: tuple[int, bytes] | None = None  # (generation, PDF) shown in the preview
        self._print_job = 0
        self._printing: QPrinter | None = None  # kept alive while a worker prints on it
        self._printed_lang = ""
        self._closed = False
        self.document = QPdfDocument(self)
        self._buffer: QBuffer | None = None  # the document reads the shown PDF from here
        self.language_combo = QComboBox()
        self.note_edit = QLineEdit()
        self.placeholder = QLabel(_("Preparing the sheet…"))
        self.view = QPdfView()
        self.stack = QStackedWidget()
        self.message_label = QLabel()
        self.print_button = QPushButton(_("&Print…"))
        self.save_button = QPushButton(_("&Save as PDF…"))
        self.close_button = QPushButton(_("Close"))
        self._note_timer = QTimer(self)
        self._note_timer.setSingleShot(True)
        self._note_timer.setInterval(NOTE_PAUSE_MS)
        self._build_layout()
        self._fill_languages(lang)
        self._connect_signals()
        self.resize(760, 860)
        self._request_sheet()

    def _build_layout(self) -> None:
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        form.addRow(_("&Language of the sheet:"), self.language_combo)
        form.addRow(_("Your &next step:"), self.note_edit)
        self.note_edit.setPlaceholderText(_("e.g. Call them on Monday and ask for an appointment"))
        self.note_edit.setClearButtonEnabled(True)
        self.placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.placeholder.setWordWrap(True)
        self.view.setDocument(self.document)
        self.view.setPageMode(QPdfView.PageMode.MultiPage)
        self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        self.stack.addWidget(self.placeholder)
        self.stack.addWidget(self.view)
        self.message_label.setWordWrap(True)
        self.message_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        buttons = QHBoxLayout()
        buttons.addWidget(self.message_label, 1)
        for button in (self.print_button, self.save_button, self.close_button):
            button.setAutoDefault(False)  # Enter in the note field must not print
            buttons.addWidget(button)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.stack, 1)
        layout.addLayout(buttons)
        self.view.setAccessibleName(_("Preview of the referral sheet"))
        self.language_combo.setAccessibleName(_("Language of the sheet"))
        self.note_edit.setAccessibleName(_("Your next step"))
        tips = (
            (self.language_combo, _("The language the sheet is printed in")),
            (
                self.note_edit,
                _("A short note printed on the sheet for the visitor; it is not stored"),
            ),
            (self.view, _("The sheet as it will be printed; scroll with the arrow keys")),
            (self.print_button, _("Choose a printer and print the sheet")),
            (self.save_button, _("Save the sheet as a PDF file, e.g. to send or print elsewhere")),
            (self.close_button, _("Close the preview (Esc)")),
        )
        for widget, tip in tips:
            widget.setToolTip(tip)
        # Esc closes (QDialog's own); Ctrl+P inside the preview prints, as in most programs.
        self.print_shortcut = QShortcut(QKeySequence(QKeySequence.StandardKey.Print), self)
        self.setTabOrder(self.language_combo, self.note_edit)
        self.setTabOrder(self.note_edit, self.view)
        self.setTabOrder(self.view, self.print_button)
        self.setTabOrder(self.print_button, self.save_button)
        self.setTabOrder(self.save_button, self.close_button)

    def _fill_languages(self, lang: str) -> None:
        languages = self.desk.handout_languages()
        for code in languages:
            self.language_combo.addItem(self.desk.handout_language_name(code), code)
        if lang not in languages:
            lang = FALLBACK_LANGUAGE
        index = self.language_combo.findData(lang)
        self.language_combo.setCurrentIndex(max(index, 0))

    def _connect_signals(self) -> None:
        self.language_combo.currentIndexChanged.connect(self._on_language_combo_changed)
        self.note_edit.textEdited.connect(self._on_note_edit_text_edited)
        self._note_timer.timeout.connect(self._on_note_timer_timeout)
        self._relay.sig_sheet_ready.connect(self._on_relay_sheet_ready)
        self._relay.sig_sheet_failed.connect(self._on_relay_sheet_failed)
        self._relay.sig_printed.connect(self._on_relay_printed)
        self._relay.sig_print_failed.connect(self._on_relay_print_failed)
        self.print_button.clicked.connect(self._on_print_button_clicked)
        self.save_button.clicked.connect(self._on_save_button_clicked)
        self.close_button.clicked.connect(self.reject)
        self.print_shortcut.activated.connect(self._on_print_button_clicked)
        self.finished.connect(self._on_finished)

    # --- state ------------------------------------------------------------------------------

    def language(self) -> str:
        return str(self.language_combo.currentData())

    def note(self) -> str:
        return self.note_edit.text().strip()

    def pdf_bytes(self) -> bytes | None:
        """The PDF shown now, or None while it is being prepared."""
        return self._ready[1] if self._ready is not None else None

    def is_preparing(self) -> bool:
        return self._ready is None or self._ready[0] != self._generation

    def is_printing(self) -> bool:
        return self._printing is not None

    def message(self) -> str:
        return self.message_label.text()

    def _say(self, text: str, error: bool = False) -> None:
        self.message_label.setText(text)
        self.message_label.setStyleSheet(_ERROR_STYLE if error else "")

    def _update_buttons(self) -> None:
        ready = not self.is_preparing()
        self.print_button.setEnabled(ready and not self.is_printing())
        self.print_shortcut.setEnabled(ready and not self.is_printing())
        self.save_button.setEnabled(ready)

    def _request_sheet(self) -> None:
        """Make the sheet again for the chosen language and note; older results get dropped."""
        self._note_timer.stop()
        self._generation += 1
        make = functools.partial(
            self.desk.referral_sheet_pdf, self.codes, self.language(), self.note()
        )
        if self._ready is None:
            self.placeholder.setStyleSheet("")
            self.placeholder.setText(_("Preparing the sheet…"))
            self.stack.setCurrentWidget(self.placeholder)
            self._say("")  # the placeholder says it, in the middle
        else:
            self._say(_("Preparing the sheet…"))  # the older sheet stays in view meanwhile
        self._update_buttons()
        self._pool.start(SheetBuild(self._generation, self._relay, make))

    # --- slots ------------------------------------------------------------------------------

    @Slot(int)
    def _on_language_combo_changed(self, _index: int) -> None:
        self._request_sheet()

    @Slot(str)
    def _on_note_edit_text_edited(self, _text: str) -> None:
        self._note_timer.start()  # restarts: a new sheet only once typing pauses

    @Slot()
    def _on_note_timer_timeout(self) -> None:
        self._request_sheet()

    @Slot(int, object)
    def _on_relay_sheet_ready(self, generation: int, pdf: bytes) -> None:
        if generation != self._generation:
            return  # an older language or note: a newer sheet is on its way
        self._ready = (generation, pdf)
        old = self._buffer
        self._buffer = QBuffer(self)
        self._buffer.setData(QByteArray(pdf))  # a copy the buffer owns
        self._buffer.open(QIODevice.OpenModeFlag.ReadOnly)
        self.document.load(self._buffer)
        if old is not None:
            old.close()
            old.deleteLater()
        self.stack.setCurrentWidget(self.view)
        self._say("")
        self._update_buttons()

    @Slot(int, str)
    def _on_relay_sheet_failed(self, generation: int, message: str) -> None:
        if generation != self._generation:
            return
        text = _("The sheet could not be made: {reason}").format(reason=message)
        self._ready = None
        self.placeholder.setText(text)
        self.placeholder.setStyleSheet(_ERROR_STYLE)
        self.stack.setCurrentWidget(self.placeholder)
        self._say(text, error=True)
        self._update_buttons()

    @Slot()
    def _on_print_button_clicked(self) -> None:
        pdf = self.pdf_bytes()
        if pdf is None or self.is_preparing() or self.is_printing():
            return
        if not QPrinterInfo.availablePrinters():
            self._say(
                _(
                    "No printer is installed on this computer. Use Save as PDF and print the "
                    "file on another computer, or send it to the visitor."
                ),
                error=True,
            )
            self.save_button.setFocus(Qt.FocusReason.OtherFocusReason)
            return
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setDocName(_("Referral sheet"))
        if not ask_print_setup(self, printer):
            return
        self._print_job += 1
        self._printing = printer
        self._printed_lang = self.language()
        self._say(_("Printing…"))
        self._update_buttons()
        self._pool.start(PrintJob(self._print_job, self._relay, pdf, printer))

    @Slot(int, int)
    def _on_relay_printed(self, job: int, pages: int) -> None:
        if job != self._print_job:
            return
        name = self._printing.printerName() if self._printing is not None else ""
        self._printing = None
        self._update_buttons()
        done = _("The sheet was sent to the printer {name}.").format(name=name)
        self._record(self._printed_lang, done)
        self._delete_if_done()

    @Slot(int, str)
    def _on_relay_print_failed(self, job: int, message: str) -> None:
        if job != self._print_job:
            return
        self._printing = None
        self._update_buttons()
        self._say(
            _("{reason} The sheet was not printed; try again or use Save as PDF.").format(
                reason=message
            ),
            error=True,
        )
        self._delete_if_done()

    @Slot()
    def _on_save_button_clicked(self) -> None:
        pdf = self.pdf_bytes()
        if pdf is None or self.is_preparing():
            return
        lang = self.language()
        suggested = default_save_folder() / _("referral-sheet-{lang}.pdf").format(lang=lang)
        path = ask_save_path(self, str(suggested))
        if not path:
            return
        target = Path(path)
        global _last_save_folder
        _last_save_folder = target.parent
        if target.suffix.lower() != ".pdf":
            target = target.with_name(target.name + ".pdf")
        try:
            target.write_bytes(pdf)
        except OSError as exc:
            self._say(
                _(
                    "The sheet could not be saved in {path}: {reason}. Choose another folder; "
                    "the sheet is still here."
                ).format(path=str(target), reason=exc.strerror or str(exc)),
                error=True,
            )
            return
        self._record(lang, _("Saved: {path}").format(path=str(target)))

    def _record(self, lang: str, done: str) -> None:
        """Record the handed-out sheet on the visit, then say ``done``."""
        try:
            self.desk.record_handouts(self.visit_id, self.codes, lang)
        except DeskError as exc:
            self._say(
                done
                + " "
                + _("It could not be recorded on the visit: {reason}").format(reason=exc),
                error=True,
            )
            return
        self._say(done)

    @Slot(int)
    def _on_finished(self, _result: int) -> None:
        self._note_timer.stop()
        self._closed = True
        # A print job still running finishes and is recorded first; a sheet being made is
        # waited for by the pool's destructor (a fraction of a second).
        self._delete_if_done()

    def _delete_if_done(self) -> None:
        if self._closed and not self.is_printing():
            self.deleteLater()


def open_preview(
    parent: QWidget,
    desk: HandoutDesk,
    visit_id: str,
    codes: Sequence[str],
    lang: str,
) -> HandoutPreviewDialog:
    """Show the preview window-modally without blocking; returns the dialog."""
    dialog = HandoutPreviewDialog(desk, visit_id, codes, lang, parent)
    dialog.open()
    dialog.language_combo.setFocus(Qt.FocusReason.OtherFocusReason)
    return dialog
