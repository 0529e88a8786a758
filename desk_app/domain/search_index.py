"""The finder's search index: the matching and ranking rules of ``search`` at typing speed.

``search.rank`` states the rules and scores every service on every call. ``ServiceIndex`` gives
the same answer per keystroke over ten thousand services, in plain Python:

- **Folded once.** The index is built when the catalogue is loaded: every text folded, split
  into words, and each distinct word of the catalogue (its *vocabulary*) mapped to the services
  whose name, keywords, actor, topics, summary or description contain it (*postings*).
- **Sets of services are integers.** A set of rows is a Python ``int`` used as a bit set, so a
  union or an intersection over all services is one C-level operation. Rare words keep a short
  array of rows instead, which is smaller.
- **Words, not text.** A query word matches a field when it lies inside one of the field's words
  (it has no spaces), and at a word start when one of them starts with it. So a query word is
  looked up in the vocabulary, never in the services' text: its matching vocabulary words come
  from the shorter word typed a moment ago ("tyo" → "tyot"), or from the words containing its
  rarest pair of letters; their postings united field by field give, for each match tier (name
  at a word start, name, keywords at a word start, …, description), the services whose best
  match is there. Every single letter is worked out when the index is built (a first keystroke
  matches nearly everything), and so is every pair of letters in a big catalogue. Recent words
  are remembered, so Backspace costs nothing.
- **Filters and the order are cheap.** Filters are bit sets too, intersected before any scoring.
  A search takes its rows in (open now, name) order and sorts them stably by (topics,
  relevance), with keys looked up in C.
"""

from __future__ import annotations

import datetime as dt
from array import array
from bisect import bisect_left
from collections import OrderedDict, defaultdict, deque
from collections.abc import Iterable, Mapping, Sequence
from functools import reduce
from itertools import chain, compress, repeat
from operator import add, itemgetter, mul, or_

from desk_app.domain.catalogue import ServiceSummary
from desk_app.domain.search import (
    FIELD_WEIGHTS,
    NO_FILTERS,
    PREFIX_BONUS,
    SCORE_SCALE,
    Availability,
    FinderFilters,
    Ranked,
    SearchDocument,
    availability,
    fold,
    query_words,
    searchable,
)
from desk_app.domain.texts import Texts

FIELDS = tuple(FIELD_WEIGHTS)


def _tiers() -> tuple[tuple[int, bool, int], ...]:
    """(field number, at a word start?, points), from the best possible match to the weakest."""
    tiers = [
        (number, prefix, round(weight * (PREFIX_BONUS if prefix else 1.0) * SCORE_SCALE))
        for number, weight in enumerate(FIELD_WEIGHTS.values())
        for prefix in (True, False)
    ]
    return tuple(sorted(tiers, key=lambda t: -t[2]))


TIERS = _tiers()
POINTS = tuple(points for _field, _prefix, points in TIERS)
MAX_WORD_POINTS = POINTS[0]
_DIGIT_FLAGS = bytes.maketrans(b"01", b"\x00\x01")
_DIGIT_POINTS = {p: bytes.maketrans(b"01", bytes((0, p))) for p in set(POINTS)}
assert MAX_WORD_POINTS < 256, "a word's points must fit in a byte"


def flags_of(bits: int, count: int) -> bytes:
    """One byte per row, 1 for the rows in a bit set and 0 for the others."""
    return bin(bits)[:1:-1].encode("ascii").translate(_DIGIT_FLAGS).ljust(count, b"\x00")


def rows_of(bits: int) -> list[int]:
    """The rows in a bit set, ascending."""
    if not bits:
        return []
    flags = bin(bits)[:1:-1].encode("ascii").translate(_DIGIT_FLAGS)
    return list(compress(range(len(flags)), flags))


