"""The admin CLI as an IT admin runs it: real processes, real data directories, exit codes."""

import os
import sqlite3
import subprocess
import sys

import pytest


def run(*args, env_lang="en"):
    return subprocess.run(
        [sys.executable, "-m", "desk_app", *args],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "POINTTI_DESK_LANG": env_lang},
    )


@pytest.fixture(scope="module")
def tested_dir(tmp_path_factory):
    data = tmp_path_factory.mktemp("cli") / "data"
    result = run("self-test", "--data-dir", str(data))
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == "self-test ok"
    return data


def test_self_test_leaves_no_visit_behind(tested_dir):
    with sqlite3.connect(tested_dir / "pointti-desk.sqlite3") as con:
        assert con.execute("SELECT count(*) FROM visit").fetchone() == (0,)
        assert con.execute("SELECT count(*) FROM referral").fetchone() == (0,)


def test_self_test_then_check_passes(tested_dir):
    result = run("check", "--data-dir", str(tested_dir))
    assert result.returncode == 0, result.stderr
    assert "quick_check: ok" in result.stdout
    assert "check ok" in result.stdout


def test_check_without_a_database_fails_with_a_reason(tmp_path):
    result = run("check", "--data-dir", str(tmp_path / "empty"))
    assert result.returncode == 1
    assert "no database" in result.stderr
    assert not (tmp_path / "empty").exists(), "check must not create anything"


def test_check_reports_a_newer_schema(tmp_path):
    data = tmp_path / "data"
    assert run("self-test", "--data-dir", str(data)).returncode == 0
    with sqlite3.connect(data / "pointti-desk.sqlite3") as con:
        con.execute("UPDATE alembic_version SET version_num = 'ffff'")
    result = run("check", "--data-dir", str(data))
    assert result.returncode == 1
    assert "newer version" in result.stderr


def test_check_reports_a_corrupt_file(tmp_path):
    data = tmp_path / "data"
    data.mkdir()
    (data / "pointti-desk.sqlite3").write_bytes(b"SQLite format 3\x00" + b"\x07" * 5000)
    result = run("check", "--data-dir", str(data))
    assert result.returncode == 1
    assert "PROBLEM:" in result.stderr and "Traceback" not in result.stderr


def test_check_reports_a_file_that_is_not_a_database_and_leaves_it_alone(tmp_path):
    data = tmp_path / "data"
    data.mkdir()
    (data / "pointti-desk.sqlite3").write_text("not a db", encoding="utf-8")
    result = run("check", "--data-dir", str(data))
    assert result.returncode == 1
    assert "not a readable SQLite database" in result.stderr
    assert "Traceback" not in result.stderr
    assert (data / "pointti-desk.sqlite3").read_text(encoding="utf-8") == "not a db"


def test_check_changes_nothing_and_reports_a_non_wal_file(tmp_path):
    data = tmp_path / "data"
    assert run("self-test", "--data-dir", str(data)).returncode == 0
    db = data / "pointti-desk.sqlite3"
    with sqlite3.connect(db) as con:
        con.execute("PRAGMA journal_mode=DELETE")
    result = run("check", "--data-dir", str(data))
    assert result.returncode == 1
    assert "journal_mode is delete" in result.stderr
    with sqlite3.connect(db) as con:
        assert con.execute("PRAGMA journal_mode").fetchone() == ("delete",)


def test_check_of_a_missing_db_url_file_does_not_create_it(tmp_path):
    missing = tmp_path / "typo.sqlite3"
    result = run("check", "--data-dir", str(tmp_path / "d"), "--db-url", f"sqlite:///{missing}")
    assert result.returncode == 1
    assert "no database" in result.stderr
    assert not missing.exists()


def test_data_dir_with_url_special_characters(tmp_path):
    data = tmp_path / "odd?name%20#1"
    assert run("self-test", "--data-dir", str(data)).returncode == 0
    assert (data / "pointti-desk.sqlite3").exists()
    assert run("check", "--data-dir", str(data)).returncode == 0


def test_catalogue_list_prints_active_services(tested_dir):
    result = run("catalogue", "list", "--data-dir", str(tested_dir))
    assert result.returncode == 0, result.stderr
    lines = result.stdout.strip().splitlines()
    assert len(lines) >= 12
    for line in lines:
        code, name, actor = line.split("\t")
        assert code.isupper() and name and actor
    assert any(line.split("\t")[2] == "Kela" for line in lines)
    everything = run("catalogue", "list", "--all", "--data-dir", str(tested_dir))
    assert len(everything.stdout.strip().splitlines()) > len(lines)  # the ended project


def test_demo_data_is_written_and_marked(tmp_path):
    data = tmp_path / "data"
    result = run("demo-data", "--visits", "2500", "--days", "30", "--data-dir", str(data))
    assert result.returncode == 0, result.stderr
    assert "2500 demo visits" in result.stdout
    with sqlite3.connect(data / "pointti-desk.sqlite3") as con:
        assert con.execute("SELECT count(*), sum(is_demo) FROM visit").fetchone() == (2500, 2500)
        assert con.execute("SELECT count(*) FROM visit_topic").fetchone()[0] >= 2500
        assert con.execute("PRAGMA foreign_key_check").fetchall() == []


