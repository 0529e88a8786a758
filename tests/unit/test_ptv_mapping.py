"""PTV v11 JSON mapped to catalogue values: the fixture responses, other saved shapes, hours,
errors named by their JSON path, and the three-way rule of a re-import."""

import copy
import datetime as dt
import json
from pathlib import Path

import pytest

from desk_app.domain.catalogue import ExceptionalHours, RegularHours, Topic
from desk_app.domain.codes import ChannelKind, ServiceStatus
from desk_app.domain.ptv import PtvFormatError, parse_ptv, ptv_code
from desk_app.domain.ptv_fields import merge, service_fields, topic_codes
from desk_app.domain.texts import Texts

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "ptv"
ORG = "2f0c8a51-93c4-4d6e-8b1a-6e0d5c2b7a10"
LOCATION = "6b1e4d2a-0c5f-4a8e-9d37-1f2a3b4c5d60"
PHONE = "a3d9c7e1-5b24-4f60-8e1c-2d3e4f5a6b70"
WEB = "c4e8f2a6-1d3b-4c5e-9f70-8a9b0c1d2e30"
ADVICE = "81a2b3c4-d5e6-4f70-8192-a3b4c5d6e7f8"

# The topic table of DOMAIN.md, as far as these tests need it.
TOPICS = [
    Topic("JOB", Texts({"fi": "Työnhaku"}), ("P10.1",), 0),
    Topic("JOBSEEKER", Texts({"fi": "Ilmoittautuminen"}), ("P10.1", "P10.7"), 1),
    Topic("SUBSIDY", Texts({"fi": "Palkkatuki"}), ("P10.7", "P12.1"), 2),
    Topic("START", Texts({"fi": "Perustaminen"}), ("P11.1",), 3),
    Topic("OTHER", Texts({"fi": "Muu asia"}), (), 4),
]


def load(name):
    return json.loads((FIXTURES / name).read_text(encoding="utf-8"))


def by_id(items):
    return {item.ptv_id: item for item in items}


def test_the_services_response_keeps_ids_times_and_every_language():
    batch = parse_ptv(load("services.json"))
    assert len(batch.services) == 3 and batch.skipped == ()
    advice = by_id(batch.services)[ADVICE]
    assert advice.modified == dt.datetime(2026, 11, 2, 9, 14, 3, 517212, tzinfo=dt.UTC)
    assert dict(advice.texts["name"]) == {
        "fi": "Työllisyyspalvelujen neuvonta",
        "sv": "Rådgivning inom sysselsättningstjänster",
        "en": "Employment services advice",
    }
    assert advice.texts["summary"]["sv"].startswith("Rådgivning om jobbsökning")
    assert advice.texts["how_to_apply"]["en"].startswith("First register")
    assert advice.texts["audience"]["fi"].startswith("Palvelu on tarkoitettu")
    assert dict(advice.texts["keywords"]) == {
        "fi": "työnhaku, työtön",
        "sv": "jobbsökning",
        "en": "job search",
    }
    assert advice.service_classes == ("P10.1", "P10.7")
    assert advice.languages == ("fi", "sv", "en")
    assert advice.channel_ids == (LOCATION, PHONE, WEB)
    assert advice.organisation_id == ORG and advice.status is ServiceStatus.ACTIVE
    # The organisation is only referenced by the services: created with the reference's name.
    (org,) = batch.organisations
    assert (org.ptv_id, org.name, org.full, org.named) == (
        ORG,
        Texts({"fi": "Kemin kaupunki"}),
        False,
        True,
    )


