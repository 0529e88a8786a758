"""The catalogue document format: the shipped example parses; broken documents name the problem."""

import copy
import datetime as dt
import json

import pytest

from desk_app.domain.catalogue_document import parse_document
from desk_app.domain.errors import SeedError
from desk_app.paths import resources_dir

EXAMPLE = resources_dir() / "seed" / "example_catalogue.json"


@pytest.fixture(scope="module")
def raw():
    return json.loads(EXAMPLE.read_text(encoding="utf-8"))


def test_example_catalogue_is_complete(raw):
    doc = parse_document(raw)
    assert doc.example is True
    assert len(doc.services) >= 12
    assert len(doc.topics) == 19
    for service in doc.services:
        for field in ("name", "summary", "description"):
            assert {"fi", "en"} <= set(service.texts[field]), (service.code, field)
    assert any("sv" in s.texts["name"] for s in doc.services)


def test_example_keeps_the_ended_project_as_ended(raw):
    doc = parse_document(raw)
    (programme,) = [p for p in doc.programmes if p.eura_code == "S22513"]
    assert programme.valid_to == dt.date(2023, 7, 31)
    ended = [s for s in doc.services if s.programme_code == programme.code]
    assert ended and all(s.valid_to and s.valid_to <= programme.valid_to for s in ended)


def test_every_topic_code_of_the_domain_is_there(raw):
    codes = {t.code for t in parse_document(raw).topics}
    assert {"JOB", "JOBSEEKER", "BENEFIT", "START", "WELLBEING-ENT", "YOUTH", "OTHER"} <= codes


def _broken(raw, mutate):
    doc = copy.deepcopy(raw)
    mutate(doc)
    with pytest.raises(SeedError) as err:
        parse_document(doc)
    return str(err.value)


def test_unknown_topic_reference_is_named(raw):
    def mutate(doc):
        doc["services"][0]["topics"] = ["NO-SUCH-TOPIC"]

    message = _broken(raw, mutate)
    assert "NO-SUCH-TOPIC" in message and doc_code(raw, 0) in message


def doc_code(raw, index):
    return raw["services"][index]["code"]


def test_finnish_text_is_required(raw):
    def mutate(doc):
        doc["services"][1]["name"] = {"en": "Only English"}

    assert "Finnish" in _broken(raw, mutate)


def test_bad_time_is_named_with_its_path(raw):
    def mutate(doc):
        doc["channels"][0]["hours"] = [{"days": ["mon"], "opens": "9", "closes": "16:00"}]

    assert "channels[0].hours[0].opens" in _broken(raw, mutate)


def test_duplicate_codes_are_refused(raw):
    def mutate(doc):
        doc["services"].append(copy.deepcopy(doc["services"][0]))

    assert "duplicate code" in _broken(raw, mutate)


def test_wrong_format_or_version_is_refused(raw):
    assert "format" in _broken(raw, lambda d: d.update(format="something-else"))
    assert "version" in _broken(raw, lambda d: d.update(version=99))
    with pytest.raises(SeedError):
        parse_document([1, 2, 3])


def test_a_code_listed_twice_in_a_service_is_named(raw):
    def mutate(doc):
        doc["services"][0]["topics"] = ["JOB", "JOB"]

    assert "services[0].topics[1]: JOB is listed twice" in _broken(raw, mutate)

    def twice_language(doc):
        doc["services"][0]["languages"] = ["fi", "fi"]

    assert "listed twice" in _broken(raw, twice_language)
