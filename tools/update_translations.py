"""Extract every translatable string from desk_app/ and ui/ and merge it into the .po catalogues.

Run after adding or changing user-facing text:  .venv/bin/python tools/update_translations.py
It rewrites resources/translations/pointti_desk.pot and updates fi.po and sv.po in place (new
strings arrive untranslated; tests/unit/test_translations.py then fails until Finnish is given).

The printed handouts have a catalogue domain of their own, in the handout languages: strings of
desk_app/handouts/ and of desk_app/hours_text.py (the opening-hours wording printed on them) go to
resources/translations/handouts/handouts.pot and its fi, selko, sv, uk, ru and ar .po files
(tests/unit/test_handouts_translations.py fails until every language has them).
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir, extract_from_file
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parents[1]
TRANSLATIONS = ROOT / "resources" / "translations"
LANGUAGES = ("fi", "sv")
KEYWORDS = {"_": None, "N_": None, "ngettext": (1, 2)}
HANDOUTS = TRANSLATIONS / "handouts"
HANDOUT_LANGUAGES = ("fi", "selko", "sv", "uk", "ru", "ar")  # English is the source
HANDOUT_SOURCES = ("desk_app/handouts", "desk_app/hours_text.py")
LOCALES = {"selko": "fi"}
OPTIONS: dict[str, Any] = {
    "keywords": KEYWORDS,
    "comment_tags": ("TRANSLATORS:",),
}  # plain Finnish follows Finnish plural rules


def extract() -> Catalog:
    catalog = Catalog(project="Pointti Desk", msgid_bugs_address="", charset="utf-8")
    for package in ("desk_app", "ui"):
        for filename, lineno, message, comments, _context in extract_from_dir(
            ROOT / package,
            # desk_app/handouts is printed in other languages: it has its own domain (the UI's
            # print preview, ui/handouts, belongs here)
            method_map=(
                [("handouts/**.py", "ignore"), ("**.py", "python")]
                if package == "desk_app"
                else [("**.py", "python")]
            ),
            **OPTIONS,
        ):
            catalog.add(
                message, locations=[(f"{package}/{filename}", lineno)], auto_comments=comments
            )
    return catalog


def extract_handouts() -> Catalog:
    """The handouts' own domain: what is printed on them, in the handout languages."""
    catalog = Catalog(project="Pointti Desk handouts", msgid_bugs_address="", charset="utf-8")
    for source in HANDOUT_SOURCES:
        path = ROOT / source
        if path.is_dir():
            found = [
                (f"{source}/{filename}", lineno, message, comments)
                for filename, lineno, message, comments, _context in extract_from_dir(
                    path, method_map=[("**.py", "python")], **OPTIONS
                )
            ]
        else:
            found = [
                (source, lineno, message, comments)
                for lineno, message, comments, _context in extract_from_file(
                    "python", path, **OPTIONS
                )
            ]
        for location, lineno, message, comments in found:
            catalog.add(message, locations=[(location, lineno)], auto_comments=comments)
    return catalog


def update(template: Catalog, folder: Path, pot_name: str, languages: tuple[str, ...]) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    with (folder / pot_name).open("wb") as fh:
        write_po(fh, template, omit_header=False, sort_output=True)
    for lang in languages:
        path = folder / f"{lang}.po"
        locale = LOCALES.get(lang, lang)
        if path.exists():
            with path.open("rb") as fh:
                catalog = read_po(fh, locale=locale)
        else:
            catalog = Catalog(locale=locale, project=template.project, charset="utf-8")
        catalog.update(template, no_fuzzy_matching=True)
        catalog.fuzzy = False  # the header is maintained, not a draft
        catalog.copyright_holder = "Pointti Desk developers"
        catalog.msgid_bugs_address = ""
        with path.open("wb") as fh:
            write_po(fh, catalog, sort_output=True, ignore_obsolete=True)
        missing = [m.id for m in catalog if m.id and not all(_strings(m.string))]
        print(f"{folder.name}/{lang}: {len(catalog)} messages, {len(missing)} untranslated")


def _strings(value: str | tuple[str, ...] | list[str] | None) -> tuple[str, ...]:
    if not value:
        return ("",)
    return (value,) if isinstance(value, str) else tuple(value)


def main() -> int:
    update(extract(), TRANSLATIONS, "pointti_desk.pot", LANGUAGES)
    update(extract_handouts(), HANDOUTS, "handouts.pot", HANDOUT_LANGUAGES)
    return 0


if __name__ == "__main__":
    sys.exit(main())
