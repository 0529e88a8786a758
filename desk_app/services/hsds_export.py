"""Export the catalogue as an HSDS 3.1 tabular data package: one language, CSV + datapackage.json.

Open Referral's Human Services Data Specification is how service directories exchange data; its
tabular form is a Frictionless Data Package. HSDS has no multilingual fields, so one export holds
one language and says which (the package's ``language`` and every table's row in
``meta_table_descriptions.csv``). The tables and their schemas below repeat, field for field, the
HSDS 3.1 ``datapackage.json`` (Open Referral, CC BY-SA 4.0) for the tables our catalogue fills; a
test compares them with the upstream copy in ``tests/fixtures/hsds-3.1`` so they cannot drift.
The schemas are written into our ``datapackage.json`` inline, as upstream does, so any Data
Package validator checks the files offline (``frictionless validate DIR/datapackage.json``).

The package is written into a temporary sibling folder and renamed into place, so a reader never
sees half an export; a folder that holds anything but an earlier export is never touched.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import logging
import os
import shutil
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from desk_app.domain.catalogue_document import CatalogueDocument
from desk_app.domain.codes import TEXT_LANGUAGES
from desk_app.domain.errors import DeskError, ValidationError
from desk_app.i18n import _
from desk_app.services.hsds_tables import Rows, build_rows
from desk_app.services.hsds_values import hsds_id

log = logging.getLogger(__name__)

HSDS_VERSION = "3.1"
DESCRIPTOR = "datapackage.json"
MARKER = "pointti_desk"
"""The package property that tells an earlier export of ours from a folder of the user's."""
ENCODING = "utf-8"


@dataclass(frozen=True)
class Field:
    """One column of an HSDS table, with the Table Schema type, format and constraints."""

    name: str
    type: str
    format: str | None
    required: bool
    unique: bool
    enum: tuple[str, ...]
    references: str | None  # the table whose ``id`` this column holds

    def descriptor(self) -> dict[str, Any]:
        field: dict[str, Any] = {"name": self.name, "type": self.type}
        if self.format:
            field["format"] = self.format
        constraints: dict[str, Any] = {"required": self.required, "unique": self.unique}
        if self.enum:
            constraints["enum"] = list(self.enum)
        field["constraints"] = constraints
        return field


@dataclass(frozen=True)
class Table:
    """One HSDS table: its resource name, its CSV file and its columns in order."""

    name: str
    path: str
    fields: tuple[Field, ...]

    @property
    def columns(self) -> tuple[str, ...]:
        return tuple(f.name for f in self.fields)

    def descriptor(self) -> dict[str, Any]:
        schema: dict[str, Any] = {
            "fields": [f.descriptor() for f in self.fields],
            "primaryKey": "id",
        }
        foreign_keys = [
            {"fields": f.name, "reference": {"resource": f.references, "fields": "id"}}
            for f in self.fields
            if f.references
        ]
        if foreign_keys:
            schema["foreignKeys"] = foreign_keys
        return {
            "name": self.name,
            "path": self.path,
            "profile": "tabular-data-resource",
            "format": "csv",
            "mediatype": "text/csv",
            "encoding": ENCODING,
            "schema": schema,
        }


# Table Schema types, and the HSDS string formats (a "uuid" is a string with format "uuid").
TEXT = ("string", None)
UUID = ("string", "uuid")
URI = ("string", "uri")
EMAIL = ("string", "email")
DATE = ("date", None)
TIME = ("time", None)
DATETIME = ("datetime", None)
NUMBER = ("number", None)


def F(  # a short constructor name keeps the table list below readable
    name: str,
    kind: tuple[str, str | None],
    *,
    required: bool = False,
    unique: bool = False,
    enum: tuple[str, ...] = (),
    ref: str | None = None,
) -> Field:
    return Field(name, kind[0], kind[1], required, unique, enum, ref)


ID = F("id", UUID, required=True, unique=True)

