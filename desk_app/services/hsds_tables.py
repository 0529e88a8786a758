"""Our catalogue document as the rows of HSDS 3.1 tables, in one language.

How our model maps (PTV's organisation, service and five kinds of service channel):

- organisation → ``organization`` (+ ``organization_identifier`` for a business id, Y-tunnus);
- programme → ``program`` and ``funding``; a term of the "programmes" taxonomy for every one;
- topic → a ``taxonomy_term`` of our topics taxonomy, and each PTV service class it carries → a
  term of the PTV service-class taxonomy; ``attribute`` rows link a service to its terms;
- service → ``service`` (+ ``language``, ``required_document`` for "what to bring");
- visiting place → a physical ``location`` (+ ``address``, ``accessibility``, ``phone``,
  ``contact``, ``schedule``); e-service → a virtual ``location``; both linked to their services
  by ``service_at_location``;
- phone channel → a ``phone`` and its hours as ``schedule`` rows of each service it serves;
- web page and printable form → ``url`` rows of each service.

Opening hours become RFC 5545-style weekly schedules (``byday`` "MO,TU", ``opens_at`` 09:00:00);
an exception becomes a schedule valid over its dates, without hours when the place is closed.

Every id is a UUID 5 of a fixed namespace and "kind:code…", so the same catalogue gives the same
ids in every export and every language, and a re-export diffs cleanly. Drafts are not published.
Texts take the export language with the app's fallback (English, then Finnish; plain Finnish
falls back to Finnish first, as the handouts do). Values are written as the schema wants them:
ISO dates, times HH:MM:SS in local (Finnish) time, URIs with a scheme.
"""

from __future__ import annotations

import datetime as dt
import logging
import math
import re
import uuid
from collections import defaultdict
from collections.abc import Iterable
from functools import cached_property
from typing import Any

from babel import Locale, UnknownLocaleError

from desk_app.domain.catalogue import (
    Channel,
    ExceptionalHours,
    Organisation,
    Programme,
    narrowest_range,
)
from desk_app.domain.catalogue_document import CatalogueDocument, ServiceEntry
from desk_app.domain.codes import ChannelKind, ServiceStatus
from desk_app.domain.texts import EMPTY_TEXTS, Texts
from desk_app.i18n import N_, translations_for

log = logging.getLogger(__name__)

Row = dict[str, str]
Rows = dict[str, list[Row]]

NAMESPACE = uuid.UUID("5f0c7e52-3a1d-4b8e-9d6f-2c4a8b1e7f30")
"""Fixed for good: every exported id derives from it, and consumers match rows by id."""

PTV_CLASSES_URI = "http://uri.suomi.fi/codelist/ptv/ptvserclass2"
COUNTRY = "FI"
BYDAY = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
PLACE_KINDS = (ChannelKind.LOCATION, ChannelKind.ESERVICE)
WEB_KINDS = (ChannelKind.WEBPAGE, ChannelKind.PRINTABLE_FORM)
_URI = re.compile(r"^https?://[^\s/?#]+[^\s]*$", re.IGNORECASE)
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")

# Fixed texts of the dataset, translated into its language with the app's own catalogue.
TOPICS_NAME = N_("Pointti Desk topics")
TOPICS_DESCRIPTION = N_("The topics the Pointti service desk uses to find services.")
PTV_NAME = N_("PTV service classes")
PTV_DESCRIPTION = N_("The service classification of the Finnish Service Catalogue (Suomi.fi).")
PTV_TERM = N_("PTV service class {code}")
PROGRAMMES_NAME = N_("Programmes")
PROGRAMMES_DESCRIPTION = N_("The projects and programmes that run services.")
BUSINESS_ID = N_("Business ID")
CLOSED = N_("Closed")
CLOSED_NOTE = N_("Closed: {note}")
IN_PERSON = N_("In person")
BY_APPOINTMENT = N_("In person, by appointment only")
BY_PHONE = N_("By phone")
ONLINE = N_("Online")
NEXT_DAY = N_("Closes the next day.")
PTV_CHANNEL_ID = "Suomi.fi PTV service channel"


