"""build.spec names everything the bundle must carry (fast: the spec runs against stubs, no build).

PyInstaller's Analysis/PYZ/EXE/COLLECT and the hook helpers are replaced by recorders, so this
needs neither PyInstaller nor a build; the real bundle is verified as described in
packaging/README.md.
"""

from __future__ import annotations

import shutil
import sys
import types
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SPEC = ROOT / "build.spec"

# Qt modules the app needs; build.spec must never exclude them.
KEPT_QT = [
    "PySide6.QtCore",
    "PySide6.QtGui",
    "PySide6.QtWidgets",
    "PySide6.QtPdf",
    "PySide6.QtPdfWidgets",
    "PySide6.QtCharts",
    "PySide6.QtPrintSupport",
    "PySide6.QtSvg",
]


class _Recorder:
    def __init__(self, *args, **kwargs):
        self.args = args
        self.kwargs = kwargs
        self.pure = self.scripts = self.binaries = self.datas = []


class _SpecRun:
    """The spec executed with recording stand-ins; attributes are what it passed to PyInstaller."""

    def __init__(self, spec: Path, monkeypatch: pytest.MonkeyPatch):
        self.collected_data: list[str] = []
        self.collected_submodules: list[str] = []
        hooks = types.ModuleType("PyInstaller.utils.hooks")
        hooks.collect_data_files = lambda package, *a, **k: (
            self.collected_data.append(package) or []
        )
        hooks.collect_submodules = lambda package, *a, **k: (
            self.collected_submodules.append(package) or []
        )
        for name in ("PyInstaller", "PyInstaller.utils"):
            monkeypatch.setitem(sys.modules, name, types.ModuleType(name))
        monkeypatch.setitem(sys.modules, "PyInstaller.utils.hooks", hooks)
        monkeypatch.setattr(sys, "path", list(sys.path))  # the spec prepends its directory
        namespace = {
            "__name__": "__main__",
            "SPECPATH": str(spec.parent),
            "Analysis": type("Analysis", (_Recorder,), {}),
            "PYZ": type("PYZ", (_Recorder,), {}),
            "EXE": type("EXE", (_Recorder,), {}),
            "COLLECT": type("COLLECT", (_Recorder,), {}),
        }
        exec(compile(spec.read_text(encoding="utf-8"), str(spec), "exec"), namespace)
        self.analysis = namespace["a"]
        self.exe = namespace["exe"]
        self.collect = namespace["coll"]
        self.datas = [
            (Path(src), Path(dest).as_posix()) for src, dest in self.analysis.kwargs["datas"]
        ]

    def dest_of(self, source: Path) -> str | None:
        return next((dest for src, dest in self.datas if src == source), None)


@pytest.fixture
def spec_run(monkeypatch):
    monkeypatch.setenv("POINTTI_DESK_ALLOW_NO_GUI", "1")  # the UI may still be in the making
    return _SpecRun(SPEC, monkeypatch)


def _files(directory: Path) -> list[Path]:
    return [
        p
        for p in directory.rglob("*")
        if p.is_file() and "__pycache__" not in p.parts and p.suffix != ".pyc"
    ]


def test_one_folder_bundle_named_pointti_desk_runs_the_cli(spec_run):
    (script,) = spec_run.analysis.args[0]
    assert Path(script) == ROOT / "packaging" / "launcher.py"
    assert "from desk_app.cli import main" in Path(script).read_text(encoding="utf-8")
    assert spec_run.exe.kwargs["name"] == "pointti-desk"
    assert spec_run.exe.kwargs["exclude_binaries"] is True  # one-folder: binaries go to COLLECT
    assert spec_run.collect.kwargs["name"] == "pointti-desk"
    assert str(ROOT) in spec_run.analysis.kwargs["pathex"]


