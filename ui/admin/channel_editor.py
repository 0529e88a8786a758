"""The editor of one channel's details: kind, provider, address and room, phone, email, web
address, and its texts (name, description, how to find it, accessibility) side by side.

Which details a channel needs depends on its kind (a visiting place an address, a phone service a
number, web pages and forms an address on the web); the service layer says so with a message on
the field. The code is typed only for a new channel (the page suggests one from the service's code
and the kind). Opening hours are the ``HoursEditor``'s, on the next tab.
"""

from __future__ import annotations

from PySide6.QtCore import Signal, Slot
from PySide6.QtWidgets import QGridLayout, QLabel, QLineEdit, QVBoxLayout, QWidget

from desk_app.domain.codes import ChannelKind
from desk_app.i18n import _, ui_language
from desk_app.services.catalogue_admin import ChannelEdit, EditChoices, LoadedChannel
from ui.admin.service_editor import SOURCE_LABELS
from ui.admin.service_form_helpers import describe, field_box
from ui.admin.service_texts_grid import TextsGrid, channel_fields, texts_equal
from ui.labels import format_date, label
from ui.widgets.code_combo import CodeComboBox


def _line(name: str, tooltip: str) -> QLineEdit:
    edit = QLineEdit()
    describe(edit, name, tooltip)
    return edit


