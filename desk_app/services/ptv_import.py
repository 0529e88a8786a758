"""Suomi.fi PTV files (API v11 JSON) mapped into the catalogue, keeping PTV ids and overrides.

``plan_ptv_import`` says what a file would do and ``import_ptv`` does it, both from the file's
bytes: decoded with the limits for untrusted input (``safe_json``) and read whole by
``desk_app.domain.ptv`` before the database is opened, so a bad file is refused with nothing
written. The import runs in one write unit of work: a failure half-way leaves the database as it
was.

Rows are matched by PTV id. A new PTV item is added (``source = ptv``, code ``PTV-xxxxxxxx``).
For a known one whose ``modified`` is not newer than the one we stored, nothing is read further
(reported unchanged). Otherwise each PTV-sourced field goes through ``domain.ptv.merge``: fields
staff did not touch take PTV's new value, fields they edited are kept and reported. Rows no longer
in the file are reported, never deleted.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

from desk_app.domain.ptv import PtvBatch, PtvNote, PtvOrganisation, parse_ptv, ptv_code
from desk_app.domain.ptv_fields import (
    PtvKind,
    PtvKnown,
    channel_fields,
    merge,
    organisation_fields,
    service_fields,
    topic_codes,
)
from desk_app.domain.ptv_reader import PTV_TIMEZONE
from desk_app.domain.safe_json import loads_untrusted
from desk_app.domain.staff import StaffSession
from desk_app.i18n import N_, _
from desk_app.services import audit
from desk_app.services.unit_of_work import UnitOfWork, UnitOfWorkFactory


class PtvRepo(Protocol):
    """What these use cases need of the database (desk_app.db's implementation)."""

    def known(self, kind: PtvKind) -> dict[str, PtvKnown]: ...
    def taken_codes(self, kind: PtvKind) -> set[str]: ...
    def current(
        self, kind: PtvKind, ptv_ids: Sequence[str]
    ) -> dict[str, tuple[dict[str, Any] | None, dict[str, Any]]]: ...
    def add(
        self,
        kind: PtvKind,
        items: Sequence[tuple[str, str, dt.datetime | None, Mapping[str, Any]]],
    ) -> None: ...
    def update(
        self,
        kind: PtvKind,
        ptv_id: str,
        modified: dt.datetime | None,
        values: Mapping[str, Any],
        snapshot: Mapping[str, Any],
    ) -> None: ...
    def add_links(self, pairs: Iterable[tuple[str, str]]) -> int: ...


FIELD_LABELS = {
    "name": N_("name"),
    "summary": N_("summary"),
    "description": N_("description"),
    "audience": N_("who it is for"),
    "how_to_apply": N_("how to apply"),
    "keywords": N_("keywords"),
    "status": N_("status"),
    "organisation": N_("organisation"),
    "topics": N_("topics"),
    "languages": N_("languages"),
    "channels": N_("channels"),
    "directions": N_("directions"),
    "kind": N_("type"),
    "street": N_("street address"),
    "postal_code": N_("postal code"),
    "post_office": N_("post office"),
    "coord_north": N_("coordinates"),
    "coord_east": N_("coordinates"),
    "phone": N_("phone"),
    "email": N_("email"),
    "url": N_("web address"),
    "appointment_only": N_("appointment only"),
    "hours": N_("opening hours"),
    "exceptions": N_("exceptional hours"),
    "business_id": N_("business ID"),
}
KIND_LABELS = {
    "organisation": N_("organisation"),
    "service": N_("service"),
    "channel": N_("channel"),
}


@dataclass(frozen=True)
class PtvEntry:
    """One row in the report: which row, and the fields concerned (updated or kept)."""

    kind: PtvKind
    code: str
    name: str
    fields: tuple[str, ...] = ()

    def label(self) -> str:
        return f"{_(KIND_LABELS[self.kind])} {self.code} {self.name}"

    def field_labels(self) -> str:
        labels = dict.fromkeys(_(FIELD_LABELS.get(f, f)) for f in self.fields)
        return ", ".join(labels)


@dataclass(frozen=True)
class PtvImportReport:
    """What an import did (``applied``) or would do, for a desk admin."""

    applied: bool
    added: tuple[PtvEntry, ...] = ()
    updated: tuple[PtvEntry, ...] = ()
    overrides: tuple[PtvEntry, ...] = ()
    unchanged: tuple[PtvEntry, ...] = ()
    missing: tuple[PtvEntry, ...] = ()
    skipped: tuple[PtvNote, ...] = ()
    notes: tuple[PtvNote, ...] = ()
    unresolved_links: int = 0
    links_added: int = 0

    @property
    def changed(self) -> bool:
        return bool(self.added or self.updated or self.links_added)

    def report_lines(self) -> list[str]:
        if self.applied:
            head = _("PTV import: {added} added, {updated} updated, {unchanged} unchanged.")
        else:
            head = _(
                "PTV import (not applied yet): {added} to add, {updated} to update, "
                "{unchanged} unchanged."
            )
        lines = [
            head.format(
                added=len(self.added), updated=len(self.updated), unchanged=len(self.unchanged)
            )
        ]
        added = _("Added: {entry}") if self.applied else _("To add: {entry}")
        lines += [added.format(entry=e.label()) for e in self.added]
        updated = (
            _("Updated: {entry} ({fields})") if self.applied else _("To update: {entry} ({fields})")
        )
        lines += [updated.format(entry=e.label(), fields=e.field_labels()) for e in self.updated]
        if self.applied:
            kept = _("Kept the local edit of {entry}: {fields}")
        else:
            kept = _("Will keep the local edit of {entry}: {fields}")
        lines += [kept.format(entry=e.label(), fields=e.field_labels()) for e in self.overrides]
        lines += [
            _("In the database but not in the file (kept): {entry}").format(entry=e.label())
            for e in self.missing
        ]
        lines += [
            _("Left out: {path} ({id}): {reason}").format(path=s.path, id=s.ptv_id, reason=s.reason)
            for s in self.skipped
        ]
        lines += [
            _("Note: {path} ({id}): {reason}").format(path=n.path, id=n.ptv_id, reason=n.reason)
            for n in self.notes
        ]
        if self.unresolved_links:
            lines.append(
                _(
                    "{count} links to channels that are neither in the file nor in the database "
                    "were left out; import the channels' file too."
                ).format(count=self.unresolved_links)
            )
        if self.links_added:
            if self.applied:
                links = _("Added {count} links from these channels to services already here.")
            else:
                links = _(
                    "To add: up to {count} links from these channels to services already here."
                )
            lines.append(links.format(count=self.links_added))
        return lines


def read_batch(data: bytes, today: dt.date | None = None) -> PtvBatch:
    """Decode and map a saved PTV response; raises a ``DeskError`` naming the first problem.

    ``today`` (default: today in Finland) decides which seasonal weekly hours are in force.
    """
    if today is None:
        today = dt.datetime.now(PTV_TIMEZONE).date()
    return parse_ptv(loads_untrusted(data), today)


def plan_ptv_import(
    uow_factory: UnitOfWorkFactory, data: bytes, today: dt.date | None = None
) -> PtvImportReport:
    """What importing ``data`` would add, update and keep, without writing anything."""
    batch = read_batch(data, today)
    with uow_factory() as uow:
        return _Import(uow, batch, apply=False).run()


def import_ptv(
    uow_factory: UnitOfWorkFactory,
    data: bytes,
    today: dt.date | None = None,
    session: StaffSession | None = None,
) -> PtvImportReport:
    """Import ``data`` in one write unit of work: all of it or, on any failure, nothing."""
    batch = read_batch(data, today)
    with uow_factory(write=True) as uow:
        report = _Import(uow, batch, apply=True).run()
        if report.changed:
            audit.record(uow, session, "catalogue.import", audit.CATALOGUE, "ptv")
        uow.commit()
    return report


@dataclass
class _Import:
    """One run over a batch: decides per row, writes only when ``apply``."""

    uow: UnitOfWork
    batch: PtvBatch
    apply: bool
    added: list[PtvEntry] = field(default_factory=list)
    updated: list[PtvEntry] = field(default_factory=list)
    overrides: list[PtvEntry] = field(default_factory=list)
    unchanged: list[PtvEntry] = field(default_factory=list)
    missing: list[PtvEntry] = field(default_factory=list)
    unresolved: int = 0
    touched: set[str] = field(default_factory=set)
    """PTV ids of the rows added or merged in this run."""

    def run(self) -> PtvImportReport:
        repo = self.uow.ptv
        known = {kind: repo.known(kind) for kind in ("organisation", "service", "channel")}
        topics = self.uow.catalogue.topics()
        organisations = [
            (o.ptv_id, o.modified, organisation_fields(o), o.full or _names_placeholder(o, known))
            for o in self.batch.organisations
        ]
        self._sync("organisation", organisations, known["organisation"])
        channels = [(c.ptv_id, c.modified, channel_fields(c), True) for c in self.batch.channels]
        self._sync("channel", channels, known["channel"])
        reachable = set(known["channel"]) | {c.ptv_id for c in self.batch.channels}
        services = []
        for s in self.batch.services:
            links = [c for c in s.channel_ids if c in reachable]
            self.unresolved += len(s.channel_ids) - len(links)
            fields = service_fields(s, topic_codes(s.service_classes, topics), links)
            services.append((s.ptv_id, s.modified, fields, True))
        self._sync("service", services, known["service"])
        links_added = self._channel_side_links(known["service"])
        skipped_ids = {s.ptv_id for s in self.batch.skipped}
        in_file: dict[PtvKind, set[str]] = {
            "service": {s.ptv_id for s in self.batch.services},
            "channel": {c.ptv_id for c in self.batch.channels},
        }
        for kind, ids in in_file.items():
            if not ids:
                continue  # a file of services says nothing about channels, and the other way
            ids |= skipped_ids
            self.missing += [
                PtvEntry(kind, k.code, k.name)
                for ptv_id, k in known[kind].items()
                if ptv_id not in ids
            ]
        return PtvImportReport(
            applied=self.apply,
            added=tuple(self.added),
            updated=tuple(self.updated),
            overrides=tuple(self.overrides),
            unchanged=tuple(self.unchanged),
            missing=tuple(sorted(self.missing, key=lambda e: (e.kind, e.code))),
            skipped=self.batch.skipped,
            notes=self.batch.notes,
            unresolved_links=self.unresolved,
            links_added=links_added,
        )

    def _sync(
        self,
        kind: PtvKind,
        items: Sequence[tuple[str, dt.datetime | None, dict[str, Any], bool]],
        known: Mapping[str, PtvKnown],
    ) -> None:
        """Add the new items of ``kind``; merge the changed known ones field by field.

        An item that is only named by a reference (an organisation a service points to) adds a
        row when we have none, but never changes one we have.
        """
        repo = self.uow.ptv
        taken: set[str] | None = None
        new: list[tuple[str, str, dt.datetime | None, dict[str, Any]]] = []
        changed: list[tuple[str, dt.datetime | None, dict[str, Any]]] = []
        for ptv_id, modified, values, authoritative in items:
            row = known.get(ptv_id)
            if row is None:
                taken = repo.taken_codes(kind) if taken is None else taken
                code = _free_code(ptv_id, taken)
                new.append((ptv_id, code, modified, values))
                self.touched.add(ptv_id)
                self.added.append(PtvEntry(kind, code, values["name"].get("fi", code)))
            elif not authoritative:
                continue
            elif _not_newer(modified, row.modified):
                self.unchanged.append(PtvEntry(kind, row.code, row.name))
            else:
                changed.append((ptv_id, modified, values))
                self.touched.add(ptv_id)
        if self.apply:
            repo.add(kind, new)
        stored = repo.current(kind, [ptv_id for ptv_id, _m, _v in changed])
        for ptv_id, modified, values in changed:
            row = known[ptv_id]
            snapshot, current = stored[ptv_id]
            result = merge(current, snapshot, values)
            if self.apply:
                repo.update(kind, ptv_id, modified, result.values, values)
            name = values["name"].get("fi", row.name)
            if result.kept:
                self.overrides.append(PtvEntry(kind, row.code, name, result.kept))
            if result.values:
                self.updated.append(PtvEntry(kind, row.code, name, tuple(result.values)))
            elif not result.kept:
                self.unchanged.append(PtvEntry(kind, row.code, name))

    def _channel_side_links(self, known_services: Mapping[str, PtvKnown]) -> int:
        """Links that new or changed channels give to services already here but not in this
        file (the services' own lists decide for the services in the file)."""
        in_file = {s.ptv_id for s in self.batch.services}
        pairs = [
            (service, c.ptv_id)
            for c in self.batch.channels
            if c.ptv_id in self.touched
            for service in c.service_ids
            if service in known_services and service not in in_file
        ]
        if not pairs:
            return 0
        return self.uow.ptv.add_links(pairs) if self.apply else len(pairs)


def _names_placeholder(org: PtvOrganisation, known: Mapping[str, Mapping[str, PtvKnown]]) -> bool:
    """Whether a reference names an organisation we only know by its code (a file of
    channels, which name no organisation, was imported first)."""
    row = known["organisation"].get(org.ptv_id)
    return org.named and row is not None and row.name == row.code


def _not_newer(incoming: dt.datetime | None, stored: dt.datetime | None) -> bool:
    return incoming is not None and stored is not None and incoming <= stored


def _free_code(ptv_id: str, taken: set[str]) -> str:
    """``PTV-`` and 8 hex digits of the id; 12 or all 32 when a shorter one is taken."""
    for digits in (8, 12, 32):
        code = ptv_code(ptv_id, digits)
        if code not in taken:
            taken.add(code)
            return code
    raise AssertionError(f"the code of PTV id {ptv_id} is taken")
