"""A small HSDS 3.1 tabular checker for the tests, independent of the exporter's own schema copy.

It reads the table schemas from the upstream ``datapackage.json`` in ``tests/fixtures/hsds-3.1``
(never from the export's descriptor) and checks an exported folder against them: the file set,
each CSV's columns in the upstream order, required values, types and formats (uuid, date, time,
datetime, uri, email, number, integer), enums, patterns and lengths, unique columns and primary
keys, and that every foreign key resolves. ``check_package`` returns the problems found, so a
test can assert on an empty list and show every problem when it is not.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import math
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

UPSTREAM = Path(__file__).parent / "fixtures" / "hsds-3.1"
DESCRIPTOR = "datapackage.json"

_UUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$", re.I)
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_TIME = re.compile(r"^([01]\d|2[0-3]):[0-5]\d:[0-5]\d(\.\d+)?(Z|[+-]([01]\d|2[0-3]):[0-5]\d)?$")
_URI = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:[^\s]+$")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


def upstream_resources() -> dict[str, dict[str, Any]]:
    """The upstream HSDS 3.1 resource descriptors by name."""
    package = json.loads((UPSTREAM / DESCRIPTOR).read_text(encoding="utf-8"))
    return {r["name"]: r for r in package["resources"]}


def upstream_package_for(folder: Path) -> dict[str, Any]:
    """The upstream descriptor cut to the tables present in ``folder`` (for frictionless)."""
    package = json.loads((UPSTREAM / DESCRIPTOR).read_text(encoding="utf-8"))
    package["resources"] = [r for r in package["resources"] if (folder / r["path"]).is_file()]
    return package


def _is_date(value: str) -> bool:
    if not _DATE.match(value):
        return False
    try:
        dt.date.fromisoformat(value)
    except ValueError:
        return False
    return True


def _is_datetime(value: str) -> bool:
    try:
        dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return False
    return "T" in value


def _is_number(value: str) -> bool:
    try:
        return math.isfinite(float(value))
    except ValueError:
        return False


def _is_integer(value: str) -> bool:
    return re.fullmatch(r"[+-]?\d+", value) is not None


_TYPES: dict[tuple[str, str | None], Callable[[str], bool]] = {
    ("string", None): lambda v: True,
    ("string", "default"): lambda v: True,
    ("string", "uuid"): lambda v: _UUID.match(v) is not None,
    ("string", "uri"): lambda v: _URI.match(v) is not None,
    ("string", "email"): lambda v: _EMAIL.match(v) is not None,
    ("date", None): _is_date,
    ("time", None): lambda v: _TIME.match(v) is not None,
    ("datetime", None): _is_datetime,
    ("number", None): _is_number,
    ("integer", None): _is_integer,
}


def _read(path: Path) -> tuple[list[str], list[list[str]]]:
    with path.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.reader(fh, strict=True))
    return (rows[0], rows[1:]) if rows else ([], [])


def _check_values(
    name: str, schema: dict[str, Any], records: list[dict[str, str]], problems: list[str]
) -> None:
    for field in schema["fields"]:
        column, constraints = field["name"], field.get("constraints", {})
        kind = (field.get("type", "string"), field.get("format"))
        valid = _TYPES.get(kind)
        if valid is None:
            problems.append(f"{name}.{column}: the checker does not know type {kind}")
            continue
        seen: set[str] = set()
        for line, record in enumerate(records, start=2):
            value = record.get(column, "")
            where = f"{name} line {line} {column}"
            if value == "":
                if constraints.get("required"):
                    problems.append(f"{where}: required but empty")
                continue
            if not valid(value):
                problems.append(f"{where}: {value!r} is not a valid {kind[1] or kind[0]}")
            if "enum" in constraints and value not in constraints["enum"]:
                problems.append(f"{where}: {value!r} is not one of {constraints['enum']}")
            if "pattern" in constraints and not re.fullmatch(constraints["pattern"], value):
                problems.append(f"{where}: {value!r} does not match {constraints['pattern']}")
            if len(value) < constraints.get("minLength", 0):
                problems.append(f"{where}: shorter than {constraints['minLength']}")
            if "maxLength" in constraints and len(value) > constraints["maxLength"]:
                problems.append(f"{where}: longer than {constraints['maxLength']}")
            if constraints.get("unique") or schema.get("primaryKey") == column:
                if value in seen:
                    problems.append(f"{where}: {value!r} is not unique")
                seen.add(value)


def check_package(folder: Path) -> list[str]:
    """Every way the HSDS package in ``folder`` breaks the upstream HSDS 3.1 table schemas."""
    problems: list[str] = []
    try:
        descriptor = json.loads((folder / DESCRIPTOR).read_text(encoding="utf-8"))
        listed = descriptor["resources"]
    except (OSError, ValueError, KeyError) as exc:
        return [f"{DESCRIPTOR}: unreadable ({exc})"]
    upstream = upstream_resources()
    tables: dict[str, list[dict[str, str]]] = {}
    for resource in listed:
        name, path = resource.get("name"), resource.get("path")
        if name not in upstream:
            problems.append(f"{name}: not an HSDS 3.1 table")
            continue
        schema = upstream[name]["schema"]
        if path != upstream[name]["path"]:
            problems.append(f"{name}: file {path!r}, HSDS names it {upstream[name]['path']!r}")
        if not (folder / str(path)).is_file():
            problems.append(f"{name}: {path} is missing")
            continue
        header, rows = _read(folder / str(path))
        columns = [f["name"] for f in schema["fields"]]
        if header != columns:
            missing = [c for c in columns if c not in header]
            extra = [c for c in header if c not in columns]
            problems.append(
                f"{path}: columns differ from HSDS (missing {missing}, unknown {extra}, "
                "or out of order)"
            )
        for line, row in enumerate(rows, start=2):
            if len(row) != len(header):
                problems.append(f"{path} line {line}: {len(row)} cells, {len(header)} columns")
        tables[name] = [dict(zip(header, row, strict=False)) for row in rows]
        _check_values(name, schema, tables[name], problems)
    known = {str(r.get("path")) for r in listed} | {DESCRIPTOR}
    for entry in folder.iterdir():
        if entry.name not in known:
            problems.append(f"{entry.name}: a file the package does not list")
    for name, records in tables.items():
        for key in upstream[name]["schema"].get("foreignKeys", []):
            column, target = key["fields"], key["reference"]["resource"]
            target_column = key["reference"]["fields"]
            if target not in tables:
                if any(r.get(column) for r in records):
                    problems.append(f"{name}.{column}: refers to {target}, which is not there")
                continue
            ids = {r.get(target_column) for r in tables[target]}
            for line, record in enumerate(records, start=2):
                value = record.get(column, "")
                if value and value not in ids:
                    problems.append(f"{name} line {line} {column}: {value} is not a {target} id")
    return problems