def test_demo_data_is_consistent_and_can_be_removed(tmp_path):
    data = tmp_path / "data"
    assert (
        run("demo-data", "--visits", "800", "--days", "5", "--data-dir", str(data)).returncode == 0
    )
    db = data / "pointti-desk.sqlite3"
    with sqlite3.connect(db) as con:
        referred_without_referral = con.execute(
            "SELECT count(*) FROM visit v WHERE outcome = 'referred' "
            "AND NOT EXISTS (SELECT 1 FROM referral r WHERE r.visit_id = v.id)"
        ).fetchone()[0]
        to_ended = con.execute(
            "SELECT count(*) FROM referral r JOIN service s ON s.id = r.service_id "
            "WHERE s.valid_to IS NOT NULL AND s.valid_to < date('now')"
        ).fetchone()[0]
    assert (referred_without_referral, to_ended) == (0, 0)
    result = run("demo-data", "--remove", "--data-dir", str(data))
    assert result.returncode == 0 and "800 demo visits removed" in result.stdout
    with sqlite3.connect(db) as con:
        assert con.execute("SELECT count(*) FROM visit").fetchone() == (0,)
        assert con.execute("SELECT count(*) FROM referral").fetchone() == (0,)


def test_demo_data_rejects_nonsense(tmp_path):
    result = run("demo-data", "--visits", "0", "--data-dir", str(tmp_path / "d"))
    assert result.returncode == 1
    assert "between 1 and" in result.stderr


def test_bad_arguments_exit_2():
    assert run("no-such-command").returncode == 2


def test_without_a_display_the_gui_command_explains_instead_of_crashing(tmp_path, monkeypatch):
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")
    }
    result = subprocess.run(
        [sys.executable, "-m", "desk_app", "--data-dir", str(tmp_path / "d")],
        capture_output=True,
        text=True,
        timeout=60,
        env=env,
    )
    assert result.returncode == 1
    assert "no display" in result.stderr


def test_first_start_writes_the_settings_file_for_the_admin(tested_dir):
    import json

    settings = json.loads((tested_dir / "settings.json").read_text(encoding="utf-8"))
    assert settings["ui_language"] == "fi" and settings["desk_name"]


def test_db_url_points_the_app_at_another_database(tmp_path):
    other = tmp_path / "elsewhere.sqlite3"
    url = f"sqlite:///{other}"
    data = tmp_path / "data"
    assert run("self-test", "--data-dir", str(data), "--db-url", url).returncode == 0
    assert other.exists() and not (data / "pointti-desk.sqlite3").exists()
    result = run("check", "--data-dir", str(data), "--db-url", url)
    assert result.returncode == 0, result.stderr
    assert f"database: {other}" in result.stdout


@pytest.mark.parametrize("where", ["before", "after"])
def test_the_data_dir_counts_before_or_after_the_command(tmp_path, where):
    data = tmp_path / "data"
    env = {**os.environ, "POINTTI_DESK_LANG": "en"}
    env.pop("POINTTI_DESK_DATA_DIR", None)
    options = ["--data-dir", str(data)]
    argv = [*options, "catalogue", "list"] if where == "before" else ["catalogue", "list", *options]
    result = subprocess.run(
        [sys.executable, "-m", "desk_app", *argv],
        capture_output=True,
        text=True,
        timeout=120,
        env={**env, "HOME": str(tmp_path / "home"), "XDG_DATA_HOME": str(tmp_path / "xdg")},
    )
    assert result.returncode == 0, result.stderr
    assert "KELA-UNEMPLOYMENT-BENEFIT" in result.stdout
    assert (data / "pointti-desk.sqlite3").exists()
    assert not (tmp_path / "xdg").exists(), "nothing may go to the default data directory"


