"""Typed access to a decoded PTV response, every value checked with its JSON path.

The PTV mapping (``desk_app.domain.ptv``) reads a file from someone else's system, so each field
is checked for its type and length as it is read, and the first problem stops the file with a
``PtvFormatError`` naming where it is (``itemList[3].serviceNames[0].value``). Missing and null
fields are simply absent: PTV leaves out or nulls what an organisation did not fill in.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import Any
from zoneinfo import ZoneInfo

from desk_app.domain.codes import TEXT_LANGUAGES
from desk_app.domain.errors import DeskError
from desk_app.domain.texts import REQUIRED_LANGUAGE, Texts
from desk_app.i18n import _

PTV_TIMEZONE = ZoneInfo("Europe/Helsinki")
MAX_TEXT = 5000
MIDNIGHT = dt.time(0, 0)
_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")


class PtvFormatError(DeskError):
    """The file is not a PTV response we can read; the message names the first problem."""


def fail(path: str, problem: str) -> PtvFormatError:
    return PtvFormatError(
        _("Not a PTV file we can read: {path}: {problem}").format(
            path=path or "(top)", problem=problem
        )
    )


def obj(value: Any, path: str) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise fail(path, _("expected an object"))
    return value


def items(node: Mapping[str, Any], key: str, path: str) -> Iterator[tuple[Any, str]]:
    """The list under ``key`` (missing or null: empty) with each item's path."""
    value = node.get(key)
    if value is None:
        return iter(())
    if not isinstance(value, list):
        raise fail(f"{path}.{key}", _("expected a list"))
    return ((item, f"{path}.{key}[{index}]") for index, item in enumerate(value))


def text(node: Mapping[str, Any], key: str, path: str, max_len: int = MAX_TEXT) -> str | None:
    """A string field, stripped; missing, null or blank gives None."""
    value = node.get(key)
    if value is None:
        return None
    if not isinstance(value, str):
        raise fail(f"{path}.{key}", _("expected text"))
    value = value.strip()
    if len(value) > max_len:
        raise fail(f"{path}.{key}", _("longer than {n} characters").format(n=max_len))
    return value or None


def flag(node: Mapping[str, Any], key: str, path: str) -> bool:
    value = node.get(key)
    if value is None:
        return False
    if not isinstance(value, bool):
        raise fail(f"{path}.{key}", _("expected true or false"))
    return value


def guid(node: Mapping[str, Any], key: str, path: str) -> str | None:
    value = text(node, key, path, max_len=40)
    if value is None:
        return None
    try:
        return str(uuid.UUID(value))
    except ValueError:
        raise fail(f"{path}.{key}", _("{value!r} is not a PTV id").format(value=value)) from None


def required_guid(node: Mapping[str, Any], key: str, path: str) -> str:
    value = guid(node, key, path)
    if value is None:
        raise fail(f"{path}.{key}", _("missing"))
    return value


def modified(node: Mapping[str, Any], path: str) -> dt.datetime | None:
    """PTV's ``modified``: UTC, usually without an offset (``2020-07-29T08:30:04.835555``)."""
    value = text(node, "modified", path, max_len=40)
    if value is None:
        return None
    try:
        moment = dt.datetime.fromisoformat(value)
    except ValueError:
        raise fail(
            f"{path}.modified", _("{value!r} is not a date and time").format(value=value)
        ) from None
    return moment.replace(tzinfo=dt.UTC) if moment.tzinfo is None else moment.astimezone(dt.UTC)


def date(node: Mapping[str, Any], key: str, path: str) -> dt.date | None:
    """A PTV date (``2026-12-24T00:00:00``); one with an offset is read in Finnish time."""
    value = text(node, key, path, max_len=40)
    if value is None:
        return None
    try:
        moment = dt.datetime.fromisoformat(value)
    except ValueError:
        raise fail(f"{path}.{key}", _("{value!r} is not a date").format(value=value)) from None
    if moment.tzinfo is not None:
        moment = moment.astimezone(PTV_TIMEZONE)
    return moment.date()


def time(node: Mapping[str, Any], key: str, path: str) -> dt.time | None:
    value = text(node, key, path, max_len=12)
    if value is None:
        return None
    if value.startswith("24:00"):
        return MIDNIGHT
    try:
        return dt.time.fromisoformat(value).replace(second=0, microsecond=0)
    except ValueError:
        raise fail(f"{path}.{key}", _("{value!r} is not a time").format(value=value)) from None


