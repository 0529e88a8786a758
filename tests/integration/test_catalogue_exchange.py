"""Catalogue export and import as our versioned JSON, on real SQLite files built by the migrations.

The database is compared through full exports: "unchanged" means the export is the same bytes.
"""

import copy
import datetime as dt
import json

import pytest
from sqlalchemy import text

from desk_app.bootstrap import bootstrap
from desk_app.db.repo_catalogue_sync import CatalogueSyncRepository
from desk_app.domain.errors import DatabaseError, UntrustedInputError
from desk_app.domain.safe_json import MAX_BYTES
from desk_app.paths import resources_dir
from desk_app.services.catalogue_exchange import apply_import, export_json, plan_import

LATER = "2100-01-01T00:00:00+00:00"
"""An ``updated_at`` after anything in the test databases: the file's version is the newer."""


@pytest.fixture
def empty(tmp_path):
    context = bootstrap(tmp_path / "empty", load_example=False)
    yield context
    context.close()


def _doc(ctx):
    return json.loads(export_json(ctx.uow))


def _bytes(doc) -> bytes:
    return json.dumps(doc, ensure_ascii=False).encode("utf-8")


def _entity(doc, kind, code):
    return next(e for e in doc[kind] if e["code"] == code)


def _sql(ctx, statement, **params):
    with ctx.engine.begin() as connection:
        connection.execute(text(statement), params)


def _enrich(doc):
    """Give the example's export the fields the example itself leaves empty, newer than the
    database's own, so an import writes them."""
    doc = copy.deepcopy(doc)
    retired = _entity(doc, "topics", "WELLBEING-ENT")
    retired.update(retired_on="2026-05-01", merged_into="BUSDEV", updated_at=LATER)
    service = _entity(doc, "services", "STARTTIRAHA")
    service.update(
        source="ptv",
        example=False,
        ptv_id="0a6e0a8c-1111-4222-8333-444455556666",
        ptv_modified="2026-03-01T06:00:00+00:00",
        status="draft",
        updated_at=LATER,
    )
    service["name"]["sv"] = "Startpeng (PTV)"
    doc["example"] = False  # no longer all example data
    channel = _entity(doc, "channels", "POINTTI-DESK")
    channel["address"].update(coord_north=7293512.25, coord_east=384955.5)
    channel["hours"].append(
        {"days": ["sat"], "opens": "10:00", "closes": "13:00", "valid_to": "2026-12-31"}
    )
    channel["updated_at"] = LATER
    return doc


def test_export_then_import_into_an_empty_database_exports_the_same_bytes(ctx, empty, tmp_path):
    rich = _enrich(_doc(ctx))
    apply_import(ctx.uow, _bytes(rich))
    exported = export_json(ctx.uow)
    assert json.loads(exported) == rich  # every field the import wrote comes back out

    plan = apply_import(empty.uow, exported)
    assert plan.applied and len(plan.of("services").added) == len(rich["services"])
    again = export_json(empty.uow)
    assert again == exported

    third = bootstrap(tmp_path / "third", load_example=False)
    try:
        apply_import(third.uow, again)
        assert export_json(third.uow) == exported
    finally:
        third.close()


def test_every_entity_kind_survives_the_round_trip(ctx, empty):
    exported = export_json(ctx.uow)
    apply_import(empty.uow, exported)
    for kind in ("topics", "organisations", "programmes", "channels", "services"):
        before, after = _doc(ctx)[kind], _doc(empty)[kind]
        assert after == before and after, kind
    code = "STARTTIRAHA"
    assert empty.desk.service(code) == ctx.desk.service(code)  # the card shows the same
    assert [t.code for t in empty.desk.topics()] == [t.code for t in ctx.desk.topics()]


def _text_times(ctx, code):
    with ctx.engine.connect() as connection:
        rows = connection.execute(
            text(
                "SELECT lang, updated_at FROM service_text WHERE field = 'name' "
                "AND service_id = (SELECT id FROM service WHERE code = :code)"
            ),
            {"code": code},
        ).all()
    return dict(rows)


