"""Finder matching: diacritic-tolerant, multilingual, every word must match, ranked for the desk.

The plain full scan (``rank``) states the rules; ``ServiceIndex`` is what the finder runs on every
keystroke, checked here against the same cases and, with generated catalogues, against ``rank``.
"""

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from desk_app.domain.catalogue import ServiceSummary
from desk_app.domain.codes import ServiceStatus
from desk_app.domain.search import (
    Availability,
    FinderFilters,
    SearchDocument,
    availability,
    fold,
    query_words,
    rank,
)
from desk_app.domain.search_index import ServiceIndex
from desk_app.domain.texts import Texts

LABELS = {
    "BENEFIT": Texts({"fi": "Työttömyysturva ja etuudet", "en": "Unemployment benefits"}),
    "WELLBEING-ENT": Texts({"fi": "Yrittäjän jaksaminen", "sv": "Företagarens välmående"}),
    "JOB": Texts({"fi": "Työnhaku", "en": "Job search"}),
}


def doc(code, name, topics=(), **fields):
    texts = {"name": Texts(name)} | {k: Texts(v) for k, v in fields.items()}
    return SearchDocument.build(code, texts, topics, LABELS)


KELA = doc(
    "KELA-UB",
    {"fi": "Kelan työttömyysetuus", "en": "Kela unemployment benefit"},
    ["BENEFIT"],
    actor={"fi": "Kela"},
)
ANGEST = doc(
    "PEER",
    {"fi": "Vertaistuki", "sv": "Kamratstöd vid ångest"},
    ["WELLBEING-ENT"],
    description={"fi": "Tukea yrittäjälle"},
)
JOBS = doc(
    "JOBS",
    {"fi": "Avoimet työpaikat", "en": "Vacancies"},
    ["JOB"],
    description={"en": "Find unemployment help and vacancies"},
)


def test_fold_removes_case_and_diacritics():
    assert fold("Työttömyys ÅNGEST") == "tyottomyys angest"
    assert query_words("  Työ työ  KELA ") == ("tyo", "kela")


def test_missing_diacritics_still_find_the_service():
    assert [r.code for r in rank([KELA, ANGEST], "tyottomyys")] == ["KELA-UB"]
    assert [r.code for r in rank([KELA, ANGEST], "angest")] == ["PEER"]


def test_every_word_must_match_somewhere():
    assert [r.code for r in rank([KELA, JOBS], "kela benefit")] == ["KELA-UB"]
    assert rank([KELA, JOBS], "kela vacancies") == []


def test_actor_and_topic_labels_are_searchable_in_every_language():
    assert [r.code for r in rank([KELA, JOBS, ANGEST], "välmående")] == ["PEER"]
    assert {r.code for r in rank([KELA, JOBS, ANGEST], "job search")} == {"JOBS"}


def test_a_name_match_outranks_a_description_match():
    assert [r.code for r in rank([JOBS, KELA], "unemployment")] == ["KELA-UB", "JOBS"]


def test_intake_topics_rank_first_then_relevance_then_open_now():
    ranked = rank([KELA, JOBS], "unemployment", topics=["JOB"])
    assert [r.code for r in ranked] == ["JOBS", "KELA-UB"]
    a = doc("A", {"fi": "Neuvonta"})
    b = doc("B", {"fi": "Neuvonta"})
    assert [r.code for r in rank([a, b], "neuvonta", open_now={"B": True})] == ["B", "A"]


def test_empty_query_lists_everything_by_topic_match():
    assert rank([KELA, ANGEST, JOBS], "", topics=["WELLBEING-ENT"])[0].code == "PEER"
    assert len(rank([KELA, ANGEST, JOBS], "")) == 3


# --- ServiceIndex: the finder's per-keystroke search ------------------------------------------

TODAY = dt.date(2026, 12, 2)


def service(code, name, *, org="CITY", org_name=None, topics=(), languages=("fi",), **extra):
    texts = {k: Texts(v) for k, v in extra.items() if k in ("summary", "description", "keywords")}
    fields = {k: v for k, v in extra.items() if k not in texts}
    return ServiceSummary(
        code=code,
        name=Texts(name),
        summary=texts.get("summary", Texts()),
        organisation_code=org,
        organisation_name=Texts(org_name or {"fi": org.title()}),
        topic_codes=tuple(topics),
        languages=tuple(languages),
        status=fields.get("status", ServiceStatus.ACTIVE),
        valid_from=fields.get("valid_from"),
        valid_to=fields.get("valid_to"),
        is_example=False,
        keywords=texts.get("keywords", Texts()),
        description=texts.get("description", Texts()),
    )


