"""Typed reading of one object of a catalogue document, naming the JSON path of any mismatch.

``catalogue_document`` parses the document entity by entity with a ``Reader`` per object, so a
broken file is refused with ``SeedError("services[3].channels[1].url: …")`` and never
half-loads.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from typing import Any

from desk_app.domain.codes import TEXT_LANGUAGES
from desk_app.domain.errors import SeedError
from desk_app.domain.texts import REQUIRED_LANGUAGE, Texts

CODE_PATTERN = re.compile(r"^[A-Z0-9][A-Z0-9-]{0,39}$")


class Reader:
    """Typed access to one JSON object, raising ``SeedError`` with the path on any mismatch."""

    def __init__(self, value: Any, path: str) -> None:
        if not isinstance(value, dict):
            raise SeedError(f"{path}: expected an object")
        self.value = value
        self.path = path

    def _get(self, key: str, required: bool) -> Any:
        if key not in self.value or self.value[key] is None:
            if required:
                raise SeedError(f"{self.path}.{key}: missing")
            return None
        return self.value[key]

    def string(self, key: str, required: bool = True, max_len: int = 500) -> Any:
        value = self._get(key, required)
        if value is None:
            return None
        if not isinstance(value, str) or not value.strip() or len(value) > max_len:
            raise SeedError(f"{self.path}.{key}: expected a non-empty string of at most {max_len}")
        return value.strip()

    def code(self, key: str, required: bool = True) -> Any:
        value = self.string(key, required, max_len=40)
        if value is not None and not CODE_PATTERN.match(value):
            raise SeedError(f"{self.path}.{key}: {value!r} is not a code (A-Z, 0-9, -)")
        return value

    def flag(self, key: str, default: bool) -> bool:
        value = self._get(key, False)
        if value is None:
            return default
        if not isinstance(value, bool):
            raise SeedError(f"{self.path}.{key}: expected true or false")
        return value

    def date(self, key: str, required: bool = False) -> dt.date | None:
        value = self.string(key, required, max_len=10)
        if value is None:
            return None
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            raise SeedError(f"{self.path}.{key}: {value!r} is not a date YYYY-MM-DD") from None

    def time(self, key: str) -> dt.time:
        value = self.string(key, True, max_len=5)
        if not re.fullmatch(r"\d\d:\d\d", value):
            raise SeedError(f"{self.path}.{key}: {value!r} is not a time HH:MM")
        try:
            return dt.time.fromisoformat(value)
        except ValueError:
            raise SeedError(f"{self.path}.{key}: {value!r} is not a time HH:MM") from None

    def list(self, key: str, required: bool = False) -> list[Any]:
        value = self._get(key, required)
        if value is None:
            return []
        if not isinstance(value, list):
            raise SeedError(f"{self.path}.{key}: expected a list")
        return value

    def moment(self, key: str) -> dt.datetime | None:
        """An ISO 8601 date and time with its offset, as UTC."""
        value = self.string(key, False, max_len=40)
        if value is None:
            return None
        try:
            moment = dt.datetime.fromisoformat(value)
        except ValueError:
            raise SeedError(f"{self.path}.{key}: {value!r} is not a date and time") from None
        if moment.tzinfo is None:
            raise SeedError(f"{self.path}.{key}: {value!r} has no time zone (add +00:00)")
        return moment.astimezone(dt.UTC)

    def number(self, key: str) -> float | None:
        value = self._get(key, False)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise SeedError(f"{self.path}.{key}: expected a number")
        return float(value)

    def codes(self, key: str, required: bool = False) -> tuple[str, ...]:
        items = self.list(key, required)
        seen: set[str] = set()  # a set: a hostile list of a million codes must not be O(n²)
        for index, item in enumerate(items):
            if not isinstance(item, str) or not CODE_PATTERN.match(item):
                raise SeedError(f"{self.path}.{key}[{index}]: {item!r} is not a code")
            if item in seen:
                raise SeedError(f"{self.path}.{key}[{index}]: {item} is listed twice")
            seen.add(item)
        return tuple(items)

    def texts(self, key: str, required: bool = False) -> Texts:
        value = self._get(key, required)
        if value is None:
            return Texts()
        if not isinstance(value, dict):
            raise SeedError(f"{self.path}.{key}: expected an object of language: text")
        for lang, text in value.items():
            if lang not in TEXT_LANGUAGES:
                raise SeedError(f"{self.path}.{key}.{lang}: unknown language")
            if not isinstance(text, str) or len(text) > 5000:
                raise SeedError(f"{self.path}.{key}.{lang}: expected text")
        texts = Texts(value)
        if required and REQUIRED_LANGUAGE not in texts:
            raise SeedError(f"{self.path}.{key}: the Finnish text (fi) is required")
        if texts and REQUIRED_LANGUAGE not in texts:
            raise SeedError(f"{self.path}.{key}: has translations but no Finnish text (fi)")
        return texts

    def choice(self, key: str, enum: Iterable[str], default: str | None = None) -> Any:
        value = self._get(key, default is None)
        if value is None:
            return default
        allowed = list(enum)
        if value not in allowed:
            raise SeedError(f"{self.path}.{key}: {value!r} is not one of {', '.join(allowed)}")
        return value