def bits_of(rows: Sequence[int], count: int) -> int:
    """A bit set of ``rows`` (each below ``count``)."""
    if not rows:
        return 0
    if len(rows) * 64 < count:  # few rows: set their bits one by one
        packed = bytearray((count + 7) // 8)
        for row in rows:
            packed[row >> 3] |= 1 << (row & 7)
        return int.from_bytes(packed, "little")
    digits = bytearray(b"0") * count
    deque(map(digits.__setitem__, rows, repeat(49)), maxlen=0)  # "1" at every row, in C
    return int(digits[::-1], 2)


class _WordMatch:
    """What one query word matches: the vocabulary words containing it, the rows it matches
    (a bit set), and per row the points of its best match (one byte per row, 0 for none)."""

    __slots__ = ("bits", "points", "vocabulary")

    def __init__(self, vocabulary: Sequence[int], tiers: Sequence[int], count: int) -> None:
        self.vocabulary = vocabulary
        self.bits = reduce(or_, tiers, 0)
        # The tiers are disjoint, so adding them as base-256 numbers puts each row's points in
        # its own byte without carries.
        total = 0
        for bits, points in zip(tiers, POINTS, strict=True):
            if bits:
                digits = bin(bits)[:1:-1].encode("ascii").translate(_DIGIT_POINTS[points])
                total += int.from_bytes(digits, "little")
        self.points = total.to_bytes(count, "little")


class ServiceIndex:
    """The finder's search over a fixed list of services, fast enough to run on every keystroke.

    Build it once per catalogue load; ``search`` returns row numbers into ``services``, best
    first, exactly as ``search.rank`` would order them. ``set_open_now`` updates the "open now"
    set without a rebuild. Not thread-safe: one index belongs to one finder.
    """

    WORD_CACHE_SIZE = 64
    PAIRS_AHEAD_FROM = 1000
    """From this many services on, every pair of letters is worked out when the index is built:
    over a big catalogue a second keystroke matches so many words that working it out while
    typing would cost more than a frame. Below it, on first use (a few milliseconds)."""
    DENSE_ROWS = 8
    """A word's rows in a field are kept as a bit set from this many rows on (or an eighth of
    the catalogue, if smaller); below it as an array, which is smaller."""

    def __init__(
        self,
        services: Sequence[ServiceSummary],
        topic_labels: Mapping[str, Texts],
        today: dt.date,
        name_language: str = "fi",
    ) -> None:
        self.services: tuple[ServiceSummary, ...] = tuple(services)
        self.today = today
        self._labels = dict(topic_labels)
        count = self._count = len(self.services)
        self._topics = [frozenset(s.topic_codes) for s in self.services]
        self._build_vocabulary(topic_labels)
        # Filters as bit sets.
        self.availability = tuple(availability(s, today) for s in self.services)
        self._current = bits_of(
            [r for r, a in enumerate(self.availability) if a is Availability.CURRENT], count
        )
        self._listed = bits_of(
            [r for r, a in enumerate(self.availability) if a is not Availability.DRAFT], count
        )
        by_organisation: dict[str, list[int]] = defaultdict(list)
        by_language: dict[str, list[int]] = defaultdict(list)
        for row, service in enumerate(self.services):
            by_organisation[service.organisation_code].append(row)
            for lang in service.languages:
                by_language[lang].append(row)
        self._organisations = {k: bits_of(v, count) for k, v in by_organisation.items()}
        self._languages = {k: bits_of(v, count) for k, v in by_language.items()}
        # Names sort once. Open now and name are the last parts of the order: a search takes
        # its rows in this order and sorts them stably by the rest.
        self._by_name = sorted(
            range(count), key=lambda r: (fold(self.services[r].name.text(name_language)), r)
        )
        self._open = 0
        self._tail_order = self._by_name  # open ones first, then by name
        self._filtered: dict[FinderFilters, int] = {}
        self._topic_key: frozenset[str] = frozenset()
        self._topic_counts: list[int] | None = None
        self._words: OrderedDict[str, _WordMatch] = OrderedDict()
        self._nothing = _WordMatch((), [0] * len(TIERS), count)

    def _field_texts(self, service: ServiceSummary, labels: Mapping[str, Texts]) -> list[str]:
        """The raw text of each field (``FIELDS`` order), every language joined."""
        texts = {
            "name": service.name.all_text(),
            "summary": service.summary.all_text(),
            "description": service.description.all_text(),
            "keywords": service.keywords.all_text(),
            "actor": service.organisation_name.all_text(),
            "topics": " ".join(labels[c].all_text() for c in service.topic_codes if c in labels),
        }
        return [texts[field] for field in FIELDS]

    def _build_vocabulary(self, labels: Mapping[str, Texts]) -> None:
        """Postings of every distinct folded word; the words containing each pair of letters;
        the match of every letter and pair of letters. Words are folded once per distinct raw
        token (folding a token gives the words that folding the whole text gives there)."""
        count = self._count
        texts = [self._field_texts(service, labels) for service in self.services]
        tokens = [[set(text.split()) for text in row] for row in texts]
        folded = {
            token: tuple(searchable(token).split())
            for token in set().union(*chain.from_iterable(tokens))
        }
        fold_token = folded.__getitem__
        rows_by_word: list[dict[str, list[int]]] = [defaultdict(list) for _ in FIELDS]
        # A first keystroke matches nearly every word: single letters are worked out here from
        # each field's letters, which is cheaper than from the vocabulary.
        rows_by_letter: list[dict[str, list[int]]] = [defaultdict(list) for _ in FIELDS]
        rows_by_initial: list[dict[str, list[int]]] = [defaultdict(list) for _ in FIELDS]
        for row, fields in enumerate(tokens):
            for found, postings, letters, initials in zip(
                fields, rows_by_word, rows_by_letter, rows_by_initial, strict=True
            ):
                words = set(chain.from_iterable(map(fold_token, found)))
                for word in words:
                    postings[word].append(row)
                for letter in set("".join(words)):
                    letters[letter].append(row)
                for letter in set(map(itemgetter(0), words)):
                    initials[letter].append(row)
        self._vocabulary: list[str] = sorted(set().union(*rows_by_word))
        size = len(self._vocabulary)
        dense = max(1, min(self.DENSE_ROWS, count // 8))
        # Per field, indexed by word number: a bit set (common words) or 0, and an array of
        # rows (rare words) or None.
        number_of = {word: number for number, word in enumerate(self._vocabulary)}
        self._dense: list[list[int]] = []
        self._sparse: list[list[array | None]] = []
        for by_word in rows_by_word:
            dense_rows = [0] * size
            sparse_rows: list[array | None] = [None] * size
            for word, rows in by_word.items():
                if len(rows) >= dense:
                    dense_rows[number_of[word]] = bits_of(rows, count)
                else:
                    sparse_rows[number_of[word]] = array("i", rows)
            self._dense.append(dense_rows)
            self._sparse.append(sparse_rows)
        self._grams: dict[str, _WordMatch] = {}
        for letter in set().union(*rows_by_letter):
            anywhere = [bits_of(rows.get(letter, ()), count) for rows in rows_by_letter]
            at_start = [bits_of(rows.get(letter, ()), count) for rows in rows_by_initial]
            self._grams[letter] = self._match((), anywhere, at_start)
        # The vocabulary words containing each pair of letters: where longer words start.
        pair_words: dict[str, list[int]] = defaultdict(list)
        for number, word in enumerate(self._vocabulary):
            for pair in set(map(str.__add__, word, word[1:])):
                pair_words[pair].append(number)
        self._pair_words = {pair: array("i", numbers) for pair, numbers in pair_words.items()}
        if count >= self.PAIRS_AHEAD_FROM:
            for pair, numbers in self._pair_words.items():
                self._grams[pair] = self._compute_word(pair, numbers)

    def __len__(self) -> int:
        return self._count

    # --- state --------------------------------------------------------------------------------

    def set_open_now(self, codes: Iterable[str]) -> None:
        wanted = frozenset(codes)
        opened = [r for r, s in enumerate(self.services) if s.code in wanted]
        self._open = bits_of(opened, self._count)
        is_open = flags_of(self._open, self._count)
        self._tail_order = [r for r in self._by_name if is_open[r]] + [
            r for r in self._by_name if not is_open[r]
        ]
        self._filtered.clear()

    def is_open_now(self, row: int) -> bool:
        return bool(self._open >> row & 1)

    def searchable_text(self, row: int) -> str:
        """Every searchable text of a row, folded as the matcher sees it."""
        return SearchDocument.from_service(self.services[row], self._labels).everything

    # --- search -------------------------------------------------------------------------------

    def search(
        self,
        query: str,
        topics: Iterable[str] = (),
        filters: FinderFilters = NO_FILTERS,
    ) -> list[int]:
        """Rows of the services that match ``query`` and pass ``filters``, best first."""
        matches = [self._word(word) for word in query_words(query)]
        bits = self._filter(filters)
        for match in matches:
            bits &= match.bits
        if not bits:
            return []
        count = self._count
        # The matching rows, open ones first and then by name: the last parts of the order.
        member = flags_of(bits, count)
        order = self._tail_order
        rows = list(compress(order, map(member.__getitem__, order)))
        # A stable sort by (topics, relevance) then gives the whole order, with C-level keys.
        relevance = self._relevance(matches)
        counts = self._counts(frozenset(topics))
        if counts is None:
            if relevance is not None:
                rows.sort(key=relevance.__getitem__, reverse=True)
        elif relevance is None:
            rows.sort(key=counts.__getitem__, reverse=True)
        else:
            scale = MAX_WORD_POINTS * len(matches) + 1
            keys = list(map(add, map(mul, counts, repeat(scale)), relevance))
            rows.sort(key=keys.__getitem__, reverse=True)
        return rows

    def search_codes(
        self,
        query: str,
        topics: Iterable[str] = (),
        filters: FinderFilters = NO_FILTERS,
    ) -> list[str]:
        return [self.services[r].code for r in self.search(query, topics, filters)]

    def ranked(
        self,
        query: str,
        topics: Iterable[str] = (),
        filters: FinderFilters = NO_FILTERS,
    ) -> list[Ranked]:
        """``search`` with the parts of each row's rank, for tests and diagnostics."""
        rows = self.search(query, topics, filters)
        relevance = self._relevance([self._word(word) for word in query_words(query)])
        wanted = frozenset(topics)
        return [
            Ranked(
                self.services[r].code,
                len(self._topics[r] & wanted),
                relevance[r] / SCORE_SCALE if relevance is not None else 0.0,
                self.is_open_now(r),
            )
            for r in rows
        ]

    def _relevance(self, matches: Sequence[_WordMatch]) -> Sequence[int] | None:
        """Points per row: each word's best match, added up (None without words)."""
        if not matches:
            return None
        if len(matches) == 1:
            return matches[0].points
        if MAX_WORD_POINTS * len(matches) < 256:  # still a byte per row: add them as numbers
            total = sum(int.from_bytes(m.points, "little") for m in matches)
            return total.to_bytes(self._count, "little")
        return list(map(sum, zip(*(m.points for m in matches), strict=True)))

    def _filter(self, filters: FinderFilters) -> int:
        """Rows that pass the filters (remembered until "open now" changes)."""
        bits = self._filtered.get(filters)
        if bits is not None:
            return bits
        bits = self._listed if filters.show_ended else self._current
        if filters.open_now:
            bits &= self._open
        if filters.organisation is not None:
            bits &= self._organisations.get(filters.organisation, 0)
        if filters.language is not None:
            bits &= self._languages.get(filters.language, 0)
        if len(self._filtered) > 16:
            self._filtered.clear()
        self._filtered[filters] = bits
        return bits

    def _counts(self, wanted: frozenset[str]) -> list[int] | None:
        """How many of the wanted topics each row covers (None when no topic is wanted)."""
        if not wanted:
            return None
        if wanted != self._topic_key or self._topic_counts is None:
            self._topic_counts = [len(t & wanted) for t in self._topics]
            self._topic_key = wanted
        return self._topic_counts

    # --- one query word -----------------------------------------------------------------------

    def _word(self, word: str) -> _WordMatch:
        known = self._grams.get(word)
        if known is not None:
            return known
        if len(word) <= 2:  # every letter is known; a pair is worked out once, then kept
            numbers = self._pair_words.get(word)
            if numbers is None:
                return self._nothing
            known = self._grams[word] = self._compute_word(word, numbers)
            return known
        cache = self._words
        known = cache.get(word)
        if known is not None:
            cache.move_to_end(word)
            return known
        match = self._compute_word(word, self._candidate_words(word))
        cache[word] = match
        if len(cache) > self.WORD_CACHE_SIZE:
            cache.popitem(last=False)
        return match

    def _candidate_words(self, word: str) -> Sequence[int]:
        """Vocabulary words that may contain ``word``: those of the longest remembered start of
        it (typing only adds letters), else those of its rarest pair of letters."""
        for length in range(len(word) - 1, 2, -1):
            shorter = self._words.get(word[:length])
            if shorter is not None:
                return shorter.vocabulary
        pairs = [self._pair_words.get(word[i : i + 2], array("i")) for i in range(len(word) - 1)]
        return min(pairs, key=len)

    def _compute_word(self, word: str, candidates: Sequence[int]) -> _WordMatch:
        """The tiers of ``word`` from the postings of its vocabulary words (``candidates`` may
        hold more words than contain it, in vocabulary order). The loops run in C: per field,
        one union of the common words' bit sets and one bit set of the rare words' rows."""
        vocabulary = self._vocabulary
        if len(word) > 2:  # the words of a pair of letters are exact already
            candidates = [n for n in candidates if word in vocabulary[n]]
        # Words that start with it are one stretch of the sorted vocabulary.
        low = bisect_left(vocabulary, word)
        high = bisect_left(vocabulary, word[:-1] + chr(ord(word[-1]) + 1))
        starting = candidates[bisect_left(candidates, low) : bisect_left(candidates, high)]
        count = self._count
        anywhere: list[int] = []
        at_start: list[int] = []
        for dense, sparse in zip(self._dense, self._sparse, strict=True):
            for numbers, found in ((candidates, anywhere), (starting, at_start)):
                bits = reduce(or_, filter(None, map(dense.__getitem__, numbers)), 0)
                rare = list(chain.from_iterable(filter(None, map(sparse.__getitem__, numbers))))
                found.append(bits | bits_of(rare, count) if rare else bits)
        return self._match(candidates, anywhere, at_start)

    def _match(
        self, candidates: Sequence[int], anywhere: Sequence[int], at_start: Sequence[int]
    ) -> _WordMatch:
        """A word's match from the rows where it lies in each field, and where it starts a
        word there: each row goes to the best tier it reaches."""
        tiers = []
        seen = 0
        for field, prefix, _points in TIERS:
            bits = (at_start if prefix else anywhere)[field] & ~seen
            tiers.append(bits)
            seen |= bits
        return _WordMatch(candidates, tiers, self._count)
