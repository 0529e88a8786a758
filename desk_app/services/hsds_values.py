"""How the HSDS export writes single values: row ids, texts in the export language, dates,
times, moments, web and email addresses, PTV classes and coordinates.

HSDS validates every column against its schema, so each value is written in the one form the
schema accepts (ISO dates, times HH:MM:SS, UTC moments with "Z", URIs with a scheme), and a value
that cannot be written so is left out and logged rather than exported broken. Every id is a UUID
5 of a fixed namespace and "kind:code…": the same catalogue gives the same ids in every export and
every language, and a re-export diffs cleanly.
"""

from __future__ import annotations

import datetime as dt
import logging
import math
import re
import uuid
from functools import cached_property
from typing import Any

from babel import Locale, UnknownLocaleError

from desk_app.domain.texts import Texts
from desk_app.i18n import translations_for

log = logging.getLogger(__name__)

NAMESPACE = uuid.UUID("5f0c7e52-3a1d-4b8e-9d6f-2c4a8b1e7f30")
"""Fixed for good: every exported id derives from it, and consumers match rows by id."""

_URI = re.compile(r"^https?://[^\s/?#]+[^\s]*$", re.IGNORECASE)
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


def hsds_id(kind: str, *parts: str) -> str:
    """The row id for ``kind`` and codes: the same input always gives the same UUID."""
    return str(uuid.uuid5(NAMESPACE, ":".join((kind, *parts))))


class Language:
    """Texts, fixed wording and names in the export language."""

    def __init__(self, lang: str) -> None:
        self.code = lang
        self.base = lang.split("-")[0]  # "fi-x-plain" → "fi"
        self.gettext = translations_for(self.base).gettext

    def best(self, texts: Texts) -> tuple[str, str]:
        """The text and the language it is in (its ISO 639-1 code)."""
        if self.code != self.base and self.code in texts:
            return texts[self.code], self.base
        text, used = texts.best(self.base)
        return text, used.split("-")[0]

    def text(self, texts: Texts) -> str:
        return self.best(texts)[0]

    @cached_property
    def locale(self) -> Locale:
        try:
            return Locale.parse(self.base)
        except (UnknownLocaleError, ValueError):
            return Locale.parse("en")

    def language_name(self, code: str) -> str:
        try:
            return Locale.parse(code).get_language_name(self.locale) or code
        except (UnknownLocaleError, ValueError):
            return code

    def country_name(self, country: str) -> str:
        return str(self.locale.territories.get(country, country))


def ptv_code(value: str) -> str:
    """A PTV class as its code, whether the catalogue keeps "P10.1" or its full URI."""
    return value.rstrip("/").rsplit("/", 1)[-1]


def record_field(entry: object, name: str) -> Any:
    """A field of a version 2 entry's ``record`` (its PTV id, its last change); None if none."""
    return getattr(getattr(entry, "record", None), name, None)


# GRS80 and the ETRS-TM35FIN projection (EPSG:3067: transverse Mercator, central meridian 27° E,
# scale 0.9996, false easting 500 km), inverted with Krüger's series to third order: well under a
# millimetre across Finland. ETRS89 and WGS 84 differ by less than a metre, which HSDS can bear.
_N = (1 / 298.257222101) / (2 - 1 / 298.257222101)
_RECTIFYING = 6378137.0 / (1 + _N) * (1 + _N**2 / 4 + _N**4 / 64) * 0.9996
_BETA = (_N / 2 - 2 * _N**2 / 3 + 37 * _N**3 / 96, _N**2 / 48 + _N**3 / 15, 17 * _N**3 / 480)
_DELTA = (2 * _N - 2 * _N**2 / 3 - 2 * _N**3, 7 * _N**2 / 3 - 8 * _N**3 / 5, 56 * _N**3 / 15)


def wgs84(north: float | None, east: float | None) -> tuple[float, float] | None:
    """PTV's EPSG:3067 coordinates as the latitude and longitude HSDS wants (degrees)."""
    if north is None or east is None:
        return None
    xi, eta = north / _RECTIFYING, (east - 500000.0) / _RECTIFYING
    terms = list(enumerate(_BETA, start=1))
    xi_p = xi - sum(b * math.sin(2 * j * xi) * math.cosh(2 * j * eta) for j, b in terms)
    eta_p = eta - sum(b * math.cos(2 * j * xi) * math.sinh(2 * j * eta) for j, b in terms)
    chi = math.asin(math.sin(xi_p) / math.cosh(eta_p))
    latitude = chi + sum(d * math.sin(2 * j * chi) for j, d in enumerate(_DELTA, start=1))
    longitude = math.radians(27.0) + math.atan2(math.sinh(eta_p), math.cos(xi_p))
    return math.degrees(latitude), math.degrees(longitude)


def hsds_moment(value: dt.datetime | None) -> str | None:
    """A change time in UTC, ISO 8601 with "Z" (a naive time is taken as UTC, as stored)."""
    if value is None:
        return None
    if value.tzinfo is not None:
        value = value.astimezone(dt.UTC).replace(tzinfo=None)
    return value.isoformat(timespec="seconds") + "Z"


def hsds_time(value: dt.time) -> str:
    return value.strftime("%H:%M:%S")


def hsds_date(value: dt.date | None) -> str | None:
    return value.isoformat() if value else None


def hsds_uri(value: str | None) -> str | None:
    """A web address HSDS accepts (with its scheme), or None: a bad one is left out, logged."""
    if not value:
        return None
    if _URI.match(value):
        return value
    log.warning("HSDS export: %r is not a web address; left out", value)
    return None


def hsds_email(value: str | None) -> str | None:
    if not value:
        return None
    if _EMAIL.match(value):
        return value
    log.warning("HSDS export: %r is not an email address; left out", value)
    return None
