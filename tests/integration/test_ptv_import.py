"""Importing saved Suomi.fi PTV v11 responses into a real database built by the migrations:
first import, re-import with local edits kept, unchanged files, failures and hostile files that
leave the database as it was, and the migration that adds the snapshot column."""

import copy
import datetime as dt
import json
import sqlite3
from contextlib import closing
from pathlib import Path

import pytest
from alembic import command

from desk_app.db import migrate
from desk_app.db.engine import make_engine, write_engine
from desk_app.db.repo_ptv import PtvRepository
from desk_app.domain.errors import DeskError
from desk_app.services.ptv_import import import_ptv, plan_ptv_import

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "ptv"
TODAY = dt.date(2026, 12, 1)
ADVICE, START, INTEGRATION = "PTV-81A2B3C4", "PTV-92B3C4D5", "PTV-A3C4D5E6"
PLACE, PHONE, WEB, ESERVICE = "PTV-6B1E4D2A", "PTV-A3D9C7E1", "PTV-C4E8F2A6", "PTV-D5F9A3B7"


def fixture(name):
    return json.loads((FIXTURES / name).read_text(encoding="utf-8"))


def encode(document):
    return json.dumps(document, ensure_ascii=False).encode("utf-8")


def run(ctx, document, apply=True):
    job = import_ptv if apply else plan_ptv_import
    return job(ctx.uow, encode(document) if not isinstance(document, bytes) else document, TODAY)


def import_both(ctx):
    channels = run(ctx, fixture("channels.json"))
    services = run(ctx, fixture("services.json"))
    return channels, services


def dump(ctx):
    """Every row of the database, to show a failed import changed nothing."""
    with closing(sqlite3.connect(ctx.paths.database)) as con:
        return list(con.iterdump())


def sql(ctx, statement, *params):
    """Plain SQL, as staff editing a row would leave it (committed)."""
    with closing(sqlite3.connect(ctx.paths.database)) as con, con:
        return con.execute(statement, params).fetchall()


def test_first_import_adds_services_and_channels_with_ptv_ids_and_times(ctx):
    channels, services = import_both(ctx)
    assert [e.code for e in channels.added] == ["PTV-2F0C8A51", PLACE, PHONE, WEB, ESERVICE]
    assert [e.code for e in services.added] == [ADVICE, START, INTEGRATION]
    # The organisation the channels' file could only name by its code got the services' name.
    assert [(e.code, e.fields) for e in services.updated] == [("PTV-2F0C8A51", ("name",))]
    rows = sql(
        ctx,
        "SELECT ptv_id, ptv_modified, source, ptv_snapshot IS NOT NULL FROM service WHERE code=?",
        ADVICE,
    )
    assert rows == [
        ("81a2b3c4-d5e6-4f70-8192-a3b4c5d6e7f8", "2026-11-02 09:14:03.517212", "ptv", 1)
    ]
    assert sql(ctx, "SELECT count(*) FROM channel WHERE source='ptv' AND ptv_id IS NOT NULL") == [
        (4,)
    ]
    lines = services.report_lines()
    assert lines[0].startswith("PTV import: 3 added")
    assert any(ADVICE in line and "Työllisyyspalvelujen neuvonta" in line for line in lines)


def test_the_finder_and_the_card_show_the_imported_service(ctx):
    import_both(ctx)
    found = {s.code: s for s in ctx.desk.services()}
    advice = found[ADVICE]
    assert advice.name.text("sv") == "Rådgivning inom sysselsättningstjänster"
    assert advice.topic_codes == ("JOB", "JOBSEEKER", "SUBSIDY")
    assert advice.languages == ("en", "fi", "sv")
    assert advice.organisation_name.text("fi") == "Kemin kaupunki"
    assert found[INTEGRATION].topic_codes == ("INTEGRATION",)
    assert found[START].topic_codes == ("START", "BUSDEV")
    detail = ctx.desk.service(ADVICE)
    assert detail.how_to_apply.text("fi").startswith("Ilmoittaudu ensin")
    assert [c.code for c in detail.channels] == [PLACE, PHONE, WEB]
    place = detail.channels[0]
    assert place.address_line == "Valtakatu 26, 94100 Kemi"
    assert place.phone == "+358 16 259 000"
    assert [(h.weekday, h.opens.hour, h.closes.hour) for h in place.hours] == [
        (0, 9, 15),
        (1, 9, 15),
        (2, 9, 15),
        (3, 9, 15),
        (4, 9, 14),
    ]
    christmas = place.exceptions[0]
    assert (christmas.date_from, christmas.closed, christmas.note.text("en")) == (
        dt.date(2026, 12, 24),
        True,
        "Christmas",
    )
    assert sql(
        ctx,
        "SELECT a.coord_north, a.coord_east FROM channel c JOIN address a ON a.id = c.address_id "
        "WHERE c.code = ?",
        PLACE,
    ) == [(7291742.512, 387912.338)]


