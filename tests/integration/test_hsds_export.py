"""HSDS export: the example catalogue becomes a valid HSDS 3.1 tabular package in each language.

Validity is judged twice, independently of the exporter's own schema copy: by frictionless (the
Frictionless Data reference validator) against the upstream HSDS 3.1 descriptor in
``tests/fixtures/hsds-3.1``, and by ``tests/hsds_schema.py`` against the same upstream schemas.
frictionless also validates the package as written (its own ``datapackage.json``), as
``frictionless validate DIR/datapackage.json`` would.
"""

import copy
import csv
import dataclasses
import datetime as dt
import json
import uuid
from pathlib import Path

import frictionless
import pytest

from desk_app.domain.catalogue_document import parse_document
from desk_app.domain.errors import DeskError, ValidationError
from desk_app.paths import resources_dir
from desk_app.services.hsds_export import DESCRIPTOR, TABLES, export_hsds
from desk_app.services.hsds_values import hsds_id
from tests.hsds_schema import check_package, upstream_package_for, upstream_resources

EXAMPLE = resources_dir() / "seed" / "example_catalogue.json"
TODAY = dt.date(2026, 11, 15)


@pytest.fixture(scope="module")
def raw():
    return json.loads(EXAMPLE.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def exports(raw, tmp_path_factory):
    """The example catalogue exported once in Finnish, Swedish and English."""
    doc = parse_document(raw)
    root = tmp_path_factory.mktemp("hsds")
    for lang in ("fi", "sv", "en"):
        export_hsds(doc, lang, root / lang, today=TODAY)
    return root


def read_table(folder: Path, name: str) -> list[dict[str, str]]:
    (table,) = [t for t in TABLES if t.name == name]
    with (folder / table.path).open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def frictionless_problems(package) -> list[str]:
    """What frictionless finds wrong with a package (a descriptor path or a Package)."""
    if isinstance(package, frictionless.Package):
        report = package.validate()
    else:
        report = frictionless.validate(package)
    return [f"{e[0]}: {e[1]}" for e in report.flatten(["type", "note"])] if not report.valid else []


def assert_valid(folder: Path) -> None:
    assert check_package(folder) == []
    assert frictionless_problems(str(folder / DESCRIPTOR)) == []
    upstream = frictionless.Package(upstream_package_for(folder), basepath=str(folder))
    assert frictionless_problems(upstream) == []


@pytest.mark.parametrize("lang", ["fi", "sv", "en"])
def test_example_catalogue_exports_valid_hsds_in_each_language(exports, lang):
    folder = exports / lang
    assert_valid(folder)
    descriptor = json.loads((folder / DESCRIPTOR).read_text(encoding="utf-8"))
    assert descriptor["language"] == descriptor["pointti_desk"]["language"] == lang
    assert {r["language"] for r in read_table(folder, "meta_table_description")} == {lang}
    assert len(read_table(folder, "service")) == 24
    assert len(read_table(folder, "organization")) == 11


def test_table_schemas_are_the_upstream_hsds_schemas():
    """Our inline copy of each table schema says what HSDS 3.1 says, field for field."""
    upstream = upstream_resources()

    def shape(schema):
        fields = [
            (f["name"], f["type"], f.get("format"), f.get("constraints", {}))
            for f in schema["fields"]
        ]
        keys = sorted(json.dumps(k, sort_keys=True) for k in schema.get("foreignKeys", []))
        return fields, schema.get("primaryKey"), keys

    for table in TABLES:
        ours = table.descriptor()
        assert ours["path"] == upstream[table.name]["path"]
        assert shape(ours["schema"]) == shape(upstream[table.name]["schema"]), table.name


def test_swedish_export_has_swedish_texts(exports):
    service_id = hsds_id("service", "JOBSEEKER-REGISTRATION")
    names = {
        lang: {r["id"]: r["name"] for r in read_table(exports / lang, "service")}[service_id]
        for lang in ("fi", "sv", "en")
    }
    assert names == {
        "fi": "Työnhakijaksi ilmoittautuminen",
        "sv": "Anmälan som arbetssökande",
        "en": "Registering as a job seeker",
    }
    organisations = {r["name"] for r in read_table(exports / "sv", "organization")}
    assert "Kemi stad" in organisations and "FPA" in organisations
    languages = {r["name"] for r in read_table(exports / "sv", "language")}
    assert {"finska", "engelska"} <= languages


def test_a_language_without_translations_falls_back_like_the_app(raw, tmp_path):
    """Ukrainian falls back to English; plain Finnish to Finnish, as the handouts do."""
    doc = parse_document(raw)
    export_hsds(doc, "uk", tmp_path / "uk", today=TODAY)
    export_hsds(doc, "fi-x-plain", tmp_path / "plain", today=TODAY)
    service_id = hsds_id("service", "JOBSEEKER-REGISTRATION")
    uk = {r["id"]: r["name"] for r in read_table(tmp_path / "uk", "service")}
    plain = {r["id"]: r["name"] for r in read_table(tmp_path / "plain", "service")}
    assert uk[service_id] == "Registering as a job seeker"
    assert plain[service_id] == "Työnhakijaksi ilmoittautuminen"
    assert check_package(tmp_path / "uk") == [] and check_package(tmp_path / "plain") == []


def test_ids_are_stable_across_exports_and_languages(raw, exports, tmp_path):
    again = tmp_path / "again"
    written = export_hsds(parse_document(raw), "fi", again, today=TODAY)
    assert [p.name for p in written] == [DESCRIPTOR, *(t.path for t in TABLES)]
    for path in written:
        assert path.read_bytes() == (exports / "fi" / path.name).read_bytes(), path.name
    for table in ("service", "location", "schedule", "attribute", "taxonomy_term"):
        fi = [r["id"] for r in read_table(exports / "fi", table)]
        sv = [r["id"] for r in read_table(exports / "sv", table)]
        assert fi == sv, table
    assert read_table(exports / "fi", "service")[0]["id"] == str(
        uuid.uuid5(uuid.UUID("5f0c7e52-3a1d-4b8e-9d6f-2c4a8b1e7f30"), "service:POINTTI-GUIDANCE")
    )


def test_opening_hours_become_schedules(exports):
    """Pointti's guidance is given at the Pointti desk, open Monday 9-15, closed at Christmas."""
    folder = exports / "en"
    service_id = hsds_id("service", "POINTTI-GUIDANCE")
    places = {
        r["location_id"]
        for r in read_table(folder, "service_at_location")
        if r["service_id"] == service_id
    }
    desk = hsds_id("location", "POINTTI-DESK")
    assert desk in places
    schedules = [r for r in read_table(folder, "schedule") if r["location_id"] == desk]
    (monday,) = [r for r in schedules if "MO" in r["byday"].split(",") and not r["valid_from"]]
    assert (monday["freq"], monday["opens_at"], monday["closes_at"]) == (
        "WEEKLY",
        "09:00:00",
        "15:00:00",
    )
    assert monday["byday"] == "MO,TU,WE,TH,FR"
    (christmas,) = [r for r in schedules if r["valid_from"] == "2026-12-24"]
    assert christmas["valid_to"] == "2026-12-26"
    assert not christmas["opens_at"] and "Christmas" in christmas["description"]
    (new_years_eve,) = [r for r in schedules if r["valid_from"] == "2026-12-31"]
    assert (new_years_eve["opens_at"], new_years_eve["closes_at"]) == ("09:00:00", "12:00:00")
    assert new_years_eve["byday"] == "TH"  # 31 December 2026 is a Thursday
    # The city's switchboard is a phone channel: its hours are the service's own schedules.
    phone_hours = [r for r in read_table(folder, "schedule") if r["service_id"] == service_id]
    assert any(r["opens_at"] == "09:00:00" and "MO" in r["byday"] for r in phone_hours)
    phones = [r for r in read_table(folder, "phone") if r["service_id"] == service_id]
    assert [p["number"] for p in phones] == ["+358 16 259 111"]


def test_ended_programme_services_are_defunct(exports):
    statuses = {r["id"]: r["status"] for r in read_table(exports / "fi", "service")}
    assert statuses[hsds_id("service", "KK-WORKSHOPS")] == "defunct"
    assert statuses[hsds_id("service", "POINTTI-GUIDANCE")] == "active"
    program = read_table(exports / "fi", "program")
    assert [p["name"] for p in program] == ["Koronasta kasvuun"]
    services = {r["id"]: r for r in read_table(exports / "fi", "service")}
    assert services[hsds_id("service", "KK-WORKSHOPS")]["program_id"] == program[0]["id"]


def test_awkward_catalogue_still_exports_valid_hsds(raw, tmp_path):
    """Two programmes of one organisation (HSDS allows one program each), an email, hours over
    midnight, a draft, an organisation without a description, a bad web address."""
    data = copy.deepcopy(raw)
    data["programmes"].append(
        {**data["programmes"][0], "code": "SECOND-PROJECT", "name": {"fi": "Toinen hanke"}}
    )
    del data["programmes"][-1]["description"]
    services = data["services"]
    services[0] = {**services[0], "programme": "SECOND-PROJECT", "languages": ["fi", "se", "other"]}
    services[1] = {**services[1], "status": "draft"}
    data["channels"][0]["email"] = "pointti@example.fi"
    data["channels"][2]["hours"] = [{"days": ["fri"], "opens": "22:00", "closes": "02:00"}]
    data["organisations"][0].pop("description")
    data["organisations"][1]["url"] = "www.tornio.fi"
    folder = tmp_path / "awkward"
    export_hsds(parse_document(data), "fi", folder, today=TODAY)
    assert_valid(folder)
    assert len(read_table(folder, "program")) == 1
    terms = {r["name"] for r in read_table(folder, "taxonomy_term")}
    assert {"Koronasta kasvuun", "Toinen hanke"} <= terms
    assert hsds_id("service", services[1]["code"]) not in {
        r["id"] for r in read_table(folder, "service")
    }
    assert [r["email"] for r in read_table(folder, "contact")] == ["pointti@example.fi"]


def test_database_details_reach_hsds(raw, tmp_path):
    """A version 2 document (the database's export) adds coordinates in EPSG:3067, the country,
    dated weekly hours and the time of the last change: HSDS gets them as WGS 84 latitude and
    longitude, the address country, schedule validity and ``last_modified``."""
    doc = parse_document(raw)
    channels = list(doc.channels)
    (index,) = [i for i, c in enumerate(channels) if c.code == "POINTTI-DESK"]
    desk = channels[index]
    summer = [
        dataclasses.replace(h, valid_from=dt.date(2027, 6, 1), valid_to=dt.date(2027, 8, 31))
        for h in desk.hours
    ]
    channels[index] = dataclasses.replace(
        desk, coord_north=7290000.0, coord_east=385000.0, country="SE", hours=summer
    )
    services = list(doc.services)
    changed = dt.datetime(2026, 11, 2, 10, 30, tzinfo=dt.timezone(dt.timedelta(hours=2)))
    services[0] = dataclasses.replace(
        services[0], record=dataclasses.replace(services[0].record, updated_at=changed)
    )
    doc = dataclasses.replace(doc, channels=tuple(channels), services=tuple(services))
    folder = tmp_path / "v2"
    export_hsds(doc, "en", folder, today=TODAY)
    assert_valid(folder)
    location_id = hsds_id("location", "POINTTI-DESK")
    (place,) = [r for r in read_table(folder, "location") if r["id"] == location_id]
    # The reference values are PROJ's transformation of the same point.
    assert (place["latitude"], place["longitude"]) == ("65.711083", "24.493994")
    (address,) = [r for r in read_table(folder, "address") if r["location_id"] == location_id]
    assert (address["country"], address["state_province"]) == ("SE", "Sweden")
    weekly = [
        r for r in read_table(folder, "schedule") if r["location_id"] == location_id and r["byday"]
    ]
    assert {(r["valid_from"], r["valid_to"]) for r in weekly} >= {("2027-06-01", "2027-08-31")}
    (service,) = [
        r for r in read_table(folder, "service") if r["id"] == hsds_id("service", services[0].code)
    ]
    assert service["last_modified"] == "2026-11-02T08:30:00Z"


def test_unknown_language_is_refused(raw, tmp_path):
    with pytest.raises(ValidationError, match="xx"):
        export_hsds(parse_document(raw), "xx", tmp_path / "out")
    assert not (tmp_path / "out").exists()


def test_a_folder_with_other_files_is_refused_and_left_alone(raw, tmp_path):
    folder = tmp_path / "mine"
    folder.mkdir()
    (folder / "notes.txt").write_text("keep me", encoding="utf-8")
    with pytest.raises(DeskError, match="not empty"):
        export_hsds(parse_document(raw), "fi", folder)
    assert [p.name for p in folder.iterdir()] == ["notes.txt"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["mine"]  # no staging folder left


def test_an_earlier_export_is_replaced_whole(raw, exports, tmp_path):
    folder = tmp_path / "out"
    folder.mkdir()  # an empty folder is fine too
    doc = parse_document(raw)
    export_hsds(doc, "sv", folder, today=TODAY)
    export_hsds(doc, "fi", folder, today=TODAY)
    assert (folder / "services.csv").read_bytes() == (exports / "fi" / "services.csv").read_bytes()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]
    (folder / "notes.txt").write_text("mine now", encoding="utf-8")
    with pytest.raises(DeskError, match="not empty"):
        export_hsds(doc, "fi", folder, today=TODAY)


def _drop_column(folder: Path, path: str, column: str) -> None:
    with (folder / path).open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    names = [n for n in rows[0] if n != column]
    with (folder / path).open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, names, extrasaction="ignore")
        writer.writeheader()
        writer.writerows(rows)