SERVICES = [
    service(
        "KELA-UB",
        {"fi": "Työttömyysetuus", "en": "Unemployment benefit"},
        org="KELA",
        org_name={"fi": "Kela", "sv": "FPA"},
        topics=["BENEFIT"],
        languages=("fi", "sv", "en"),
        keywords={"fi": "peruspäiväraha"},
    ),
    service(
        "PEER",
        {"fi": "Vertaistuki", "sv": "Kamratstöd"},
        topics=["WELLBEING-ENT"],
        languages=("fi", "sv"),
        description={"sv": "Stöd vid ångest och stress", "fi": "Tukea yrittäjälle"},
    ),
    service(
        "JOBS",
        {"fi": "Avoimet työpaikat", "en": "Vacancies"},
        org="TYO",
        topics=["JOB"],
        languages=("fi", "en", "uk"),
        summary={"en": "Find unemployment help and vacancies"},
    ),
    service(
        "ENDED",
        {"fi": "Koronasta kasvuun -aamukahvit"},
        topics=["WELLBEING-ENT"],
        valid_from=dt.date(2021, 8, 1),
        valid_to=dt.date(2023, 7, 31),
    ),
    service("LATER", {"fi": "Uusi työpaja"}, topics=["JOB"], valid_from=dt.date(2027, 1, 1)),
    service("DRAFT", {"fi": "Luonnos työstä"}, status=ServiceStatus.DRAFT),
    service("RETIRED", {"fi": "Vanha työkokeilu"}, status=ServiceStatus.RETIRED),
]


def index(services=SERVICES, lang="fi"):
    return ServiceIndex(services, LABELS, TODAY, lang)


def test_index_finds_without_diacritics_in_any_field_and_language():
    finder = index()
    assert finder.search_codes("tyottomyys") == ["KELA-UB"]
    assert finder.search_codes("angest") == ["PEER"]  # the Swedish description
    assert finder.search_codes("FPA") == ["KELA-UB"]  # the actor's Swedish name
    assert finder.search_codes("paivaraha") == ["KELA-UB"]  # inside a keyword
    assert finder.search_codes("välmående") == ["PEER"]  # a topic label
    assert finder.search_codes("vacancies unemployment") == ["JOBS"]
    assert finder.search_codes("kela vacancies") == []


def test_index_ranks_topics_then_relevance_then_open_now_then_name():
    finder = index()
    # "unemployment": a name match (KELA-UB) outranks a summary match (JOBS)...
    assert finder.search_codes("unemployment") == ["KELA-UB", "JOBS"]
    # ...unless the visit's topics say otherwise.
    assert finder.search_codes("unemployment", topics=["JOB"]) == ["JOBS", "KELA-UB"]
    twins = [service("B", {"fi": "Neuvonta"}), service("A", {"fi": "Neuvonta"})]
    twin_finder = index(twins)
    assert twin_finder.search_codes("neuvonta") == ["B", "A"]  # same name: catalogue order
    twin_finder.set_open_now({"A"})
    assert twin_finder.search_codes("neuvonta") == ["A", "B"]
    named = index([service("Z", {"fi": "Ääni"}), service("Y", {"fi": "Aamu"})])
    assert named.search_codes("") == ["Y", "Z"]  # then by folded name in the UI language


def test_empty_query_lists_current_services_best_topic_first():
    finder = index()
    assert finder.search_codes("", topics=["WELLBEING-ENT"])[0] == "PEER"
    assert set(finder.search_codes("")) == {"KELA-UB", "PEER", "JOBS"}


def test_ended_and_later_services_only_on_request_drafts_never():
    finder = index()
    shown = FinderFilters(show_ended=True)
    assert finder.search_codes("tyo") == ["JOBS", "KELA-UB"]
    assert set(finder.search_codes("tyo", filters=shown)) == {"JOBS", "KELA-UB", "LATER", "RETIRED"}
    assert "ENDED" in finder.search_codes("kahvit", filters=shown)
    assert finder.search_codes("luonnos", filters=shown) == []
    assert [availability(s, TODAY) for s in SERVICES[3:]] == [
        Availability.ENDED,
        Availability.UPCOMING,
        Availability.DRAFT,
        Availability.ENDED,
    ]


