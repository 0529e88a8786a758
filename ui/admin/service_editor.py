"""The editor of one service: its stable code, who provides it, status and dates, topics and
languages, and every text in every language side by side.

The editor holds a form, never the database: ``load`` shows a ``LoadedService`` (or a blank new
one), ``edit`` gives back the ``ServiceEdit`` to save (refusing dates it cannot read with a
``ValidationError`` naming the field, like the service layer does), and ``field_widget`` finds the
control of a refused field so the page can show the message there. The code can be typed only
while the service is new: codes are stable, since visits and printed handouts refer to them.
What it shares with the channel editor (loading, the dirty check, refused fields) is
``DetailsEditor``'s.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QPushButton, QVBoxLayout, QWidget

from desk_app.domain.codes import ServiceStatus
from desk_app.domain.errors import ValidationError
from desk_app.domain.texts import Texts
from desk_app.i18n import N_, _, ui_language
from desk_app.labels import format_date, language_name
from desk_app.services.catalogue_forms import EditChoices, LoadedService, ServiceEdit
from ui.admin.details_editor import DetailsEditor, field_grid, source_text
from ui.admin.service_form_helpers import CheckList, DateEdit, describe, field_box
from ui.admin.service_texts_grid import TextsGrid, service_fields, texts_equal
from ui.widgets.code_combo import CodeComboBox

STATUS_LABELS = {
    ServiceStatus.DRAFT: N_("Draft"),
    ServiceStatus.ACTIVE: N_("Active"),
    ServiceStatus.RETIRED: N_("Retired"),
}
NO_PROGRAMME = ""


def _name(texts: Texts) -> str:
    return texts.text(ui_language())


class ServiceEditor(DetailsEditor):
    sig_mark_checked_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._today = dt.date.today()
        self.code_edit = QLineEdit()
        describe(
            self.code_edit,
            _("Code"),
            _("A stable code of capital letters, digits and hyphens; it cannot change later"),
        )
        self.organisation_combo = CodeComboBox(_("Organisation"), _("Who provides the service"))
        self.programme_combo = CodeComboBox(
            _("Programme"), _("The project or programme the service belongs to, if any")
        )
        self.status_combo = CodeComboBox(
            _("Status"),
            _("Drafts are not shown to the desk; retired services are kept for history"),
        )
        for status, text in STATUS_LABELS.items():
            self.status_combo.add_code(_(text), status.value)
        self.valid_from = DateEdit(
            _("Valid from"), _("First day the service is offered (optional)")
        )
        self.valid_to = DateEdit(_("Valid to"), _("Last day the service is offered (optional)"))
        self.checked_on = DateEdit(
            _("Checked on"), _("When staff last checked that this information is right")
        )
        self.mark_checked_button = QPushButton(_("&Mark checked today"))
        self.mark_checked_button.setToolTip(_("Set the date checked to today and save the service"))
        self.topics = CheckList(_("Topics"), _("Space ticks a topic; a service needs one"))
        self.languages = CheckList(
            _("Languages"), _("The languages the service is given in (Space ticks)")
        )
        self.texts = TextsGrid(service_fields(), _("T&exts"), _("Fourth lan&guage:"))
        self._fields = {
            "code": self.code_edit,
            "organisation": self.organisation_combo,
            "programme": self.programme_combo,
            "status": self.status_combo,
            "valid_from": self.valid_from,
            "valid_to": self.valid_to,
            "checked_on": self.checked_on,
            "topics": self.topics,
            "languages": self.languages,
        }
        self._build_layout()
        self._connect_signals()

    def _build_layout(self) -> None:
        top = field_grid()
        # Wide enough for a typical code ("BUSINESS-DEVELOPMENT-GRANT", 26 letters) in full.
        letters = self.code_edit.fontMetrics().horizontalAdvance("N" * 26)
        self.code_edit.setMinimumWidth(letters + 12)
        top.addLayout(field_box(_("Code"), self.code_edit), 0, 0)
        top.addLayout(field_box(_("&Organisation"), self.organisation_combo), 0, 1, 1, 2)
        top.addLayout(field_box(_("&Programme"), self.programme_combo), 0, 3, 1, 2)
        top.addLayout(field_box(_("St&atus"), self.status_combo), 0, 5)
        top.addLayout(field_box(_("&Valid from"), self.valid_from), 1, 0)
        top.addLayout(field_box(_("Valid &to"), self.valid_to), 1, 1)
        checked = QHBoxLayout()
        checked.addWidget(self.checked_on)
        checked.addWidget(self.mark_checked_button)
        checked.addStretch(1)
        checked_label = QLabel(_("Chec&ked on"))
        checked_label.setBuddy(self.checked_on)
        checked_box = QVBoxLayout()
        checked_box.setSpacing(2)
        checked_box.addWidget(checked_label)
        checked_box.addLayout(checked)
        top.addLayout(checked_box, 1, 2, 1, 2)
        top.addWidget(self.info_label, 1, 4, 1, 2)
        for column, stretch in enumerate((1, 1, 1, 1, 1, 1)):
            top.setColumnStretch(column, stretch)
        self._lay_out(
            top,
            field_box(_("Top&ics"), self.topics),
            field_box(_("&Languages"), self.languages),
        )

    def _connect_signals(self) -> None:
        for edit in (self.code_edit, self.valid_from, self.valid_to, self.checked_on):
            edit.textEdited.connect(self._on_any_changed)
        for combo in (self.organisation_combo, self.programme_combo, self.status_combo):
            combo.currentIndexChanged.connect(self._on_any_changed)
        self.topics.sig_changed.connect(self._on_any_changed)
        self.languages.sig_changed.connect(self._on_any_changed)
        self.texts.sig_changed.connect(self._on_any_changed)
        self.mark_checked_button.clicked.connect(self.sig_mark_checked_requested)

    def focus_order(self) -> list[QWidget]:
        return [
            self.code_edit,
            self.organisation_combo,
            self.programme_combo,
            self.status_combo,
            self.valid_from,
            self.valid_to,
            self.checked_on,
            self.mark_checked_button,
            self.topics,
            self.languages,
            *self.texts.focus_order(),
        ]

    # -- filling -------------------------------------------------------------------------------

    def set_choices(self, choices: EditChoices, today: dt.date) -> None:
        """The organisations, programmes, topics and languages to choose from."""
        self._today = today
        self._loading = True
        self.organisation_combo.clear()
        for organisation in choices.organisations:
            self.organisation_combo.add_code(_name(organisation.name), organisation.code)
        self.programme_combo.clear()
        self.programme_combo.add_code(_("(none)"), NO_PROGRAMME)
        for programme in choices.programmes:
            text = _name(programme.name)
            if programme.valid_to is not None and programme.valid_to < today:
                text = _("{name} (ended {date})").format(
                    name=text, date=format_date(programme.valid_to)
                )
            self.programme_combo.add_code(text, programme.code)
        self.topics.set_items(
            [
                (
                    t.code,
                    _("{name} (retired)").format(name=_name(t.label))
                    if t.retired
                    else _name(t.label),
                )
                for t in choices.topics
            ]
        )
        self.languages.set_items(
            [(code, language_name(code)) for code in choices.service_languages]
        )
        self._loading = False

    def _show(self, edit: ServiceEdit) -> None:
        self.organisation_combo.set_current_code(edit.organisation_code)
        self.programme_combo.set_current_code(edit.programme_code or NO_PROGRAMME)
        self.status_combo.set_current_code(edit.status.value)
        self.valid_from.set_value(edit.valid_from)
        self.valid_to.set_value(edit.valid_to)
        self.checked_on.set_value(edit.checked_on)
        self.mark_checked_button.setEnabled(not self.is_new)
        self.topics.set_checked(edit.topic_codes)
        self.languages.set_checked(edit.languages)

    def _info(self, loaded: LoadedService | None) -> str:
        if loaded is None:
            return _("New service: give it a code, then save.")
        return source_text(loaded)

    def set_checked_on(self, day: dt.date) -> None:
        self.checked_on.set_value(day)
        self._on_any_changed()

    # -- reading -------------------------------------------------------------------------------

    def edit(self) -> ServiceEdit:
        """The form as a ``ServiceEdit``; ``ValidationError`` for a date it cannot read."""
        status = self.status_combo.current_code() or ServiceStatus.DRAFT.value
        return ServiceEdit(
            code=self.code_edit.text().strip(),
            organisation_code=self.organisation_combo.current_code() or "",
            programme_code=self.programme_combo.current_code() or None,
            status=ServiceStatus(status),
            valid_from=self.valid_from.value("valid_from"),
            valid_to=self.valid_to.value("valid_to"),
            checked_on=self.checked_on.value("checked_on"),
            topic_codes=self.topics.checked(),
            languages=self.languages.checked(),
            texts=self.texts.texts(),
        )

    def _differs(self, loaded: ServiceEdit) -> bool:
        try:
            edit = self.edit()
        except ValidationError:
            return True  # an unreadable date was typed
        return (
            edit.organisation_code != loaded.organisation_code
            or (edit.programme_code or None) != (loaded.programme_code or None)
            or edit.status != loaded.status
            or (edit.valid_from, edit.valid_to, edit.checked_on)
            != (loaded.valid_from, loaded.valid_to, loaded.checked_on)
            or set(edit.topic_codes) != set(loaded.topic_codes)
            or set(edit.languages) != set(loaded.languages)
            or not texts_equal(edit.texts, loaded.texts)
        )