def test_the_channels_response_gives_address_coordinates_contacts_and_hours():
    batch = parse_ptv(load("channels.json"))
    channels = by_id(batch.channels)
    place = channels[LOCATION]
    assert place.kind is ChannelKind.LOCATION
    assert (place.street, place.postal_code, place.post_office) == ("Valtakatu 26", "94100", "Kemi")
    assert (place.coord_north, place.coord_east) == (7291742.512, 387912.338)  # EPSG:3067
    assert place.phone == "+358 16 259 000"  # the fax number is not taken
    assert place.email == "tyollisyys@kemi.example"
    assert place.url == "https://www.kemi.example/tyollisyys"  # the Finnish page first
    assert place.directions["en"] == "Entrance from Valtakatu, 2nd floor."
    assert place.hours == tuple(
        RegularHours(day, dt.time(9), dt.time(15 if day < 4 else 14)) for day in range(5)
    )
    assert place.exceptions == (
        ExceptionalHours(
            dt.date(2026, 12, 24),
            dt.date(2026, 12, 26),
            True,
            None,
            None,
            Texts({"fi": "Joulu", "sv": "Jul", "en": "Christmas"}),
        ),
        ExceptionalHours(
            dt.date(2026, 12, 31),
            dt.date(2026, 12, 31),
            False,
            dt.time(9),
            dt.time(12),
            Texts({"fi": "Uudenvuodenaatto"}),
        ),
    )
    assert place.service_ids == (ADVICE, "a3c4d5e6-f708-4192-a3b4-c5d6e7f8091a")
    assert channels[PHONE].kind is ChannelKind.PHONE and channels[PHONE].phone == "+358 16 259 100"
    assert (
        channels[WEB].kind is ChannelKind.WEBPAGE
        and channels[WEB].url == "https://tyomarkkinatori.fi"
    )
    eservice = channels["d5f9a3b7-2e4c-4d6f-8a81-9b0c1d2e3f40"]
    assert (eservice.kind, eservice.url) == (ChannelKind.ESERVICE, "https://www.ytj.fi")
    # Channels name no organisation: a placeholder named by our code until a service names it.
    (org,) = batch.organisations
    assert dict(org.name) == {"fi": "PTV-2F0C8A51"} and not org.named


def test_service_classes_map_to_our_topics_and_unknown_ones_to_other():
    advice = by_id(parse_ptv(load("services.json")).services)[ADVICE]
    assert topic_codes(advice.service_classes, TOPICS) == ["JOB", "JOBSEEKER", "SUBSIDY"]
    assert topic_codes(["P99.9"], TOPICS) == ["OTHER"]
    assert topic_codes(["P99.9"], TOPICS[:-1]) == []


def test_other_saved_shapes_give_the_same_items():
    services, channels = load("services.json"), load("channels.json")
    plain_list = parse_ptv(services["itemList"])  # /api/v11/Service/list?guids=…
    single = parse_ptv(services["itemList"][0])  # /api/v11/Service/{id}
    both = parse_ptv({"services": services, "serviceChannels": channels})
    wrapped = parse_ptv({"itemList": [{"locationChannel": channels["itemList"][0]}]})
    assert len(plain_list.services) == 3 and [s.ptv_id for s in single.services] == [ADVICE]
    assert (len(both.services), len(both.channels)) == (3, 4)
    assert [c.ptv_id for c in wrapped.channels] == [LOCATION]


def test_unknown_fields_are_ignored():
    services = load("services.json")
    services["itemList"][0]["someFutureField"] = {"nested": [1, 2, 3]}
    services["newTopLevel"] = True
    assert len(parse_ptv(services).services) == 3


def _hours(*blocks):
    channel = load("channels.json")["itemList"][1]  # the phone channel
    channel["serviceHours"] = list(blocks)
    return parse_ptv(channel, dt.date(2026, 7, 1)).channels[0]


def test_over_midnight_hours_become_rows_that_close_before_they_open():
    night = {
        "serviceHourType": "OverMidnight",
        "openingHour": [
            {"dayFrom": "Friday", "from": "22:00", "dayTo": "Saturday", "to": "04:00"},
            {"dayFrom": "Saturday", "from": "20:00", "dayTo": "Monday", "to": "06:00"},
        ],
    }
    # Friday night is one row; Saturday 20:00 to Monday 06:00 is cut into a row per day.
    assert _hours(night).hours == (
        RegularHours(0, dt.time(0), dt.time(6)),
        RegularHours(4, dt.time(22), dt.time(4)),
        RegularHours(5, dt.time(20), dt.time(0)),
        RegularHours(6, dt.time(0), dt.time(0)),
    )