TABLES: tuple[Table, ...] = (
    Table(
        "organization",
        "organizations.csv",
        (
            ID,
            F("name", TEXT, required=True),
            F("alternate_name", TEXT),
            F("description", TEXT, required=True),
            F("email", EMAIL),
            F("website", URI),
            F("tax_status", TEXT),
            F("tax_id", TEXT),
            F("year_incorporated", NUMBER),
            F("legal_status", TEXT),
            F("logo", TEXT),
            F("uri", URI),
            F("parent_organization_id", UUID),
        ),
    ),
    Table(
        "program",
        "programs.csv",
        (
            ID,
            F("organization_id", UUID, ref="organization", required=True, unique=True),
            F("name", TEXT, required=True),
            F("alternate_name", TEXT),
            F("description", TEXT, required=True),
        ),
    ),
    Table(
        "service",
        "services.csv",
        (
            ID,
            F("organization_id", UUID, ref="organization", required=True),
            F("program_id", UUID, ref="program"),
            F("name", TEXT, required=True),
            F("alternate_name", TEXT),
            F("description", TEXT),
            F("url", URI),
            F("email", EMAIL),
            F(
                "status",
                TEXT,
                required=True,
                enum=("active", "inactive", "defunct", "temporarily closed"),
            ),
            F("interpretation_services", TEXT),
            F("application_process", TEXT),
            F("fees_description", TEXT),
            F("wait_time", TEXT),
            F("fees", TEXT),
            F("accreditations", TEXT),
            F("eligibility_description", TEXT),
            F("minimum_age", NUMBER),
            F("maximum_age", NUMBER),
            F("assured_date", DATE),
            F("assurer_email", EMAIL),
            F("licenses", TEXT),
            F("alert", TEXT),
            F("last_modified", DATETIME),
        ),
    ),
    Table(
        "attribute",
        "attributes.csv",
        (
            ID,
            F("link_id", UUID, required=True),
            F("taxonomy_term_id", UUID, ref="taxonomy_term", required=True),
            F("link_type", TEXT),
            F("link_entity", TEXT, required=True),
            F("value", TEXT),
            F("label", TEXT),
        ),
    ),
    Table(
        "service_at_location",
        "service_at_location.csv",
        (
            ID,
            F("service_id", UUID, ref="service", required=True),
            F("location_id", UUID, ref="location", required=True),
            F("description", TEXT),
        ),
    ),
    Table(
        "location",
        "locations.csv",
        (
            ID,
            F("location_type", TEXT, required=True, enum=("physical", "postal", "virtual")),
            F("url", URI),
            F("organization_id", UUID, ref="organization"),
            F("name", TEXT),
            F("alternate_name", TEXT),
            F("description", TEXT),
            F("transportation", TEXT),
            F("latitude", NUMBER),
            F("longitude", NUMBER),
            F("external_identifier", TEXT),
            F("external_identifier_type", TEXT),
        ),
    ),
    Table(
        "phone",
        "phones.csv",
        (
            ID,
            F("location_id", UUID, ref="location"),
            F("service_id", UUID, ref="service"),
            F("organization_id", UUID, ref="organization"),
            F("contact_id", UUID, ref="contact"),
            F("service_at_location_id", UUID, ref="service_at_location"),
            F("number", TEXT, required=True),
            F("extension", NUMBER),
            F("type", TEXT),
            F("description", TEXT),
        ),
    ),
    Table(
        "contact",
        "contacts.csv",
        (
            ID,
            F("organization_id", UUID, ref="organization"),
            F("service_id", UUID, ref="service"),
            F("service_at_location_id", UUID, ref="service_at_location"),
            F("location_id", UUID, ref="location"),
            F("name", TEXT),
            F("title", TEXT),
            F("department", TEXT),
            F("email", EMAIL),
        ),
    ),
    Table(
        "address",
        "addresses.csv",
        (
            ID,
            F("location_id", UUID, ref="location"),
            F("attention", TEXT),
            F("address_1", TEXT, required=True),
            F("address_2", TEXT),
            F("city", TEXT, required=True),
            F("region", TEXT),
            F("state_province", TEXT, required=True),
            F("postal_code", TEXT, required=True),
            F("country", TEXT, required=True),
            F("address_type", TEXT, required=True, enum=("physical", "postal", "virtual")),
        ),
    ),
    Table(
        "schedule",
        "schedules.csv",
        (
            ID,
            F("service_id", UUID, ref="service"),
            F("location_id", UUID, ref="location"),
            F("service_at_location_id", UUID, ref="service_at_location"),
            F("valid_from", DATE),
            F("valid_to", DATE),
            F("dtstart", DATE),
            F("timezone", NUMBER),
            F("until", DATE),
            F("count", NUMBER),
            F("wkst", TEXT, enum=("MO", "TU", "WE", "TH", "FR", "SA", "SU")),
            F("freq", TEXT, enum=("WEEKLY", "MONTHLY")),
            F("interval", NUMBER),
            F("byday", TEXT),
            F("byweekno", TEXT),
            F("bymonthday", TEXT),
            F("byyearday", TEXT),
            F("description", TEXT),
            F("opens_at", TIME),
            F("closes_at", TIME),
            F("schedule_link", URI),
            F("attending_type", TEXT),
            F("notes", TEXT),
        ),
    ),
    Table(
        "funding",
        "funding.csv",
        (
            ID,
            F("organization_id", UUID, ref="organization"),
            F("service_id", UUID, ref="service"),
            F("source", TEXT),
        ),
    ),
    Table(
        "required_document",
        "required_documents.csv",
        (
            ID,
            F("service_id", UUID, ref="service"),
            F("document", TEXT),
            F("uri", URI),
        ),
    ),
    Table(
        "language",
        "languages.csv",
        (
            ID,
            F("service_id", UUID, ref="service"),
            F("location_id", UUID, ref="location"),
            F("phone_id", UUID, ref="phone"),
            F("name", TEXT),
            F("code", TEXT),
            F("note", TEXT),
        ),
    ),
    Table(
        "accessibility",
        "accessibility.csv",
        (
            ID,
            F("location_id", UUID, ref="location"),
            F("description", TEXT),
            F("details", TEXT),
            F("url", URI),
        ),
    ),
    Table(
        "taxonomy_term",
        "taxonomy_terms.csv",
        (
            ID,
            F("code", TEXT, unique=True),
            F("name", TEXT, required=True),
            F("description", TEXT, required=True),
            F("parent_id", UUID),
            F("taxonomy", TEXT),
            F("language", TEXT),
            F("taxonomy_id", UUID, ref="taxonomy"),
            F("term_uri", URI),
        ),
    ),
    Table(
        "meta_table_description",
        "meta_table_descriptions.csv",
        (
            ID,
            F("name", TEXT),
            F("language", TEXT),
            F("character_set", TEXT),
        ),
    ),
    Table(
        "organization_identifier",
        "organization_identifiers.csv",
        (
            ID,
            F("organization_id", UUID, ref="organization", required=True),
            F("identifier_scheme", TEXT),
            F("identifier_type", TEXT, required=True),
            F("identifier", TEXT, required=True),
        ),
    ),
    Table(
        "taxonomy",
        "taxonomies.csv",
        (
            ID,
            F("name", TEXT, required=True),
            F("description", TEXT, required=True),
            F("uri", URI),
            F("version", TEXT),
        ),
    ),
    Table(
        "url",
        "url.csv",
        (
            ID,
            F("label", TEXT),
            F("url", URI, required=True),
            F("organization_id", UUID, ref="organization"),
            F("service_id", UUID, ref="service"),
        ),
    ),
)
"""The HSDS 3.1 tables we fill, in the upstream order; the others (cost options, service areas,
capacities, metadata) have nothing in our catalogue to hold."""
TABLE_BY_NAME: Mapping[str, Table] = {t.name: t for t in TABLES}