class ChannelEditor(QWidget):
    sig_changed = Signal()
    sig_kind_changed = Signal()  # while new: the page suggests a code for the kind

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.is_new = False
        self._loaded: ChannelEdit | None = None
        self._loading = False
        self.code_edit = _line(
            _("Channel code"), _("A stable code of capital letters, digits and hyphens")
        )
        self.kind_combo = CodeComboBox.for_enum(
            ChannelKind, ChannelKind.LOCATION, _("Type"), _("What kind of channel this is")
        )
        self.organisation_combo = CodeComboBox(
            _("Channel organisation"), _("Who runs this channel")
        )
        self.street_edit = _line(_("Street address"), _("Needed for a visiting place"))
        self.postal_code_edit = _line(_("Postal code"), _("Five digits, e.g. 94100"))
        self.postal_code_edit.setMaximumWidth(self.fontMetrics().horizontalAdvance("0000000") + 16)
        self.post_office_edit = _line(_("Post office"), _("e.g. Kemi"))
        self.room_edit = _line(_("Room"), _("Where at the address, e.g. the desk at Pointti"))
        self.phone_edit = _line(_("Phone"), _("+358 16 259 111 or 016 259 111"))
        self.email_edit = _line(_("Email"), _("e.g. pointti@kemi.fi"))
        self.url_edit = _line(_("Web address"), _("A whole address: https://…"))
        self.texts = TextsGrid(channel_fields(), _("Te&xts"), _("Fourth lan&guage:"))
        self.info_label = QLabel()
        self.info_label.setWordWrap(True)
        self._build_layout()
        self._connect_signals()

    def _build_layout(self) -> None:
        grid = QGridLayout()
        grid.setHorizontalSpacing(10)
        grid.setVerticalSpacing(4)
        grid.addLayout(field_box(_("Code"), self.code_edit), 0, 0)
        grid.addLayout(field_box(_("&Type"), self.kind_combo), 0, 1)
        grid.addLayout(field_box(_("&Organisation"), self.organisation_combo), 0, 2, 1, 2)
        grid.addWidget(self.info_label, 0, 4, 1, 2)
        grid.addLayout(field_box(_("Street &address"), self.street_edit), 1, 0, 1, 2)
        grid.addLayout(field_box(_("Postal code"), self.postal_code_edit), 1, 2)
        grid.addLayout(field_box(_("Post office"), self.post_office_edit), 1, 3)
        grid.addLayout(field_box(_("Roo&m"), self.room_edit), 1, 4, 1, 2)
        grid.addLayout(field_box(_("&Phone"), self.phone_edit), 2, 0, 1, 2)
        grid.addLayout(field_box(_("&Email"), self.email_edit), 2, 2, 1, 2)
        grid.addLayout(field_box(_("&Web address"), self.url_edit), 2, 4, 1, 2)
        for column in range(6):
            grid.setColumnStretch(column, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(grid)
        layout.addSpacing(4)
        layout.addWidget(self.texts)
        layout.addStretch(1)

    def _connect_signals(self) -> None:
        for edit in self.line_edits():
            edit.textEdited.connect(self._on_any_changed)
        self.organisation_combo.currentIndexChanged.connect(self._on_any_changed)
        self.kind_combo.currentIndexChanged.connect(self._on_kind_combo_changed)
        self.texts.sig_changed.connect(self._on_any_changed)

    def line_edits(self) -> list[QLineEdit]:
        return [
            self.code_edit,
            self.street_edit,
            self.postal_code_edit,
            self.post_office_edit,
            self.room_edit,
            self.phone_edit,
            self.email_edit,
            self.url_edit,
        ]

    def focus_order(self) -> list[QWidget]:
        return [
            self.code_edit,
            self.kind_combo,
            self.organisation_combo,
            self.street_edit,
            self.postal_code_edit,
            self.post_office_edit,
            self.room_edit,
            self.phone_edit,
            self.email_edit,
            self.url_edit,
            *self.texts.focus_order(),
        ]

    # -- filling -------------------------------------------------------------------------------

    def set_choices(self, choices: EditChoices) -> None:
        self._loading = True
        self.organisation_combo.clear()
        for organisation in choices.organisations:
            self.organisation_combo.add_code(
                organisation.name.text(ui_language()), organisation.code
            )
        self._loading = False

    def load(self, loaded: LoadedChannel | None, blank: ChannelEdit | None = None) -> None:
        """Show a stored channel, or (``loaded`` None) the new channel ``blank``."""
        self._loading = True
        self.is_new = loaded is None
        edit = loaded.edit if loaded is not None else blank
        assert edit is not None
        self.code_edit.setText(edit.code)
        self.code_edit.setReadOnly(not self.is_new)
        self.kind_combo.set_current_code(edit.kind.value)
        self.organisation_combo.set_current_code(edit.organisation_code)
        self.street_edit.setText(edit.street)
        self.postal_code_edit.setText(edit.postal_code)
        self.post_office_edit.setText(edit.post_office)
        self.room_edit.setText(edit.room)
        self.phone_edit.setText(edit.phone)
        self.email_edit.setText(edit.email)
        self.url_edit.setText(edit.url)
        self.texts.set_texts(edit.texts, loaded.translations if loaded is not None else None)
        if loaded is None:
            self.info_label.setText(_("New channel: Ctrl+S saves it and adds it to this service."))
        else:
            others = [c for c in loaded.service_codes]
            text = _("Source: {source}. Last changed {date}.").format(
                source=_(SOURCE_LABELS.get(loaded.source, loaded.source)),
                date=format_date(loaded.updated_at.date()),
            )
            if len(others) > 1:
                text += " " + _("Used by {count} services: a change shows on all of them.").format(
                    count=len(others)
                )
            self.info_label.setText(text)
        self._loaded = edit
        self._loading = False

    def unload(self) -> None:
        """Nothing is being edited any more: there is nothing to save."""
        self._loaded = None
        self.is_new = False

    def set_code(self, code: str) -> None:
        self.code_edit.setText(code)

    # -- reading -------------------------------------------------------------------------------

    def edit(self, appointment_only: bool) -> ChannelEdit:
        return ChannelEdit(
            code=self.code_edit.text().strip(),
            kind=ChannelKind(self.kind_combo.current_code() or ChannelKind.LOCATION.value),
            organisation_code=self.organisation_combo.current_code() or "",
            texts=self.texts.texts(),
            street=self.street_edit.text(),
            postal_code=self.postal_code_edit.text(),
            post_office=self.post_office_edit.text(),
            room=self.room_edit.text(),
            phone=self.phone_edit.text(),
            email=self.email_edit.text(),
            url=self.url_edit.text(),
            appointment_only=appointment_only,
        )

    def is_dirty(self) -> bool:
        if self._loaded is None:
            return False
        if self.is_new:
            return True
        loaded = self._loaded
        edit = self.edit(loaded.appointment_only)
        plain = ("kind", "organisation_code", "street", "postal_code", "post_office", "room")
        plain += ("phone", "email", "url")
        return any(
            str(getattr(edit, name)).strip() != str(getattr(loaded, name)).strip() for name in plain
        ) or not texts_equal(edit.texts, loaded.texts)

    def field_widget(self, field: str | None) -> QWidget | None:
        if not field:
            return None
        if "." in field:
            name, lang = field.split(".", 1)
            return self.texts.cell(name, lang)
        widgets: dict[str, QWidget] = {
            "code": self.code_edit,
            "kind": self.kind_combo,
            "organisation": self.organisation_combo,
            "street": self.street_edit,
            "postal_code": self.postal_code_edit,
            "post_office": self.post_office_edit,
            "room": self.room_edit,
            "phone": self.phone_edit,
            "email": self.email_edit,
            "url": self.url_edit,
        }
        return widgets.get(field)

    def kind_label(self) -> str:
        return label(ChannelKind(self.kind_combo.current_code() or ChannelKind.LOCATION.value))

    @Slot()
    def _on_any_changed(self, *_args: object) -> None:
        if not self._loading:
            self.sig_changed.emit()

    @Slot(int)
    def _on_kind_combo_changed(self, _index: int) -> None:
        if not self._loading:
            self.sig_kind_changed.emit()
            self.sig_changed.emit()