def test_a_translation_older_than_its_finnish_text_stays_older(ctx, empty):
    _edit_locally(ctx, "STARTTIRAHA", "Starttiraha ja muu tuki")  # Finnish only: sv is behind
    exported = export_json(ctx.uow)
    times = _entity(json.loads(exported), "services", "STARTTIRAHA")["text_times"]
    assert set(times["name"]) == {"sv", "en"} and "fi" not in times["name"]
    apply_import(empty.uow, exported)
    assert export_json(empty.uow) == exported
    here, there = _text_times(ctx, "STARTTIRAHA"), _text_times(empty, "STARTTIRAHA")
    assert there == here
    assert there["sv"] < there["fi"]  # the staleness report still sees the old translation


def test_the_export_is_stable_and_readable(ctx):
    first = export_json(ctx.uow)
    assert export_json(ctx.uow) == first
    assert first.decode("utf-8").startswith('{\n  "format": "pointti-desk-catalogue",\n')
    assert "Työnhaku" in first.decode("utf-8")  # UTF-8, not \u escapes
    doc = json.loads(first)
    assert doc["version"] == 2
    codes = [s["code"] for s in doc["services"]]
    assert codes == sorted(codes)


def test_importing_the_same_file_again_changes_nothing(ctx):
    exported = export_json(ctx.uow)
    plan = apply_import(ctx.uow, exported)
    assert not plan.has_writes
    assert plan.report_lines() == ["The database already matches the file: nothing to change."]
    assert export_json(ctx.uow) == exported


def _edited_file(ctx):
    """An export with one service added, one changed, one service and one topic gone."""
    doc = _doc(ctx)
    new = copy.deepcopy(_entity(doc, "services", "STARTTIRAHA"))
    new.update(code="NEW-MENTORING", updated_at=LATER)
    new["name"] = {"fi": "Uusi mentorointi"}
    doc["services"].append(new)
    changed = _entity(doc, "services", "STARTTIRAHA")
    changed["name"]["sv"] = "Startpeng för nya företagare"
    changed["updated_at"] = LATER
    doc["services"] = [s for s in doc["services"] if s["code"] != "DEBT-ADVICE"]
    for service in doc["services"]:
        if "HOUSING" in service["topics"]:
            service["topics"].remove("HOUSING")
            service["topics"] = service["topics"] or ["OTHER"]
            service["updated_at"] = LATER
    doc["topics"] = [t for t in doc["topics"] if t["code"] != "HOUSING"]
    return doc


def test_a_dry_run_reports_adds_changes_and_retirements_and_changes_nothing(ctx):
    before = export_json(ctx.uow)
    plan = plan_import(ctx.uow, _bytes(_edited_file(ctx)))
    assert export_json(ctx.uow) == before
    assert not plan.applied
    lines = plan.report_lines()
    assert "Would add 1 service: NEW-MENTORING" in lines
    assert "Would change service STARTTIRAHA: name (sv)" in lines
    assert "Would retire 1 service: DEBT-ADVICE" in lines
    assert "Would retire 1 topic: HOUSING" in lines
    assert plan.of("services").retired == ("DEBT-ADVICE",)


def test_applying_adds_changes_and_retires_without_deleting(ctx):
    file = _edited_file(ctx)
    plan = apply_import(ctx.uow, _bytes(file))
    assert "Added 1 service: NEW-MENTORING" in plan.report_lines()
    assert "Retired 1 topic: HOUSING" in plan.report_lines()
    doc = _doc(ctx)
    assert _entity(doc, "services", "NEW-MENTORING")["name"] == {"fi": "Uusi mentorointi"}
    assert _entity(doc, "services", "STARTTIRAHA")["name"]["sv"] == "Startpeng för nya företagare"
    assert _entity(doc, "services", "DEBT-ADVICE")["status"] == "retired"  # kept, retired
    assert (
        _entity(doc, "topics", "HOUSING")["retired_on"]
        == dt.datetime.now(dt.UTC).date().isoformat()
    )
    assert "HOUSING" not in [t.code for t in ctx.desk.topics()]  # intake no longer offers it
    assert not apply_import(ctx.uow, _bytes(file)).has_writes  # the same file again: no change