def hsds_id(kind: str, *parts: str) -> str:
    """The row id for ``kind`` and codes: the same input always gives the same UUID."""
    return str(uuid.uuid5(NAMESPACE, ":".join((kind, *parts))))


def build_rows(doc: CatalogueDocument, lang: str, today: dt.date) -> Rows:
    """Every HSDS row the document fills, by table name; ``today`` decides what has ended."""
    return _Builder(doc, lang, today).build()


class _Language:
    """Texts, fixed wording and names in the export language."""

    def __init__(self, lang: str) -> None:
        self.code = lang
        self.base = lang.split("-")[0]  # "fi-x-plain" → "fi"
        self.gettext = translations_for(self.base).gettext

    def best(self, texts: Texts) -> tuple[str, str]:
        """The text and the language it is in (its ISO 639-1 code)."""
        if self.code != self.base and self.code in texts:
            return texts[self.code], self.base
        text, used = texts.best(self.base)
        return text, used.split("-")[0]

    def text(self, texts: Texts) -> str:
        return self.best(texts)[0]

    @cached_property
    def locale(self) -> Locale:
        try:
            return Locale.parse(self.base)
        except (UnknownLocaleError, ValueError):
            return Locale.parse("en")

    def language_name(self, code: str) -> str:
        try:
            return Locale.parse(code).get_language_name(self.locale) or code
        except (UnknownLocaleError, ValueError):
            return code

    def country_name(self, country: str) -> str:
        return str(self.locale.territories.get(country, country))


