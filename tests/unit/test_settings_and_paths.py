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
    assert load_settings(path) == Settings(desk_name=load_settings(path).desk_name)
    assert (tmp_path / "settings.json.broken").read_text() == "{ not json"


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
    assert paths.default_db_url().endswith("pointti-desk.sqlite3")


def test_resources_are_found_from_the_checkout():
    root = resources_dir()
    assert (root / "fonts" / "DejaVuSans.ttf").is_file()
    assert (root / "fonts" / "LICENSE-DejaVu.txt").is_file()
    assert (root / "seed" / "example_catalogue.json").is_file()
    assert root == Path(__file__).resolve().parents[2] / "resources"