def _edit_locally(ctx, code, fi_name):
    """What the catalogue editor does: the text and the service's time of change, now."""
    now = dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M:%S.%f")  # as SQLAlchemy stores it
    _sql(
        ctx,
        "UPDATE service_text SET value = :name, updated_at = :now WHERE field = 'name' "
        "AND lang = 'fi' AND service_id = (SELECT id FROM service WHERE code = :code)",
        name=fi_name,
        now=now,
        code=code,
    )
    _sql(ctx, "UPDATE service SET updated_at = :now WHERE code = :code", now=now, code=code)


def test_local_edits_after_the_export_are_kept_and_reported(ctx):
    file = _doc(ctx)  # exported before the local edit: its version is the older one
    _entity(file, "services", "STARTTIRAHA")["name"]["fi"] = "Starttiraha (tiedostosta)"
    _entity(file, "services", "DEBT-ADVICE")["name"]["fi"] = "Velkaneuvonta (tiedostosta)"
    _entity(file, "services", "DEBT-ADVICE")["updated_at"] = LATER
    _edit_locally(ctx, "STARTTIRAHA", "Starttiraha (paikallinen)")

    plan = apply_import(ctx.uow, _bytes(file))
    assert plan.report_lines() == [
        "Changed service DEBT-ADVICE: name (fi)",
        "Kept the local edits of service STARTTIRAHA: name (fi) "
        "(use --overwrite-local to replace them)",
    ]
    doc = _doc(ctx)
    assert _entity(doc, "services", "STARTTIRAHA")["name"]["fi"] == "Starttiraha (paikallinen)"
    assert _entity(doc, "services", "DEBT-ADVICE")["name"]["fi"] == "Velkaneuvonta (tiedostosta)"

    plan = apply_import(ctx.uow, _bytes(file), overwrite_local=True)
    assert plan.report_lines() == ["Replaced the local edits of service STARTTIRAHA: name (fi)"]
    assert (
        _entity(_doc(ctx), "services", "STARTTIRAHA")["name"]["fi"] == "Starttiraha (tiedostosta)"
    )


def test_a_locally_edited_service_missing_from_the_file_is_not_retired(ctx):
    file = _doc(ctx)
    file["services"] = [s for s in file["services"] if s["code"] != "STARTTIRAHA"]
    _edit_locally(ctx, "STARTTIRAHA", "Starttiraha (paikallinen)")
    plan = plan_import(ctx.uow, _bytes(file))
    assert plan.of("services").retired == ()
    assert plan.report_lines()[0].startswith("Kept service STARTTIRAHA: the file does not have it")
    apply_import(ctx.uow, _bytes(file))
    assert _entity(_doc(ctx), "services", "STARTTIRAHA")["status"] == "active"


def test_a_topic_retired_here_is_not_brought_back_by_an_older_file(ctx):
    file = export_json(ctx.uow)
    _sql(ctx, "UPDATE topic SET retired_on = '2026-12-01' WHERE code = 'HOUSING'")  # no time
    plan = apply_import(ctx.uow, file)
    assert plan.report_lines() == [
        "Kept the local edits of topic HOUSING: retired_on (use --overwrite-local to replace them)"
    ]
    assert _entity(_doc(ctx), "topics", "HOUSING")["retired_on"] == "2026-12-01"
    apply_import(ctx.uow, file, overwrite_local=True)
    assert "retired_on" not in _entity(_doc(ctx), "topics", "HOUSING")


def test_a_version_1_file_gives_no_times_so_every_difference_is_kept(ctx):
    raw = json.loads((resources_dir() / "seed" / "example_catalogue.json").read_text("utf-8"))
    assert plan_import(ctx.uow, _bytes(raw)).report_lines()[0].startswith("The database already")
    raw["services"][0]["name"]["fi"] = "Muutettu nimi"
    code = raw["services"][0]["code"]
    plan = apply_import(ctx.uow, _bytes(raw))
    assert [c.code for c in plan.of("services").conflicts] == [code]
    assert not plan.has_writes
    apply_import(ctx.uow, _bytes(raw), overwrite_local=True)
    assert _entity(_doc(ctx), "services", code)["name"]["fi"] == "Muutettu nimi"


