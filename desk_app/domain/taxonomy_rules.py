"""The taxonomy and the actors as the admin screens edit them: drafts with their rules, the rows
the lists show, and how merged topics resolve.

Topic codes are stable: a visit points at a topic's id for ever, so renaming only changes the
labels, and merging A into B does not rewrite A's visits; instead A records ``merged_into`` B and
every report maps A to B (``resolve_merges``), following chains (A → B → C). The general field
rules (codes, web addresses, date ranges, Finnish text required) are ``catalogue_rules``'; this
module adds only what the taxonomy needs on top: the Finnish business id (Y-tunnus) with its
check digit, EURA 2021 project codes and PTV service classes.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Collection, Mapping
from dataclasses import dataclass, replace

from desk_app.domain.catalogue_rules import (
    check_code,
    check_date_range,
    check_finnish_text_required,
    check_length,
    check_texts,
    check_url,
)
from desk_app.domain.codes import OrganisationKind
from desk_app.domain.errors import DatabaseError, ValidationError
from desk_app.domain.texts import EMPTY_TEXTS, Texts
from desk_app.i18n import _, ngettext

MAX_LABEL = 200
"""A topic label is a chip and a table heading; names of actors and programmes a line."""
MAX_FUNDING_SOURCE = 120
MAX_PTV_CLASSES = 200

_BUSINESS_ID = re.compile(r"^(\d{6,7})-(\d)$")
_BUSINESS_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2)
_EURA_CODE = re.compile(r"^[A-Z]\d{5}$")
_PTV_CLASS = re.compile(r"^P\d{1,3}(\.\d{1,3})*$")


# -- field rules the catalogue rules do not have --------------------------------------------------


def business_id_problem(business_id: str) -> str | None:
    """A Finnish business id (Y-tunnus) is seven digits, a hyphen and a check digit
    ("0246246-0"); the check digit must match (weights 7, 9, 10, 5, 8, 4, 2, modulo 11)."""
    clean = business_id.strip()
    if not clean:
        return None
    match = _BUSINESS_ID.match(clean)
    if match is None:
        return _("A business id is seven digits, a hyphen and a check digit (0246246-0).")
    digits = match.group(1).rjust(7, "0")  # old six-digit ids had a leading zero dropped
    remainder = sum(int(d) * w for d, w in zip(digits, _BUSINESS_ID_WEIGHTS, strict=True)) % 11
    expected = 0 if remainder == 0 else 11 - remainder
    if remainder == 1 or int(match.group(2)) != expected:
        return _("The check digit of the business id does not match; check the number.")
    return None


def check_business_id(business_id: str | None, field: str = "business_id") -> str | None:
    """The id to store ("0246246-0", seven digits; None when empty), or ``ValidationError``."""
    clean = (business_id or "").strip()
    problem = business_id_problem(clean)
    if problem is not None:
        raise ValidationError(problem, field=field)
    return clean.rjust(9, "0") if clean else None


def eura_code_problem(code: str) -> str | None:
    """An EURA project code is a letter and five digits ("S22513")."""
    clean = code.strip().upper()
    if clean and not _EURA_CODE.match(clean):
        return _("An EURA project code is a letter and five digits (S22513).")
    return None


def check_eura_code(code: str | None, field: str = "eura_code") -> str | None:
    clean = (code or "").strip().upper()
    problem = eura_code_problem(clean)
    if problem is not None:
        raise ValidationError(problem, field=field)
    return clean or None


def parse_ptv_classes(text: str) -> tuple[str, ...]:
    """PTV service classes as typed: separated by spaces or commas ("P10.1, P10.7")."""
    return tuple(dict.fromkeys(c.upper() for c in re.split(r"[\s,;]+", text) if c))


def check_ptv_classes(classes: Collection[str], field: str = "ptv_classes") -> tuple[str, ...]:
    """PTV service classes look like "P10.1"; stored space-separated, so their length is
    bounded by the column."""
    clean = tuple(dict.fromkeys(c.strip().upper() for c in classes if c.strip()))
    bad = [c for c in clean if not _PTV_CLASS.match(c)]
    if bad:
        raise ValidationError(
            _("{value} is not a PTV service class (they look like P10.1).").format(value=bad[0]),
            field=field,
        )
    check_length(" ".join(clean), MAX_PTV_CLASSES, field)
    return clean


def _check_label(texts: Mapping[str, str], field: str) -> Texts:
    clean = check_finnish_text_required(texts, field)
    for lang, value in clean.items():
        check_length(value, MAX_LABEL, f"{field}.{lang}")
    return clean


def _check_name_and_description(name: Texts, description: Texts) -> tuple[Texts, Texts]:
    """An organisation's or a programme's name (a label: Finnish required, one line) and its
    description (optional, any length)."""
    return _check_label(name, "name"), check_texts(description, "description")


# -- drafts: what a form hands to the use cases ------------------------------------------------


@dataclass(frozen=True)
class TopicDraft:
    code: str
    label: Texts
    ptv_classes: tuple[str, ...] = ()
    sort_order: int | None = None
    """None: after the last topic."""

    def validated(self, taken_codes: Collection[str] = ()) -> TopicDraft:
        return replace(
            self,
            code=check_code(self.code, taken_codes),
            label=_check_label(self.label, "label"),
            ptv_classes=check_ptv_classes(self.ptv_classes),
        )


@dataclass(frozen=True)
class OrganisationDraft:
    code: str
    kind: str
    name: Texts
    description: Texts = EMPTY_TEXTS
    business_id: str | None = None
    url: str | None = None
    checked_on: dt.date | None = None

    def validated(self, today: dt.date, taken_codes: Collection[str] = ()) -> OrganisationDraft:
        """``taken_codes``: the codes of the other organisations (empty when editing)."""
        code = check_code(self.code, taken_codes)
        if self.kind not in set(OrganisationKind):
            raise ValidationError(
                _("Unknown kind of organisation: {kind}").format(kind=self.kind), field="kind"
            )
        name, description = _check_name_and_description(self.name, self.description)
        business_id = check_business_id(self.business_id)
        url = check_url(self.url)
        if self.checked_on is not None and self.checked_on > today:
            raise ValidationError(_("The date checked is in the future."), field="checked_on")
        return replace(
            self,
            code=code,
            kind=str(OrganisationKind(self.kind).value),
            name=name,
            description=description,
            business_id=business_id,
            url=url,
        )


@dataclass(frozen=True)
class ProgrammeDraft:
    code: str
    organisation_code: str
    name: Texts
    description: Texts = EMPTY_TEXTS
    funding_source: str | None = None
    eura_code: str | None = None
    valid_from: dt.date | None = None
    valid_to: dt.date | None = None

    def validated(self, taken_codes: Collection[str] = ()) -> ProgrammeDraft:
        code = check_code(self.code, taken_codes)
        organisation = self.organisation_code.strip().upper()
        if not organisation:
            raise ValidationError(
                _("Choose the organisation that runs the programme."), field="organisation"
            )
        name, description = _check_name_and_description(self.name, self.description)
        funding = check_length(self.funding_source, MAX_FUNDING_SOURCE, "funding_source")
        eura = check_eura_code(self.eura_code)
        check_date_range(self.valid_from, self.valid_to)
        return replace(
            self,
            code=code,
            organisation_code=organisation,
            name=name,
            description=description,
            funding_source=funding,
            eura_code=eura,
        )


# -- what the lists show -----------------------------------------------------------------------


@dataclass(frozen=True)
class TopicEntry:
    """One topic as the admin list shows it, retired and merged ones included."""

    code: str
    label: Texts
    ptv_classes: tuple[str, ...]
    sort_order: int
    retired_on: dt.date | None
    merged_into: str | None
    """The code of the topic this one was merged into (its direct target)."""
    current_code: str
    """Where visits of this topic are counted now: itself, or the end of its merge chain."""
    service_count: int = 0

    @property
    def is_active(self) -> bool:
        return self.retired_on is None and self.merged_into is None


@dataclass(frozen=True)
class OrganisationEntry:
    code: str
    kind: str
    name: Texts
    description: Texts
    business_id: str | None
    url: str | None
    checked_on: dt.date | None
    is_example: bool = False
    service_count: int = 0
    programme_count: int = 0


@dataclass(frozen=True)
class MergePreview:
    """What merging ``source`` into ``target`` would do, for the confirmation question."""

    source: str
    target: str
    services_moved: int
    """Services linked to the source that become linked to the target."""
    services_already_linked: int
    """Services linked to both: they keep the target and lose the source."""
    visits: int
    """Visit rows that point at the source (or at topics merged into it); they stay as they
    are and are counted under the target."""

    def question(self) -> str:
        """The confirmation of this merge, in plain words."""
        source, target = self.source, self.target
        moved, both, visits = self.services_moved, self.services_already_linked, self.visits
        lines = [
            _("Merge the topic {source} into {target}?").format(source=source, target=target),
            "",
            "• "
            + ngettext(
                "{n} service linked to {source} will be linked to {target} instead.",
                "{n} services linked to {source} will be linked to {target} instead.",
                moved,
            ).format(n=moved, source=source, target=target),
        ]
        if both:
            lines.append(
                "• "
                + ngettext(
                    "{n} service already linked to both keeps only {target}.",
                    "{n} services already linked to both keep only {target}.",
                    both,
                ).format(n=both, target=target)
            )
        lines += [
            "• "
            + ngettext(
                "{n} earlier visit stays as it was recorded; statistics count it under {target}, "
                "in earlier years too.",
                "{n} earlier visits stay as they were recorded; statistics count them under "
                "{target}, in earlier years too.",
                visits,
            ).format(n=visits, target=target),
            "• "
            + _(
                "{source} is retired: the intake no longer offers it. This cannot be undone."
            ).format(source=source),
        ]
        return "\n".join(lines)


# -- merging -----------------------------------------------------------------------------------


def resolve_merges(
    merged_into: Mapping[str, str | None], names: Mapping[str, str] | None = None
) -> dict[str, str]:
    """{topic: the topic it is counted as now}, following chains (A → B → C gives A: C).

    Keys are any stable handle of a topic (ids or codes). A chain that comes back on itself or
    leads to an unknown topic is refused with ``DatabaseError`` naming the topics (by
    ``names``, e.g. ids to codes, when given): counting such visits anywhere would be a guess.
    """

    def chain(keys: list[str]) -> str:
        return " → ".join((names or {}).get(key, key) for key in keys)

    resolved: dict[str, str] = {}
    for start in merged_into:
        path: list[str] = []
        seen: set[str] = set()
        key = start
        while True:
            if key in resolved:
                final = resolved[key]
                break
            if key in seen:
                raise DatabaseError(
                    _("Topics are merged into each other in a circle: {codes}").format(
                        codes=chain([*path, key])
                    )
                )
            if key not in merged_into:
                raise DatabaseError(
                    _("A topic is merged into a topic that does not exist: {codes}").format(
                        codes=chain([*path, key])
                    )
                )
            seen.add(key)
            path.append(key)
            target = merged_into[key]
            if target is None:
                final = key
                break
            key = target
        for step in path:
            resolved[step] = final
    return resolved


def check_merge(source: TopicEntry, target: TopicEntry) -> None:
    """A topic may be merged once, into a different topic that is still in use."""
    if source.code == target.code:
        raise ValidationError(_("A topic cannot be merged into itself."), field="merge_target")
    if source.merged_into is not None:
        raise ValidationError(
            _("{code} was already merged into {target}.").format(
                code=source.code, target=source.merged_into
            ),
            field="merge_target",
        )
    if target.merged_into is not None:
        raise ValidationError(
            _("{code} was merged into {target}; merge into {target} instead.").format(
                code=target.code, target=target.merged_into
            ),
            field="merge_target",
        )
    if target.retired_on is not None:
        raise ValidationError(
            _("{code} is retired; bring it back into use first, or choose another.").format(
                code=target.code
            ),
            field="merge_target",
        )