def test_a_reader_that_stops_early_gets_no_traceback(tested_dir):
    """``pointti-desk catalogue list | head -1``: the closed pipe ends the command quietly."""
    listing = subprocess.Popen(
        [sys.executable, "-m", "desk_app", "catalogue", "list", "--data-dir", str(tested_dir)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env={**os.environ, "POINTTI_DESK_LANG": "en", "PYTHONUNBUFFERED": "1"},
    )
    assert listing.stdout is not None and listing.stderr is not None
    first = listing.stdout.readline()
    listing.stdout.close()  # what head does after its line
    stderr = listing.stderr.read().decode()
    listing.wait(timeout=60)
    assert first.strip()
    assert "Traceback" not in stderr and "BrokenPipeError" not in stderr


def test_handout_commands_write_pdfs(tested_dir, tmp_path):
    sheet, leaflet, booklet = (tmp_path / n for n in ("sheet.pdf", "leaflet.pdf", "booklet.pdf"))
    data = ["--data-dir", str(tested_dir)]
    services = "KELA-UNEMPLOYMENT-BENEFIT,STARTTIRAHA"
    for argv, out in (
        (["--services", services, "--lang", "uk", "--note", "Call on Monday"], sheet),
        (["--leaflet", "STARTTIRAHA", "--lang", "ar"], leaflet),
        (["--booklet", "--lang", "sv"], booklet),
    ):
        result = run("handout", *argv, "--out", str(out), *data)
        assert result.returncode == 0, result.stderr
        assert out.read_bytes().startswith(b"%PDF")


@pytest.mark.parametrize(
    ("argv", "named"),
    [
        (["--services", "STARTTIRAHA,NO-SUCH-CODE", "--lang", "fi"], "NO-SUCH-CODE"),
        (["--leaflet", "NOT-A-SERVICE", "--lang", "fi"], "NOT-A-SERVICE"),
        (["--services", "STARTTIRAHA", "--lang", "xx"], "xx"),
    ],
)
def test_handout_names_an_unknown_code_or_language(tested_dir, tmp_path, argv, named):
    out = tmp_path / "never.pdf"
    result = run("handout", *argv, "--out", str(out), "--data-dir", str(tested_dir))
    assert result.returncode != 0
    assert named in result.stderr
    assert not out.exists()


def test_handout_into_a_folder_that_cannot_be_written_says_so(tested_dir, tmp_path):
    not_a_folder = tmp_path / "a-file"
    not_a_folder.write_text("")  # even root cannot write "a-file/sheet.pdf"
    out = not_a_folder / "sheet.pdf"
    argv = ["--services", "STARTTIRAHA", "--lang", "fi", "--out", str(out)]
    result = run("handout", *argv, "--data-dir", str(tested_dir))
    assert result.returncode == 1
    assert "Cannot write" in result.stderr and str(out) in result.stderr


# --- catalogue exchange ---------------------------------------------------------------------

PTV_FIXTURES = os.path.join(os.path.dirname(__file__), "..", "fixtures", "ptv")


def test_catalogue_json_export_imports_into_another_desk_unchanged(tmp_path):
    source, target = tmp_path / "a", tmp_path / "b"
    exported = tmp_path / "catalogue.json"
    result = run("catalogue", "export", "--out", str(exported), "--data-dir", str(source))
    assert result.returncode == 0, result.stderr
    assert "written" in result.stdout
    plan = run("catalogue", "import", str(exported), "--dry-run", "--data-dir", str(source))
    assert plan.returncode == 0, plan.stderr
    assert "already matches" in plan.stdout
    # The other desk loaded the same example catalogue at its own start: same content, its own
    # times, so nothing to change (the byte-exact round trip into an empty database is in
    # test_catalogue_exchange.py).
    applied = run("catalogue", "import", str(exported), "--data-dir", str(target))
    assert applied.returncode == 0, applied.stderr
    assert "already matches" in applied.stdout
    again = tmp_path / "again.json"
    run("catalogue", "export", "--out", str(again), "--data-dir", str(target))
    assert _without_times(again) == _without_times(exported)


def _without_times(path):
    import json

    def strip(value):
        if isinstance(value, dict):
            return {k: strip(v) for k, v in value.items() if k not in ("updated_at", "text_times")}
        if isinstance(value, list):
            return [strip(v) for v in value]
        return value

    return strip(json.loads(path.read_text(encoding="utf-8")))


def test_catalogue_import_refuses_a_hostile_file_by_its_problem(tmp_path):
    bad = tmp_path / "deep.json"
    bad.write_text("[" * 5000 + "]" * 5000)
    result = run("catalogue", "import", str(bad), "--data-dir", str(tmp_path / "d"))
    assert result.returncode == 1
    assert "nested too deeply" in result.stderr


def test_catalogue_import_ptv_dry_run_then_apply(tmp_path):
    data = str(tmp_path / "d")
    services = os.path.join(PTV_FIXTURES, "services.json")
    plan = run("catalogue", "import-ptv", services, "--dry-run", "--data-dir", data)
    assert plan.returncode == 0, plan.stderr
    assert "not applied yet" in plan.stdout
    listed = run("catalogue", "list", "--data-dir", data).stdout
    applied = run("catalogue", "import-ptv", services, "--data-dir", data)
    assert applied.returncode == 0, applied.stderr
    assert "4 added" in applied.stdout  # an organisation and three services
    after = run("catalogue", "list", "--data-dir", data).stdout
    assert len(after.splitlines()) == len(listed.splitlines()) + 3


def test_catalogue_export_hsds_and_stale_report(tmp_path):
    data = str(tmp_path / "d")
    folder = tmp_path / "hsds"
    result = run(
        "catalogue", "export", "--format", "hsds", "--lang", "sv", "--out", str(folder),
        "--data-dir", data,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert (folder / "datapackage.json").exists()
    stale = run("catalogue", "stale", "--months", "1", "--data-dir", data)
    assert stale.returncode == 0, stale.stderr
    assert stale.stdout.strip()