class _Builder:
    def __init__(self, doc: CatalogueDocument, lang: str, today: dt.date) -> None:
        self.doc = doc
        self.lang = _Language(lang)
        self.today = today
        self.rows: Rows = defaultdict(list)
        self.channels = {c.code: c for c in doc.channels}
        self.programmes = {p.code: p for p in doc.programmes}
        self.services = [s for s in doc.services if s.status is not ServiceStatus.DRAFT]
        # HSDS 3.1 allows one program per organization (program.organization_id is unique):
        # the first programme of each organisation by code gets it, and every programme is also
        # a term of the programmes taxonomy, so no service loses its programme.
        self.program_ids: dict[str, str] = {}
        organisations_with_program: set[str] = set()
        for programme in sorted(doc.programmes, key=lambda p: p.code):
            if programme.organisation_code not in organisations_with_program:
                organisations_with_program.add(programme.organisation_code)
                self.program_ids[programme.code] = hsds_id("program", programme.code)
        self.topics = {t.code: t for t in doc.topics}

    def add(self, table: str, **values: str | None) -> None:
        self.rows[table].append({k: v for k, v in values.items() if v})

    def build(self) -> Rows:
        for organisation in self.doc.organisations:
            self._organisation(organisation)
        for programme in self.doc.programmes:
            self._programme(programme)
        self._taxonomies()
        for channel in self.doc.channels:
            if channel.kind in PLACE_KINDS:
                self._place(channel)
        served: set[str] = set()
        for entry in self.services:
            self._service(entry)
            served.update(entry.channel_codes)
        for channel in self.doc.channels:
            owner = self._organisation_id(channel.organisation_code)
            if channel.code not in served and channel.kind not in PLACE_KINDS and owner:
                self._channel_rows(channel, {"organization_id": owner}, channel.code)
        return dict(self.rows)

    # --- organisations and programmes ------------------------------------------------------

    def _organisation(self, organisation: Organisation) -> None:
        organisation_id = hsds_id("organization", organisation.code)
        name = self.lang.text(organisation.name)
        self.add(
            "organization",
            id=organisation_id,
            name=name,
            # HSDS requires a description; an organisation without one is described by its name.
            description=self.lang.text(organisation.description) or name,
            website=_uri(organisation.url),
        )
        if organisation.business_id:
            self.add(
                "organization_identifier",
                id=hsds_id("organization_identifier", organisation.code),
                organization_id=organisation_id,
                identifier_scheme="FI-PRO",  # org-id.guide: the Finnish business id (Y-tunnus)
                identifier_type=self.lang.gettext(BUSINESS_ID),
                identifier=organisation.business_id,
            )

    def _programme(self, programme: Programme) -> None:
        name = self.lang.text(programme.name)
        description = self.lang.text(programme.description) or name
        if programme.code in self.program_ids:
            self.add(
                "program",
                id=self.program_ids[programme.code],
                organization_id=hsds_id("organization", programme.organisation_code),
                name=name,
                description=description,
            )
        self.add(
            "taxonomy_term",
            id=hsds_id("programme-term", programme.code),
            name=name,
            description=description,
            language=self.lang.best(programme.name)[1],
            taxonomy_id=hsds_id("taxonomy", "programmes"),
        )

    # --- taxonomies: our topics, PTV service classes, programmes ---------------------------

    def _taxonomies(self) -> None:
        gettext = self.lang.gettext
        if self.doc.topics:
            self.add(
                "taxonomy",
                id=hsds_id("taxonomy", "topics"),
                name=gettext(TOPICS_NAME),
                description=gettext(TOPICS_DESCRIPTION),
            )
        if self.ptv_classes:
            self.add(
                "taxonomy",
                id=hsds_id("taxonomy", "ptv-service-classes"),
                name=gettext(PTV_NAME),
                description=gettext(PTV_DESCRIPTION),
                uri=PTV_CLASSES_URI,
            )
        if self.doc.programmes:
            self.add(
                "taxonomy",
                id=hsds_id("taxonomy", "programmes"),
                name=gettext(PROGRAMMES_NAME),
                description=gettext(PROGRAMMES_DESCRIPTION),
            )
        used_topics = {code for entry in self.services for code in entry.topic_codes}
        for topic in self.doc.topics:
            if topic.retired and topic.code not in used_topics:
                continue
            label, used = self.lang.best(topic.label)
            self.add(
                "taxonomy_term",
                id=hsds_id("topic", topic.code),
                code=topic.code,
                name=label,
                description=label,  # required by HSDS; a topic has only its label
                language=used,
                taxonomy_id=hsds_id("taxonomy", "topics"),
            )
        for code in self.ptv_classes:
            self.add(
                "taxonomy_term",
                id=hsds_id("ptv-class", code),
                code=code,
                name=code,  # the catalogue keeps the class codes, not their names
                description=gettext(PTV_TERM).format(code=code),
                taxonomy=PTV_CLASSES_URI,
                taxonomy_id=hsds_id("taxonomy", "ptv-service-classes"),
                term_uri=f"{PTV_CLASSES_URI}/code/{code}",
            )

    @cached_property
    def ptv_classes(self) -> list[str]:
        """Every PTV service class our topics carry, once, as a code ("P10.1")."""
        return list(dict.fromkeys(_ptv_code(c) for t in self.doc.topics for c in t.ptv_classes))

    # --- channels: places, phones, web addresses --------------------------------------------

    def _place(self, channel: Channel) -> None:
        """A visiting place (physical) or an e-service (virtual) as an HSDS location."""
        location_id = hsds_id("location", channel.code)
        physical = channel.kind is ChannelKind.LOCATION
        # A version 2 document (the database's export) adds the country, coordinates in
        # EPSG:3067 and the PTV id; a plain Channel has none of them.
        country = str(getattr(channel, "country", None) or COUNTRY)
        position = _wgs84(
            getattr(channel, "coord_north", None), getattr(channel, "coord_east", None)
        )
        ptv_id = _record(channel, "ptv_id")
        self.add(
            "location",
            id=location_id,
            location_type="physical" if physical else "virtual",
            url=_uri(channel.url),
            organization_id=self._organisation_id(channel.organisation_code),
            name=self.lang.text(channel.name),
            description=self.lang.text(channel.description),
            transportation=self.lang.text(channel.directions),
            latitude=f"{position[0]:.6f}" if position else None,
            longitude=f"{position[1]:.6f}" if position else None,
            external_identifier=str(ptv_id) if ptv_id else None,
            external_identifier_type=PTV_CHANNEL_ID if ptv_id else None,
        )
        if physical and channel.street and channel.postal_code and channel.post_office:
            self.add(
                "address",
                id=hsds_id("address", channel.code),
                location_id=location_id,
                address_1=channel.street,
                address_2=channel.room,
                city=channel.post_office,
                # Required by HSDS, but Finland has no states or provinces and our addresses
                # carry no region: the country is the truthful answer.
                state_province=self.lang.country_name(country),
                postal_code=channel.postal_code,
                country=country,
                address_type="physical",
            )
        if channel.accessibility:
            self.add(
                "accessibility",
                id=hsds_id("accessibility", channel.code),
                location_id=location_id,
                description=self.lang.text(channel.accessibility),
            )
        if channel.phone:
            self.add(
                "phone",
                id=hsds_id("phone", channel.code),
                location_id=location_id,
                number=channel.phone,
                type="voice",
            )
        if email := _email(channel.email):
            self.add(
                "contact", id=hsds_id("contact", channel.code), location_id=location_id, email=email
            )
        if not physical:
            attending = ONLINE
        else:
            attending = BY_APPOINTMENT if channel.appointment_only else IN_PERSON
        self._schedules(channel, {"location_id": location_id}, channel.code, attending)

    def _service_channel(self, channel: Channel, entry: ServiceEntry) -> None:
        """How one service is reached through one channel: at a place, or by rows of its own."""
        service_id = hsds_id("service", entry.code)
        if channel.kind in PLACE_KINDS:
            self.add(
                "service_at_location",
                id=hsds_id("service_at_location", entry.code, channel.code),
                service_id=service_id,
                location_id=hsds_id("location", channel.code),
            )
        else:
            self._channel_rows(channel, {"service_id": service_id}, f"{channel.code}:{entry.code}")

    def _channel_rows(self, channel: Channel, owner: dict[str, str], key: str) -> None:
        """A phone, web page or form as rows of its owner: a service, or the organisation when
        no published service uses the channel."""
        name = self.lang.text(channel.name)
        if channel.phone and channel.kind is ChannelKind.PHONE:
            description = self.lang.text(channel.description)
            self.add(
                "phone",
                id=hsds_id("phone", key),
                **owner,
                number=channel.phone,
                type="voice",
                description=f"{name}: {description}" if description else name,
            )
            if "service_id" in owner:  # an HSDS schedule belongs to a service or a place
                self._schedules(channel, owner, key, BY_PHONE)
        if channel.kind in WEB_KINDS and (url := _uri(channel.url)):
            self.add("url", id=hsds_id("url", key), label=name, url=url, **owner)
        if email := _email(channel.email):
            self.add("contact", id=hsds_id("contact", key), **owner, name=name, email=email)

    def _organisation_id(self, code: str) -> str | None:
        return hsds_id("organization", code) if code else None

    # --- opening hours ------------------------------------------------------------------------

    def _schedules(self, channel: Channel, owner: dict[str, str], key: str, attending: str) -> None:
        """Weekly hours, one row per opening time shared by several days; then exceptions."""
        days: dict[tuple[dt.time, dt.time, str | None, str | None], list[int]] = {}
        for hours in channel.hours:
            # Weekly hours of a version 2 document may apply between dates only.
            first = _date(getattr(hours, "valid_from", None))
            last = _date(getattr(hours, "valid_to", None))
            days.setdefault((hours.opens, hours.closes, first, last), []).append(hours.weekday)
        name = self.lang.text(channel.name)
        for (opens, closes, first, last), weekdays in days.items():
            validity = (first or "", last or "") if first or last else ()
            self.add(
                "schedule",
                id=hsds_id("schedule", key, "weekly", _time(opens), _time(closes), *validity),
                **owner,
                valid_from=first,
                valid_to=last,
                freq="WEEKLY",
                wkst="MO",
                byday=",".join(BYDAY[d] for d in sorted(set(weekdays))),
                description=name,
                opens_at=_time(opens),
                closes_at=_time(closes),
                attending_type=self.lang.gettext(attending),
                notes=self.lang.gettext(NEXT_DAY) if closes <= opens else None,
            )
        seen: dict[tuple[dt.date, dt.date], int] = {}
        for exception in channel.exceptions:
            span = (exception.date_from, exception.date_to)
            seen[span] = seen.get(span, -1) + 1
            parts = (key, "exception", span[0].isoformat(), span[1].isoformat(), str(seen[span]))
            self._exception(exception, owner, hsds_id("schedule", *parts), attending)

    def _exception(
        self, exception: ExceptionalHours, owner: dict[str, str], row_id: str, attending: str
    ) -> None:
        note = self.lang.text(exception.note)
        first, last = exception.date_from.isoformat(), exception.date_to.isoformat()
        opens, closes = exception.opens, exception.closes
        if exception.closed or opens is None or closes is None:
            # HSDS has no "closed" flag: a schedule valid over the dates without any hours.
            closed = self.lang.gettext(CLOSED_NOTE).format(note=note) if note else None
            closed = closed or self.lang.gettext(CLOSED)
            self.add(
                "schedule", id=row_id, **owner, valid_from=first, valid_to=last, description=closed
            )
            return
        weekdays = sorted(_weekdays(exception.date_from, exception.date_to))
        self.add(
            "schedule",
            id=row_id,
            **owner,
            valid_from=first,
            valid_to=last,
            dtstart=first,
            until=last,
            freq="WEEKLY",
            wkst="MO",
            byday=",".join(BYDAY[d] for d in weekdays),
            description=note,
            opens_at=_time(opens),
            closes_at=_time(closes),
            attending_type=self.lang.gettext(attending),
            notes=self.lang.gettext(NEXT_DAY) if closes <= opens else None,
        )

    # --- services ---------------------------------------------------------------------------

    def _service(self, entry: ServiceEntry) -> None:
        service_id = hsds_id("service", entry.code)
        programme = self.programmes.get(entry.programme_code or "")
        channels = [self.channels[c] for c in entry.channel_codes if c in self.channels]

        def text(name: str) -> str:
            return self.lang.text(entry.texts.get(name, EMPTY_TEXTS))

        # HSDS has one description: our summary leads it, as it leads the service card.
        description = "\n\n".join(t for t in (text("summary"), text("description")) if t)
        web = (c.url for c in channels if c.kind in (ChannelKind.ESERVICE, *WEB_KINDS))
        self.add(
            "service",
            id=service_id,
            organization_id=hsds_id("organization", entry.organisation_code),
            program_id=self.program_ids.get(entry.programme_code or ""),
            name=text("name"),
            description=description,
            url=next((url for url in map(_uri, web) if url), None),
            email=next((e for e in (_email(c.email) for c in channels) if e), None),
            status=self._status(entry, programme),
            application_process=text("how_to_apply"),
            eligibility_description=text("audience"),
            assured_date=_date(entry.checked_on or self.doc.checked_on),
            last_modified=_moment(_record(entry, "updated_at")),
        )
        for code in entry.languages:
            if code != "other":  # "other" names no language HSDS could carry
                self.add(
                    "language",
                    id=hsds_id("language", entry.code, code),
                    service_id=service_id,
                    name=self.lang.language_name(code),
                    code=code,
                )
        if text("what_to_bring"):
            self.add(
                "required_document",
                id=hsds_id("required_document", entry.code),
                service_id=service_id,
                document=text("what_to_bring"),
            )
        if programme is not None:
            self._programme_links(entry, programme)
        self._terms(entry)
        for channel in channels:
            self._service_channel(channel, entry)

    def _status(self, entry: ServiceEntry, programme: Programme | None) -> str:
        """HSDS status from ours and the validity dates (the programme's too)."""
        if entry.status is ServiceStatus.RETIRED:
            return "defunct"
        own = (entry.valid_from, entry.valid_to)
        start, end = narrowest_range(
            own, (programme.valid_from, programme.valid_to) if programme else (None, None)
        )
        if end is not None and end < self.today:
            return "defunct"
        if start is not None and self.today < start:
            return "inactive"
        return "active"

    def _programme_links(self, entry: ServiceEntry, programme: Programme) -> None:
        service_id = hsds_id("service", entry.code)
        if programme.funding_source:
            source = programme.funding_source
            if programme.eura_code:
                source = f"{source} (EURA 2021: {programme.eura_code})"
            self.add(
                "funding",
                id=hsds_id("funding", entry.code),
                service_id=service_id,
                source=source,
            )
        self._attribute(entry.code, "programme", programme.code, "programme-term")

    def _terms(self, entry: ServiceEntry) -> None:
        for code in entry.topic_codes:
            self._attribute(entry.code, "topic", code, "topic")
        topics = (self.topics[code] for code in entry.topic_codes if code in self.topics)
        classes = (_ptv_code(c) for topic in topics for c in topic.ptv_classes)
        for code in dict.fromkeys(classes):
            self._attribute(entry.code, "ptv-class", code, "ptv-class")

    def _attribute(self, service_code: str, kind: str, code: str, term_kind: str) -> None:
        self.add(
            "attribute",
            id=hsds_id("attribute", service_code, kind, code),
            link_id=hsds_id("service", service_code),
            taxonomy_term_id=hsds_id(term_kind, code),
            link_entity="service",
        )


