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
an exception becomes a schedule valid over its dates, without hours when the place is closed
(``hsds_schedules``).

Every id is a UUID 5 of a fixed namespace and "kind:code…", so the same catalogue gives the same
ids in every export and every language, and a re-export diffs cleanly. Drafts are not published.
Texts take the export language with the app's fallback (English, then Finnish; plain Finnish
falls back to Finnish first, as the handouts do). Values are written as the schema wants them
(``hsds_values``): ISO dates, times HH:MM:SS in local (Finnish) time, URIs with a scheme.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from functools import cached_property

from desk_app.domain.catalogue import Channel, Organisation, Programme, narrowest_range
from desk_app.domain.catalogue_document import CatalogueDocument, ServiceEntry
from desk_app.domain.codes import ChannelKind, ServiceStatus
from desk_app.domain.texts import EMPTY_TEXTS
from desk_app.i18n import N_
from desk_app.services.hsds_schedules import add_schedules
from desk_app.services.hsds_values import (
    Language,
    hsds_date,
    hsds_email,
    hsds_id,
    hsds_moment,
    hsds_uri,
    ptv_code,
    record_field,
    wgs84,
)

Row = dict[str, str]
Rows = dict[str, list[Row]]

PTV_CLASSES_URI = "http://uri.suomi.fi/codelist/ptv/ptvserclass2"
COUNTRY = "FI"
PLACE_KINDS = (ChannelKind.LOCATION, ChannelKind.ESERVICE)
WEB_KINDS = (ChannelKind.WEBPAGE, ChannelKind.PRINTABLE_FORM)

# Fixed texts of the dataset, translated into its language with the app's own catalogue.
TOPICS_NAME = N_("Pointti Desk topics")
TOPICS_DESCRIPTION = N_("The topics the Pointti service desk uses to find services.")
PTV_NAME = N_("PTV service classes")
PTV_DESCRIPTION = N_("The service classification of the Finnish Service Catalogue (Suomi.fi).")
PTV_TERM = N_("PTV service class {code}")
PROGRAMMES_NAME = N_("Programmes")
PROGRAMMES_DESCRIPTION = N_("The projects and programmes that run services.")
BUSINESS_ID = N_("Business ID")
IN_PERSON = N_("In person")
BY_APPOINTMENT = N_("In person, by appointment only")
BY_PHONE = N_("By phone")
ONLINE = N_("Online")
PTV_CHANNEL_ID = "Suomi.fi PTV service channel"


def build_rows(doc: CatalogueDocument, lang: str, today: dt.date) -> Rows:
    """Every HSDS row the document fills, by table name; ``today`` decides what has ended."""
    return _Builder(doc, lang, today).build()


class _Builder:
    def __init__(self, doc: CatalogueDocument, lang: str, today: dt.date) -> None:
        self.doc = doc
        self.lang = Language(lang)
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
            website=hsds_uri(organisation.url),
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
        return list(dict.fromkeys(ptv_code(c) for t in self.doc.topics for c in t.ptv_classes))

    # --- channels: places, phones, web addresses --------------------------------------------

    def _place(self, channel: Channel) -> None:
        """A visiting place (physical) or an e-service (virtual) as an HSDS location."""
        location_id = hsds_id("location", channel.code)
        physical = channel.kind is ChannelKind.LOCATION
        # A version 2 document (the database's export) adds the country, coordinates in
        # EPSG:3067 and the PTV id; a plain Channel has none of them.
        country = str(getattr(channel, "country", None) or COUNTRY)
        position = wgs84(
            getattr(channel, "coord_north", None), getattr(channel, "coord_east", None)
        )
        ptv_id = record_field(channel, "ptv_id")
        self.add(
            "location",
            id=location_id,
            location_type="physical" if physical else "virtual",
            url=hsds_uri(channel.url),
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
        if email := hsds_email(channel.email):
            self.add(
                "contact", id=hsds_id("contact", channel.code), location_id=location_id, email=email
            )
        if not physical:
            attending = ONLINE
        else:
            attending = BY_APPOINTMENT if channel.appointment_only else IN_PERSON
        add_schedules(
            self.add, self.lang, channel, {"location_id": location_id}, channel.code, attending
        )

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
                add_schedules(self.add, self.lang, channel, owner, key, BY_PHONE)
        if channel.kind in WEB_KINDS and (url := hsds_uri(channel.url)):
            self.add("url", id=hsds_id("url", key), label=name, url=url, **owner)
        if email := hsds_email(channel.email):
            self.add("contact", id=hsds_id("contact", key), **owner, name=name, email=email)

    def _organisation_id(self, code: str) -> str | None:
        return hsds_id("organization", code) if code else None

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
            url=next((url for url in map(hsds_uri, web) if url), None),
            email=next((e for e in (hsds_email(c.email) for c in channels) if e), None),
            status=self._status(entry, programme),
            application_process=text("how_to_apply"),
            eligibility_description=text("audience"),
            assured_date=hsds_date(entry.checked_on or self.doc.checked_on),
            last_modified=hsds_moment(record_field(entry, "updated_at")),
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
        classes = (ptv_code(c) for topic in topics for c in topic.ptv_classes)
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
