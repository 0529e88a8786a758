"""Plain text laid out line by line for the handouts, in any direction.

reportlab's Paragraph cannot lay out right-to-left text, so every text on a handout goes through
this module instead: the *logical* text is wrapped with reportlab's ``stringWidth``, and only then
is each line shaped (``arabic-reshaper`` joins the letters) and reordered for display
(``python-bidi``). Doing it per line keeps the first words of an Arabic sentence on the first line
and on its right. Latin and Cyrillic text goes through the same wrapping, so every language looks
alike. ``TextBlock`` is the flowable: hard line breaks ("\\n") are kept, it splits across pages
line by line, and it can be capped at a number of lines ending in "…".
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import arabic_reshaper  # type: ignore[import-untyped]
from bidi import get_display  # type: ignore[import-untyped]
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable

ELLIPSIS = "…"
_ISOLATES = ("\u2066", "\u2067", "\u2068")
_PDI = "\u2069"
# Invisible direction marks (Babel puts some in Arabic dates) have no glyph in DejaVu Sans; after
# reordering they have done their job.
_BIDI_CONTROLS = re.compile("[\u200e\u200f\u061c\u202a-\u202e\u2066-\u2069]")


@dataclass(frozen=True)
class TextStyle:
    font: str
    size: float
    leading: float
    space_before: float = 0.0
    space_after: float = 0.0


def has_rtl(text: str) -> bool:
    """Whether ``text`` starts (at its first strong letter) in a right-to-left script."""
    for ch in text:
        direction = unicodedata.bidirectional(ch)
        if direction in ("R", "AL"):
            return True
        if direction == "L":
            return False
    return False


# The blocks of the right-to-left scripts (Hebrew, Arabic, Syriac, Thaana, NKo… and their
# presentation forms). A few of their characters are not letters (digits, marks); for them the
# answer "yes" only means the line goes through the bidi algorithm, which is right anyway.
_RTL_BLOCKS = re.compile(
    "[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefc\U00010800-\U00010fff\U0001e800-\U0001efff]"
)


def _contains_arabic(text: str) -> bool:
    return _RTL_BLOCKS.search(text) is not None


@lru_cache(maxsize=4096)
def _shape(text: str) -> str:
    return str(arabic_reshaper.reshape(text)) if _contains_arabic(text) else text


@lru_cache(maxsize=16384)
def width(text: str, font: str, size: float) -> float:
    """Printed width of logical ``text`` (Arabic measured in its joined forms). Cached: a sheet
    measures the same words many times while its columns are balanced."""
    return float(stringWidth(_shape(_BIDI_CONTROLS.sub("", text)), font, size))


def visual(line: str, *, base_rtl: bool | None = None) -> str:
    """One *wrapped* logical line in display order: shaped and reordered when it needs it."""
    if not _contains_arabic(line) and not base_rtl:
        return _BIDI_CONTROLS.sub("", line)
    rtl = has_rtl(line) if base_rtl is None else base_rtl
    display = str(get_display(_shape(line), base_dir="R" if rtl else "L"))
    return _BIDI_CONTROLS.sub("", display)


def _break_word(word: str, font: str, size: float, limit: float) -> list[str]:
    """A word wider than the line (a long web address) cut into pieces that fit."""
    pieces, current = [], ""
    for ch in word:
        if current and width(current + ch, font, size) > limit:
            pieces.append(current)
            current = ch
        else:
            current += ch
    if current:
        pieces.append(current)
    return pieces


def wrap_logical(text: str, font: str, size: float, limit: float) -> list[str]:
    """Greedy word wrap of logical text; "\\n" starts a new line."""
    # Widths add up word by word (the fonts have no kerning, and Arabic letters join only within
    # a word), so each word is measured once instead of every growing line.
    space = width(" ", font, size)
    lines: list[str] = []
    for paragraph in text.split("\n"):
        current, current_width = "", 0.0
        for word in paragraph.split():
            word_width = width(word, font, size)
            if current and current_width + space + word_width <= limit:
                current, current_width = f"{current} {word}", current_width + space + word_width
                continue
            if not current and word_width <= limit:
                current, current_width = word, word_width
                continue
            if current:
                lines.append(current)
            if word_width <= limit:
                current, current_width = word, word_width
            else:
                *full, current = _break_word(word, font, size, limit)
                lines.extend(full)
                current_width = width(current, font, size)
        lines.append(current)
    return lines


Line = tuple[str, bool]
"""A wrapped logical line and whether its paragraph runs right to left."""


def wrap_directed(text: str, font: str, size: float, limit: float) -> list[Line]:
    """Like ``wrap_logical``, each line with its paragraph's direction: a line's own first letter
    may be a Latin word inside an Arabic sentence, so the paragraph decides."""
    lines: list[Line] = []
    for paragraph in text.split("\n"):
        rtl = has_rtl(paragraph)
        carried = 0  # isolates (a phone number, an English note) still open from the line before
        for line in wrap_logical(paragraph, font, size, limit):
            opened = carried + sum(line.count(c) for c in _ISOLATES) - line.count(_PDI)
            # Close the isolate at the line end and reopen it on the next line, so each line
            # is reordered on its own with the isolated text kept in its own direction.
            lines.append(("\u2068" * carried + line + _PDI * max(opened, 0), rtl))
            carried = max(opened, 0)
    return lines


def cap_lines(
    lines: list[Line], max_lines: int, font: str, size: float, limit: float
) -> list[Line]:
    """At most ``max_lines`` lines, the last one ending in "…" when text was cut."""
    if len(lines) <= max_lines:
        return lines
    kept = lines[:max_lines]
    last, rtl = kept[-1]
    last = last.rstrip(" ,.;:")
    while last and width(last + ELLIPSIS, font, size) > limit:
        last = last.rsplit(" ", 1)[0] if " " in last else last[:-1]
    kept[-1] = (last + ELLIPSIS, rtl)
    return kept


class TextBlock(Flowable):
    """Wrapped text aligned left, or right for a right-to-left sheet; splits between lines."""

    def __init__(
        self,
        text: str,
        style: TextStyle,
        *,
        align_right: bool = False,
        max_lines: int | None = None,
        keep_with_next: bool = False,
        _lines: list[Line] | None = None,
    ) -> None:
        super().__init__()
        self.text = text
        self.style = style
        self.align_right = align_right
        self.max_lines = max_lines
        self.keepWithNext = keep_with_next
        self._fixed_lines = _lines
        self._lines: list[Line] = _lines or []
        self._wrapped: tuple[float, list[Line]] | None = None
        self.was_capped = False

    def _layout(self, avail_width: float) -> list[Line]:
        if self._fixed_lines is not None:
            return self._fixed_lines
        if self._wrapped is not None and self._wrapped[0] == avail_width:
            return self._wrapped[1]  # platypus asks again and again at the same width
        style = self.style
        lines = wrap_directed(self.text, style.font, style.size, avail_width)
        if self.max_lines is not None and len(lines) > self.max_lines:
            self.was_capped = True
            lines = cap_lines(lines, self.max_lines, style.font, style.size, avail_width)
        self._wrapped = (avail_width, lines)
        return lines

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        self._lines = self._layout(avail_width)
        self.width = avail_width
        self.height = len(self._lines) * self.style.leading
        return avail_width, self.height

    def getSpaceBefore(self) -> float:
        return self.style.space_before

    def getSpaceAfter(self) -> float:
        return self.style.space_after

    def split(self, avail_width: float, avail_height: float) -> list[Any]:
        lines = self._layout(avail_width)
        fits = int(avail_height // self.style.leading)
        # Never leave a single line behind on either page (widows and orphans).
        if len(lines) < 4 or fits < 2:
            return []
        fits = min(fits, len(lines) - 2)
        head = TextBlock(self.text, self.style, align_right=self.align_right, _lines=lines[:fits])
        tail = TextBlock(self.text, self.style, align_right=self.align_right, _lines=lines[fits:])
        return [head, tail]

    def draw(self) -> None:
        # One text object for the whole block: a drawString per line costs a text object each.
        style = self.style
        text = self.canv.beginText()
        text.setFont(style.font, style.size)
        for index, (line, rtl) in enumerate(self._lines):
            y = self.height - index * style.leading - style.size
            shown = visual(line, base_rtl=rtl)
            x = self.width - stringWidth(shown, style.font, style.size) if self.align_right else 0
            text.setTextOrigin(x, y)
            text.textOut(shown)
        self.canv.drawText(text)