def _ptv_code(value: str) -> str:
    """A PTV class as its code, whether the catalogue keeps "P10.1" or its full URI."""
    return value.rstrip("/").rsplit("/", 1)[-1]


def _weekdays(first: dt.date, last: dt.date) -> Iterable[int]:
    days = min((last - first).days + 1, 7)
    return {(first + dt.timedelta(days=n)).weekday() for n in range(days)}


def _record(entry: object, name: str) -> Any:
    """A field of a version 2 entry's ``record`` (its PTV id, its last change); None if none."""
    return getattr(getattr(entry, "record", None), name, None)


# GRS80 and the ETRS-TM35FIN projection (EPSG:3067: transverse Mercator, central meridian 27° E,
# scale 0.9996, false easting 500 km), inverted with Krüger's series to third order: well under a
# millimetre across Finland. ETRS89 and WGS 84 differ by less than a metre, which HSDS can bear.
_N = (1 / 298.257222101) / (2 - 1 / 298.257222101)
_RECTIFYING = 6378137.0 / (1 + _N) * (1 + _N**2 / 4 + _N**4 / 64) * 0.9996
_BETA = (_N / 2 - 2 * _N**2 / 3 + 37 * _N**3 / 96, _N**2 / 48 + _N**3 / 15, 17 * _N**3 / 480)
_DELTA = (2 * _N - 2 * _N**2 / 3 - 2 * _N**3, 7 * _N**2 / 3 - 8 * _N**3 / 5, 56 * _N**3 / 15)


