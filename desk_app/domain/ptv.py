"""Suomi.fi PTV (Palvelutietovaranto) open API v11 JSON, mapped to the desk's catalogue values.

The desk never calls the PTV API: an admin saves a response (``/api/v11/Service/list/organization``,
``/api/v11/ServiceChannel/list/organization``, a ``/list?guids=`` array or a single item) and
imports the file. ``parse_ptv`` reads such decoded JSON into frozen values, keeping PTV's ids and
``modified`` times, and raises ``PtvFormatError`` naming the first problem with its JSON path
(``itemList[3].serviceNames[0].value``) so a malformed file never half-loads. Fields we do not use
are ignored, so a response with more (or newer) fields still imports.

``ptv_reader`` checks each value as it is read; ``ptv_fields`` holds what a re-import compares.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from desk_app.domain import ptv_reader as r
from desk_app.domain.catalogue import ExceptionalHours, RegularHours
from desk_app.domain.codes import SERVICE_LANGUAGES, ChannelKind, OrganisationKind, ServiceStatus
from desk_app.domain.ptv_reader import MIDNIGHT, PtvFormatError
from desk_app.domain.texts import REQUIRED_LANGUAGE, Texts
from desk_app.i18n import _

__all__ = ["PtvFormatError", "parse_ptv", "ptv_code"]

CHANNEL_TYPES = {
    "ServiceLocation": ChannelKind.LOCATION,
    "Phone": ChannelKind.PHONE,
    "EChannel": ChannelKind.ESERVICE,
    "WebPage": ChannelKind.WEBPAGE,
    "PrintableForm": ChannelKind.PRINTABLE_FORM,
}
# The swagger's V11VmOpenApiServiceChannels wraps one channel in a key per type; the API itself
# returns the channel bare, but a file saved through a generated client may keep the wrapper.
_CHANNEL_WRAPPERS = (
    "locationChannel",
    "phoneChannel",
    "electronicChannel",
    "webPageChannel",
    "printableFormChannel",
)
ORGANISATION_TYPES = {
    "Municipality": OrganisationKind.MUNICIPALITY,
    "State": OrganisationKind.STATE,
    "Region": OrganisationKind.WELLBEING_COUNTY,
    "SotePublic": OrganisationKind.WELLBEING_COUNTY,
    "Company": OrganisationKind.COMPANY,
    "SotePrivate": OrganisationKind.COMPANY,
    "Organization": OrganisationKind.ASSOCIATION,
}
_STATUS = {
    "Published": ServiceStatus.ACTIVE,
    "Draft": ServiceStatus.DRAFT,
    "Modified": ServiceStatus.DRAFT,
    "Deleted": ServiceStatus.RETIRED,
    "Archived": ServiceStatus.RETIRED,
    "Withdrawn": ServiceStatus.RETIRED,
}
# v11 names first, then the names versions 7 and older used for the same things.
_WEEKLY, _EXCEPTIONAL, _OVER_MIDNIGHT = (
    {"DaysOfTheWeek", "Standard"},
    {"Exceptional", "Exception"},
    {"OverMidnight", "Special"},
)


@dataclass(frozen=True)
class PtvOrganisation:
    ptv_id: str
    name: Texts
    kind: OrganisationKind = OrganisationKind.OTHER
    description: Texts = field(default_factory=Texts)
    business_id: str | None = None
    url: str | None = None
    modified: dt.datetime | None = None
    full: bool = False
    """True when read from an organisation item; False when only named by a reference."""
    named: bool = False
    """For a reference: whether it gave a name (else the name is our code, a placeholder)."""


@dataclass(frozen=True)
class PtvChannel:
    ptv_id: str
    kind: ChannelKind
    organisation_id: str
    name: Texts
    description: Texts
    directions: Texts
    street: str | None
    postal_code: str | None
    post_office: str | None
    coord_north: float | None
    coord_east: float | None
    phone: str | None
    email: str | None
    url: str | None
    appointment_only: bool
    hours: tuple[RegularHours, ...]
    exceptions: tuple[ExceptionalHours, ...]
    modified: dt.datetime | None
    service_ids: tuple[str, ...]
    path: str


@dataclass(frozen=True)
class PtvService:
    ptv_id: str
    organisation_id: str
    texts: Mapping[str, Texts]
    service_classes: tuple[str, ...]
    languages: tuple[str, ...]
    channel_ids: tuple[str, ...]
    status: ServiceStatus
    modified: dt.datetime | None
    path: str

    @property
    def name(self) -> Texts:
        return self.texts["name"]


@dataclass(frozen=True)
class PtvNote:
    """Something about one item the admin should know (not an error in the file)."""

    path: str
    ptv_id: str
    reason: str


@dataclass(frozen=True)
class PtvBatch:
    organisations: tuple[PtvOrganisation, ...]
    services: tuple[PtvService, ...]
    channels: tuple[PtvChannel, ...]
    skipped: tuple[PtvNote, ...] = ()
    """Items left out: they have no name in any of our languages."""
    notes: tuple[PtvNote, ...] = ()
    """Items imported with a remark (no Finnish text: another language stands in)."""


# -- organisations, services, channels ------------------------------------------------------


def _organisation(item: dict[str, Any], path: str) -> PtvOrganisation:
    kind = r.text(item, "organizationType", path, max_len=40)
    business_id = r.text(item, "businessCode", path, max_len=40)
    return PtvOrganisation(
        ptv_id=r.required_guid(item, "id", path),
        name=r.localized(item, "organizationNames", path, ("Name",)),
        kind=ORGANISATION_TYPES.get(kind or "", OrganisationKind.OTHER),
        description=r.localized(item, "organizationDescriptions", path, ("Description",)),
        business_id=business_id if business_id and len(business_id) <= 12 else None,
        url=r.url(item, path),
        modified=r.modified(item, path),
        full=True,
    )


def _reference(item: Any, path: str) -> tuple[str, str | None] | None:
    """A ``VmOpenApiItem`` reference ``{id, name}``; None when it has no id."""
    if item is None:
        return None
    ref = r.obj(item, path)
    ptv_id = r.guid(ref, "id", path)
    return None if ptv_id is None else (ptv_id, r.text(ref, "name", path, max_len=500))


def _linked(link: dict[str, Any], key: str, path: str) -> str | None:
    """The id a connection points to: ``{key: {id, name}}``, or ``{key}Id`` as in requests."""
    ref = _reference(link.get(key), f"{path}.{key}")
    return ref[0] if ref is not None else r.guid(link, f"{key}Id", path)


_SERVICE_TEXTS = {
    # our field: the PTV description types that fill it (v11 name first, then version 7's)
    "summary": ("Summary", "ShortDescription"),
    "description": ("Description",),
    "how_to_apply": ("UserInstruction", "ServiceUserInstruction"),
}


def _service(item: dict[str, Any], path: str, org_names: dict[str, str]) -> PtvService:
    ptv_id = r.required_guid(item, "id", path)
    texts = {"name": r.localized(item, "serviceNames", path, ("Name",))}
    for ours, types in _SERVICE_TEXTS.items():
        own = r.localized(item, "serviceDescriptions", path, types)
        # With serviceWithGD the general description's texts come as GD_<type>: a fallback.
        texts[ours] = own or r.localized(
            item, "serviceDescriptions", path, tuple(f"GD_{t}" for t in types)
        )
    texts["audience"] = r.localized(item, "requirements", path)
    keywords = r.localized(item, "keywords", path, join=", ")
    alternative = r.localized(item, "serviceNames", path, ("AlternativeName", "AlternateName"))
    texts["keywords"] = Texts(
        {
            lang: ", ".join(t for t in (alternative.get(lang), keywords.get(lang)) if t)
            for lang in {*keywords, *alternative}
        }
    )
    classes: list[str] = []
    for entry, entry_path in r.items(item, "serviceClasses", path):
        code = r.text(r.obj(entry, entry_path), "code", entry_path, max_len=40)
        if code and code not in classes:
            classes.append(code)
    languages: list[str] = []
    for lang, lang_path in r.items(item, "languages", path):
        if not isinstance(lang, str):
            raise r.fail(lang_path, _("expected text"))
        ours = lang if lang in SERVICE_LANGUAGES else "other"
        if ours not in languages:
            languages.append(ours)
    channel_ids: list[str] = []
    for link, link_path in r.items(item, "serviceChannels", path):
        linked = _linked(r.obj(link, link_path), "serviceChannel", link_path)
        if linked is not None and linked not in channel_ids:
            channel_ids.append(linked)
    status = r.text(item, "publishingStatus", path, max_len=40)
    return PtvService(
        ptv_id=ptv_id,
        organisation_id=_service_organisation(item, path, org_names),
        texts=texts,
        service_classes=tuple(classes),
        languages=tuple(languages),
        channel_ids=tuple(channel_ids),
        status=_STATUS.get(status or "Published", ServiceStatus.ACTIVE),
        modified=r.modified(item, path),
        path=path,
    )


def _service_organisation(item: dict[str, Any], path: str, org_names: dict[str, str]) -> str:
    """The responsible organisation (``mainOrganization``, else the ``Responsible`` role, else
    the first listed); every name seen is kept in ``org_names`` for organisations we create."""
    chosen: str | None = None
    main = _reference(item.get("mainOrganization"), f"{path}.mainOrganization")
    if main is not None:
        chosen = main[0]
        if main[1]:
            org_names.setdefault(main[0], main[1])
    roles: list[tuple[str | None, str]] = []
    for entry, entry_path in r.items(item, "organizations", path):
        role = r.obj(entry, entry_path)
        ref = _reference(role.get("organization"), f"{entry_path}.organization")
        ptv_id = ref[0] if ref else r.guid(role, "organizationId", entry_path)
        if ptv_id is None:
            continue
        if ref and ref[1]:
            org_names.setdefault(ptv_id, ref[1])
        roles.append((r.text(role, "roleType", entry_path, max_len=40), ptv_id))
    if chosen is None:
        responsible = [ptv_id for role, ptv_id in roles if role == "Responsible"]
        chosen = next(iter(responsible + [ptv_id for _role, ptv_id in roles]), None)
    if chosen is None:
        raise r.fail(f"{path}.organizations", _("no responsible organisation"))
    return chosen


def _channel(
    item: dict[str, Any], path: str, kind: ChannelKind, today: dt.date | None
) -> PtvChannel:
    ptv_id = r.required_guid(item, "id", path)
    description = r.localized(item, "serviceChannelDescriptions", path, ("Description",))
    summary = r.localized(item, "serviceChannelDescriptions", path, ("Summary", "ShortDescription"))
    street = postal_code = post_office = None
    north = east = None
    directions = Texts()
    for entry, entry_path in r.items(item, "addresses", path):
        address = r.obj(entry, entry_path)
        if r.text(address, "type", entry_path, max_len=40) not in (None, "Location", "Visiting"):
            continue
        raw_street = address.get("streetAddress")
        if raw_street is None:
            continue
        street_path = f"{entry_path}.streetAddress"
        parts = r.obj(raw_street, street_path)
        name = r.localized(parts, "street", street_path).text(REQUIRED_LANGUAGE) or None
        number = r.text(parts, "streetNumber", street_path, max_len=30)
        street = " ".join(p for p in (name, number) if p) or None
        if street and len(street) > 200:
            raise r.fail(street_path, _("longer than {n} characters").format(n=200))
        postal_code = r.text(parts, "postalCode", street_path, max_len=10)
        office = r.localized(parts, "postOffice", street_path).text(REQUIRED_LANGUAGE)
        # PTV gives post offices in capitals ("KEMI"); a handout reads better with "Kemi".
        post_office = (office.title() if office.isupper() else office)[:100] or None
        north = r.coordinate(parts, "latitude", street_path)
        east = r.coordinate(parts, "longitude", street_path)
        directions = r.localized(parts, "additionalInformation", street_path)
        break
    hours, exceptions, reservation = _service_hours(item, path, today)
    service_ids: list[str] = []
    for link, link_path in r.items(item, "services", path):
        linked = _linked(r.obj(link, link_path), "service", link_path)
        if linked is not None and linked not in service_ids:
            service_ids.append(linked)
    return PtvChannel(
        ptv_id=ptv_id,
        kind=kind,
        organisation_id=r.required_guid(item, "organizationId", path),
        name=r.localized(item, "serviceChannelNames", path, ("Name",)),
        description=description or summary,
        directions=directions,
        street=street,
        postal_code=postal_code,
        post_office=post_office,
        coord_north=north,
        coord_east=east,
        phone=r.phone(item, path),
        email=r.email(item, path),
        url=r.url(item, path),
        appointment_only=reservation,
        hours=hours,
        exceptions=exceptions,
        modified=r.modified(item, path),
        service_ids=tuple(service_ids),
        path=path,
    )


def _service_hours(
    item: dict[str, Any], path: str, today: dt.date | None
) -> tuple[tuple[RegularHours, ...], tuple[ExceptionalHours, ...], bool]:
    """Weekly hours, exceptional days and whether the place is open by reservation only.

    The desk keeps one weekly pattern, PTV several: standing blocks (no end date) and
    time-limited ones (a summer season) that replace them for their dates. The time-limited
    blocks in force on ``today`` win; otherwise the standing ones are used.
    """
    standing: list[RegularHours] = []
    seasonal: list[RegularHours] = []
    exceptions: list[ExceptionalHours] = []
    reservation = False
    for entry, entry_path in r.items(item, "serviceHours", path):
        block = r.obj(entry, entry_path)
        kind = r.text(block, "serviceHourType", entry_path, max_len=40)
        closed = r.flag(block, "isClosed", entry_path)
        always = r.flag(block, "isAlwaysOpen", entry_path)
        reservation = reservation or r.flag(block, "isReservation", entry_path)
        valid_from = r.date(block, "validFrom", entry_path)
        valid_to = r.date(block, "validTo", entry_path)
        note = r.localized(block, "additionalInformation", entry_path)
        periods = [
            _opening(r.obj(p, p_path), p_path)
            for p, p_path in r.items(block, "openingHour", entry_path)
        ]
        if kind in _EXCEPTIONAL:
            if valid_from is None:
                continue
            end = valid_to or valid_from
            if end < valid_from:
                raise r.fail(f"{entry_path}.validTo", _("before validFrom"))
            times = next(((o, c) for _d, o, _e, c in periods if o and c), None)
            if always and not closed:
                times = (MIDNIGHT, MIDNIGHT)
            if not closed and times is None:
                continue  # open, but PTV does not say when: nothing the desk can show
            opens, closes = (None, None) if closed or times is None else times
            exceptions.append(ExceptionalHours(valid_from, end, closed, opens, closes, note))
        elif kind in _WEEKLY or kind in _OVER_MIDNIGHT:
            if valid_to is None:
                rows = standing
            elif today is not None and (valid_from or today) <= today <= valid_to:
                rows = seasonal
            else:
                continue  # a season that is over or has not begun
            if closed:
                continue
            if always:
                rows += [RegularHours(day, MIDNIGHT, MIDNIGHT) for day in range(7)]
                continue
            for day_from, opens, day_to, closes in periods:
                rows += _weekly_rows(day_from, opens, day_to, closes, kind in _OVER_MIDNIGHT)
    weekly = sorted(set(seasonal or standing), key=lambda h: (h.weekday, h.opens, h.closes))
    exceptions.sort(key=lambda e: (e.date_from, e.date_to))
    return tuple(weekly), tuple(exceptions), reservation


def _opening(
    entry: dict[str, Any], path: str
) -> tuple[int | None, dt.time | None, int | None, dt.time | None]:
    return (
        r.weekday(entry, "dayFrom", path),
        r.time(entry, "from", path),
        r.weekday(entry, "dayTo", path),
        r.time(entry, "to", path),
    )


def _weekly_rows(
    day_from: int | None,
    opens: dt.time | None,
    day_to: int | None,
    closes: dt.time | None,
    over_midnight: bool,
) -> list[RegularHours]:
    """Rows of our weekly model for one PTV opening period.

    A weekly (``DaysOfTheWeek``) period is for ``dayFrom`` only: PTV stores ``dayTo`` as Monday
    for these and v11 blanks it (PTV-3455), so it is ignored. An ``OverMidnight`` period starts
    on ``dayFrom`` at ``from`` and ends on ``dayTo`` at ``to``; one longer than a night is cut
    into a row per day (our rows run over midnight only when they close before they open).
    """
    if day_from is None or opens is None or closes is None:
        return []
    if not over_midnight or day_to is None or day_to == day_from:
        return [RegularHours(day_from, opens, closes)]
    span = (day_to - day_from) % 7
    if span == 1 and closes <= opens:
        return [RegularHours(day_from, opens, closes)]
    rows = [RegularHours(day_from, opens, MIDNIGHT)]
    rows += [RegularHours((day_from + i) % 7, MIDNIGHT, MIDNIGHT) for i in range(1, span)]
    if closes != MIDNIGHT:
        rows.append(RegularHours(day_to, MIDNIGHT, closes))
    return rows


# -- the file -------------------------------------------------------------------------------


def _top_items(raw: Any) -> Iterator[tuple[Any, str]]:
    """Every item of a saved response, with its path.

    Accepted: a paged response (``{"pageNumber": …, "itemList": [...]}``), a plain array (the
    ``/list?guids=`` endpoints), one item (``/Service/{id}``), or an object holding any of
    ``services``, ``serviceChannels`` and ``organizations``, each one of those (two responses
    saved in one file).
    """
    if isinstance(raw, list):
        yield from ((item, f"[{i}]") for i, item in enumerate(raw))
        return
    top = r.obj(raw, "")
    if "itemList" in top:
        yield from r.items(top, "itemList", "")
        return
    if "id" in top:
        yield top, ""
        return
    parts = [k for k in ("organizations", "serviceChannels", "services") if k in top]
    if not parts:
        raise r.fail("", _("expected a PTV response (itemList, services or serviceChannels)"))
    for key in parts:
        value = top[key]
        if isinstance(value, dict) and "itemList" in value:
            yield from r.items(value, "itemList", key)
        else:
            yield from r.items(top, key, "")


def _strip_path(path: str) -> str:
    return path[1:] if path.startswith(".") else path


def parse_ptv(raw: Any, today: dt.date | None = None) -> PtvBatch:
    """Read a decoded PTV v11 response; raise ``PtvFormatError`` at the first problem.

    The desk's texts need Finnish: a text PTV has only in other languages gets the Swedish (else
    English) one in the Finnish place, noted in ``notes``; an item without a name in any of our
    languages is left out and listed in ``skipped``. Every problem in the shape stops the whole
    file. ``today`` picks the seasonal weekly hours in force (none when None).
    """
    organisations: dict[str, PtvOrganisation] = {}
    services: dict[str, PtvService] = {}
    channels: dict[str, PtvChannel] = {}
    first_seen: dict[tuple[str, str], str] = {}
    org_names: dict[str, str] = {}
    skipped: list[PtvNote] = []
    notes: list[PtvNote] = []
    for item, raw_path in _top_items(raw):
        path = _strip_path(raw_path)
        entry = r.obj(item, path)
        kind, entry, path = _classify(entry, path)
        ptv_id = r.required_guid(entry, "id", path)
        first = first_seen.setdefault((kind, ptv_id), path)
        if first != path:
            raise r.fail(
                f"{path}.id",
                _("duplicate id {id} (also at {first})").format(id=ptv_id, first=first),
            )
        value: PtvOrganisation | PtvService | PtvChannel
        if kind == "organisation":
            value = _organisation(entry, path)
        elif kind == "service":
            value = _service(entry, path, org_names)
        else:
            value = _channel(entry, path, CHANNEL_TYPES[kind], today)
        if not value.name:
            skipped.append(
                PtvNote(path, ptv_id, _("it has no name in Finnish, Swedish or English"))
            )
            continue
        value, borrowed = _with_finnish(value)
        if borrowed:
            notes.append(
                PtvNote(
                    path,
                    ptv_id,
                    _("no Finnish text; the {languages} text stands in for it").format(
                        languages="/".join(sorted(borrowed))
                    ),
                )
            )
        if isinstance(value, PtvOrganisation):
            organisations[ptv_id] = value
        elif isinstance(value, PtvService):
            services[ptv_id] = value
        else:
            channels[ptv_id] = value
    for ptv_id in {s.organisation_id for s in services.values()} | {
        c.organisation_id for c in channels.values()
    }:
        if ptv_id not in organisations:
            name = org_names.get(ptv_id) or ptv_code(ptv_id)
            organisations[ptv_id] = PtvOrganisation(
                ptv_id, Texts({REQUIRED_LANGUAGE: name}), named=ptv_id in org_names
            )
    return PtvBatch(
        tuple(organisations.values()),
        tuple(services.values()),
        tuple(channels.values()),
        tuple(skipped),
        tuple(notes),
    )


Item = PtvOrganisation | PtvService | PtvChannel


def _with_finnish(value: Item) -> tuple[Item, set[str]]:
    """``value`` with every text that lacks Finnish given one (Swedish, else English, else its
    first language), and the languages borrowed: the desk requires Finnish, and showing the
    Swedish text where Finnish is missing is what the fallback would do anyway."""
    borrowed: set[str] = set()

    def fill(texts: Texts) -> Texts:
        if not texts or REQUIRED_LANGUAGE in texts:
            return texts
        lang = next((c for c in ("sv", "en") if c in texts), next(iter(texts)))
        borrowed.add(lang)
        return Texts({REQUIRED_LANGUAGE: texts[lang], **texts.by_lang})

    if isinstance(value, PtvOrganisation):
        value = replace(value, name=fill(value.name), description=fill(value.description))
    elif isinstance(value, PtvService):
        value = replace(value, texts={k: fill(v) for k, v in value.texts.items()})
    else:
        value = replace(
            value,
            name=fill(value.name),
            description=fill(value.description),
            directions=fill(value.directions),
            exceptions=tuple(replace(e, note=fill(e.note)) for e in value.exceptions),
        )
    return value, borrowed


def _classify(entry: dict[str, Any], path: str) -> tuple[str, dict[str, Any], str]:
    """("service" | "organisation" | a PTV channel type, the item, its path)."""
    for key in _CHANNEL_WRAPPERS:
        if isinstance(entry.get(key), dict):
            entry, path = entry[key], f"{path}.{key}"
            break
    channel_type = entry.get("serviceChannelType")
    if channel_type is not None:
        if channel_type not in CHANNEL_TYPES:
            raise r.fail(
                f"{path}.serviceChannelType",
                _("{value!r} is not a PTV channel type").format(value=channel_type),
            )
        return channel_type, entry, path
    if "serviceNames" in entry:
        return "service", entry, path
    if "organizationNames" in entry or "organizationType" in entry:
        return "organisation", entry, path
    raise r.fail(path, _("not a PTV service, service channel or organisation"))


def ptv_code(ptv_id: str, hex_digits: int = 8) -> str:
    """Our stable code for a PTV row: "PTV-" and the id's first hex digits ("PTV-BF64185C").

    A repository that finds the code taken asks again with more digits (12, then all 32).
    """
    return "PTV-" + ptv_id.replace("-", "")[:hex_digits].upper()