def test_services_first_then_channels_links_them_from_the_channels_side(ctx):
    services = run(ctx, fixture("services.json"))
    assert services.unresolved_links == 6
    assert "import the channels' file too" in services.report_lines()[-1]
    channels = run(ctx, fixture("channels.json"))
    assert channels.links_added == 6
    assert {c.code for c in ctx.desk.service(ADVICE).channels} == {PLACE, PHONE, WEB}
    assert {c.code for c in ctx.desk.service(START).channels} == {PHONE, ESERVICE}
    # The organisation keeps the name the services gave it.
    assert ctx.desk.service(ADVICE).summary.organisation_name.text("fi") == "Kemin kaupunki"
    # Those links count as PTV's: when PTV drops one, a re-import drops it (no "local edit").
    services = fixture("services.json")
    advice = services["itemList"][0]
    advice["modified"] = "2026-11-21T08:00:00"
    advice["serviceChannels"] = advice["serviceChannels"][:2]
    report = run(ctx, services)
    assert [(e.code, e.fields) for e in report.updated] == [(ADVICE, ("channels",))]
    assert report.overrides == ()
    assert [c.code for c in ctx.desk.service(ADVICE).channels] == [PLACE, PHONE]


def _changed_files():
    services, channels = fixture("services.json"), fixture("channels.json")
    advice = services["itemList"][0]
    advice["modified"] = "2026-11-20T08:00:00"
    names = advice["serviceNames"]
    names[0]["value"] = "Työllisyyspalvelujen neuvonta ja ohjaus"
    for item in advice["serviceDescriptions"]:
        if item["type"] == "Summary" and item["language"] == "fi":
            item["value"] = "PTV:n uusi tiivistelmä."
    place = channels["itemList"][0]
    place["modified"] = "2026-11-20T08:00:00"
    place["phoneNumbers"][0]["number"] = "16 259 555"
    place["serviceHours"][0]["openingHour"][4]["to"] = "15:00"  # Friday now until 15
    return services, channels


def test_reimport_updates_untouched_fields_and_keeps_what_staff_edited(ctx):
    import_both(ctx)
    # Staff edit the Finnish summary of the service and the phone number of the place.
    sql(
        ctx,
        "UPDATE service_text SET value = 'Paikallisesti muokattu tiivistelmä.' "
        "WHERE field = 'summary' AND lang = 'fi' "
        "AND service_id = (SELECT id FROM service WHERE code = ?)",
        ADVICE,
    )
    sql(ctx, "UPDATE channel SET phone = '016 259 111' WHERE code = ?", PLACE)
    services, channels = _changed_files()

    plan = run(ctx, services, apply=False)
    assert [(e.code, e.fields) for e in plan.overrides] == [(ADVICE, ("summary",))]
    assert ctx.desk.service(ADVICE).summary.name.text("fi") == "Työllisyyspalvelujen neuvonta"

    report = run(ctx, services)
    channel_report = run(ctx, channels)
    assert [(e.code, e.fields) for e in report.updated] == [(ADVICE, ("name",))]
    assert [(e.code, e.fields) for e in report.overrides] == [(ADVICE, ("summary",))]
    assert [(e.code, e.fields) for e in channel_report.updated] == [(PLACE, ("hours",))]
    assert [(e.code, e.fields) for e in channel_report.overrides] == [(PLACE, ("phone",))]
    assert any(
        "Kept the local edit" in line and ADVICE in line and "summary" in line
        for line in report.report_lines()
    )
    detail = ctx.desk.service(ADVICE)
    assert detail.summary.name.text("fi") == "Työllisyyspalvelujen neuvonta ja ohjaus"
    assert detail.summary.summary.text("fi") == "Paikallisesti muokattu tiivistelmä."
    assert detail.summary.summary.text("sv").startswith("Rådgivning om jobbsökning")
    place = detail.channels[0]
    assert place.phone == "016 259 111"
    assert (place.hours[-1].weekday, place.hours[-1].closes) == (4, dt.time(15))
    assert sql(ctx, "SELECT ptv_modified FROM service WHERE code = ?", ADVICE) == [
        ("2026-11-20 08:00:00.000000",)
    ]
    # The snapshot now holds PTV's values: the next change in PTV flows in where staff did not
    # edit, and the edited summary is still kept.
    snapshot = json.loads(sql(ctx, "SELECT ptv_snapshot FROM service WHERE code=?", ADVICE)[0][0])
    assert snapshot["summary"]["fi"] == "PTV:n uusi tiivistelmä."