def _wgs84(north: float | None, east: float | None) -> tuple[float, float] | None:
    """PTV's EPSG:3067 coordinates as the latitude and longitude HSDS wants (degrees)."""
    if north is None or east is None:
        return None
    xi, eta = north / _RECTIFYING, (east - 500000.0) / _RECTIFYING
    terms = list(enumerate(_BETA, start=1))
    xi_p = xi - sum(b * math.sin(2 * j * xi) * math.cosh(2 * j * eta) for j, b in terms)
    eta_p = eta - sum(b * math.cos(2 * j * xi) * math.sinh(2 * j * eta) for j, b in terms)
    chi = math.asin(math.sin(xi_p) / math.cosh(eta_p))
    latitude = chi + sum(d * math.sin(2 * j * chi) for j, d in enumerate(_DELTA, start=1))
    longitude = math.radians(27.0) + math.atan2(math.sinh(eta_p), math.cos(xi_p))
    return math.degrees(latitude), math.degrees(longitude)


def _moment(value: dt.datetime | None) -> str | None:
    """A change time in UTC, ISO 8601 with "Z" (a naive time is taken as UTC, as stored)."""
    if value is None:
        return None
    if value.tzinfo is not None:
        value = value.astimezone(dt.UTC).replace(tzinfo=None)
    return value.isoformat(timespec="seconds") + "Z"


def _time(value: dt.time) -> str:
    return value.strftime("%H:%M:%S")


def _date(value: dt.date | None) -> str | None:
    return value.isoformat() if value else None


def _uri(value: str | None) -> str | None:
    """A web address HSDS accepts (with its scheme), or None: a bad one is left out, logged."""
    if not value:
        return None
    if _URI.match(value):
        return value
    log.warning("HSDS export: %r is not a web address; left out", value)
    return None


def _email(value: str | None) -> str | None:
    if not value:
        return None
    if _EMAIL.match(value):
        return value
    log.warning("HSDS export: %r is not an email address; left out", value)
    return None
