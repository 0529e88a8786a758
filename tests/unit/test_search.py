"""Finder matching: diacritic-tolerant, multilingual, every word must match, ranked for the desk."""

from desk_app.domain.search import SearchDocument, fold, query_words, rank
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
