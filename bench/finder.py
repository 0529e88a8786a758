"""Benchmark ``finder``: the time one keystroke in the search box costs, over a big catalogue.

It runs the very call the finder's proxy makes on every keystroke, ``ServiceIndex.search`` (the
same query, visit topics and default filters), without Qt. The catalogue is generated: 10,000
services with names, summaries, descriptions and keywords in Finnish, Swedish and English, drawn
from a Zipf-distributed vocabulary of about 25,000 words per language (every word of the example
catalogue plus generated words that look like the language), so that a typed word is as selective
as a real one: the first letter matches almost everything, a whole word a few dozen services.
Realistic queries are typed a character at a time, without diacritics ("tyottomyysturva"), some
with the visit's topics chosen.

The baseline is the plain full scan, ``rank`` over prebuilt documents: every service scored on
every keystroke, no narrowing, no cache, tuple sort keys. Both are measured in the same run, on
the same catalogue and keystrokes, and every keystroke's list must be the same from both. Each run
builds a fresh index, so no run profits from the previous one's cache; the build (once per
catalogue load in the app) is reported on its own.
"""

from __future__ import annotations

import argparse
import datetime as dt
import itertools
import json
import random
import time
from collections import defaultdict
from collections.abc import Iterable, Sequence
from pathlib import Path

from bench.common import MIN_RUNS, RESULTS_DIR, Record, median, percentile, report
from desk_app.domain.catalogue import ServiceSummary
from desk_app.domain.codes import ServiceStatus
from desk_app.domain.search import (
    Availability,
    SearchDocument,
    availability,
    rank,
)
from desk_app.domain.search_index import ServiceIndex
from desk_app.domain.texts import Texts
from desk_app.paths import resources_dir

NAME = "finder"
GOAL_MS = 16.0  # one frame at 60 Hz
DEFAULT_SERVICES = 10_000
LANGUAGES = ("fi", "sv", "en")
VOCABULARY_SIZE = 25_000
"""Words per language for the full 10,000 services; a smaller catalogue gets fewer (a quick check
with a few hundred services should not spend its time making up words)."""
ORGANISATIONS = 60
SEED = 20261201
TODAY = dt.date(2026, 12, 2)

QUERIES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("tyottomyysturva", ("BENEFIT",)),
    ("kela asumistuki", ("HOUSING",)),
    ("yrittajan jaksaminen", ("WELLBEING-ENT",)),
    ("angest", ()),
    ("job search", ("JOB",)),
    ("velkaneuvonta", ("MONEY", "HOUSING")),
    ("digituki kirjasto", ()),
    ("starttiraha", ("START",)),
)
"""Typed a character at a time; with the topics chosen in the intake."""

QUERY_WORDS = {
    "fi": (
        "työttömyysturva",
        "kela",
        "asumistuki",
        "yrittäjän",
        "jaksaminen",
        "velkaneuvonta",
        "digituki",
        "kirjasto",
        "starttiraha",
    ),
    "sv": ("ångest",),
    "en": ("job", "search"),
}
"""Words the queries need, placed at mid-frequency ranks of their language's vocabulary."""

MARKOV_ORDER = 3
"""Generated words continue the last three letters the way the language's real words do."""


def _example_words() -> dict[str, set[str]]:
    """Every word of the example catalogue, by language."""
    data = json.loads(
        (resources_dir() / "seed" / "example_catalogue.json").read_text(encoding="utf-8")
    )
    words: dict[str, set[str]] = {lang: set() for lang in LANGUAGES}

    def walk(node: object) -> None:
        if isinstance(node, dict):
            if node and set(node) <= {*LANGUAGES, "uk", "ru", "ar", "se"}:
                for lang, text in node.items():
                    if lang in words and isinstance(text, str):
                        words[lang].update(w.strip(".,;:()!?\"'") for w in text.split())
            else:
                for value in node.values():
                    walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(data)
    return {lang: {w for w in found if w} for lang, found in words.items()}


class _WordMaker:
    """Makes up words that look like a language: a letter-level Markov chain of order
    ``MARKOV_ORDER`` trained on that language's real words, so letter sequences are as common
    (and as selective in a search) as in real text."""

    def __init__(self, words: Iterable[str]) -> None:
        self.next: dict[str, list[str]] = defaultdict(list)
        for word in words:
            padded = "^" * MARKOV_ORDER + word.lower() + "$"
            for i in range(MARKOV_ORDER, len(padded)):
                self.next[padded[i - MARKOV_ORDER : i]].append(padded[i])

    def word(self, rng: random.Random) -> str:
        state, letters = "^" * MARKOV_ORDER, []
        while len(letters) < 20:
            letter = rng.choice(self.next[state])
            if letter == "$":
                break
            letters.append(letter)
            state = state[1:] + letter
        return "".join(letters)


def _vocabulary(lang: str, real: set[str], rng: random.Random, size: int) -> list[str]:
    """``size`` words, most frequent first: real and made-up words shuffled, the
    queries' words placed at mid-frequency ranks."""
    pinned = QUERY_WORDS[lang]
    words = sorted(real - set(pinned))
    seen = set(words) | set(pinned)
    maker = _WordMaker(sorted(real))
    while len(words) + len(pinned) < size:
        word = maker.word(rng)
        if len(word) >= 2 and word not in seen:
            seen.add(word)
            words.append(word)
    rng.shuffle(words)
    for word in pinned:
        words.insert(rng.randint(300, 3000), word)
    return words


class _Sampler:
    """Zipf-distributed words of one language."""

    def __init__(self, words: Sequence[str]) -> None:
        self.words = list(words)
        self.cumulative = list(
            itertools.accumulate(1.0 / rank for rank in range(1, len(words) + 1))
        )

    def text(self, rng: random.Random, low: int, high: int) -> str:
        count = rng.randint(low, high)
        return " ".join(rng.choices(self.words, cum_weights=self.cumulative, k=count))