def test_organisations_and_channels_missing_from_the_file_are_left_and_listed(ctx):
    file = _doc(ctx)
    file["channels"] = [c for c in file["channels"] if c["code"] != "POINTTI-DESK"]
    for service in file["services"]:
        if "POINTTI-DESK" in service.get("channels", []):
            service["channels"].remove("POINTTI-DESK")
            service["updated_at"] = LATER
    plan = apply_import(ctx.uow, _bytes(file))
    assert "Not in the file, left as they are: 1 channel: POINTTI-DESK" in plan.report_lines()
    assert _entity(_doc(ctx), "channels", "POINTTI-DESK")


# -- atomicity -------------------------------------------------------------------------------


def test_a_failure_half_way_leaves_the_database_unchanged(ctx, monkeypatch):
    before = export_json(ctx.uow)
    written = []
    original = CatalogueSyncRepository._execute

    def fail_after_some_rows(self, statement, rows):
        if len(written) > 10:  # topics, channels and some services are written by now
            raise RuntimeError("the power went out")
        original(self, statement, rows)
        written.extend(rows)

    monkeypatch.setattr(CatalogueSyncRepository, "_execute", fail_after_some_rows)
    with pytest.raises(RuntimeError, match="the power went out"):
        apply_import(ctx.uow, _bytes(_enrich(_edited_file(ctx))))
    assert len(written) > 10, "the failure came after rows were written"
    monkeypatch.undo()
    assert export_json(ctx.uow) == before


def test_a_database_error_in_the_last_step_is_reported_and_nothing_is_saved(ctx, monkeypatch):
    from sqlalchemy.exc import OperationalError

    before = export_json(ctx.uow)
    original = CatalogueSyncRepository.write_services

    def fail(self, entries, now):
        original(self, entries, now)  # every service row is written, then the disk fails
        raise OperationalError("INSERT", {}, Exception("disk I/O error"))

    monkeypatch.setattr(CatalogueSyncRepository, "write_services", fail)
    with pytest.raises(DatabaseError, match="Nothing was saved"):
        apply_import(ctx.uow, _bytes(_edited_file(ctx)))
    monkeypatch.undo()
    assert export_json(ctx.uow) == before


# -- hostile files ---------------------------------------------------------------------------


def _hostile(ctx, kind):
    doc = _doc(ctx)
    if kind == "too large":
        return b" " * (MAX_BYTES + 1)
    if kind == "nested too deep":
        return (
            b'{"format": "pointti-desk-catalogue", "x": ' + b"[" * 100_000 + b"]" * 100_000 + b"}"
        )
    if kind == "wrong type":
        doc["services"][3]["code"] = 5
    elif kind == "duplicate id":
        doc["services"].append(copy.deepcopy(doc["services"][0]))
    elif kind == "duplicate key":
        return _bytes(doc)[:-1] + b', "services": []}'
    elif kind == "invalid UTF-8":
        return _bytes(doc).replace("Työnhaku".encode(), "Työnhaku".encode("latin-1"), 1)
    elif kind == "not JSON":
        return b"format,version\npointti-desk-catalogue,2\n"
    elif kind == "unknown reference":
        doc["services"][0]["topics"] = ["NO-SUCH-TOPIC"]
    return _bytes(doc)


@pytest.mark.parametrize(
    ("kind", "message"),
    [
        ("too large", "too large"),
        ("nested too deep", "nested too deeply"),
        ("wrong type", "services[3].code"),
        ("duplicate id", "duplicate code"),
        ("duplicate key", '"services" twice'),
        ("invalid UTF-8", "not UTF-8"),
        ("not JSON", "(line 1, column 1)"),
        ("unknown reference", "unknown topic NO-SUCH-TOPIC"),
    ],
)
def test_hostile_files_are_refused_and_the_database_is_unchanged(ctx, kind, message):
    before = export_json(ctx.uow)
    data = _hostile(ctx, kind)
    for run in (plan_import, apply_import):
        with pytest.raises(UntrustedInputError) as err:
            run(ctx.uow, data)
        assert message in str(err.value)
    assert export_json(ctx.uow) == before