def test_an_unchanged_reimport_reports_unchanged_and_writes_nothing(ctx):
    import_both(ctx)
    before = dump(ctx)
    again = run(ctx, fixture("services.json"))
    assert (again.added, again.updated, again.overrides) == ((), (), ())
    assert {e.code for e in again.unchanged} == {ADVICE, START, INTEGRATION}
    assert again.report_lines()[0] == "PTV import: 0 added, 0 updated, 3 unchanged."
    assert dump(ctx) == before


def test_rows_no_longer_in_the_file_are_reported_not_deleted(ctx):
    import_both(ctx)
    services = fixture("services.json")
    del services["itemList"][2]
    report = run(ctx, services)
    assert [(e.kind, e.code) for e in report.missing] == [("service", INTEGRATION)]
    assert any("not in the file" in line for line in report.report_lines())
    assert INTEGRATION in {s.code for s in ctx.desk.services()}


def test_a_plan_writes_nothing(ctx):
    before = dump(ctx)
    plan = run(ctx, fixture("channels.json"), apply=False)
    assert len(plan.added) == 5 and plan.report_lines()[0].startswith("PTV import (not applied")
    assert dump(ctx) == before


def test_a_failure_half_way_leaves_the_database_unchanged(ctx, monkeypatch):
    run(ctx, fixture("channels.json"))
    before = dump(ctx)
    calls = []
    real_add = PtvRepository.add

    def failing_add(self, kind, items):
        calls.append(kind)
        real_add(self, kind, items)
        if kind == "service":  # the organisation renamed, the services written: then a failure
            raise RuntimeError("disk pulled out")

    monkeypatch.setattr(PtvRepository, "add", failing_add)
    with pytest.raises(RuntimeError, match="disk pulled out"):
        run(ctx, fixture("services.json"))
    assert calls == ["organisation", "channel", "service"]
    assert dump(ctx) == before


def _deep(levels):
    return b'{"itemList": ' + b"[" * levels + b"]" * levels + b"}"


def _wrong_type():
    services = fixture("services.json")
    services["itemList"][0]["serviceNames"][0]["value"] = ["not", "text"]
    return encode(services)


def _duplicate_ids():
    services = fixture("services.json")
    services["itemList"].append(copy.deepcopy(services["itemList"][0]))
    return encode(services)


@pytest.mark.parametrize(
    ("data", "words"),
    [
        (b" " * (20 * 1024 * 1024 + 1), "too large"),
        (_deep(200), "nested too deeply"),
        (_wrong_type(), "itemList[0].serviceNames[0].value: expected text"),
        (_duplicate_ids(), "itemList[3].id: duplicate id"),
        (b'{"itemList": ["\xff\xfe"]}', "not UTF-8"),
        (b"<html>Service Unavailable</html>", "not valid JSON"),
        (b'{"itemList": [], "itemList": []}', "twice"),
    ],
    ids=["too-large", "too-deep", "wrong-type", "duplicate-id", "not-utf8", "not-json", "dup-key"],
)
def test_hostile_files_are_refused_with_the_first_problem_and_nothing_written(ctx, data, words):
    before = dump(ctx)
    with pytest.raises(DeskError) as caught:
        run(ctx, data)
    assert words in str(caught.value)
    assert dump(ctx) == before


def test_the_migration_adds_the_snapshot_to_a_database_at_the_previous_revision(tmp_path):
    db = tmp_path / "at-0002.sqlite3"
    engine = make_engine(f"sqlite:///{db}")
    try:
        with write_engine(engine).connect() as connection:
            command.upgrade(migrate.alembic_config(connection), "0002")
            connection.commit()
        with sqlite3.connect(db) as con:
            con.execute(
                "INSERT INTO organisation (id, code, kind, created_at, updated_at, source, "
                "is_example) VALUES ('o1', 'KEMI', 'municipality', '2026-01-01 00:00:00', "
                "'2026-01-01 00:00:00', 'local', 0)"
            )
        result = migrate.upgrade_database(engine, tmp_path / "backups")
        assert (result.from_revision, result.to_revision) == ("0002", migrate.head_revision())
        with sqlite3.connect(db) as con:
            for table in ("organisation", "service", "channel"):
                columns = [row[1] for row in con.execute(f"PRAGMA table_info({table})")]
                assert "ptv_snapshot" in columns, table
            assert con.execute("SELECT code, ptv_snapshot FROM organisation").fetchall() == [
                ("KEMI", None)
            ]
        with write_engine(engine).connect() as connection:
            command.downgrade(migrate.alembic_config(connection), "0002")
            connection.commit()
        with sqlite3.connect(db) as con:
            columns = [row[1] for row in con.execute("PRAGMA table_info(service)")]
            assert "ptv_snapshot" not in columns
            assert con.execute("SELECT code FROM organisation").fetchall() == [("KEMI",)]
    finally:
        engine.dispose()
