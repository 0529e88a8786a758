"""Extract every translatable string from desk_app/ and ui/ and merge it into the .po catalogues.

Run after adding or changing user-facing text:  .venv/bin/python tools/update_translations.py
It rewrites resources/translations/pointti_desk.pot and updates fi.po and sv.po in place (new
strings arrive untranslated; tests/unit/test_translations.py then fails until Finnish is given).
"""

from __future__ import annotations

import sys
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parents[1]
TRANSLATIONS = ROOT / "resources" / "translations"
LANGUAGES = ("fi", "sv")
KEYWORDS = {"_": None, "N_": None, "ngettext": (1, 2)}


def extract() -> Catalog:
    catalog = Catalog(project="Pointti Desk", msgid_bugs_address="", charset="utf-8")
    for package in ("desk_app", "ui"):
        for filename, lineno, message, comments, _context in extract_from_dir(
            ROOT / package,
            method_map=[("**.py", "python")],
            keywords=KEYWORDS,
            comment_tags=("TRANSLATORS:",),
        ):
            catalog.add(
                message, locations=[(f"{package}/{filename}", lineno)], auto_comments=comments
            )
    return catalog


def main() -> int:
    template = extract()
    TRANSLATIONS.mkdir(parents=True, exist_ok=True)
    with (TRANSLATIONS / "pointti_desk.pot").open("wb") as fh:
        write_po(fh, template, omit_header=False, sort_output=True)
    for lang in LANGUAGES:
        path = TRANSLATIONS / f"{lang}.po"
        if path.exists():
            with path.open("rb") as fh:
                catalog = read_po(fh, locale=lang)
        else:
            catalog = Catalog(locale=lang, project="Pointti Desk", charset="utf-8")
        catalog.update(template, no_fuzzy_matching=True)
        catalog.fuzzy = False  # the header is maintained, not a draft
        catalog.copyright_holder = "Pointti Desk developers"
        catalog.msgid_bugs_address = ""
        with path.open("wb") as fh:
            write_po(fh, catalog, sort_output=True, ignore_obsolete=True)
        missing = [m.id for m in catalog if m.id and not m.string]
        print(f"{lang}: {len(catalog)} messages, {len(missing)} untranslated")
    return 0


if __name__ == "__main__":
    sys.exit(main())