def test_filters_by_open_now_actor_and_language():
    finder = index()
    assert finder.search_codes("", filters=FinderFilters(open_now=True)) == []
    finder.set_open_now({"PEER", "ENDED"})
    assert finder.search_codes("", filters=FinderFilters(open_now=True)) == ["PEER"]
    assert finder.search_codes("", filters=FinderFilters(organisation="KELA")) == ["KELA-UB"]
    assert finder.search_codes("", filters=FinderFilters(language="uk")) == ["JOBS"]
    # PEER is open now, so it leads.
    assert finder.search_codes("", filters=FinderFilters(language="sv")) == ["PEER", "KELA-UB"]
    both = FinderFilters(organisation="CITY", language="sv", open_now=True, show_ended=True)
    assert finder.search_codes("", filters=both) == ["PEER"]


def test_a_word_start_outranks_the_inside_of_a_word_for_short_and_long_queries():
    inside = service("IN", {"fi": "Haab neuvonta"})
    start = service("AT", {"fi": "Abc neuvonta"})
    later = service("ZZ", {"fi": "Zzz"}, keywords={"fi": "abcd"})
    for query in ("ab", "abc"):
        finder = index([later, inside, start])
        ranked = finder.ranked(query)
        assert [r.code for r in ranked] == (["AT", "IN", "ZZ"] if query == "ab" else ["AT", "ZZ"])
        assert ranked[0].relevance == 16.0  # name, at a word start: 8 × 2


def test_typing_backspacing_and_retyping_give_what_a_fresh_search_gives():
    finder = index()
    typed = "tyottomyys"
    steps = [typed[:n] for n in range(1, len(typed) + 1)]
    steps += [typed[:n] for n in range(len(typed) - 1, 0, -1)]  # Backspace all the way
    steps += ["ty", "ty ", "ty v", "ty va", "ty vac", "vac", "vac ty"]
    for query in steps:
        assert finder.search_codes(query) == index().search_codes(query), query


WORDS = ["työ", "tyot", "ångest", "kela", "ab", "ba", "a_b", "x-y", "Öljy", "aab", "täi", "30"]


PIECES = sorted(
    {w[i:j] for w in map(fold, WORDS) for i in range(len(w)) for j in range(i + 1, len(w) + 1)}
)
"""Every piece of every word: queries that match at word starts, inside words, or nowhere."""
QUERY_TEXT = st.text(alphabet="abtyoökel_ -3", max_size=6)


@st.composite
def catalogues(draw):
    count = draw(st.integers(min_value=1, max_value=8))
    text = st.lists(st.sampled_from(WORDS), max_size=4).map(" ".join)
    result = []
    for n in range(count):
        result.append(
            service(
                f"S{n}",
                {"fi": draw(text) or "x", "sv": draw(text)},
                topics=draw(st.lists(st.sampled_from(sorted(LABELS)), max_size=2, unique=True)),
                summary={"en": draw(text)},
                description={"fi": draw(text)},
                keywords={"sv": draw(text)},
            )
        )
    return result


@pytest.mark.parametrize("pairs_ahead", [True, False], ids=["pairs-ahead", "pairs-on-use"])
@settings(max_examples=100, deadline=None)
@given(
    services=catalogues(),
    queries=st.lists(st.one_of(st.sampled_from(PIECES), QUERY_TEXT), min_size=1, max_size=6),
    topics=st.lists(st.sampled_from(sorted(LABELS)), max_size=2),
    open_rows=st.sets(st.integers(min_value=0, max_value=7)),
)
def test_the_index_ranks_exactly_like_the_plain_full_scan(
    pairs_ahead, services, queries, topics, open_rows
):
    finder = ServiceIndex.__new__(ServiceIndex)
    finder.PAIRS_AHEAD_FROM = 0 if pairs_ahead else 10**9
    finder.__init__(services, LABELS, TODAY, "fi")
    open_codes = {f"S{n}" for n in open_rows}
    finder.set_open_now(open_codes)
    docs = [SearchDocument.from_service(s, LABELS) for s in services]
    names = {s.code: s.name.text("fi") for s in services}
    opened = {code: True for code in open_codes}
    for query in queries:  # one index across the queries: narrowing and the cache are exercised
        expected = rank(docs, query, topics, opened, names)
        assert finder.ranked(query, topics) == expected, query