def test_a_weekly_period_is_for_its_first_day_only_and_always_open_is_all_week():
    weekly = {
        "serviceHourType": "DaysOfTheWeek",
        "validForNow": True,
        "openingHour": [
            {"dayFrom": "Friday", "dayTo": "Monday", "from": "08:00:00", "to": "16:00"}
        ],
    }
    assert _hours(weekly).hours == (RegularHours(4, dt.time(8), dt.time(16)),)
    always = {"serviceHourType": "DaysOfTheWeek", "isAlwaysOpen": True, "openingHour": []}
    assert _hours(always).hours == tuple(RegularHours(d, dt.time(0), dt.time(0)) for d in range(7))


def test_seasonal_weekly_hours_replace_the_standing_ones_only_in_their_season():
    standing = {
        "serviceHourType": "DaysOfTheWeek",
        "openingHour": [{"dayFrom": "Monday", "from": "09:00", "to": "15:00"}],
    }
    summer = {
        "serviceHourType": "DaysOfTheWeek",
        "validFrom": "2026-06-01T00:00:00",
        "validTo": "2026-08-31T00:00:00",
        "openingHour": [{"dayFrom": "Monday", "from": "10:00", "to": "13:00"}],
    }
    autumn = dict(summer, validFrom="2026-09-01T00:00:00", validTo="2026-12-31T00:00:00")
    assert _hours(standing, summer, autumn).hours == (RegularHours(0, dt.time(10), dt.time(13)),)
    assert _hours(standing, autumn).hours == (RegularHours(0, dt.time(9), dt.time(15)),)


def test_exceptional_days_with_an_offset_are_read_in_finnish_time():
    closed = {
        "serviceHourType": "Exceptional",
        "validFrom": "2026-12-23T22:00:00Z",  # midnight in Helsinki
        "isClosed": True,
    }
    (entry,) = _hours(closed).exceptions
    assert (entry.date_from, entry.date_to, entry.closed) == (
        dt.date(2026, 12, 24),
        dt.date(2026, 12, 24),
        True,
    )


def test_only_web_addresses_become_links():
    channel = load("channels.json")["itemList"][2]
    channel["webPages"] = [{"url": "javascript:alert(1)", "language": "fi"}]
    assert parse_ptv(channel).channels[0].url is None


def test_a_text_without_finnish_gets_the_swedish_one_in_its_place_and_a_note():
    services = load("services.json")
    integration = services["itemList"][2]
    integration["serviceNames"] = [
        {"language": "en", "value": "Integration services", "type": "Name"},
        {"language": "sv", "value": "Integrationstjänster", "type": "Name"},
    ]
    batch = parse_ptv(services)
    service = by_id(batch.services)[integration["id"]]
    assert dict(service.name) == {
        "fi": "Integrationstjänster",
        "en": "Integration services",
        "sv": "Integrationstjänster",
    }
    (note,) = batch.notes
    assert note.path == "itemList[2]" and "sv" in note.reason and batch.skipped == ()


def test_an_item_with_no_name_in_our_languages_is_left_out_and_reported():
    services = load("services.json")
    services["itemList"][2]["serviceNames"] = [
        {"language": "se", "value": "Sámegiel namma", "type": "Name"}
    ]
    batch = parse_ptv(services)
    assert len(batch.services) == 2
    (skipped,) = batch.skipped
    assert skipped.path == "itemList[2]" and skipped.ptv_id.startswith("a3c4d5e6")


def _broken(change):
    data = load("services.json")
    change(data)
    with pytest.raises(PtvFormatError) as caught:
        parse_ptv(data)
    return str(caught.value)


