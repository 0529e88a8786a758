"""The editor of one channel's details: kind, provider, address and room, phone, email, web
address, and its texts (name, description, how to find it, accessibility) side by side.

Which details a channel needs depends on its kind (a visiting place an address, a phone service a
number, web pages and forms an address on the web); the service layer says so with a message on
the field. The code is typed only for a new channel (the page suggests one from the service's code
and the kind). Opening hours are the ``HoursEditor``'s, on the next tab. Loading, the dirty check
and finding a refused field are ``DetailsEditor``'s.
"""

from __future__ import annotations

from PySide6.QtCore import Signal, Slot
from PySide6.QtWidgets import QLineEdit, QWidget

from desk_app.domain.codes import ChannelKind
from desk_app.i18n import _, ui_language
from desk_app.labels import label
from desk_app.services.catalogue_forms import ChannelEdit, EditChoices, LoadedChannel
from ui.admin.details_editor import DetailsEditor, field_grid, source_text
from ui.admin.service_form_helpers import describe, field_box
from ui.admin.service_texts_grid import TextsGrid, channel_fields, texts_equal
from ui.widgets.code_combo import CodeComboBox

PLAIN_FIELDS = (
    "kind",
    "organisation_code",
    "street",
    "postal_code",
    "post_office",
    "room",
    "phone",
    "email",
    "url",
)
"""The fields of a ``ChannelEdit`` compared as text by the dirty check (texts compared apart)."""


def _line(name: str, tooltip: str) -> QLineEdit:
    edit = QLineEdit()
    describe(edit, name, tooltip)
    return edit


class ChannelEditor(DetailsEditor):
    sig_kind_changed = Signal()  # while new: the page suggests a code for the kind

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
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
        # In the order Tab visits them.
        self._fields = {
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
        self._build_layout()
        self._connect_signals()

    def _build_layout(self) -> None:
        grid = field_grid()
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
        self._lay_out(grid)

    def _connect_signals(self) -> None:
        for edit in self.line_edits():
            edit.textEdited.connect(self._on_any_changed)
        self.organisation_combo.currentIndexChanged.connect(self._on_any_changed)
        self.kind_combo.currentIndexChanged.connect(self._on_kind_combo_changed)
        self.texts.sig_changed.connect(self._on_any_changed)

    def line_edits(self) -> list[QLineEdit]:
        return [w for w in self._fields.values() if isinstance(w, QLineEdit)]

    def focus_order(self) -> list[QWidget]:
        return [*self._fields.values(), *self.texts.focus_order()]

    # -- filling -------------------------------------------------------------------------------

    def set_choices(self, choices: EditChoices) -> None:
        self._loading = True
        self.organisation_combo.clear()
        for organisation in choices.organisations:
            self.organisation_combo.add_code(
                organisation.name.text(ui_language()), organisation.code
            )
        self._loading = False

    def _show(self, edit: ChannelEdit) -> None:
        self.kind_combo.set_current_code(edit.kind.value)
        self.organisation_combo.set_current_code(edit.organisation_code)
        self.street_edit.setText(edit.street)
        self.postal_code_edit.setText(edit.postal_code)
        self.post_office_edit.setText(edit.post_office)
        self.room_edit.setText(edit.room)
        self.phone_edit.setText(edit.phone)
        self.email_edit.setText(edit.email)
        self.url_edit.setText(edit.url)

    def _info(self, loaded: LoadedChannel | None) -> str:
        if loaded is None:
            return _("New channel: Ctrl+S saves it and adds it to this service.")
        text = source_text(loaded)
        if len(loaded.service_codes) > 1:
            text += " " + _("Used by {count} services: a change shows on all of them.").format(
                count=len(loaded.service_codes)
            )
        return text

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

    def _differs(self, loaded: ChannelEdit) -> bool:
        edit = self.edit(loaded.appointment_only)
        return any(
            str(getattr(edit, name)).strip() != str(getattr(loaded, name)).strip()
            for name in PLAIN_FIELDS
        ) or not texts_equal(edit.texts, loaded.texts)

    def kind_label(self) -> str:
        return label(ChannelKind(self.kind_combo.current_code() or ChannelKind.LOCATION.value))

    @Slot(int)
    def _on_kind_combo_changed(self, _index: int) -> None:
        if not self._loading:
            self.sig_kind_changed.emit()
            self.sig_changed.emit()
