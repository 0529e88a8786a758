"""Sticky intake defaults: kept in settings.json per workstation, validated, never fatal."""

import json

import pytest

from desk_app.domain.errors import ValidationError
from desk_app.services.desk import DeskService
from desk_app.settings import Settings, load_settings, save_settings
from tests.unit.fakes import FakeStore

GOOD = {
    "channel": "phone",
    "visitor_type": "entrepreneur",
    "language": "en",
    "interpreter": "remote",
    "duration": "30_60",
    "programme": "ESF-X",
}


def test_sticky_defaults_round_trip_through_the_settings_file(tmp_path):
    path = tmp_path / "settings.json"
    save_settings(path, Settings(desk_name="desk-1", sticky_defaults=GOOD))
    assert load_settings(path).sticky_defaults == GOOD


@pytest.mark.parametrize(
    "bad", [{"channel": "telepathy"}, {"colour": "red"}, {"duration": 15}, {"programme": " "}]
)
def test_an_unusable_sticky_default_is_refused_on_save(tmp_path, bad):
    with pytest.raises(ValidationError) as err:
        save_settings(tmp_path / "settings.json", Settings(sticky_defaults=bad))
    assert err.value.field == "sticky_defaults"


def test_a_stale_sticky_default_is_dropped_on_load_and_the_rest_of_the_file_kept(tmp_path):
    path = tmp_path / "settings.json"
    raw = {"desk_name": "desk-2", "sticky_defaults": {**GOOD, "channel": "pigeon", "x": "y"}}
    path.write_text(json.dumps(raw), encoding="utf-8")
    loaded = load_settings(path)
    assert loaded.desk_name == "desk-2"
    assert loaded.sticky_defaults == {k: v for k, v in GOOD.items() if k != "channel"}
    assert path.exists()  # not set aside as broken


def test_a_sticky_defaults_value_that_is_not_an_object_is_ignored(tmp_path):
    path = tmp_path / "settings.json"
    path.write_text(json.dumps({"desk_name": "d", "sticky_defaults": ["phone"]}), "utf-8")
    assert load_settings(path).sticky_defaults == {}


def test_the_desk_service_writes_the_file_only_when_the_defaults_change(tmp_path):
    path = tmp_path / "settings.json"
    desk = DeskService(FakeStore(), Settings(desk_name="d"), settings_path=path)
    desk.save_sticky_defaults(GOOD)
    assert json.loads(path.read_text("utf-8"))["sticky_defaults"] == GOOD
    assert desk.sticky_defaults() == GOOD
    path.unlink()
    desk.save_sticky_defaults(dict(GOOD))
    assert not path.exists()  # unchanged: no write
    desk.save_sticky_defaults({"channel": "walk_in", "colour": "red"})
    assert desk.settings.sticky_defaults == {"channel": "walk_in"}


def test_without_a_settings_file_the_defaults_live_in_memory():
    desk = DeskService(FakeStore(), Settings(desk_name="d"))
    desk.save_sticky_defaults({"language": "sv"})
    assert desk.sticky_defaults() == {"language": "sv"}