def export_hsds(
    doc: CatalogueDocument, lang: str, out_dir: Path, *, today: dt.date | None = None
) -> list[Path]:
    """Write ``doc`` in ``lang`` as an HSDS package into ``out_dir``; return the files written.

    ``out_dir`` may be missing, empty or an earlier export (replaced whole); anything else is
    refused. ``today`` decides which services have ended (default: the local date).
    """
    if lang not in TEXT_LANGUAGES:
        raise ValidationError(
            _("Unknown language {lang}; the catalogue languages are {languages}.").format(
                lang=lang, languages=", ".join(TEXT_LANGUAGES)
            ),
            field="lang",
        )
    out_dir = Path(os.path.abspath(out_dir))  # "." and ".." have no name to put a sibling by
    rows = build_rows(doc, lang, today or dt.date.today())
    rows["meta_table_description"] = _table_descriptions(lang)
    _check_rows(rows)
    staging = out_dir.with_name(f".{out_dir.name}.{uuid.uuid4().hex[:12]}.partial")
    try:
        _check_target(out_dir)
        out_dir.parent.mkdir(parents=True, exist_ok=True)
        staging.mkdir()
        names = [_write_descriptor(staging / DESCRIPTOR, doc, lang)]
        names += [_write_csv(staging / t.path, t, rows.get(t.name, [])) for t in TABLES]
        _swap_into_place(staging, out_dir)
    except OSError as exc:
        shutil.rmtree(staging, ignore_errors=True)
        raise DeskError(
            _("Cannot write the HSDS export to {path}: {reason}").format(
                path=out_dir, reason=exc.strerror or exc
            )
        ) from exc
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    log.info("HSDS export in %s written to %s", lang, out_dir)
    return [out_dir / name for name in names]


