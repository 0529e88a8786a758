"""Finder matching: tolerant, multilingual text search over services, ranked for the desk.

Text is folded before comparing: case-folded and stripped of diacritics, so "tyottomyys" finds
"työttömyys" and "angest" finds "ångest". Every word of the query must match somewhere (a prefix of
a word scores more than a match inside one); fields weigh differently (a name outranks a
description). Results are ranked by how many of the visit's topics a service covers, then text
relevance, then whether it is open now, then name.

Two implementations share these rules. ``rank`` over ``SearchDocument``s here is the plain one: it
scores every document on every call. ``search_index.ServiceIndex`` is what the finder calls on
every keystroke; ``tests/unit/test_search.py`` checks that both agree.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from functools import lru_cache

from desk_app.domain.catalogue import ServiceSummary
from desk_app.domain.codes import ServiceStatus
from desk_app.domain.texts import Texts

_WORD = re.compile(r"\w+", re.UNICODE)
_NON_WORD = re.compile(r"\W+", re.UNICODE)
FIELD_WEIGHTS = {
    "name": 8.0,
    "keywords": 4.0,
    "actor": 3.0,
    "topics": 3.0,
    "summary": 2.0,
    "description": 1.0,
}
PREFIX_BONUS = 2.0
SCORE_SCALE = 4
"""``ServiceIndex`` keeps scores as integers in quarters: weights must be multiples of 0.25."""


@lru_cache(maxsize=1)
def _combining_marks() -> re.Pattern[str]:
    """Runs of combining marks of the Basic Multilingual Plane, as one character class."""
    ranges: list[list[int]] = []
    for code in range(0x300, 0x10000):
        if unicodedata.combining(chr(code)):
            if ranges and ranges[-1][1] == code - 1:
                ranges[-1][1] = code
            else:
                ranges.append([code, code])
    parts = "".join(
        re.escape(chr(a)) + ("-" + re.escape(chr(b)) if b > a else "") for a, b in ranges
    )
    return re.compile(f"[{parts}]+")


def _fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    if decomposed.isascii():
        return decomposed
    if max(decomposed) > "\uffff":  # rare: marks beyond the BMP, the slow exact way
        return "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return _combining_marks().sub("", decomposed)


@lru_cache(maxsize=65536)
def fold(text: str) -> str:
    """Lower-case without diacritics: "Työttömyys Ångest" → "tyottomyys angest"."""
    return _fold(text)


def searchable(text: str) -> str:
    """Folded text as the matcher stores it: every run of non-word characters is one space and a
    space leads, so ``" " + word in text`` tells whether some word of the text starts with it."""
    return " " + _NON_WORD.sub(" ", _fold(text)).strip()


def query_words(query: str) -> tuple[str, ...]:
    return tuple(dict.fromkeys(_WORD.findall(fold(query))))


@dataclass(frozen=True)
class SearchDocument:
    """The folded searchable text of one service, field by field (all languages joined)."""

    code: str
    fields: Mapping[str, str]
    topic_codes: frozenset[str]
    everything: str = ""  # all fields joined: one ``in`` per word rejects most documents

    def __post_init__(self) -> None:
        if not self.everything:
            object.__setattr__(self, "everything", "".join(self.fields.values()))

    @classmethod
    def build(
        cls,
        code: str,
        texts: Mapping[str, Texts],
        topic_codes: Iterable[str],
        topic_labels: Mapping[str, Texts],
    ) -> SearchDocument:
        topics = tuple(topic_codes)
        fields = {
            name: searchable(t.all_text()) for name, t in texts.items() if name in FIELD_WEIGHTS
        }
        fields["topics"] = searchable(
            " ".join(topic_labels[c].all_text() for c in topics if c in topic_labels)
        )
        return cls(code, fields, frozenset(topics))

    @classmethod
    def from_service(
        cls, service: ServiceSummary, topic_labels: Mapping[str, Texts]
    ) -> SearchDocument:
        """The searchable fields of a service: name, summary, description, keywords, actor name
        and the labels of its topics, every language of each."""
        texts = {
            "name": service.name,
            "summary": service.summary,
            "description": service.description,
            "keywords": service.keywords,
            "actor": service.organisation_name,
        }
        return cls.build(service.code, texts, service.topic_codes, topic_labels)


def text_score(doc: SearchDocument, words: Sequence[str]) -> float:
    """0 when some word matches nowhere; otherwise the weighted sum of the best match per word."""
    if not words:
        return 0.0
    if not all(word in doc.everything for word in words):
        return 0.0
    total = 0.0
    for word in words:
        best = 0.0
        for field, text in doc.fields.items():
            if word not in text:
                continue
            at_word_start = " " + word in text
            best = max(best, FIELD_WEIGHTS[field] * (PREFIX_BONUS if at_word_start else 1.0))
        if best == 0.0:
            return 0.0
        total += best
    return total


@dataclass(frozen=True)
class Ranked:
    code: str
    topic_matches: int
    relevance: float
    open_now: bool


def rank(
    docs: Sequence[SearchDocument],
    query: str,
    topics: Iterable[str] = (),
    open_now: Mapping[str, bool] | None = None,
    names: Mapping[str, str] | None = None,
) -> list[Ranked]:
    """Matching services, best first. An empty query matches everything (ranked by topics).

    The plain full scan: every document is scored on every call. The finder uses
    ``ServiceIndex``, which gives the same order faster; the benchmark compares the two.
    """
    words = query_words(query)
    wanted = frozenset(topics)
    open_now = open_now or {}
    names = names or {}
    result = []
    for doc in docs:
        relevance = text_score(doc, words) if words else 0.0
        if words and relevance == 0.0:
            continue
        result.append(
            Ranked(
                doc.code, len(doc.topic_codes & wanted), relevance, open_now.get(doc.code, False)
            )
        )
    result.sort(
        key=lambda r: (
            -r.topic_matches,
            -r.relevance,
            not r.open_now,
            fold(names.get(r.code, r.code)),
        )
    )
    return result


# --- what the finder lists -------------------------------------------------------------------


class Availability(StrEnum):
    """Whether the finder lists a service today."""

    CURRENT = "current"  # published and valid today: listed by default
    ENDED = "ended"  # validity over, or retired: listed only when asked for
    UPCOMING = "upcoming"  # valid from a later day: listed only when asked for
    DRAFT = "draft"  # not published: never listed


def availability(service: ServiceSummary, today: dt.date) -> Availability:
    if service.status is ServiceStatus.DRAFT:
        return Availability.DRAFT
    if service.status is ServiceStatus.RETIRED or service.has_ended(today):
        return Availability.ENDED
    if service.valid_from is not None and service.valid_from > today:
        return Availability.UPCOMING
    return Availability.CURRENT


@dataclass(frozen=True)
class FinderFilters:
    """The finder's filters; the defaults list every current service."""

    open_now: bool = False
    organisation: str | None = None  # organisation (actor) code
    language: str | None = None  # a language the service is given in
    show_ended: bool = False  # also ended and not-yet-valid services


NO_FILTERS = FinderFilters()
