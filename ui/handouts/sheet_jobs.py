"""The slow parts of a referral sheet, run on worker threads: making the PDF and printing it.

Both jobs are ``QRunnable``s that report through a ``SheetJobRelay`` (a ``QObject`` living on the
GUI thread, so its signals reach the dialog queued), as ``ui/models/service_list_model.py`` does.
They never touch a widget.

Printing renders the PDF itself, page by page, onto the ``QPrinter`` at the printer's resolution
(not a screenshot of the preview). Each page is drawn in horizontal bands of ``BAND_HEIGHT``
device pixels (``QPdfDocumentRenderOptions`` scaled size + clip rectangle): a whole A4 page at a
1200 dpi printer would be a 550 MB image, a band is a few MB. The job loads the bytes into its own
``QPdfDocument`` from a ``QBuffer``, so no temporary file is written, and the preview's document is
never used from another thread (Qt PDF serialises its calls into PDFium with a global lock, and
a small band keeps the preview's own painting waiting for a few milliseconds at most).
QPainter on a ``QPrinter`` is one of the paint devices Qt allows off the GUI thread.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from typing import Protocol

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QObject, QRect, QRunnable, QSize, Signal
from PySide6.QtGui import QPainter
from PySide6.QtPdf import QPdfDocument, QPdfDocumentRenderOptions
from PySide6.QtPrintSupport import QPrinter

from desk_app.domain.errors import DeskError
from desk_app.i18n import _

log = logging.getLogger(__name__)

BAND_HEIGHT = 512
"""Device pixels of one rendered strip of a page when printing."""


class HandoutDesk(Protocol):
    """What the handout screen needs of ``DeskService`` (tests pass a small fake)."""

    def handout_languages(self) -> tuple[str, ...]: ...

    def handout_language_name(self, code: str) -> str: ...

    def referral_sheet_pdf(self, codes: Sequence[str], lang: str, note: str = "") -> bytes: ...

    def record_handouts(self, visit_id: str, codes: Sequence[str], lang: str) -> None: ...


class PrintError(Exception):
    """The printer refused the job; the message says so in the desk's words."""


class SheetJobRelay(QObject):
    """Carries results from the worker threads to the GUI thread (queued)."""

    sig_sheet_ready = Signal(int, object)  # generation, the PDF
    sig_sheet_failed = Signal(int, str)  # generation, a message for the desk
    sig_printed = Signal(int, int)  # print job, pages printed
    sig_print_failed = Signal(int, str)  # print job, a message for the desk


class SheetBuild(QRunnable):
    """Makes the PDF with the services (``make`` is a bound ``referral_sheet_pdf`` call)."""

    def __init__(self, generation: int, relay: SheetJobRelay, make: Callable[[], bytes]) -> None:
        super().__init__()
        self._generation, self._relay, self._make = generation, relay, make

    def run(self) -> None:
        try:
            pdf = self._make()
        except DeskError as exc:
            self._relay.sig_sheet_failed.emit(self._generation, str(exc))
            return
        except Exception:  # a bug, not the desk's fault: the log has it, the dialog says so
            log.exception("making the referral sheet failed")
            self._relay.sig_sheet_failed.emit(
                self._generation, _("The sheet could not be made. The error is in the log file.")
            )
            return
        self._relay.sig_sheet_ready.emit(self._generation, pdf)


def render_onto_printer(pdf: bytes, printer: QPrinter) -> int:
    """Print every page of ``pdf`` on ``printer``; returns the number of pages printed.

    Each page is scaled to fit the printable area, keeping its proportions, and centred.
    Raises ``PrintError`` when the PDF cannot be read or the printer cannot start or fails.
    """
    buffer = QBuffer()
    buffer.setData(QByteArray(pdf))  # a copy the buffer owns
    buffer.open(QIODevice.OpenModeFlag.ReadOnly)
    document = QPdfDocument()
    try:
        document.load(buffer)
        if document.status() != QPdfDocument.Status.Ready or document.pageCount() == 0:
            raise PrintError(_("The sheet could not be read for printing."))
        painter = QPainter()
        if not painter.begin(printer):
            raise PrintError(
                _("The printer {name} could not be started.").format(name=printer.printerName())
            )
        try:
            for page in range(document.pageCount()):
                if page > 0 and not printer.newPage():
                    raise PrintError(_("The printer stopped after {n} pages.").format(n=page))
                _draw_page(painter, document, page)
        finally:
            painter.end()
        if printer.printerState() == QPrinter.PrinterState.Error:
            raise PrintError(
                _("The printer {name} reported an error.").format(name=printer.printerName())
            )
        return document.pageCount()
    finally:
        document.close()
        buffer.close()


def _draw_page(painter: QPainter, document: QPdfDocument, page: int) -> None:
    area = painter.viewport()  # the printable area in device pixels
    points = document.pagePointSize(page)
    scale = min(area.width() / points.width(), area.height() / points.height())
    size = QSize(round(points.width() * scale), round(points.height() * scale))
    left = (area.width() - size.width()) // 2
    top = (area.height() - size.height()) // 2
    for y in range(0, size.height(), BAND_HEIGHT):
        band = QRect(0, y, size.width(), min(BAND_HEIGHT, size.height() - y))
        options = QPdfDocumentRenderOptions()
        options.setScaledSize(size)
        options.setScaledClipRect(band)
        image = document.render(page, band.size(), options)
        painter.drawImage(left, top + y, image)


class PrintJob(QRunnable):
    """Prints one sheet on a printer the GUI thread set up and no longer touches."""

    def __init__(self, job: int, relay: SheetJobRelay, pdf: bytes, printer: QPrinter) -> None:
        super().__init__()
        self._job, self._relay, self._pdf, self._printer = job, relay, pdf, printer

    def run(self) -> None:
        try:
            pages = render_onto_printer(self._pdf, self._printer)
        except PrintError as exc:
            self._relay.sig_print_failed.emit(self._job, str(exc))
            return
        except Exception:
            log.exception("printing the referral sheet failed")
            self._relay.sig_print_failed.emit(
                self._job, _("Printing failed. The error is in the log file.")
            )
            return
        self._relay.sig_printed.emit(self._job, pages)