def package_descriptor(doc: CatalogueDocument, lang: str) -> dict[str, Any]:
    """The ``datapackage.json`` of an export: our tables with their HSDS schemas inline."""
    example = " (example data)" if doc.example else ""
    return {
        "profile": "tabular-data-package",
        "name": f"pointti-desk-catalogue-hsds-{lang}",
        "language": lang,  # not a Data Package property: HSDS has none, and readers need it
        "title": f"Pointti Desk service catalogue{example}, HSDS {HSDS_VERSION}, language {lang}",
        "description": (
            "The services, organisations and service places of the Pointti service desk's "
            f"catalogue in the Open Referral Human Services Data Specification {HSDS_VERSION}, "
            f"texts in {lang} (a text without a {lang} version is given as the desk app gives it: "
            "in English, or else in Finnish). "
            "Identifiers are stable across exports and languages. Times are local time in "
            "Finland (Europe/Helsinki)."
        ),
        MARKER: {
            "format": "hsds",
            "hsds_version": HSDS_VERSION,
            "language": lang,
            "example": doc.example,
            "checked_on": doc.checked_on.isoformat() if doc.checked_on else None,
        },
        "resources": [t.descriptor() for t in TABLES],
    }


def _table_descriptions(lang: str) -> list[dict[str, str]]:
    """One row per table saying its language and character set, as HSDS has the place for it."""
    return [
        {
            "id": hsds_id("meta_table_description", t.name),
            "name": t.name,
            "language": lang,
            "character_set": "UTF-8",
        }
        for t in TABLES
    ]


def _check_rows(rows: Rows) -> None:
    """A mapping slip (an unknown table or column) is a bug: fail before writing anything."""
    for name, table_rows in rows.items():
        columns = set(TABLE_BY_NAME[name].columns)
        for row in table_rows:
            unknown = set(row) - columns
            if unknown:
                raise AssertionError(f"HSDS {name}: unknown columns {sorted(unknown)}")


def _write_descriptor(path: Path, doc: CatalogueDocument, lang: str) -> str:
    text = json.dumps(package_descriptor(doc, lang), ensure_ascii=False, indent=2) + "\n"
    with path.open("w", encoding=ENCODING, newline="\n") as fh:
        fh.write(text)
        fh.flush()
        os.fsync(fh.fileno())
    return path.name


def _write_csv(path: Path, table: Table, rows: Sequence[Mapping[str, str]]) -> str:
    """Every column of the HSDS table in its order (empty when we have nothing), CRLF, quoted
    only where needed: the plain CSV every Data Package reader takes."""
    with path.open("w", encoding=ENCODING, newline="") as fh:
        writer = csv.writer(fh, quoting=csv.QUOTE_MINIMAL, lineterminator="\r\n")
        writer.writerow(table.columns)
        for row in rows:
            writer.writerow([row.get(column) or "" for column in table.columns])
        fh.flush()
        os.fsync(fh.fileno())
    return path.name


def _check_target(out_dir: Path) -> None:
    """Refuse a file, or a folder holding anything but an earlier export of ours."""
    if not out_dir.exists() and not out_dir.is_symlink():
        return
    if not out_dir.is_dir() or out_dir.is_symlink():
        raise ValidationError(
            _("{path} exists and is not a folder; choose a new or empty folder.").format(
                path=out_dir
            ),
            field="out",
        )
    if any(out_dir.iterdir()) and not _is_earlier_export(out_dir):
        raise ValidationError(
            _(
                "The folder {path} is not empty and does not hold an earlier HSDS export; "
                "choose a new or empty folder."
            ).format(path=out_dir),
            field="out",
        )


def _is_earlier_export(folder: Path) -> bool:
    """True when the folder holds our descriptor and nothing it does not list."""
    try:
        descriptor = json.loads((folder / DESCRIPTOR).read_text(encoding=ENCODING))
        marker = descriptor[MARKER]
        listed = {DESCRIPTOR, *(r["path"] for r in descriptor["resources"])}
    except (OSError, ValueError, KeyError, TypeError):
        return False
    if not isinstance(marker, dict) or marker.get("format") != "hsds":
        return False
    return all(entry.is_file() and entry.name in listed for entry in folder.iterdir())


def _swap_into_place(staging: Path, out_dir: Path) -> None:
    """Rename the finished package into place; an earlier export is moved aside first and
    restored if the rename fails (Windows cannot rename a folder onto an existing one)."""
    if not out_dir.exists():
        staging.rename(out_dir)
        return
    aside = out_dir.with_name(f".{out_dir.name}.{uuid.uuid4().hex[:12]}.old")
    out_dir.rename(aside)
    try:
        staging.rename(out_dir)
    except OSError:
        aside.rename(out_dir)
        raise
    shutil.rmtree(aside, ignore_errors=True)
