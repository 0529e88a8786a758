"""Every user-facing string of the code has a Finnish (and Swedish) translation that fits it.

The strings are extracted from desk_app/ and ui/ with Babel exactly as
tools/update_translations.py does; a new string without Finnish fails here.
"""

import importlib.util
import re
import string
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from desk_app.i18n import set_ui_language, translations_for, ui_language

ROOT = Path(__file__).resolve().parents[2]
PLACEHOLDER = re.compile(r"\{[^{}]*\}")


def _tool():
    spec = importlib.util.spec_from_file_location(
        "update_translations", ROOT / "tools" / "update_translations.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def extracted():
    return {m.id if isinstance(m.id, str) else tuple(m.id) for m in _tool().extract() if m.id}


def _catalog(lang):
    with (ROOT / "resources" / "translations" / f"{lang}.po").open("rb") as fh:
        return read_po(fh, locale=lang)


def _placeholders(text):
    return sorted(field for _, field, _, _ in string.Formatter().parse(text) if field is not None)


@pytest.mark.parametrize("lang", ["fi", "sv"])
def test_every_string_is_translated_with_the_same_placeholders(extracted, lang):
    catalog = _catalog(lang)
    translated = {}
    for message in catalog:
        if not message.id or message.fuzzy:
            continue
        key = message.id if isinstance(message.id, str) else tuple(message.id)
        translated[key] = message.string
    missing = sorted(str(k) for k in extracted if not translated.get(k))
    assert missing == [], f"{lang}.po lacks translations; run tools/update_translations.py"
    for key, value in translated.items():
        sources = key if isinstance(key, tuple) else (key,)
        targets = value if isinstance(value, tuple) else (value,)
        for target in targets:
            assert _placeholders(target) == _placeholders(sources[-1]), (lang, key, target)


def test_finnish_is_what_the_user_sees():
    assert (
        translations_for("fi").gettext("Choose at least one topic.")
        == "Valitse vähintään yksi aihe."
    )
    previous = ui_language()
    try:
        set_ui_language("fi")
        from desk_app.i18n import _

        assert _("Save visit (Ctrl+Enter)") == "Tallenna käynti (Ctrl+Enter)"
    finally:
        set_ui_language(previous)


def test_an_unknown_language_falls_back_to_the_source_text():
    assert (
        translations_for("xx").gettext("Choose at least one topic.") == "Choose at least one topic."
    )