def weekday(node: Mapping[str, Any], key: str, path: str) -> int | None:
    value = text(node, key, path, max_len=20)
    if value is None:
        return None
    try:
        return _WEEKDAYS.index(value.lower())
    except ValueError:
        raise fail(f"{path}.{key}", _("{value!r} is not a weekday").format(value=value)) from None


def localized(
    node: Mapping[str, Any],
    key: str,
    path: str,
    types: Iterable[str] | None = None,
    join: str | None = None,
) -> Texts:
    """A PTV list of ``{language, value[, type]}`` as Texts, only our languages and ``types``.

    The first value of a language wins, or with ``join`` all of them are joined (keywords).
    """
    wanted = set(types) if types is not None else None
    found: dict[str, list[str]] = {}
    for item, item_path in items(node, key, path):
        entry = obj(item, item_path)
        lang = text(entry, "language", item_path, max_len=20)
        value = text(entry, "value", item_path)
        kind = text(entry, "type", item_path, max_len=60)
        if wanted is not None and kind is not None and kind not in wanted:
            continue
        if lang in TEXT_LANGUAGES and value:
            found.setdefault(lang, []).append(value)
    return Texts({lang: (join.join(v) if join else v[0]) for lang, v in found.items()})


def _first_by_language(values: Sequence[tuple[str | None, str]]) -> str | None:
    """The Finnish value if there is one, else the first."""
    for lang, value in values:
        if lang == REQUIRED_LANGUAGE:
            return value
    return values[0][1] if values else None


def _web_address(value: str | None) -> str | None:
    """Only http(s) addresses become links; anything else (``javascript:``) is dropped."""
    if value and value.lower().startswith(("https://", "http://")) and len(value) <= 500:
        return value
    return None


def url(node: Mapping[str, Any], path: str) -> str | None:
    found: list[tuple[str | None, str]] = []
    for key, url_key in (("webPages", "url"), ("urls", "value"), ("channelUrls", "value")):
        for item, item_path in items(node, key, path):
            entry = obj(item, item_path)
            address = _web_address(text(entry, url_key, item_path, max_len=2000))
            if address:
                found.append((text(entry, "language", item_path, max_len=20), address))
        if found:
            break
    return _first_by_language(found)


def email(node: Mapping[str, Any], path: str) -> str | None:
    found: list[tuple[str | None, str]] = []
    for key in ("emails", "supportEmails"):
        for item, item_path in items(node, key, path):
            entry = obj(item, item_path)
            address = text(entry, "value", item_path, max_len=200)
            if address and "@" in address:
                found.append((text(entry, "language", item_path, max_len=20), address))
    return _first_by_language(found)


def phone(node: Mapping[str, Any], path: str) -> str | None:
    """The first voice number (Finnish first) as "+358 16 259 111"; fax and SMS are skipped."""
    found: list[tuple[str | None, str]] = []
    for key in ("phoneNumbers", "supportPhones"):
        for item, item_path in items(node, key, path):
            entry = obj(item, item_path)
            if text(entry, "type", item_path, max_len=20) not in (None, "Phone"):
                continue
            number = text(entry, "number", item_path, max_len=40)
            if not number:
                continue
            # A Finnish service number (0800…, 0295…) is dialled as it is, without +358.
            service_number = flag(entry, "isFinnishServiceNumber", item_path)
            prefix = None if service_number else text(entry, "prefixNumber", item_path, 10)
            full = f"{prefix} {number}" if prefix else number
            if len(full) > 40:
                raise fail(f"{item_path}.number", _("longer than {n} characters").format(n=40))
            found.append((text(entry, "language", item_path, max_len=20), full))
        if found:
            break
    return _first_by_language(found)


def coordinate(node: Mapping[str, Any], key: str, path: str) -> float | None:
    """An EPSG:3067 coordinate; PTV sends them as strings, empty or "0" when unknown."""
    value = node.get(key)
    if value is None or isinstance(value, bool):
        return None
    if not isinstance(value, str | int | float):
        raise fail(f"{path}.{key}", _("expected a number"))
    try:
        number = float(value)
    except ValueError:
        return None
    return number if number > 0 and number < 1e8 else None