def _set_cell(folder: Path, path: str, column: str, value: str) -> None:
    with (folder / path).open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    rows[0][column] = value
    with (folder / path).open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)


@pytest.mark.parametrize(
    "corrupt",
    [
        pytest.param(lambda f: _drop_column(f, "services.csv", "name"), id="required-column"),
        pytest.param(lambda f: _set_cell(f, "services.csv", "name", ""), id="required-value"),
        pytest.param(lambda f: _set_cell(f, "locations.csv", "id", "POINTTI-DESK"), id="uuid"),
        pytest.param(lambda f: _set_cell(f, "services.csv", "status", "open"), id="enum"),
        pytest.param(lambda f: _set_cell(f, "schedules.csv", "opens_at", "9.00"), id="time"),
        pytest.param(
            lambda f: _set_cell(f, "services.csv", "organization_id", str(uuid.uuid4())),
            id="foreign-key",
        ),
        pytest.param(
            lambda f: _set_cell(f, "phones.csv", "id", read_table(f, "phone")[1]["id"]),
            id="primary-key",
        ),
    ],
)
def test_the_validators_catch_a_broken_package(exports, tmp_path, corrupt):
    folder = tmp_path / "broken"
    folder.mkdir()
    for source in (exports / "fi").iterdir():
        (folder / source.name).write_bytes(source.read_bytes())
    corrupt(folder)
    assert check_package(folder) != []
    assert frictionless_problems(str(folder / DESCRIPTOR)) != []
