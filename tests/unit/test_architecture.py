"""Structural promises: the core loads without Qt, and the wheel's package list is complete."""

import pkgutil
import subprocess
import sys
import tomllib
from pathlib import Path

import desk_app

ROOT = Path(__file__).resolve().parents[2]


def test_importing_every_core_module_loads_no_qt():
    modules = [
        info.name
        for info in pkgutil.walk_packages(desk_app.__path__, "desk_app.")
        if ".migrations" not in info.name
    ]
    code = (
        "import importlib, sys\n"
        f"for name in {modules!r}: importlib.import_module(name)\n"
        "qt = ('PySide6', 'shiboken6', 'ui')\n"
        "bad = sorted(m for m in sys.modules if m.split('.')[0] in qt)\n"
        "print(len(sys.modules), bad)\n"
        "sys.exit(1 if bad else 0)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    assert len(modules) > 20


def test_pyproject_lists_every_package():
    listed = set(
        tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]["packages"]
    )
    on_disk = {
        ".".join(path.parent.relative_to(ROOT).parts)
        for top in ("desk_app", "ui")
        for path in (ROOT / top).rglob("__init__.py")
    }
    assert on_disk - listed == set(), "add these packages to [tool.setuptools] packages"
    resources = {p for p in listed if p.startswith("desk_app._resources")}
    assert listed - on_disk - resources == set()
    data_dirs = {
        "desk_app._resources." + d.name for d in (ROOT / "resources").iterdir() if d.is_dir()
    }
    assert resources == {"desk_app._resources"} | data_dirs, "resources/ folders in the wheel"
