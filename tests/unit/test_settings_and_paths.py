"""Settings survive a round trip and a broken file; the data directory is chosen as documented."""

import json
from pathlib import Path

import pytest

from desk_app.domain.errors import ValidationError
from desk_app.paths import DataPaths, resolve_data_dir, resources_dir
from desk_app.settings import Settings, load_settings, save_settings


def test_defaults_when_there_is_no_file(tmp_path):
    settings = load_settings(tmp_path / "settings.json")
    assert settings.ui_language == "fi"
    assert settings.desk_name


def test_round_trip(tmp_path):
    path = tmp_path / "settings.json"
    save_settings(path, Settings(ui_language="sv", desk_name="Pointti 2"))
    loaded = load_settings(path)
    assert (loaded.ui_language, loaded.desk_name) == ("sv", "Pointti 2")
    assert json.loads(path.read_text())["version"] == 1


def test_a_broken_file_is_set_aside_not_lost(tmp_path):
    path = tmp_path / "settings.json"
    path.write_text("{ not json", encoding="utf-8")
    assert load_settings(path).ui_language == "fi"
    (kept,) = tmp_path.glob("settings.json.broken-*")
    assert kept.read_text() == "{ not json"
    assert not path.exists()


@pytest.mark.parametrize(
    "raw",
    [
        {"desk_name": None},
        {"timezone": "Europe/Helsnki"},
        {"db_url": 5},
        {"load_example_catalogue": "no"},
        {"follow_up_days": True},
        {"follow_up_days": 0},
    ],
    ids=["null-name", "bad-zone", "number-url", "string-bool", "bool-int", "out-of-range"],
)
def test_values_of_the_wrong_type_fall_back_to_defaults(tmp_path, raw):
    path = tmp_path / "settings.json"
    path.write_text(json.dumps(raw), encoding="utf-8")
    settings = load_settings(path)
    assert settings.timezone == "Europe/Helsinki" and settings.load_example_catalogue is True
    assert len(list(tmp_path.glob("settings.json.broken-*"))) == 1


def test_without_repair_a_broken_file_is_left_alone(tmp_path):
    path = tmp_path / "settings.json"
    path.write_text('{"timezone": 3}', encoding="utf-8")
    assert load_settings(path, repair=False).timezone == "Europe/Helsinki"
    assert path.read_text() == '{"timezone": 3}'


def test_invalid_values_are_refused_on_save(tmp_path):
    with pytest.raises(ValidationError) as err:
        save_settings(tmp_path / "s.json", Settings(ui_language="de"))
    assert err.value.field == "ui_language"
    assert not (tmp_path / "s.json").exists()


def test_data_dir_precedence(tmp_path, monkeypatch):
    monkeypatch.setenv("POINTTI_DESK_DATA_DIR", str(tmp_path / "from-env"))
    assert resolve_data_dir(tmp_path / "from-cli") == (tmp_path / "from-cli").resolve()
    assert resolve_data_dir(None) == (tmp_path / "from-env").resolve()
    monkeypatch.delenv("POINTTI_DESK_DATA_DIR")
    assert "pointti-desk" in str(resolve_data_dir(None))


def test_data_paths_layout(tmp_path):
    paths = DataPaths(tmp_path / "d").ensure()
    for directory in (paths.backups, paths.logs, paths.exports):
        assert directory.is_dir()
    assert paths.database == tmp_path / "d" / "pointti-desk.sqlite3"


def test_resources_are_found_from_the_checkout():
    root = resources_dir()
    assert (root / "fonts" / "DejaVuSans.ttf").is_file()
    assert (root / "fonts" / "LICENSE-DejaVu.txt").is_file()
    assert (root / "seed" / "example_catalogue.json").is_file()
    assert root == Path(__file__).resolve().parents[2] / "resources"
