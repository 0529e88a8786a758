"""Every handout catalogue is complete: each string printed on a handout is translated into every
handout language, with the same placeholders (English is the source and needs no catalogue)."""

import importlib.util
import string
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from desk_app.handouts.language import HANDOUT_LANGUAGES, SOURCE_LANGUAGE, babel_lang, po_path

ROOT = Path(__file__).resolve().parents[2]
TRANSLATED = [lang for lang in HANDOUT_LANGUAGES if lang != SOURCE_LANGUAGE]


def _tool():
    spec = importlib.util.spec_from_file_location(
        "update_translations", ROOT / "tools" / "update_translations.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def extracted():
    return {
        m.id if isinstance(m.id, str) else tuple(m.id) for m in _tool().extract_handouts() if m.id
    }


def _fields(text):
    return sorted(f for _, f, _, _ in string.Formatter().parse(text) if f is not None)


def test_the_handout_strings_include_the_opening_hours_wording(extracted):
    assert "Your next step" in extracted
    assert "{dates} closed: {note}" in extracted  # from desk_app/hours_text.py


def test_handout_strings_stay_out_of_the_ui_catalogue():
    ui = {m.id for m in _tool().extract() if m.id}
    assert "(in English)" not in ui  # printed only: desk_app/handouts is not extracted for the UI
    assert "Print the referral sheet" in ui  # the print preview (ui/handouts) is


@pytest.mark.parametrize("lang", TRANSLATED)
def test_every_handout_string_is_translated(extracted, lang):
    with po_path(lang).open("rb") as fh:
        catalog = read_po(fh, locale=babel_lang(lang))
    translated = {}
    for message in catalog:
        if message.id and not message.fuzzy:
            key = message.id if isinstance(message.id, str) else tuple(message.id)
            translated[key] = message.string
    missing = sorted(
        str(key)
        for key in extracted
        if not translated.get(key)
        or (not isinstance(translated[key], str) and not all(translated[key]))
    )
    assert missing == [], f"handouts/{lang}.po lacks these; run tools/update_translations.py"
    for key, value in translated.items():
        sources = key if isinstance(key, tuple) else (key,)
        for target in (value,) if isinstance(value, str) else value:
            assert _fields(target) == _fields(sources[-1]), (lang, key, target)
            assert target != sources[-1] or not any(
                ch.isalpha()
                for ch in target.replace("{dates}", "").replace("{hours}", "").replace("{note}", "")
            ), (lang, key)