@pytest.mark.parametrize(
    ("change", "path", "words"),
    [
        (
            lambda d: d["itemList"][0]["serviceNames"][0].update(value=42),
            "itemList[0].serviceNames[0].value",
            "expected text",
        ),
        (lambda d: d["itemList"][1].pop("id"), "itemList[1].id", "missing"),
        (lambda d: d["itemList"][1].update(id="not-a-guid"), "itemList[1].id", "not a PTV id"),
        (
            lambda d: d["itemList"][2].update(id=d["itemList"][0]["id"]),
            "itemList[2].id",
            "duplicate id",
        ),
        (lambda d: d["itemList"].append([]), "itemList[3]", "expected an object"),
        (lambda d: d.update(itemList={"a": 1}), "itemList", "expected a list"),
        (
            lambda d: d["itemList"][0].update(serviceClasses="P10.1"),
            "itemList[0].serviceClasses",
            "expected a list",
        ),
        (
            lambda d: d["itemList"][0].update(modified="yesterday"),
            "itemList[0].modified",
            "not a date",
        ),
        (
            lambda d: d["itemList"][0]["serviceNames"][0].update(value="x" * 6000),
            "itemList[0].serviceNames[0].value",
            "longer than 5000",
        ),
        (
            lambda d: d["itemList"][0].update(organizations=[]),
            "itemList[0].organizations",
            "no responsible organisation",
        ),
    ],
)
def test_a_wrong_shape_is_named_by_its_json_path(change, path, words):
    message = _broken(change)
    assert path + ":" in message and words in message


def test_the_duplicate_names_where_the_id_was_first_seen():
    message = _broken(lambda d: d["itemList"][2].update(id=d["itemList"][0]["id"]))
    assert "(also at itemList[0])" in message


def test_wrong_values_in_channels_are_named_too():
    channels = load("channels.json")
    bad = copy.deepcopy(channels)
    bad["itemList"][0]["serviceHours"][0]["openingHour"][0]["from"] = "9 am"
    with pytest.raises(
        PtvFormatError, match=r"itemList\[0\]\.serviceHours\[0\]\.openingHour\[0\]\.from"
    ):
        parse_ptv(bad)
    bad = copy.deepcopy(channels)
    bad["itemList"][3]["serviceChannelType"] = "Fax"
    with pytest.raises(PtvFormatError, match=r"itemList\[3\]\.serviceChannelType.*'Fax'"):
        parse_ptv(bad)
    with pytest.raises(PtvFormatError, match="not a PTV service"):
        parse_ptv([{"id": ADVICE, "title": "?"}])
    with pytest.raises(PtvFormatError, match="expected a PTV response"):
        parse_ptv({"hello": "world"})


def test_our_codes_for_ptv_rows_fit_the_code_pattern():
    from desk_app.domain.catalogue_reader import CODE_PATTERN

    for digits in (8, 12, 32):
        code = ptv_code(ADVICE, digits)
        assert CODE_PATTERN.match(code), code
    assert ptv_code(ADVICE) == "PTV-81A2B3C4"


def test_merge_takes_untouched_fields_and_keeps_local_edits():
    snapshot = {"name": {"fi": "Vanha"}, "phone": "+358 1", "hours": [[0, "09:00", "15:00"]]}
    current = {"name": {"fi": "Vanha"}, "phone": "+358 2 (staff)", "hours": [[0, "09:00", "15:00"]]}
    incoming = {"name": {"fi": "Uusi"}, "phone": "+358 3", "hours": [[0, "09:00", "15:00"]]}
    result = merge(current, snapshot, incoming)
    assert result.values == {"name": {"fi": "Uusi"}}
    assert result.kept == ("phone",)


def test_merge_without_a_snapshot_takes_everything_and_agreement_is_no_override():
    assert merge({"url": None}, None, {"url": "https://x.example"}).values == {
        "url": "https://x.example"
    }
    # Staff typed what PTV now says: nothing to write, nothing to report.
    agreed = merge(
        {"url": "https://b.example"}, {"url": "https://a.example"}, {"url": "https://b.example"}
    )
    assert (agreed.values, agreed.kept) == ({}, ())
    # An empty text and a missing one are the same "nothing".
    assert merge({"name": {}}, {}, {"name": {}}).values == {}


def test_service_fields_are_plain_json():
    advice = by_id(parse_ptv(load("services.json")).services)[ADVICE]
    values = service_fields(advice, ["JOB"], [LOCATION])
    assert json.loads(json.dumps(values)) == values
    assert values["channels"] == [LOCATION] and values["languages"] == ["en", "fi", "sv"]
