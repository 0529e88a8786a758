"""The taxonomy and the actors: topics (add, rename, reorder, retire, merge), organisations and
programmes, for the catalogue admin screens and the statistics.

Topic codes never change, and visits are never rewritten: a visit keeps the topic id the desk
recorded. Renaming changes labels only, so reports show the current name; merging A into B marks
A as merged (and retired) and moves A's services to B, and reports map A's visits to B through
``current_topic_map`` (in Python) or ``desk_app.db.repo_taxonomy.visit_topics_current`` (in
SQL). So figures across years stay comparable whatever the taxonomy went through.

Every write is one short transaction; a ``ValidationError`` names the form field at fault and
nothing is written.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable, Mapping, Sequence
from typing import Protocol
from zoneinfo import ZoneInfo

from desk_app.domain.catalogue import Programme
from desk_app.domain.errors import NotFoundError, ValidationError
from desk_app.domain.staff import Permission
from desk_app.domain.taxonomy_rules import (
    MergePreview,
    OrganisationDraft,
    OrganisationEntry,
    ProgrammeDraft,
    TopicDraft,
    TopicEntry,
    check_merge,
    check_ptv_classes,
    resolve_merges,
)
from desk_app.domain.texts import Texts
from desk_app.i18n import _
from desk_app.services import audit
from desk_app.services.access import Access
from desk_app.services.staleness import StalenessReport, staleness_report
from desk_app.services.unit_of_work import UnitOfWork, UnitOfWorkFactory
from desk_app.services.visits import day_bounds

log = logging.getLogger(__name__)

HELSINKI = ZoneInfo("Europe/Helsinki")
EDITED_LANGUAGES = ("fi", "sv", "en")
"""The languages the admin forms edit; texts in other languages (uk, ru …) are left alone."""


class TaxonomyRepo(Protocol):
    """What these use cases need of the database (desk_app.db's implementation)."""

    # topics
    def merge_links(self) -> dict[str, tuple[str, str | None]]: ...
    def topic_entries(self) -> list[TopicEntry]: ...
    def topic_codes(self) -> set[str]: ...
    def add_topic(self, draft: TopicDraft, now: dt.datetime) -> None: ...
    def update_topic(
        self,
        code: str,
        label: Texts,
        languages: Sequence[str],
        ptv_classes: Sequence[str],
        now: dt.datetime,
    ) -> bool | None: ...
    def set_topic_order(self, codes: Sequence[str]) -> None: ...
    def set_topic_retired(self, code: str, day: dt.date | None) -> bool: ...
    def merge_preview(self, source: str, target: str) -> MergePreview: ...
    def merge_topic(self, source: str, target: str, day: dt.date, now: dt.datetime) -> int: ...
    def topic_counts(
        self, start: dt.datetime, end: dt.datetime, include_demo: bool = True
    ) -> dict[str, int]: ...

    # organisations and programmes
    def organisation_entries(self) -> list[OrganisationEntry]: ...
    def organisation_codes(self) -> set[str]: ...
    def save_organisation(
        self, draft: OrganisationDraft, languages: Sequence[str], now: dt.datetime
    ) -> bool: ...
    def programme_entries(self) -> list[Programme]: ...
    def programme_codes(self) -> set[str]: ...
    def save_programme(
        self, draft: ProgrammeDraft, languages: Sequence[str], now: dt.datetime
    ) -> bool | None: ...

    # staleness (desk_app.services.staleness)
    def services_not_checked_since(
        self, cutoff: dt.date, today: dt.date
    ) -> list[tuple[str, Texts, str, dt.date | None]]: ...
    def older_translations(
        self, today: dt.date
    ) -> list[tuple[str, str, str, str, dt.datetime, str, dt.datetime]]: ...


def current_topic_map(uow: UnitOfWork) -> dict[str, str]:
    """{topic id: the id of the topic its visits count under now}, for every topic.

    Follows merge chains (A → B → C maps A and B to C); a cycle or a dangling link in the data
    raises ``DatabaseError`` (the use cases never write one).
    """
    links = uow.taxonomy.merge_links()
    return resolve_merges(
        {topic_id: target for topic_id, (_code, target) in links.items()},
        {topic_id: code for topic_id, (code, _target) in links.items()},
    )


def _utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


class TaxonomyAdmin:
    """The taxonomy admin use cases bound to one database (built like ``DeskService``)."""

    def __init__(
        self,
        uow_factory: UnitOfWorkFactory,
        clock: Callable[[], dt.datetime] = _utcnow,
        tz: ZoneInfo = HELSINKI,
        *,
        access: Access | None = None,
    ) -> None:
        self._uow = uow_factory
        self._clock = clock
        self.tz = tz
        self._access = access or Access.system()

    def _authorise(self, action: str) -> None:
        """Every use case asks here first: the taxonomy and staleness pages are for admins."""
        self._access.require(Permission.EDIT_CATALOGUE)

    def _audit(self, uow: UnitOfWork, kind: str, code: str) -> None:
        """One audit row per saved change, in the change's own transaction; the record id
        names what changed ("topic:JOB", "organisation:…", "topics:order")."""
        record_id = f"{kind}:{code}"[:80]
        audit.record(uow, self._access.session, "catalogue.save", audit.CATALOGUE, record_id)

    def now(self) -> dt.datetime:
        return self._clock()

    def today(self) -> dt.date:
        return self.now().astimezone(self.tz).date()

    # -- topics --------------------------------------------------------------------------------

    def topics(self) -> list[TopicEntry]:
        """Every topic in sort order, retired and merged ones included (see ``is_active``)."""
        self._authorise("topics")
        with self._uow() as uow:
            return uow.taxonomy.topic_entries()

    def topic(self, code: str) -> TopicEntry:
        self._authorise("topic")
        with self._uow() as uow:
            return _find_topic(uow, code)

    def add_topic(self, draft: TopicDraft) -> str:
        """Add a topic (after the last one unless the draft says where); its stored code."""
        self._authorise("add_topic")
        with self._uow(write=True) as uow:
            clean = draft.validated(uow.taxonomy.topic_codes())
            uow.taxonomy.add_topic(clean, self.now())
            self._audit(uow, "topic", clean.code)
            uow.commit()
        log.info("topic %s added", clean.code)
        return clean.code

    def rename_topic(
        self, code: str, label: Mapping[str, str], ptv_classes: Sequence[str] | None = None
    ) -> bool:
        """New labels (fi required; sv and en optional, an empty one is removed) and, if given,
        PTV classes. The code stays, so every visit keeps its topic and reports show the new
        name. Whether anything changed."""
        self._authorise("rename_topic")
        texts = TopicDraft(code, Texts(dict(label))).validated().label
        with self._uow(write=True) as uow:
            entry = _find_topic(uow, code)
            classes = entry.ptv_classes if ptv_classes is None else check_ptv_classes(ptv_classes)
            changed = uow.taxonomy.update_topic(
                entry.code, texts, EDITED_LANGUAGES, classes, self.now()
            )
            self._audit(uow, "topic", entry.code)
            uow.commit()
        if changed:
            log.info("topic %s renamed or reclassified", entry.code)
        return bool(changed)

    def reorder_topics(self, codes: Sequence[str]) -> None:
        """Put the topics in the order of ``codes`` (the intake's chips and number keys follow
        it); topics not named keep their place after them."""
        self._authorise("reorder_topics")
        with self._uow(write=True) as uow:
            known = uow.taxonomy.topic_codes()
            unknown = [c for c in codes if c not in known]
            if unknown:
                raise NotFoundError(_("No topic with the code {code}.").format(code=unknown[0]))
            rest = [e.code for e in uow.taxonomy.topic_entries() if e.code not in set(codes)]
            uow.taxonomy.set_topic_order([*dict.fromkeys(codes), *rest])
            self._audit(uow, "topics", "order")
            uow.commit()

    def move_topic(self, code: str, offset: int) -> bool:
        """Move one topic ``offset`` places up (negative) or down among all topics; False at
        either end."""
        self._authorise("move_topic")
        with self._uow(write=True) as uow:
            codes = [e.code for e in uow.taxonomy.topic_entries()]
            if code not in codes:
                raise NotFoundError(_("No topic with the code {code}.").format(code=code))
            old = codes.index(code)
            new = max(0, min(len(codes) - 1, old + offset))
            if new == old:
                return False
            codes.insert(new, codes.pop(old))
            uow.taxonomy.set_topic_order(codes)
            self._audit(uow, "topic", code)
            uow.commit()
        return True

    def retire_topic(self, code: str) -> bool:
        """Retire a topic today: the intake no longer offers it, old visits keep it. False
        when it was retired already."""
        self._authorise("retire_topic")
        with self._uow(write=True) as uow:
            entry = _find_topic(uow, code)
            if entry.retired_on is not None:
                return False
            uow.taxonomy.set_topic_retired(entry.code, self.today())
            self._audit(uow, "topic", entry.code)
            uow.commit()
        log.info("topic %s retired", entry.code)
        return True

    def unretire_topic(self, code: str) -> bool:
        """Bring a retired topic back into use. A merged topic cannot come back: its services
        were moved and its visits are counted under the other topic."""
        self._authorise("unretire_topic")
        with self._uow(write=True) as uow:
            entry = _find_topic(uow, code)
            if entry.merged_into is not None:
                raise ValidationError(
                    _("{code} was merged into {target} and cannot be brought back.").format(
                        code=entry.code, target=entry.merged_into
                    ),
                    field="retired",
                )
            if entry.retired_on is None:
                return False
            uow.taxonomy.set_topic_retired(entry.code, None)
            self._audit(uow, "topic", entry.code)
            uow.commit()
        log.info("topic %s back in use", entry.code)
        return True

    def merge_preview(self, source: str, target: str) -> MergePreview:
        """What merging ``source`` into ``target`` would do; ``ValidationError`` if it may not."""
        self._authorise("merge_preview")
        with self._uow() as uow:
            source_entry, target_entry = _find_topic(uow, source), _find_topic(uow, target)
            check_merge(source_entry, target_entry)
            return uow.taxonomy.merge_preview(source_entry.code, target_entry.code)

    def merge_topic(self, source: str, target: str) -> MergePreview:
        """Merge ``source`` into ``target`` (a topic in use, not itself): the source's services
        are linked to the target, the source is retired today and counted as the target from
        now on, in every report, for its earlier visits too. Visits are not rewritten. What was
        done."""
        self._authorise("merge_topic")
        with self._uow(write=True) as uow:
            source_entry, target_entry = _find_topic(uow, source), _find_topic(uow, target)
            check_merge(source_entry, target_entry)
            done = uow.taxonomy.merge_preview(source_entry.code, target_entry.code)
            uow.taxonomy.merge_topic(source_entry.code, target_entry.code, self.today(), self.now())
            current_topic_map(uow)  # refuse (roll back) anything that would not resolve
            self._audit(uow, "topic", f"{source_entry.code}>{target_entry.code}")
            uow.commit()
        log.info("topic %s merged into %s", done.source, done.target)
        return done

    def topic_counts(
        self, from_day: dt.date, to_day: dt.date, include_demo: bool = True
    ) -> dict[str, int]:
        """{current topic code: visitors} of the visits on ``from_day`` … ``to_day`` (local
        days, inclusive). A merged topic's visits count under the topic it was merged into; a
        visit about several topics counts once under each (once in all when two of them were
        merged into one); a tally counts its visitors. Topics without visits are absent."""
        self._authorise("topic_counts")
        if to_day < from_day:
            raise ValidationError(_("The end date is before the start date."), field="to_day")
        start, _end = day_bounds(from_day, self.tz)
        _start, end = day_bounds(to_day, self.tz)
        with self._uow() as uow:
            current_topic_map(uow)  # a cycle in the data is reported, not silently dropped
            return uow.taxonomy.topic_counts(start, end, include_demo)

    # -- organisations -------------------------------------------------------------------------

    def organisations(self) -> list[OrganisationEntry]:
        self._authorise("organisations")
        with self._uow() as uow:
            return uow.taxonomy.organisation_entries()

    def save_organisation(self, draft: OrganisationDraft, *, new: bool) -> str:
        """Add (``new``) or edit an organisation; its code is set when it is added and never
        changes. The stored code."""
        self._authorise("save_organisation")
        with self._uow(write=True) as uow:
            codes = uow.taxonomy.organisation_codes()
            clean = draft.validated(self.today(), codes if new else ())
            if not new and clean.code not in codes:
                raise NotFoundError(
                    _("No organisation with the code {code}.").format(code=clean.code)
                )
            changed = uow.taxonomy.save_organisation(clean, EDITED_LANGUAGES, self.now())
            self._audit(uow, "organisation", clean.code)
            uow.commit()
        if changed:
            log.info("organisation %s %s", clean.code, "added" if new else "edited")
        return clean.code

    # -- programmes ----------------------------------------------------------------------------

    def programmes(self) -> list[Programme]:
        """Every programme, ended ones included, by code."""
        self._authorise("programmes")
        with self._uow() as uow:
            return uow.taxonomy.programme_entries()

    def save_programme(self, draft: ProgrammeDraft, *, new: bool) -> str:
        """Add (``new``) or edit a programme; its code never changes. The stored code."""
        self._authorise("save_programme")
        with self._uow(write=True) as uow:
            codes = uow.taxonomy.programme_codes()
            clean = draft.validated(codes if new else ())
            if not new and clean.code not in codes:
                raise NotFoundError(_("No programme with the code {code}.").format(code=clean.code))
            changed = uow.taxonomy.save_programme(clean, EDITED_LANGUAGES, self.now())
            if changed is None:
                raise ValidationError(
                    _("No organisation with the code {code}.").format(code=clean.organisation_code),
                    field="organisation",
                )
            self._audit(uow, "programme", clean.code)
            uow.commit()
        if changed:
            log.info("programme %s %s", clean.code, "added" if new else "edited")
        return clean.code

    # -- staleness -----------------------------------------------------------------------------

    def staleness(self, months: int) -> StalenessReport:
        """Services not checked in ``months`` months and stale translations, as of today."""
        self._authorise("staleness")
        return staleness_report(self._uow, self.today(), months)


def _find_topic(uow: UnitOfWork, code: str) -> TopicEntry:
    wanted = code.strip().upper()
    for entry in uow.taxonomy.topic_entries():
        if entry.code == wanted:
            return entry
    raise NotFoundError(_("No topic with the code {code}.").format(code=wanted))
