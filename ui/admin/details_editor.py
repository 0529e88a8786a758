"""What the service editor and the channel editor share: a grid of fields above a ``TextsGrid``,
loaded from a stored row or a blank new one, read back as the form record the service layer
saves, and able to name the control of a refused field.

The two editors differ only in their fields, so the load / dirty / refused-field machinery is
written once here: a subclass creates its widgets, names its refusable fields in ``_fields``
(the keys are the service layer's field names) and fills in ``_show``, ``_info`` and
``_differs``. The code can be typed only while the record is new: codes are stable, since
visits, handouts and other rows refer to them.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Protocol

from PySide6.QtCore import Signal, Slot
from PySide6.QtWidgets import QGridLayout, QLabel, QLayout, QLineEdit, QVBoxLayout, QWidget

from desk_app.i18n import N_, _
from desk_app.labels import format_date
from desk_app.services.catalogue_forms import Translations
from ui.admin.service_texts_grid import TextsGrid

SOURCE_LABELS = {
    "local": N_("entered here"),
    "example": N_("example data"),
    "ptv": N_("imported from Suomi.fi (PTV)"),
    "import": N_("imported from a file"),
}


class Loaded(Protocol):
    """A stored record as the service layer hands it to an editor (``LoadedService``,
    ``LoadedChannel``): the form record and where the row came from."""

    @property
    def edit(self) -> Any: ...
    @property
    def source(self) -> str: ...
    @property
    def updated_at(self) -> dt.datetime: ...
    @property
    def translations(self) -> Translations: ...


def source_text(loaded: Loaded) -> str:
    """Where a stored record came from and when it last changed, for the editor's info line."""
    return _("Source: {source}. Last changed {date}.").format(
        source=_(SOURCE_LABELS.get(loaded.source, loaded.source)),
        date=format_date(loaded.updated_at.date()),
    )


def field_grid() -> QGridLayout:
    """The grid the editors lay their labelled fields out in."""
    grid = QGridLayout()
    grid.setHorizontalSpacing(10)
    grid.setVerticalSpacing(4)
    return grid


class DetailsEditor(QWidget):
    """The base of an editor of one stored record (see the module's docstring).

    ``is_new`` says whether the form holds a record not yet saved; ``sig_changed`` is emitted
    on every edit by the user (never while loading).
    """

    sig_changed = Signal()
    code_edit: QLineEdit  # the subclass's
    texts: TextsGrid  # the subclass's

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.is_new = False
        self._loaded: Any = None  # the form record as loaded; None: nothing to save
        self._loading = False
        self._fields: dict[str, QWidget] = {}  # refusable fields by the service layer's name
        self.info_label = QLabel()
        self.info_label.setWordWrap(True)

    def _lay_out(self, grid: QLayout, *below: QLayout) -> None:
        """``grid`` of fields, then the ``below`` rows, then the texts, all at the top."""
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(grid)
        for row in below:
            layout.addLayout(row)
        layout.addSpacing(4)
        layout.addWidget(self.texts)
        layout.addStretch(1)

    # -- filling -------------------------------------------------------------------------------

    def load(self, loaded: Loaded | None, blank: Any = None) -> None:
        """Show a stored record, or (``loaded`` None) the new record ``blank``."""
        self._loading = True
        self.is_new = loaded is None
        edit = loaded.edit if loaded is not None else blank
        assert edit is not None
        self.code_edit.setText(edit.code)
        self.code_edit.setCursorPosition(0)  # a long code shows its start, not its end
        self.code_edit.setReadOnly(not self.is_new)
        self._show(edit)
        self.texts.set_texts(edit.texts, loaded.translations if loaded is not None else None)
        self.info_label.setText(self._info(loaded))
        self._loaded = edit
        self._loading = False

    def _show(self, edit: Any) -> None:
        """The record's own fields, but for its code and texts."""
        raise NotImplementedError

    def _info(self, loaded: Loaded | None) -> str:
        """The line beside the fields: where a stored record came from; what a new one needs."""
        raise NotImplementedError

    def unload(self) -> None:
        """Nothing is being edited any more: there is nothing to save."""
        self._loaded = None
        self.is_new = False

    # -- reading -------------------------------------------------------------------------------

    def is_dirty(self) -> bool:
        """Whether the form differs from what was loaded (a new record always counts)."""
        if self._loaded is None:
            return False
        if self.is_new:
            return True
        return self._differs(self._loaded)

    def _differs(self, loaded: Any) -> bool:
        raise NotImplementedError

    def field_widget(self, field: str | None) -> QWidget | None:
        """The control of a refused field ("valid_to", "name.sv" …)."""
        if not field:
            return None
        if "." in field:
            name, lang = field.split(".", 1)
            return self.texts.cell(name, lang)
        return self._fields.get(field)

    @Slot()
    def _on_any_changed(self, *_args: object) -> None:
        if not self._loading:
            self.sig_changed.emit()