def generate_catalogue(
    count: int, seed: int = SEED
) -> tuple[list[ServiceSummary], dict[str, Texts]]:
    """``count`` services and the topic labels, the same for the same seed."""
    rng = random.Random(seed)
    real = _example_words()
    size = min(VOCABULARY_SIZE, max(2_000, 3 * count))
    samplers = {lang: _Sampler(_vocabulary(lang, real[lang], rng, size)) for lang in LANGUAGES}
    data = json.loads(
        (resources_dir() / "seed" / "example_catalogue.json").read_text(encoding="utf-8")
    )
    labels = {t["code"]: Texts(t["label"]) for t in data["topics"]}
    topic_codes = sorted(labels)

    def texts(low: int, high: int) -> Texts:
        return Texts({lang: samplers[lang].text(rng, low, high) for lang in LANGUAGES})

    organisations = [(f"ORG-{n:03d}", texts(1, 3)) for n in range(ORGANISATIONS)]
    services = []
    for n in range(count):
        org_code, org_name = rng.choice(organisations)
        roll = rng.random()
        valid_from, valid_to = dt.date(2020, 1, 1), None
        if roll < 0.08:  # a project that has ended
            valid_to = TODAY - dt.timedelta(days=rng.randint(1, 900))
        elif roll < 0.10:  # starts later
            valid_from = TODAY + dt.timedelta(days=rng.randint(1, 90))
        services.append(
            ServiceSummary(
                code=f"SVC-{n:05d}",
                name=texts(2, 4),
                summary=texts(8, 16),
                organisation_code=org_code,
                organisation_name=org_name,
                topic_codes=tuple(rng.sample(topic_codes, rng.randint(1, 3))),
                languages=("fi", *rng.sample(("sv", "en", "uk", "ru", "ar"), rng.randint(0, 3))),
                status=ServiceStatus.ACTIVE,
                valid_from=valid_from,
                valid_to=valid_to,
                is_example=True,
                keywords=texts(3, 8),
                description=texts(25, 45),
            )
        )
    return services, labels


def keystrokes() -> list[tuple[str, tuple[str, ...]]]:
    """Every prefix of every query, in typing order, with the topics of the visit."""
    return [(query[:n], topics) for query, topics in QUERIES for n in range(1, len(query) + 1)]


def _time_index(
    services: Sequence[ServiceSummary], labels: dict[str, Texts], open_codes: set[str]
) -> tuple[list[float], float, list[list[str]]]:
    """Milliseconds per keystroke through a fresh ``ServiceIndex``, its build time, and what
    each keystroke listed."""
    started = time.perf_counter()
    index = ServiceIndex(services, labels, TODAY, "fi")
    index.set_open_now(open_codes)
    build_ms = (time.perf_counter() - started) * 1000
    times, listed = [], []
    for query, topics in keystrokes():
        started = time.perf_counter()
        rows = index.search(query, topics)
        times.append((time.perf_counter() - started) * 1000)
        listed.append([services[r].code for r in rows])
    return times, build_ms, listed


def _time_full_scan(
    docs: Sequence[SearchDocument], names: dict[str, str], open_now: dict[str, bool]
) -> tuple[list[float], list[list[str]]]:
    times, listed = [], []
    for query, topics in keystrokes():
        started = time.perf_counter()
        ranked = rank(docs, query, topics, open_now, names)
        times.append((time.perf_counter() - started) * 1000)
        listed.append([r.code for r in ranked])
    return times, listed


def measure(services_count: int = DEFAULT_SERVICES, runs: int = MIN_RUNS) -> list[Record]:
    services, labels = generate_catalogue(services_count)
    rng = random.Random(SEED + 1)
    open_codes = {s.code for s in services if rng.random() < 0.4}
    # The baseline gets its documents folded in advance too: only the per-keystroke work differs.
    current = [s for s in services if availability(s, TODAY) is Availability.CURRENT]
    docs = [SearchDocument.from_service(s, labels) for s in current]
    names = {s.code: s.name.text("fi") for s in current}
    open_now = {code: True for code in open_codes}
    p95, medians, builds, base_p95, base_medians = [], [], [], [], []
    for _run in range(runs):
        times, build_ms, listed = _time_index(services, labels, open_codes)
        p95.append(percentile(times, 0.95))
        medians.append(median(times))
        builds.append(build_ms)
        base, base_listed = _time_full_scan(docs, names, open_now)
        base_p95.append(percentile(base, 0.95))
        base_medians.append(median(base))
        if listed != base_listed:  # a fast wrong answer is no answer
            raise AssertionError("the index and the full scan listed different services")
    return [
        Record.against(
            "finder_keystroke_p95_ms", median(p95), "ms", median(base_p95), goal=GOAL_MS
        ),
        Record.against("finder_keystroke_median_ms", median(medians), "ms", median(base_medians)),
        Record("finder_index_build_ms", median(builds), "ms"),
        Record("finder_services", float(services_count), "services"),
        Record("finder_keystrokes_per_run", float(len(keystrokes())), "keystrokes"),
    ]


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--services", type=int, default=DEFAULT_SERVICES)
    parser.add_argument("--runs", type=int, default=MIN_RUNS)


def run(args: argparse.Namespace, results_dir: Path = RESULTS_DIR) -> list[Record]:
    records = measure(args.services, args.runs)
    title = (
        f"finder: one keystroke over {args.services:,} services (fi/sv/en), "
        f"{len(keystrokes())} keystrokes, median of {args.runs} run(s); "
        "baseline: plain full scan (rank)"
    )
    report(NAME, title, records, results_dir)
    return records