def test_whole_resources_tree_is_carried_at_resources(spec_run):
    resources = ROOT / "resources"
    for name in ("DejaVuSans.ttf", "DejaVuSans-Bold.ttf", "LICENSE-DejaVu.txt"):
        assert spec_run.dest_of(resources / "fonts" / name) == "resources/fonts"
    assert spec_run.dest_of(resources / "seed" / "example_catalogue.json") == "resources/seed"
    for path in _files(resources):  # translations/*.po, icons and whatever is added later
        expected = (Path("resources") / path.parent.relative_to(resources)).as_posix()
        assert spec_run.dest_of(path) == expected, path


def test_migration_scripts_are_files_next_to_desk_app_db(spec_run):
    migrations = ROOT / "desk_app" / "db" / "migrations"
    assert spec_run.dest_of(migrations / "env.py") == "desk_app/db/migrations"
    assert spec_run.dest_of(migrations / "script.py.mako") == "desk_app/db/migrations"
    versions = sorted((migrations / "versions").glob("*.py"))
    assert any(v.name != "__init__.py" for v in versions)
    for version in versions:
        assert spec_run.dest_of(version) == "desk_app/db/migrations/versions", version


def test_no_stale_bytecode_and_only_relative_destinations(spec_run):
    for src, dest in spec_run.datas:
        assert "__pycache__" not in src.parts and src.suffix != ".pyc", src
        assert not Path(dest).is_absolute(), dest


def test_third_party_data_and_hidden_imports(spec_run):
    assert {"babel", "tzdata", "reportlab"} <= set(spec_run.collected_data)
    assert {"ui", "desk_app", "alembic.runtime", "tzdata"} <= set(spec_run.collected_submodules)
    hidden = set(spec_run.analysis.kwargs["hiddenimports"])
    assert {
        "ui.app",
        "tzdata",
        "alembic.ddl.sqlite",
        "logging.config",
        "sqlalchemy.dialects.sqlite",
        "argon2.low_level",
        "_cffi_backend",
    } <= hidden
    assert set(KEPT_QT) <= hidden


def test_heavy_qt_modules_excluded_but_needed_ones_kept(spec_run):
    excludes = set(spec_run.analysis.kwargs["excludes"])
    assert {
        "PySide6.QtWebEngineCore",
        "PySide6.Qt3DCore",
        "PySide6.QtQuick3D",
        "PySide6.QtMultimedia",
        "PySide6.QtBluetooth",
        "PySide6.QtPositioning",
        "PySide6.QtSensors",
        "PySide6.QtSerialPort",
        "PySide6.QtNetworkAuth",
        "PySide6.QtDesigner",
    } <= excludes
    assert not excludes & set(KEPT_QT)


def test_paths_follow_the_spec_file_and_a_missing_gui_stops_the_build(tmp_path, monkeypatch):
    """A copy of the spec in another checkout uses that checkout, whatever the cwd is."""
    clone = tmp_path / "clone"
    clone.mkdir()
    shutil.copy(SPEC, clone / "build.spec")
    (clone / "resources" / "fonts").mkdir(parents=True)
    (clone / "resources" / "fonts" / "DejaVuSans.ttf").write_bytes(b"")
    (clone / "desk_app" / "db" / "migrations" / "versions").mkdir(parents=True)
    (clone / "desk_app" / "db" / "migrations" / "env.py").write_text("")
    stale = clone / "desk_app" / "db" / "migrations" / "__pycache__"
    stale.mkdir()
    (stale / "env.cpython-311.pyc").write_bytes(b"")
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("POINTTI_DESK_ALLOW_NO_GUI", raising=False)

    with pytest.raises(SystemExit, match=r"ui/app\.py"):
        _SpecRun(clone / "build.spec", monkeypatch)

    monkeypatch.setenv("POINTTI_DESK_ALLOW_NO_GUI", "1")
    run = _SpecRun(clone / "build.spec", monkeypatch)
    assert sorted(run.datas) == [
        (clone / "desk_app" / "db" / "migrations" / "env.py", "desk_app/db/migrations"),
        (clone / "resources" / "fonts" / "DejaVuSans.ttf", "resources/fonts"),
    ]
    assert Path(run.analysis.args[0][0]) == clone / "packaging" / "launcher.py"
