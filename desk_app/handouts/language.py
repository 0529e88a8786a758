"""The language of a handout: its fixed texts, its catalogue texts with fallback, names, dates.

A handout is printed in the visitor's language, whatever language the desk's UI is in. Fixed texts
("Opening hours", the privacy note) come from the handouts' own gettext domain in
``resources/translations/handouts/<lang>.po`` (English is the source text; the catalogue also
holds the opening-hours wording of ``desk_app.hours_text``, so hours read in uk, ru and ar too).
Catalogue texts use the sheet language, else English, else Finnish (plain Finnish: selko, then
Finnish, then English), and say which language they fell back to so the sheet can mark it.
"""

from __future__ import annotations

import gettext
import io
import logging
import threading
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from babel import Locale
from babel.lists import format_list

from desk_app.domain.texts import Texts
from desk_app.i18n import N_
from desk_app.paths import resources_dir

log = logging.getLogger(__name__)

HANDOUT_LANGUAGES: tuple[str, ...] = ("fi", "selko", "sv", "en", "uk", "ru", "ar")
"""Languages a handout can be printed in; "selko" is plain Finnish (selkosuomi)."""

SOURCE_LANGUAGE = "en"
DOMAIN = "handouts"
PLAIN_FINNISH = "selko"
_TEXT_KEY = {PLAIN_FINNISH: "fi-x-plain"}  # how the catalogue stores plain Finnish texts
_FALLBACKS = {PLAIN_FINNISH: ("fi", "en")}
_DEFAULT_FALLBACKS = ("en", "fi")
RTL_LANGUAGES = frozenset({"ar"})
_lock = threading.Lock()


class UnknownLanguageError(ValueError):
    """A handout was asked for in a language it cannot be printed in."""

    def __init__(self, lang: str) -> None:
        super().__init__(
            f"handouts cannot be printed in {lang!r}; "
            f"the handout languages are {', '.join(HANDOUT_LANGUAGES)}"
        )
        self.lang = lang


def check_language(lang: str) -> str:
    if lang not in HANDOUT_LANGUAGES:
        raise UnknownLanguageError(lang)
    return lang


def babel_lang(lang: str) -> str:
    """The CLDR locale for dates, times and names ("selko" is Finnish)."""
    return "fi" if lang == PLAIN_FINNISH else lang


def pdf_lang(lang: str) -> str:
    """The BCP 47 tag for the PDF's /Lang (screen readers): plain Finnish is Finnish."""
    return "fi" if lang == PLAIN_FINNISH else lang


def is_rtl(lang: str) -> bool:
    return lang in RTL_LANGUAGES


def catalogue_dir() -> Path:
    return resources_dir() / "translations" / DOMAIN


def po_path(lang: str) -> Path:
    return catalogue_dir() / f"{lang}.po"


@lru_cache(maxsize=16)
def handout_translations(lang: str) -> gettext.NullTranslations:
    """The handouts' gettext catalogue for ``lang`` (English source text for "en")."""
    check_language(lang)
    if lang == SOURCE_LANGUAGE:
        return gettext.NullTranslations()
    path = po_path(lang)
    if not path.is_file():
        log.warning("no handout catalogue for %s at %s", lang, path)
        return gettext.NullTranslations()
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    with _lock, path.open("rb") as fh:
        catalog = read_po(fh, locale=babel_lang(lang))
    buffer = io.BytesIO()
    write_mo(buffer, catalog, use_fuzzy=False)
    buffer.seek(0)
    return gettext.GNUTranslations(buffer)


@dataclass(frozen=True)
class Picked:
    """A catalogue text as printed: the text, and the language it fell back to ("" if none)."""

    text: str
    fell_back_to: str = ""


def pick(texts: Texts, lang: str) -> Picked:
    """``texts`` in the sheet language or its fallback; ``Picked("")`` when there is none."""
    wanted = _TEXT_KEY.get(lang, lang)
    order = (wanted, *_FALLBACKS.get(lang, _DEFAULT_FALLBACKS))
    for candidate in order:
        if candidate in texts:
            return Picked(texts[candidate], "" if candidate == wanted else candidate)
    for candidate, text in texts.items():
        return Picked(text, candidate)
    return Picked("")


# TRANSLATORS: a small note after a text that is not in the sheet's language.
_MARKS = {
    "en": N_("(in English)"),
    "fi": N_("(in Finnish)"),
    "sv": N_("(in Swedish)"),
}


def fallback_mark(used: str, lang: str, tr: gettext.NullTranslations) -> str:
    """The note saying a text is in another language, in the sheet language."""
    if used in _MARKS:
        return tr.gettext(_MARKS[used])
    # TRANSLATORS: {language} is a language name, e.g. "(language: Ukrainian)".
    return tr.gettext(N_("(language: {language})")).format(language=language_name(used, lang))


def marked(picked: Picked, lang: str, tr: gettext.NullTranslations) -> str:
    """The picked text with its fallback note, ready to print."""
    if not picked.fell_back_to or not picked.text:
        return picked.text
    return f"{picked.text} {fallback_mark(picked.fell_back_to, lang, tr)}"


def language_name(code: str, lang: str) -> str:
    """The name of language ``code`` in the sheet language ("fi-x-plain" is Finnish)."""
    code = code.split("-")[0]
    names = Locale.parse(babel_lang(lang)).languages
    return str(names.get(code, code))


def language_list(codes: tuple[str, ...], lang: str, tr: gettext.NullTranslations) -> str:
    """ "Finnish, English, other languages" in the sheet language."""
    names = []
    for code in codes:
        if code == "other":
            names.append(tr.gettext(N_("other languages")))
        else:
            names.append(language_name(code, lang))
    text = str(format_list(list(dict.fromkeys(names)), locale=babel_lang(lang)))
    return text[:1].upper() + text[1:]
