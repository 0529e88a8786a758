"""The catalogue as our own versioned JSON: export, and an import that shows its changes first.

``export_json`` writes the whole catalogue (``catalogue_document_write``: version 2, stable bytes).
``plan_import`` reads a file and the database and says what importing it would add, change and
retire, and which local edits it would keep; ``apply_import`` does exactly that in one write unit
of work, so a failure anywhere leaves the database as it was. A file is refused before the
database is opened when it is hostile or broken (``safe_json``: size, encoding, depth, syntax;
the document parser: types, duplicate codes, unknown references).

Entities are matched by code. An entity is *changed* when its exported JSON would differ from
the file's, apart from ``updated_at``; the fields named are the keys that differ.

**Local edits are never overwritten silently.** An entity that differs from the file *and* was
changed in this database after the file's version of it — its ``updated_at`` here is later than
its ``updated_at`` in the file, or the file gives none (a version 1 file) — is a *conflict*: it
is kept as it is and reported, unless ``overwrite_local`` is given. Retiring is a change too: a
service or topic that is in the database but not in the file is retired (services get status
``retired``, topics ``retired_on`` = the UTC date of the import; nothing is deleted, old visits
point at them), unless it was changed here after the newest entity of the file, or the file
gives no times, in which case it is kept and reported likewise. Organisations, programmes and
channels that are not in the file have no retired state; they are left as they are and listed.
A topic row keeps no time of its own (its time is its label's), and retiring, merging or
reordering topics changes no time; so a topic that differs from the file at an *equal* time is a
conflict too (kept, reported).

Written rows take the file's ``updated_at``, so importing the same file again changes nothing and
a later export shows the file's times. Limitation: the rule compares times, so an entity edited
both here and at the file's source, with the source's edit the later one, is replaced; telling
that apart needs the time of the last import kept per row.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

from desk_app.domain.catalogue_document import (
    CatalogueDocument,
    ChannelEntry,
    OrganisationEntry,
    ProgrammeEntry,
    ServiceEntry,
    TopicEntry,
    parse_document,
)
from desk_app.domain.catalogue_document_write import KINDS, changed_fields, dump_document
from desk_app.domain.codes import ServiceStatus
from desk_app.domain.errors import SeedError, UntrustedInputError
from desk_app.domain.safe_json import loads_untrusted
from desk_app.domain.staff import StaffSession
from desk_app.i18n import _, ngettext
from desk_app.services import audit
from desk_app.services.dto import NO_CHANGES, Changes
from desk_app.services.unit_of_work import UnitOfWorkFactory

MAX_CODES_SHOWN = 30
"""Codes listed on one report line; the rest are counted."""


class CatalogueSyncRepo(Protocol):
    """What these use cases need of the database (desk_app.db's implementation)."""

    def read_document(self) -> CatalogueDocument: ...
    def write_topics(self, entries: Sequence[TopicEntry], now: dt.datetime) -> None: ...
    def write_organisations(
        self, entries: Sequence[OrganisationEntry], now: dt.datetime
    ) -> None: ...
    def write_programmes(self, entries: Sequence[ProgrammeEntry], now: dt.datetime) -> None: ...
    def write_channels(self, entries: Sequence[ChannelEntry], now: dt.datetime) -> None: ...
    def write_services(self, entries: Sequence[ServiceEntry], now: dt.datetime) -> None: ...
    def retire_services(self, codes: Sequence[str], updated_at: dt.datetime) -> None: ...
    def retire_topics(self, codes: Sequence[str], day: dt.date) -> None: ...


# -- the plan (a DTO for the CLI and the admin window) ---------------------------------------


@dataclass(frozen=True)
class EntityChange:
    """One entity the import changes (or would, but keeps for a local edit)."""

    code: str
    fields: tuple[str, ...]
    retire: bool = False  # a conflict: the file no longer has it, but it was edited here


@dataclass(frozen=True)
class KindPlan:
    """What the import does to one kind of entity; ``kind`` is the document's key
    (``services``)."""

    kind: str
    added: tuple[str, ...] = ()
    changed: tuple[EntityChange, ...] = ()
    retired: tuple[str, ...] = ()
    conflicts: tuple[EntityChange, ...] = ()
    not_in_file: tuple[str, ...] = ()  # kinds with no retired state, left as they are


@dataclass(frozen=True)
class ImportPlan:
    kinds: tuple[KindPlan, ...]
    overwrite_local: bool = False
    applied: bool = False

    def of(self, kind: str) -> KindPlan:
        return next(k for k in self.kinds if k.kind == kind)

    @property
    def has_writes(self) -> bool:
        """Whether applying it changes the database."""
        return any(
            k.added or k.changed or k.retired or (self.overwrite_local and k.conflicts)
            for k in self.kinds
        )

    @property
    def changes(self) -> Changes:
        """What the UI should refresh after it was applied."""
        return Changes(catalogue=True) if self.applied and self.has_writes else NO_CHANGES

    def report_lines(self) -> list[str]:
        """Plain lines for a desk admin: "Would add 3 services: A, B, C", then changes,
        retirements and kept local edits (past tense once applied)."""
        return _report(self)


def _things(kind: str, count: int) -> str:
    """The kind's noun for ``count`` of them, translated."""
    nouns = {
        "topics": ngettext("topic", "topics", count),
        "organisations": ngettext("organisation", "organisations", count),
        "programmes": ngettext("programme", "programmes", count),
        "channels": ngettext("channel", "channels", count),
        "services": ngettext("service", "services", count),
    }
    return nouns[kind]


def _codes(codes: Sequence[str]) -> str:
    shown = ", ".join(codes[:MAX_CODES_SHOWN])
    if len(codes) > MAX_CODES_SHOWN:
        more = len(codes) - MAX_CODES_SHOWN
        shown += " " + _("and {count} more").format(count=more)
    return shown


def _templates(done: bool, overwrite: bool) -> dict[str, str]:
    """The report's sentences, in the past tense once the import is applied."""
    if done:
        lines = {
            "add": _("Added {count} {things}: {codes}"),
            "change": _("Changed {thing} {code}: {fields}"),
            "retire": _("Retired {count} {things}: {codes}"),
        }
    else:
        lines = {
            "add": _("Would add {count} {things}: {codes}"),
            "change": _("Would change {thing} {code}: {fields}"),
            "retire": _("Would retire {count} {things}: {codes}"),
        }
    if overwrite and done:
        lines["conflict"] = _("Replaced the local edits of {thing} {code}: {fields}")
        lines["kept"] = _("Retired {thing} {code}, though it was edited here after the file")
    elif overwrite:
        lines["conflict"] = _("Would replace the local edits of {thing} {code}: {fields}")
        lines["kept"] = _("Would retire {thing} {code}, though it was edited here after the file")
    else:
        lines["conflict"] = _(
            "Kept the local edits of {thing} {code}: {fields} "
            "(use --overwrite-local to replace them)"
        )
        lines["kept"] = _(
            "Kept {thing} {code}: the file does not have it, but it was edited here after the "
            "file (use --overwrite-local to retire it)"
        )
    lines["absent"] = _("Not in the file, left as they are: {count} {things}: {codes}")
    return lines


def _report(plan: ImportPlan) -> list[str]:
    say = _templates(plan.applied, plan.overwrite_local)

    def many(template: str, kind: str, codes: Sequence[str]) -> str:
        return say[template].format(
            count=len(codes), things=_things(kind, len(codes)), codes=_codes(codes)
        )

    def one(template: str, kind: str, change: EntityChange) -> str:
        return say[template].format(
            thing=_things(kind, 1), code=change.code, fields=", ".join(change.fields)
        )

    lines = [many("add", k.kind, k.added) for k in plan.kinds if k.added]
    lines += [one("change", k.kind, c) for k in plan.kinds for c in k.changed]
    lines += [many("retire", k.kind, k.retired) for k in plan.kinds if k.retired]
    lines += [
        one("kept" if c.retire else "conflict", k.kind, c) for k in plan.kinds for c in k.conflicts
    ]
    lines += [many("absent", k.kind, k.not_in_file) for k in plan.kinds if k.not_in_file]
    if not any(k.added or k.changed or k.retired or k.conflicts for k in plan.kinds):
        lines.insert(0, _("The database already matches the file: nothing to change."))
    return lines


# -- export ----------------------------------------------------------------------------------


def export_document(uow_factory: UnitOfWorkFactory) -> CatalogueDocument:
    """The whole catalogue as a version-2 document (one read unit of work)."""
    with uow_factory() as uow:
        return uow.catalogue_sync.read_document()


def export_json(uow_factory: UnitOfWorkFactory) -> bytes:
    """The whole catalogue as our versioned JSON: UTF-8, keys and entities sorted, the same
    bytes for the same catalogue."""
    return dump_document(export_document(uow_factory))


# -- import ----------------------------------------------------------------------------------


def read_import(data: bytes) -> CatalogueDocument:
    """Decode and validate an import file's bytes; ``UntrustedInputError`` names the first
    problem (its JSON path for a wrong type, a duplicate code or an unknown reference)."""
    raw = loads_untrusted(data)
    try:
        return parse_document(raw)
    except SeedError as exc:
        raise UntrustedInputError(
            _("The file is not a catalogue this app can import: {problem}").format(problem=exc)
        ) from exc


@dataclass
class _Work:
    """What applying a plan writes: entries per kind, codes to retire, and their time."""

    writes: dict[str, list[Any]] = field(default_factory=dict)
    retire_services: list[str] = field(default_factory=list)
    retire_topics: list[str] = field(default_factory=list)
    retired_at: dt.datetime | None = None


def _is_local_newer(
    local: dt.datetime | None, file: dt.datetime | None, *, timeless: bool = False
) -> bool:
    """The rule for local edits: changed here after the file's version, or the file gives no
    time. ``timeless``: the entity's time does not see every edit (a topic's retirement, merge
    and order change no time), so an equal time counts as a local edit too."""
    if file is None:
        return True
    if local is None:
        return False
    return local >= file if timeless else local > file


def _is_retired(entry: Any) -> bool:
    if isinstance(entry, ServiceEntry):
        return entry.status is ServiceStatus.RETIRED
    if isinstance(entry, TopicEntry):
        return entry.retired_on is not None
    return False


def _plan(
    db: CatalogueDocument, file: CatalogueDocument, overwrite_local: bool
) -> tuple[ImportPlan, _Work]:
    work = _Work(retired_at=file.latest_change())
    kinds = []
    for key, write in KINDS:
        here = {entry.code: entry for entry in getattr(db, key)}
        there = getattr(file, key)
        added, changed, conflicts, to_write = [], [], [], []
        for entry in there:
            old = here.get(entry.code)
            if old is None:
                added.append(entry.code)
                to_write.append(entry)
                continue
            fields = changed_fields(write(old), write(entry))
            if not fields:
                continue
            timeless = key == "topics"
            if _is_local_newer(old.record.updated_at, entry.record.updated_at, timeless=timeless):
                conflicts.append(EntityChange(entry.code, fields))
                if overwrite_local:
                    to_write.append(entry)
            else:
                changed.append(EntityChange(entry.code, fields))
                to_write.append(entry)
        in_file = {entry.code for entry in there}
        retired, not_in_file = [], []
        for code in sorted(set(here) - in_file):
            old = here[code]
            if key not in ("services", "topics"):
                not_in_file.append(code)
            elif _is_retired(old):
                continue
            elif _is_local_newer(old.record.updated_at, work.retired_at):
                conflicts.append(EntityChange(code, (), retire=True))
                if overwrite_local:
                    retired.append(code)
            else:
                retired.append(code)
        work.writes[key] = to_write
        if key == "services":
            work.retire_services = retired
        elif key == "topics":
            work.retire_topics = retired
        kept = {c.code for c in conflicts if c.retire}
        kinds.append(
            KindPlan(
                kind=key,
                added=tuple(sorted(added)),
                changed=tuple(sorted(changed, key=lambda c: c.code)),
                retired=tuple(c for c in retired if c not in kept),
                conflicts=tuple(sorted(conflicts, key=lambda c: c.code)),
                not_in_file=tuple(not_in_file),
            )
        )
    return ImportPlan(tuple(kinds), overwrite_local=overwrite_local), work


def plan_import(
    uow_factory: UnitOfWorkFactory, data: bytes, *, overwrite_local: bool = False
) -> ImportPlan:
    """What importing ``data`` would do; reads the database and writes nothing."""
    document = read_import(data)
    with uow_factory() as uow:
        current = uow.catalogue_sync.read_document()
    return _plan(current, document, overwrite_local)[0]


def apply_import(
    uow_factory: UnitOfWorkFactory,
    data: bytes,
    *,
    overwrite_local: bool = False,
    now: dt.datetime | None = None,
    session: StaffSession | None = None,
) -> ImportPlan:
    """Import ``data`` in one write unit of work (all of it or nothing) and say what it did.

    The plan is made again inside the write transaction, so it describes the database it is
    applied to even if another desk wrote in between.
    """
    document = read_import(data)
    now = now or dt.datetime.now(dt.UTC)
    with uow_factory(write=True) as uow:
        repo = uow.catalogue_sync
        plan, work = _plan(repo.read_document(), document, overwrite_local)
        if plan.has_writes:
            # Referred before referring: a service's topics, organisation, programme and
            # channels exist by the time it is written.
            if work.writes["topics"]:
                repo.write_topics(work.writes["topics"], now)
            if work.writes["organisations"]:
                repo.write_organisations(work.writes["organisations"], now)
            if work.writes["programmes"]:
                repo.write_programmes(work.writes["programmes"], now)
            if work.writes["channels"]:
                repo.write_channels(work.writes["channels"], now)
            if work.writes["services"]:
                repo.write_services(work.writes["services"], now)
            if work.retire_services:
                repo.retire_services(work.retire_services, work.retired_at or now)
            if work.retire_topics:
                repo.retire_topics(work.retire_topics, now.date())
            audit.record(uow, session, "catalogue.import", audit.CATALOGUE, None)
            uow.commit()
    return ImportPlan(plan.kinds, overwrite_local=overwrite_local, applied=True)
