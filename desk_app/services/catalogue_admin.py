"""Staff keep the catalogue true: edit services, their channels and hours, with validation.

``CatalogueAdmin`` holds every use case of the service, channel and opening-hours editors, so a
role check has one place to go: ``_authorise``, called first by every use case, reads too (the
editors show drafts and provenance): it needs ``Permission.EDIT_CATALOGUE``, i.e. an admin.
Each write is one write unit of work: the form's values are validated against the rules
(``desk_app.domain.catalogue_rules``) and the stored codes first, and the first problem leaves as
``ValidationError(field=…)`` before anything is written, so the form can mark that field and keep
what the user typed. Field names are those of the form records in ``catalogue_forms``
(``"valid_to"``, ``"name.fi"``, ``"hours[1].closes"``, ``"exceptions[0].date_to"``).

Writes return a ``CatalogueChange`` saying whether anything changed and which services' cards,
finder rows and handouts may now read differently, so the main window can refresh just that.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping, Sequence
from typing import Protocol
from zoneinfo import ZoneInfo

from desk_app.domain.catalogue import (
    Channel,
    ExceptionalHours,
    Organisation,
    RegularHours,
    ServiceSummary,
)
from desk_app.domain.catalogue_document import (
    REQUIRED_SERVICE_TEXTS,
    SERVICE_TEXT_FIELDS,
    ServiceEntry,
)
from desk_app.domain.catalogue_rules import (
    check_channel_needs,
    check_code,
    check_date_range,
    check_email,
    check_exceptional_hours,
    check_length,
    check_phone,
    check_postal_code,
    check_texts,
    check_url,
    check_weekly_hours,
    normalise_code,
)
from desk_app.domain.codes import SERVICE_LANGUAGES, ChannelKind, ServiceStatus
from desk_app.domain.errors import NotFoundError, ValidationError
from desk_app.domain.staff import Permission
from desk_app.domain.texts import Texts
from desk_app.i18n import _
from desk_app.services import audit
from desk_app.services.access import Access
from desk_app.services.catalogue_forms import (
    CatalogueChange,
    ChannelEdit,
    EditChoices,
    HoursEdit,
    LoadedChannel,
    LoadedService,
    RawTexts,
    RowStamp,
    ServiceEdit,
    TextStamps,
    provenance,
)
from desk_app.services.unit_of_work import UnitOfWork, UnitOfWorkFactory

CHANNEL_TEXT_FIELDS = ("name", "description", "directions", "accessibility")
REQUIRED_CHANNEL_TEXTS = ("name",)


class CatalogueEditRepo(Protocol):
    """What these use cases need of the database (desk_app.db's implementation)."""

    def service_codes(self) -> set[str]: ...
    def channel_codes(self) -> set[str]: ...
    def organisations(self) -> list[Organisation]: ...
    def service_entry(self, code: str) -> ServiceEntry | None: ...
    def service_stamps(self, code: str) -> tuple[RowStamp, TextStamps] | None: ...
    def channel(self, code: str) -> Channel | None: ...
    def channel_stamps(self, code: str) -> tuple[RowStamp, TextStamps] | None: ...
    def channels(self) -> list[Channel]: ...
    def services_of_channel(self, code: str) -> list[str]: ...
    def add_service(self, entry: ServiceEntry, now: dt.datetime) -> None: ...
    def update_service(self, entry: ServiceEntry, now: dt.datetime) -> bool: ...
    def set_checked_on(self, code: str, day: dt.date, now: dt.datetime) -> bool: ...
    def set_service_channels(
        self, code: str, channel_codes: Sequence[str], now: dt.datetime
    ) -> bool: ...
    def add_channel(self, channel: Channel, now: dt.datetime) -> None: ...
    def update_channel(self, channel: Channel, now: dt.datetime) -> bool: ...
    def set_hours(
        self,
        code: str,
        hours: Sequence[RegularHours],
        exceptions: Sequence[ExceptionalHours],
        appointment_only: bool | None,
        now: dt.datetime,
    ) -> bool: ...


def _no_service(code: str) -> NotFoundError:
    return NotFoundError(_("No service with the code {code}.").format(code=code))


def _no_channel(code: str) -> NotFoundError:
    return NotFoundError(_("No channel with the code {code}.").format(code=code))


def _check_organisation(repo: CatalogueEditRepo, code: str) -> None:
    if code not in {o.code for o in repo.organisations()}:
        raise ValidationError(_("Choose the organisation."), field="organisation")


def _utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def _raw(texts: Mapping[str, Texts]) -> dict[str, dict[str, str]]:
    return {name: dict(values) for name, values in texts.items() if values}


def _in_order(languages: Sequence[str]) -> tuple[str, ...]:
    """Languages of service in the order of ``SERVICE_LANGUAGES``, once each."""
    return tuple(sorted(set(languages), key=SERVICE_LANGUAGES.index))


def _channel_edit(channel: Channel) -> ChannelEdit:
    return ChannelEdit(
        code=channel.code,
        kind=channel.kind,
        organisation_code=channel.organisation_code,
        texts=_raw({name: getattr(channel, name) for name in CHANNEL_TEXT_FIELDS}),
        street=channel.street or "",
        postal_code=channel.postal_code or "",
        post_office=channel.post_office or "",
        room=channel.room or "",
        phone=channel.phone or "",
        email=channel.email or "",
        url=channel.url or "",
        appointment_only=channel.appointment_only,
    )


def _known_texts(
    texts: RawTexts, fields: Sequence[str], required: Sequence[str]
) -> dict[str, Texts]:
    for name in texts:
        if name not in fields:
            raise ValidationError(_("Unknown text field: {name}").format(name=name), field=name)
    return {name: check_texts(texts.get(name, {}), name, name in required) for name in fields}


# -- the use cases -----------------------------------------------------------------------------


class CatalogueAdmin:
    """The catalogue editors' use cases over one database (built like ``DeskService``)."""

    def __init__(
        self,
        uow_factory: UnitOfWorkFactory,
        clock: Callable[[], dt.datetime] = _utcnow,
        tz: str | ZoneInfo = "Europe/Helsinki",
        *,
        access: Access | None = None,
    ) -> None:
        self._uow = uow_factory
        self._clock = clock
        self.tz = tz if isinstance(tz, ZoneInfo) else ZoneInfo(tz)
        self._access = access or Access.system()

    def _authorise(self, action: str) -> None:
        """Every use case asks here first: editing the catalogue is for admins."""
        self._access.require(Permission.EDIT_CATALOGUE)

    def _audit(self, uow: UnitOfWork, kind: str, code: str) -> None:
        """One audit row per saved change, in the change's own transaction; the record id
        names what changed ("service:JOB-01", "channel:…")."""
        record_id = f"{kind}:{code}"[:80]
        audit.record(uow, self._access.session, "catalogue.save", audit.CATALOGUE, record_id)

    def today(self) -> dt.date:
        return self._clock().astimezone(self.tz).date()

    # -- reads -------------------------------------------------------------------------------

    def services(self) -> list[ServiceSummary]:
        """Every service, drafts, retired and ended ones included, ordered by code."""
        self._authorise("services")
        with self._uow() as uow:
            return uow.catalogue.service_summaries()

    def choices(self) -> EditChoices:
        self._authorise("choices")
        with self._uow() as uow:
            return EditChoices(
                organisations=tuple(uow.catalogue_edit.organisations()),
                programmes=tuple(uow.catalogue.programmes()),
                topics=tuple(uow.catalogue.topics(include_retired=True)),
            )

    def service(self, code: str) -> LoadedService:
        """A service with every field in every language, for editing."""
        self._authorise("service")
        with self._uow() as uow:
            repo = uow.catalogue_edit
            entry = repo.service_entry(code)
            stamps = repo.service_stamps(code)
            if entry is None or stamps is None:
                raise _no_service(code)
            channels = tuple(c for c in map(repo.channel, entry.channel_codes) if c is not None)
        return LoadedService(
            edit=ServiceEdit(
                code=entry.code,
                organisation_code=entry.organisation_code,
                programme_code=entry.programme_code,
                status=entry.status,
                valid_from=entry.valid_from,
                valid_to=entry.valid_to,
                checked_on=entry.checked_on,
                topic_codes=entry.topic_codes,
                languages=_in_order(entry.languages),
                texts=_raw(entry.texts),
            ),
            channels=channels,
            **provenance(stamps),
        )

    def channel(self, code: str) -> LoadedChannel:
        """A channel with every field, text and its opening hours, for editing."""
        self._authorise("channel")
        with self._uow() as uow:
            repo = uow.catalogue_edit
            channel = repo.channel(code)
            stamps = repo.channel_stamps(code)
            if channel is None or stamps is None:
                raise _no_channel(code)
            users = tuple(repo.services_of_channel(code))
        return LoadedChannel(
            edit=_channel_edit(channel),
            hours=HoursEdit(channel.hours, channel.exceptions, channel.appointment_only),
            service_codes=users,
            **provenance(stamps),
        )

    def channels(self) -> list[Channel]:
        """Every channel (without hours), to link an existing one to a service."""
        self._authorise("channels")
        with self._uow() as uow:
            return uow.catalogue_edit.channels()

    def suggest_channel_code(self, service_code: str, kind: ChannelKind) -> str:
        """A free code for a new channel of a service: "KELA-PHONE", then "KELA-PHONE-2" …"""
        self._authorise("suggest_channel_code")
        base = normalise_code(f"{service_code}-{kind.value}".replace("_", "-"))[:36]
        with self._uow() as uow:
            taken = uow.catalogue_edit.channel_codes()
        candidate, number = base, 1
        while candidate in taken:
            number += 1
            candidate = f"{base}-{number}"
        return candidate

    # -- services ----------------------------------------------------------------------------

    def save_service(self, edit: ServiceEdit, *, new: bool) -> CatalogueChange:
        """Create (``new``) or update a service: every field but its channels. The code is
        unique and cannot change once created."""
        self._authorise("save_service")
        with self._uow(write=True) as uow:
            entry = self._validated_service(uow, edit, new)
            now = self._clock()
            if new:
                uow.catalogue_edit.add_service(entry, now)
                changed = True
            else:
                changed = uow.catalogue_edit.update_service(entry, now)
            self._audit(uow, "service", entry.code)
            uow.commit()
        return CatalogueChange(changed, (entry.code,))

    def _validated_service(self, uow: UnitOfWork, edit: ServiceEdit, new: bool) -> ServiceEntry:
        repo = uow.catalogue_edit
        stored_checked_on = None
        if new:
            code = check_code(edit.code, repo.service_codes(), field="code")
        else:
            code = normalise_code(edit.code)
            stored = repo.service_entry(code)
            if stored is None:
                raise _no_service(code)
            stored_checked_on = stored.checked_on
        _check_organisation(repo, edit.organisation_code)
        programmes = {p.code for p in uow.catalogue.programmes()}
        if edit.programme_code is not None and edit.programme_code not in programmes:
            raise ValidationError(_("Choose a programme from the list."), field="programme")
        try:
            status = ServiceStatus(edit.status)
        except ValueError:
            raise ValidationError(_("Choose the status."), field="status") from None
        check_date_range(edit.valid_from, edit.valid_to, field="valid_to")
        # A stored date is kept as it is (a desk whose clock is behind can still save).
        checked_on = edit.checked_on
        if checked_on is not None and checked_on != stored_checked_on and checked_on > self.today():
            raise ValidationError(_("The date checked is in the future."), field="checked_on")
        topics = {t.code for t in uow.catalogue.topics(include_retired=True)}
        if not edit.topic_codes:
            raise ValidationError(_("Choose at least one topic."), field="topics")
        unknown = [c for c in edit.topic_codes if c not in topics]
        if unknown:
            raise ValidationError(
                _("Unknown topic: {code}").format(code=unknown[0]), field="topics"
            )
        for lang in edit.languages:
            if lang not in SERVICE_LANGUAGES:
                raise ValidationError(
                    _("Unknown language of service: {code}").format(code=lang), field="languages"
                )
        texts = _known_texts(edit.texts, SERVICE_TEXT_FIELDS, REQUIRED_SERVICE_TEXTS)
        return ServiceEntry(
            code=code,
            organisation_code=edit.organisation_code,
            programme_code=edit.programme_code,
            status=status,
            valid_from=edit.valid_from,
            valid_to=edit.valid_to,
            checked_on=edit.checked_on,
            topic_codes=tuple(dict.fromkeys(edit.topic_codes)),
            languages=_in_order(edit.languages),
            channel_codes=(),
            texts={name: values for name, values in texts.items() if values},
        )

    def mark_checked_today(self, code: str) -> dt.date:
        """Record that staff checked the service's information today; returns the date."""
        self._authorise("mark_checked_today")
        today = self.today()
        with self._uow(write=True) as uow:
            try:
                uow.catalogue_edit.set_checked_on(code, today, self._clock())
            except LookupError:
                raise _no_service(code) from None
            self._audit(uow, "service", code)
            uow.commit()
        return today

    # -- the channels of a service -----------------------------------------------------------

    def set_service_channels(
        self, service_code: str, channel_codes: Sequence[str]
    ) -> CatalogueChange:
        """Link exactly these channels to the service, in this order (link, unlink, reorder).
        An unlinked channel stays in the catalogue."""
        self._authorise("set_service_channels")
        with self._uow(write=True) as uow:
            changed = self._set_channels(uow, service_code, channel_codes)
            self._audit(uow, "service", service_code)
            uow.commit()
        return CatalogueChange(changed, (service_code,))

    def _set_channels(self, uow: UnitOfWork, service_code: str, codes: Sequence[str]) -> bool:
        repo = uow.catalogue_edit
        known = repo.channel_codes()
        for code in codes:
            if code not in known:
                raise ValidationError(
                    _("No channel with the code {code}.").format(code=code), field="channels"
                )
        if len(set(codes)) != len(codes):
            raise ValidationError(_("A channel is listed twice."), field="channels")
        try:
            return repo.set_service_channels(service_code, codes, self._clock())
        except LookupError:
            raise _no_service(service_code) from None

    def _linked(self, service_code: str) -> list[str]:
        with self._uow() as uow:
            entry = uow.catalogue_edit.service_entry(service_code)
        if entry is None:
            raise _no_service(service_code)
        return list(entry.channel_codes)

    def link_channel(self, service_code: str, channel_code: str) -> CatalogueChange:
        """Add an existing channel to the end of the service's channels."""
        self._authorise("link_channel")
        codes = self._linked(service_code)
        if channel_code in codes:
            return CatalogueChange(False, (service_code,))
        return self.set_service_channels(service_code, [*codes, channel_code])

    def unlink_channel(self, service_code: str, channel_code: str) -> CatalogueChange:
        self._authorise("unlink_channel")
        codes = self._linked(service_code)
        return self.set_service_channels(service_code, [c for c in codes if c != channel_code])

    def move_channel(self, service_code: str, channel_code: str, offset: int) -> CatalogueChange:
        """Move a channel up (``offset`` < 0) or down the service's list."""
        self._authorise("move_channel")
        codes = self._linked(service_code)
        if channel_code not in codes:
            return CatalogueChange(False, (service_code,))
        index = codes.index(channel_code)
        target = max(0, min(len(codes) - 1, index + offset))
        codes.insert(target, codes.pop(index))
        return self.set_service_channels(service_code, codes)

    # -- channels and hours ------------------------------------------------------------------

    def save_channel(
        self,
        edit: ChannelEdit,
        *,
        new: bool,
        hours: HoursEdit | None = None,
        link_to: str | None = None,
    ) -> CatalogueChange:
        """Create (``new``) or update a channel, with its opening hours when given, and link a
        new channel to the service ``link_to``, all in one unit of work."""
        self._authorise("save_channel")
        with self._uow(write=True) as uow:
            repo = uow.catalogue_edit
            channel = self._validated_channel(uow, edit, new)
            checked = None if hours is None else self._validated_hours(hours)
            now = self._clock()
            if new:
                repo.add_channel(channel, now)
                changed = True
            else:
                changed = repo.update_channel(channel, now)
            if checked is not None:
                changed |= repo.set_hours(
                    channel.code, checked.weekly, checked.exceptions, None, now
                )
            if link_to is not None:
                linked = repo.service_entry(link_to)
                if linked is None:
                    raise _no_service(link_to)
                if channel.code not in linked.channel_codes:
                    codes = [*linked.channel_codes, channel.code]
                    changed |= self._set_channels(uow, link_to, codes)
            users = tuple(repo.services_of_channel(channel.code))
            self._audit(uow, "channel", channel.code)
            uow.commit()
        return CatalogueChange(changed, users)

    def _validated_channel(self, uow: UnitOfWork, edit: ChannelEdit, new: bool) -> Channel:
        repo = uow.catalogue_edit
        if new:
            code = check_code(edit.code, repo.channel_codes(), field="code")
        else:
            code = normalise_code(edit.code)
            if code not in repo.channel_codes():
                raise _no_channel(code)
        try:
            kind = ChannelKind(edit.kind)
        except ValueError:
            raise ValidationError(_("Choose the kind of channel."), field="kind") from None
        _check_organisation(repo, edit.organisation_code)
        texts = _known_texts(edit.texts, CHANNEL_TEXT_FIELDS, REQUIRED_CHANNEL_TEXTS)
        street = check_length(edit.street, 200, "street")
        postal_code = check_postal_code(edit.postal_code)
        post_office = check_length(edit.post_office, 100, "post_office")
        room = check_length(edit.room, 200, "room")
        phone = check_phone(edit.phone)
        email = check_email(edit.email)
        url = check_url(edit.url)
        check_channel_needs(kind, street=street, phone=phone, url=url)
        return Channel(
            code=code,
            kind=kind,
            name=texts["name"],
            description=texts["description"],
            organisation_code=edit.organisation_code,
            street=street,
            postal_code=postal_code if street else None,
            post_office=post_office if street else None,
            room=room,
            directions=texts["directions"],
            accessibility=texts["accessibility"],
            phone=phone,
            email=email,
            url=url,
            appointment_only=edit.appointment_only,
        )

    @staticmethod
    def _validated_hours(hours: HoursEdit) -> HoursEdit:
        weekly = check_weekly_hours(hours.weekly, field="hours")
        exceptions = check_exceptional_hours(hours.exceptions, field="exceptions")
        return HoursEdit(weekly, exceptions, hours.appointment_only)

    def save_hours(self, channel_code: str, hours: HoursEdit) -> CatalogueChange:
        """Replace a channel's weekly periods and exceptional days (and its appointment flag,
        unless None) in one unit of work."""
        self._authorise("save_hours")
        checked = self._validated_hours(hours)
        with self._uow(write=True) as uow:
            repo = uow.catalogue_edit
            try:
                changed = repo.set_hours(
                    channel_code,
                    checked.weekly,
                    checked.exceptions,
                    checked.appointment_only,
                    self._clock(),
                )
            except LookupError:
                raise _no_channel(channel_code) from None
            users = tuple(repo.services_of_channel(channel_code))
            self._audit(uow, "channel", channel_code)
            uow.commit()
        return CatalogueChange(changed, users)
