"""Translatable catalogue text: one human text in several languages, with the fallback rule.

Every human text of the catalogue is stored per language; Finnish is required. When a text is
wanted in a language it lacks, we fall back to English, then Finnish, and say which one we used
so a handout can mark the fallback.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field

REQUIRED_LANGUAGE = "fi"
FALLBACK_ORDER = ("en", "fi")


@dataclass(frozen=True)
class Texts(Mapping[str, str]):
    """An immutable language → text mapping (empty strings are treated as missing)."""

    values: Mapping[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        clean = {lang: text.strip() for lang, text in self.values.items() if text and text.strip()}
        object.__setattr__(self, "values", clean)

    def __getitem__(self, lang: str) -> str:
        return self.values[lang]

    def __iter__(self) -> Iterator[str]:
        return iter(self.values)

    def __len__(self) -> int:
        return len(self.values)

    def __hash__(self) -> int:
        return hash(tuple(sorted(self.values.items())))

    def best(self, lang: str) -> tuple[str, str]:
        """Text in ``lang`` or its fallback, with the language actually used ("" if none)."""
        for candidate in (lang, *FALLBACK_ORDER):
            if candidate in self.values:
                return self.values[candidate], candidate
        if self.values:
            first = next(iter(self.values))
            return self.values[first], first
        return "", ""

    def text(self, lang: str) -> str:
        """Text in ``lang`` or its fallback; "" when there is no text at all."""
        return self.best(lang)[0]

    def all_text(self) -> str:
        """Every language joined, for search indexes."""
        return " ".join(self.values.values())


EMPTY_TEXTS = Texts()
