"""One cleaning rule for every free text a person types, before a validator looks at it.

Text reaches the services from forms, pasted e-mails, PTV imports and the CLI, so it carries
whatever those carry: NUL and other control characters (which SQLite stores but exports, PDFs
and searches choke on), bidirectional overrides (which make a stored name display as something
else), decomposed (NFD) letters from macOS clipboards (an "ä" that no search for "ä" finds), and
lone surrogates (which cannot be encoded as UTF-8 at all). Cleaning here, once, means every
stored text is NFC, printable and encodable, and a value that cannot be made so is refused with
a ``ValidationError`` naming its field rather than failing somewhere deep in the database layer.
"""

from __future__ import annotations

import unicodedata

from desk_app.domain.errors import ValidationError
from desk_app.i18n import _

# Embeddings, overrides and isolates: they reorder what a reader sees, never what a desk means.
BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f")
_KEPT_IN_MULTILINE = frozenset("\n\t")


def _is_control(ch: str) -> bool:
    return unicodedata.category(ch) == "Cc" or ch in BIDI_CONTROLS or ch in "\u2028\u2029"


def clean_text(value: str, field: str, *, multiline: bool = False) -> str:
    """The text as stored: controls removed (a line break kept in ``multiline``), NFC, stripped.

    In a one-line field a line break or tab becomes a space, so a pasted "Matti\\nMeikäläinen"
    stays one name. Raises ``ValidationError(field=field)`` for text that is not a string or
    holds a lone surrogate, since there is no honest way to store either.
    """
    if not isinstance(value, str):
        raise ValidationError(_("This field must be text."), field=field)
    try:
        value.encode("utf-8")
    except UnicodeEncodeError as exc:
        raise ValidationError(
            _("The text contains a character that cannot be stored; type it again."), field=field
        ) from exc
    value = value.replace("\r\n", "\n").replace("\r", "\n")
    kept = []
    for ch in value:
        if multiline and ch in _KEPT_IN_MULTILINE:
            kept.append(ch)
        elif ch in "\n\t\u2028\u2029":
            kept.append(" ")
        elif not _is_control(ch):
            kept.append(ch)
    return unicodedata.normalize("NFC", "".join(kept)).strip()
