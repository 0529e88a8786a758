"""Translations of user-facing text (gettext), for the UI and for documents in other languages.

Source strings in the code are English; ``resources/translations/<lang>.po`` holds the Finnish,
Swedish and other catalogues. The ``.po`` files are compiled in memory when first used, so there is
no generated ``.mo`` file to go stale. ``_`` translates into the current UI language (Finnish by
default once the app or CLI has started); ``translations_for(lang)`` gives any language's catalogue,
e.g. for a handout printed in the visitor's language while the UI stays Finnish.
"""

from __future__ import annotations

import gettext
import io
import logging
import threading
from functools import lru_cache
from pathlib import Path

from desk_app.paths import resources_dir

DOMAIN = "pointti_desk"
DEFAULT_UI_LANGUAGE = "fi"
SOURCE_LANGUAGE = "en"

log = logging.getLogger(__name__)

_lock = threading.Lock()
_current: gettext.NullTranslations = gettext.NullTranslations()
_current_language = SOURCE_LANGUAGE


def _(message: str) -> str:
    """Translate ``message`` into the current UI language."""
    return _current.gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    return _current.ngettext(singular, plural, n)


def N_(message: str) -> str:
    """Mark a string for extraction without translating it now (translate at display time)."""
    return message


def po_path(lang: str) -> Path:
    return resources_dir() / "translations" / f"{lang}.po"


@lru_cache(maxsize=16)
def translations_for(lang: str) -> gettext.NullTranslations:
    """The gettext catalogue for ``lang``; English source text when there is none."""
    if lang == SOURCE_LANGUAGE:
        return gettext.NullTranslations()
    path = po_path(lang)
    if not path.is_file():
        log.warning("no translation catalogue for %s at %s", lang, path)
        return gettext.NullTranslations()
    # Imported lazily: Babel's message tools are only needed once per language.
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    with path.open("rb") as fh:
        catalog = read_po(fh, locale=lang.split("-")[0])
    buffer = io.BytesIO()
    write_mo(buffer, catalog, use_fuzzy=False)
    buffer.seek(0)
    return gettext.GNUTranslations(buffer)


def set_ui_language(lang: str) -> None:
    """Switch the language ``_`` translates into (strings already shown keep their text)."""
    global _current, _current_language
    with _lock:
        _current = translations_for(lang)
        _current_language = lang


def ui_language() -> str:
    return _current_language
