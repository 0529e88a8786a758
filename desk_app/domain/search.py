"""Finder matching: tolerant, multilingual text search over services, ranked for the desk.

Text is folded before comparing: case-folded and stripped of diacritics, so "tyottomyys" finds
"työttömyys" and "angest" finds "ångest". Every word of the query must match somewhere (a prefix of
a word scores more than a match inside one); fields weigh differently (a name outranks a
description). Results are ranked by how many of the visit's topics a service covers, then text
relevance, then whether it is open now, then name.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache

from desk_app.domain.texts import Texts

_WORD = re.compile(r"\w+", re.UNICODE)
FIELD_WEIGHTS = {
    "name": 8.0,
    "keywords": 4.0,
    "actor": 3.0,
    "topics": 3.0,
    "summary": 2.0,
    "description": 1.0,
}
PREFIX_BONUS = 2.0


@lru_cache(maxsize=65536)
def fold(text: str) -> str:
    """Lower-case without diacritics: "Työttömyys Ångest" → "tyottomyys angest"."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def query_words(query: str) -> tuple[str, ...]:
    return tuple(dict.fromkeys(_WORD.findall(fold(query))))


@dataclass(frozen=True)
class SearchDocument:
    """The folded searchable text of one service, field by field (all languages joined)."""

    code: str
    fields: Mapping[str, str]
    topic_codes: frozenset[str]
    everything: str = ""  # all fields joined: one find() per word rejects most documents

    def __post_init__(self) -> None:
        if not self.everything:
            object.__setattr__(self, "everything", "\n".join(self.fields.values()))

    @classmethod
    def build(
        cls,
        code: str,
        texts: Mapping[str, Texts],
        topic_codes: Iterable[str],
        topic_labels: Mapping[str, Texts],
    ) -> SearchDocument:
        topics = tuple(topic_codes)
        fields = {name: fold(t.all_text()) for name, t in texts.items() if name in FIELD_WEIGHTS}
        fields["topics"] = fold(
            " ".join(topic_labels[c].all_text() for c in topics if c in topic_labels)
        )
        return cls(code, fields, frozenset(topics))


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
            position = text.find(word)
            if position < 0:
                continue
            weight = FIELD_WEIGHTS[field]
            at_word_start = position == 0 or not text[position - 1].isalnum()
            if not at_word_start:
                # Look for a later occurrence at a word start before settling for the inner one.
                at_word_start = re.search(r"(?<!\w)" + re.escape(word), text) is not None
            score = weight * (PREFIX_BONUS if at_word_start else 1.0)
            best = max(best, score)
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
    """Matching services, best first. An empty query matches everything (ranked by topics)."""
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
