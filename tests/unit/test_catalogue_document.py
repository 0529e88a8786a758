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


# -- version 2: what the export writes ---------------------------------------------------------


def _v2(raw):
    """The example as a version 2 document, through the writer."""
    from desk_app.domain.catalogue_document_write import dump_document

    return json.loads(dump_document(parse_document(raw)))


def test_version_1_and_the_writer_agree_on_every_entity(raw):
    from desk_app.domain.catalogue_document_write import dump_document

    first = dump_document(parse_document(raw))
    again = dump_document(parse_document(json.loads(first)))
    assert again == first
    v2 = json.loads(first)
    assert v2["version"] == 2 and v2["format"] == "pointti-desk-catalogue"
    for key in ("topics", "organisations", "programmes", "channels", "services"):
        assert len(v2[key]) == len(raw[key]), key


def test_version_1_entities_take_the_documents_provenance(raw):
    doc = parse_document(raw)
    service = doc.services[0]
    assert service.record.source == "example" and service.record.is_example
    assert service.record.updated_at is None  # version 1 gives no times
    assert service.checked_on == dt.date(2026, 11, 1)  # the document's, as the loader stores it
    assert all(o.checked_on == dt.date(2026, 11, 1) for o in doc.organisations)


def test_version_2_carries_provenance_retirement_and_validity(raw):
    v2 = _v2(raw)
    v2["topics"][0].update(retired_on="2026-05-01", merged_into="OTHER")
    v2["services"][0].update(
        source="ptv",
        example=False,
        ptv_id="8f0c1c57-0000-4000-8000-000000000001",
        ptv_modified="2026-03-01T08:00:00+02:00",
        updated_at="2026-04-01T10:00:00.250000+00:00",
    )
    channel = next(c for c in v2["channels"] if c.get("address"))
    channel["address"].update(country="FI", coord_north=7290000.5, coord_east=385000.0)
    channel["hours"] = [
        {"days": ["mon"], "opens": "09:00", "closes": "12:00", "valid_to": "2026-12-31"}
    ]
    doc = parse_document(v2)
    topic = doc.topics[0]
    assert topic.retired and topic.retired_on == dt.date(2026, 5, 1)
    assert topic.merged_into == "OTHER"
    record = next(s for s in doc.services if s.code == v2["services"][0]["code"]).record
    assert record.source == "ptv" and not record.is_example
    assert record.ptv_modified == dt.datetime(2026, 3, 1, 6, 0, tzinfo=dt.UTC)
    assert record.updated_at == dt.datetime(2026, 4, 1, 10, 0, 0, 250000, tzinfo=dt.UTC)
    parsed = next(c for c in doc.channels if c.code == channel["code"])
    assert (parsed.coord_north, parsed.coord_east) == (7290000.5, 385000.0)
    assert parsed.hours[0].valid_to == dt.date(2026, 12, 31)


def _broken_v2(raw, mutate):
    doc = _v2(raw)
    mutate(doc)
    with pytest.raises(SeedError) as err:
        parse_document(doc)
    return str(err.value)


def test_version_2_mistakes_are_named_with_their_path(raw):
    def naive_time(doc):
        doc["services"][2]["updated_at"] = "2026-04-01T10:00:00"

    assert "services[2].updated_at" in _broken_v2(raw, naive_time)

    def merged_into_nowhere(doc):
        doc["topics"][1]["merged_into"] = "NO-SUCH"

    assert "unknown topic NO-SUCH" in _broken_v2(raw, merged_into_nowhere)

    def same_ptv_id(doc):
        doc["services"][0]["ptv_id"] = doc["services"][3]["ptv_id"] = "abc"

    assert "services[3].ptv_id" in _broken_v2(raw, same_ptv_id)

    def coordinate_as_text(doc):
        next(c for c in doc["channels"] if c.get("address"))["address"]["coord_north"] = "north"

    assert "coord_north: expected a number" in _broken_v2(raw, coordinate_as_text)

    def unknown_source(doc):
        doc["organisations"][0]["source"] = "somewhere"

    assert "organisations[0].source" in _broken_v2(raw, unknown_source)


def test_wrong_types_and_duplicate_codes_name_the_json_path(raw):
    def code_as_number(doc):
        doc["services"][3]["code"] = 5

    assert "services[3].code" in _broken(raw, code_as_number)

    def duplicate(doc):
        doc["services"].append(copy.deepcopy(doc["services"][1]))

    last = len(raw["services"])
    message = _broken(raw, duplicate)
    assert f"services[{last}].code: duplicate code" in message and "services[1]" in message


def test_a_newer_version_is_refused(raw):
    assert "3 is not supported" in _broken(raw, lambda d: d.update(version=3))
    assert "not supported" in _broken(raw, lambda d: d.update(version=True))


def test_a_huge_list_of_codes_is_checked_in_linear_time(raw):
    import time

    def many_topics(doc):
        doc["services"][0]["topics"] = [f"T{i}" for i in range(200_000)]

    started = time.perf_counter()
    assert "unknown topic T0" in _broken(raw, many_topics)
    assert time.perf_counter() - started < 5  # it was quadratic: hours for this list
