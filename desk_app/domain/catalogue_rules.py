"""Rules for what staff type into the catalogue admin screens, as pure functions.

Shared by every admin use case (services, channels, hours here; topics, actors and programmes in
the taxonomy screens) so that a code, a phone number or a date range is judged the same way
everywhere, and so a form can check a field as it is left without a round trip to the database.

Two shapes of each rule:

* ``<thing>_problem(value, …) -> str | None``: the translated message, or None when the value is
  fine. For live hints next to a field.
* ``check_<thing>(value, …, field=…)``: returns the cleaned value to store, or raises
  ``ValidationError(message, field=field)``. The use cases call these; ``field`` is what the form
  marks. Optional values come back as None when empty.

Field names: a plain field is its name (``"code"``, ``"valid_to"``, ``"phone"``). A translatable
text names the cell ``"<field>.<lang>"`` (``"name.fi"``); a row of a list names its index
``"<list>[<i>]"`` (``"hours[2]"``), optionally with the column after a dot (``"hours[2].closes"``).

Phone numbers are **stored as typed, tidied** (spaces collapsed, no leading/trailing space), not
normalised to E.164: staff read them aloud and handouts print them, and "016 259 111" is how a
Kemi number is written locally. ``phone_e164`` gives the international form for exports and for
comparing numbers. Codes are stored upper-case (they are A–Z, 0–9 and "-"; "kela-x" is taken as
"KELA-X").
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Collection, Mapping, Sequence
from urllib.parse import urlsplit

from desk_app.domain.catalogue import ExceptionalHours, RegularHours
from desk_app.domain.catalogue_reader import CODE_PATTERN
from desk_app.domain.codes import TEXT_LANGUAGES, ChannelKind
from desk_app.domain.errors import ValidationError
from desk_app.domain.text_input import clean_text
from desk_app.domain.texts import REQUIRED_LANGUAGE, Texts
from desk_app.i18n import _

MAX_URL = 500
MAX_EMAIL = 200
MAX_PHONE = 40
MAX_TEXT = 5000
MAX_CODE = 40
MIDNIGHT = dt.time(0, 0)
MINUTES_A_DAY = 24 * 60
MINUTES_A_WEEK = 7 * MINUTES_A_DAY

_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s.]{2,}$")
_HOST = re.compile(r"^(localhost|([a-z0-9äöå]([a-z0-9äöå-]*[a-z0-9äöå])?\.)+[a-z]{2,}\.?)$")
_PHONE_CHARS = re.compile(r"^\+?[0-9 ()-]+$")
_POSTAL_CODE = re.compile(r"^[0-9]{5}$")
_TIME = re.compile(r"^(\d{1,2})(?:[:.](\d{2}))?$")
_FI_DATE = re.compile(r"^(\d{1,2})\.(\d{1,2})\.(\d{4})$")
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
FINLAND = "358"


def _raise_if(problem: str | None, field: str) -> None:
    if problem is not None:
        raise ValidationError(problem, field=field)


# -- codes -------------------------------------------------------------------------------------


def normalise_code(code: str) -> str:
    """The stored form of a code: stripped and upper-case."""
    return code.strip().upper()


def code_problem(code: str, taken_codes: Collection[str] = ()) -> str | None:
    """What is wrong with a new code: empty, not A–Z/0–9/-, too long, or already in use.

    ``taken_codes`` are the codes of the same kind of row already stored (compared upper-case).
    """
    clean = normalise_code(code)
    if not clean:
        return _("Give a code.")
    if len(clean) > MAX_CODE or not CODE_PATTERN.match(clean):
        return _(
            "A code has 1–40 letters A–Z, digits and hyphens, and starts with a letter or digit."
        )
    if clean in {normalise_code(c) for c in taken_codes}:
        return _("The code {code} is already in use.").format(code=clean)
    return None


def check_code(code: str, taken_codes: Collection[str] = (), field: str = "code") -> str:
    """The code to store (upper-case), or ``ValidationError`` naming ``field``."""
    _raise_if(code_problem(code, taken_codes), field)
    return normalise_code(code)


# -- web addresses, email, phone, postal code ----------------------------------------------------


def url_problem(url: str) -> str | None:
    """A web address must be a whole http(s) address with a real host name ("" is fine)."""
    clean = url.strip()
    if not clean:
        return None
    message = _("Give a whole web address, such as https://www.kemi.fi/.")
    if len(clean) > MAX_URL or any(ch.isspace() for ch in clean):
        return message
    try:
        parts = urlsplit(clean)
        host = parts.hostname or ""
        parts.port  # noqa: B018 - raises ValueError on a bad port
    except ValueError:
        return message
    if parts.scheme.lower() not in ("http", "https") or not _HOST.match(host.lower()):
        return message
    return None


def check_url(url: str | None, field: str = "url") -> str | None:
    """The address to store (None when empty), or ``ValidationError``."""
    clean = (url or "").strip()
    _raise_if(url_problem(clean), field)
    return clean or None


def email_problem(email: str) -> str | None:
    clean = email.strip()
    if not clean:
        return None
    if len(clean) > MAX_EMAIL or not _EMAIL.match(clean) or ".." in clean:
        return _("The email address does not look right (name@example.fi).")
    return None


def check_email(email: str | None, field: str = "email") -> str | None:
    clean = (email or "").strip()
    _raise_if(email_problem(clean), field)
    return clean or None


def tidy_phone(phone: str) -> str:
    """The stored form: runs of spaces collapsed to one, ends stripped."""
    return " ".join(phone.split())


def _phone_digits(phone: str) -> str:
    return re.sub(r"[^0-9]", "", phone)


def phone_problem(phone: str) -> str | None:
    """International (E.164, "+358 16 259 111") or Finnish national ("016 259 111",
    "040 123 4567") form; spaces, hyphens and brackets may group the digits."""
    clean = tidy_phone(phone)
    if not clean:
        return None
    message = _(
        "Give the number in international form (+358 16 259 111) or Finnish form (016 259 111)."
    )
    if len(clean) > MAX_PHONE or not _PHONE_CHARS.match(clean) or "+" in clean[1:]:
        return message
    digits = _phone_digits(clean)
    if clean.startswith("+"):
        # E.164: a country code (not starting with 0) and at most 15 digits in all.
        if not 7 <= len(digits) <= 15 or digits[0] == "0":
            return message
        if digits.startswith(FINLAND) and digits[len(FINLAND) :].startswith("0"):
            return _("Leave out the 0 after +358 (+358 40 123 4567).")
        return None
    # National: a trunk prefix 0, an area or operator code and the subscriber number.
    if not digits.startswith("0") or not 6 <= len(digits) <= 12 or digits.startswith("00"):
        return message
    return None


def check_phone(phone: str | None, field: str = "phone") -> str | None:
    """The number to store as typed but tidied (None when empty), or ``ValidationError``."""
    clean = tidy_phone(phone or "")
    _raise_if(phone_problem(clean), field)
    return clean or None


def phone_e164(phone: str) -> str:
    """The international form of a valid number: "016 259 111" → "+35816259111"."""
    digits = _phone_digits(phone)
    if phone.strip().startswith("+"):
        return "+" + digits
    return "+" + FINLAND + digits[1:]


def postal_code_problem(postal_code: str) -> str | None:
    clean = postal_code.strip()
    if clean and not _POSTAL_CODE.match(clean):
        return _("A Finnish postal code has five digits (94100).")
    return None


def check_postal_code(postal_code: str | None, field: str = "postal_code") -> str | None:
    clean = (postal_code or "").strip()
    _raise_if(postal_code_problem(clean), field)
    return clean or None


def check_length(value: str | None, limit: int, field: str) -> str | None:
    """A plain one-line value (room, street …), stripped; None when empty; at most ``limit``."""
    clean = (value or "").strip()
    if len(clean) > limit:
        raise ValidationError(
            _("At most {limit} characters, please.").format(limit=limit), field=field
        )
    return clean or None


# -- dates and times ---------------------------------------------------------------------------


def date_range_problem(valid_from: dt.date | None, valid_to: dt.date | None) -> str | None:
    """The end may equal the start (one day) but not come before it; open ends are fine."""
    if valid_from is not None and valid_to is not None and valid_to < valid_from:
        return _("The end date is before the start date.")
    return None


def check_date_range(
    valid_from: dt.date | None, valid_to: dt.date | None, field: str = "valid_to"
) -> None:
    """``ValidationError`` naming the end date's ``field`` when the range runs backwards."""
    _raise_if(date_range_problem(valid_from, valid_to), field)


def is_over_midnight(opens: dt.time, closes: dt.time) -> bool:
    """Whether a period runs into the next day (as ``desk_app.domain.hours`` reads it)."""
    return closes <= opens


def time_range_problem(opens: dt.time, closes: dt.time) -> str | None:
    """Equal times make no period, except 00:00–00:00 (24:00): open the whole day.

    A closing time before the opening time is allowed: the period runs over midnight.
    """
    if opens == closes and opens != MIDNIGHT:
        return _("The opening and closing times are the same.")
    return None


def check_time_range(opens: dt.time, closes: dt.time, field: str = "closes") -> bool:
    """Whether the period runs over midnight; ``ValidationError`` when it is no period."""
    _raise_if(time_range_problem(opens, closes), field)
    return is_over_midnight(opens, closes)


def parse_time(text: str) -> dt.time:
    """A time as staff type it: "9", "9.30", "09:30", "24" / "24:00" (= midnight, as a closing
    time). ``ValueError`` when it is not one."""
    match = _TIME.match(text.strip())
    if match is None:
        raise ValueError(text)
    hour, minute = int(match.group(1)), int(match.group(2) or 0)
    if hour == 24 and minute == 0:
        return MIDNIGHT
    return dt.time(hour, minute)  # ValueError out of range


def format_time(value: dt.time) -> str:
    """How a time is shown in the editor: "09:00"."""
    return value.strftime("%H:%M")


def parse_date(text: str) -> dt.date | None:
    """A date as staff type it: Finnish "31.12.2026" or ISO "2026-12-31"; None when empty.
    ``ValueError`` when it is not a date."""
    clean = text.strip()
    if not clean:
        return None
    if _ISO_DATE.match(clean):
        return dt.date.fromisoformat(clean)
    match = _FI_DATE.match(clean)
    if match is None:
        raise ValueError(text)
    day, month, year = (int(g) for g in match.groups())
    return dt.date(year, month, day)


def format_date(value: dt.date | None) -> str:
    """How a date is shown in the editor: "31.12.2026" ("" for none)."""
    return "" if value is None else f"{value.day}.{value.month}.{value.year}"


# -- weekly hours ------------------------------------------------------------------------------


def _week_minutes(period: RegularHours) -> tuple[int, int]:
    start = period.weekday * MINUTES_A_DAY + period.opens.hour * 60 + period.opens.minute
    length = (period.closes.hour * 60 + period.closes.minute) - (
        period.opens.hour * 60 + period.opens.minute
    )
    if length <= 0:
        length += MINUTES_A_DAY  # over midnight (00:00–00:00 is the whole day)
    return start, start + length


def overlapping_periods(weekly_hours: Sequence[RegularHours]) -> list[tuple[int, int]]:
    """Index pairs ``(i, j)``, ``i < j``, of weekly periods that overlap in time.

    A period over midnight takes its hours from the next day (Sunday's into Monday's); periods
    that only touch (9–12 and 12–16) do not overlap.
    """
    spans = [_week_minutes(p) for p in weekly_hours]
    found = []
    for i, (a_start, a_end) in enumerate(spans):
        for j in range(i + 1, len(spans)):
            b_start, b_end = spans[j]
            if any(
                a_start < b_end + shift and b_start + shift < a_end
                for shift in (-MINUTES_A_WEEK, 0, MINUTES_A_WEEK)
            ):
                found.append((i, j))
    return found


def check_weekly_hours(
    weekly_hours: Sequence[RegularHours], field: str = "hours"
) -> tuple[RegularHours, ...]:
    """Every period is on a weekday, is a period, and overlaps no other; the error names the
    row (``"hours[3].closes"``, ``"hours[3]"``) and, for an overlap, the earlier row it meets."""
    for index, period in enumerate(weekly_hours):
        if not 0 <= period.weekday <= 6:
            raise ValidationError(_("Choose a weekday."), field=f"{field}[{index}].weekday")
        check_time_range(period.opens, period.closes, field=f"{field}[{index}].closes")
    overlaps = overlapping_periods(weekly_hours)
    if overlaps:
        first, second = overlaps[0]
        raise ValidationError(
            _("These hours overlap the hours on row {row}.").format(row=first + 1),
            field=f"{field}[{second}]",
        )
    return tuple(weekly_hours)


def check_exceptional_hours(
    exceptions: Sequence[ExceptionalHours], field: str = "exceptions"
) -> tuple[ExceptionalHours, ...]:
    """Each exceptional entry: dates in order, times when open (none kept when closed), and a
    note with its Finnish text. Overlapping entries are allowed: the shortest range wins
    (``desk_app.domain.hours.exception_on``), so a closed day can sit inside a period of
    shorter hours. Errors name ``"exceptions[i].date_to"`` and the like."""
    checked = []
    for index, entry in enumerate(exceptions):
        where = f"{field}[{index}]"
        check_date_range(entry.date_from, entry.date_to, field=f"{where}.date_to")
        opens, closes = entry.opens, entry.closes
        if entry.closed:
            opens = closes = None
        else:
            if opens is None:
                raise ValidationError(_("Give the opening time."), field=f"{where}.opens")
            if closes is None:
                raise ValidationError(_("Give the closing time."), field=f"{where}.closes")
            check_time_range(opens, closes, field=f"{where}.closes")
        note = check_texts(entry.note, f"{where}.note")
        checked.append(
            ExceptionalHours(entry.date_from, entry.date_to, entry.closed, opens, closes, note)
        )
    return tuple(checked)


def check_channel_needs(
    kind: ChannelKind, *, street: str | None, phone: str | None, url: str | None
) -> None:
    """What each kind of channel cannot do without (as the catalogue file format requires):
    a visiting place an address, a phone service a number, the web kinds a web address."""
    if kind is ChannelKind.LOCATION and not street:
        raise ValidationError(_("A visiting place needs a street address."), field="street")
    if kind is ChannelKind.PHONE and not phone:
        raise ValidationError(_("A phone service needs a phone number."), field="phone")
    web = (ChannelKind.ESERVICE, ChannelKind.WEBPAGE, ChannelKind.PRINTABLE_FORM)
    if kind in web and not url:
        raise ValidationError(_("This kind of channel needs a web address."), field="url")


# -- translatable texts ------------------------------------------------------------------------


def texts_problem(texts: Mapping[str, str], required: bool = False) -> tuple[str, str] | None:
    """(language, message) of the first problem of one translatable text, or None.

    Finnish is needed when ``required``, and always once any translation exists (a translation
    of nothing cannot be shown as a fallback, and the catalogue file format refuses it).
    """
    for lang, value in texts.items():
        if lang not in TEXT_LANGUAGES:
            return lang, _("Unknown language: {lang}").format(lang=lang)
        if len(value.strip()) > MAX_TEXT:
            return lang, _("At most {limit} characters, please.").format(limit=MAX_TEXT)
    present = Texts(texts)
    if REQUIRED_LANGUAGE not in present and (required or present):
        if required:
            return REQUIRED_LANGUAGE, _("The Finnish text is required.")
        return REQUIRED_LANGUAGE, _("Write the Finnish text first: the translations need it.")
    return None


def check_texts(texts: Mapping[str, str], field: str, required: bool = False) -> Texts:
    """The cleaned texts to store, or ``ValidationError`` naming ``"<field>.<lang>"``."""
    texts = {lang: clean_text(v, f"{field}.{lang}", multiline=True) for lang, v in texts.items()}
    problem = texts_problem(texts, required)
    if problem is not None:
        lang, message = problem
        raise ValidationError(message, field=f"{field}.{lang}")
    return Texts(texts)


def check_finnish_text_required(texts: Mapping[str, str], field: str) -> Texts:
    """A text that must exist in Finnish (a name): error on ``"<field>.fi"`` when it does not."""
    return check_texts(texts, field, required=True)


def stale_translations(
    updated_at: Mapping[str, dt.datetime], texts: Mapping[str, str]
) -> frozenset[str]:
    """Languages whose translation is older than the Finnish text (changed since translated)."""
    finnish = updated_at.get(REQUIRED_LANGUAGE)
    if finnish is None:
        return frozenset()
    return frozenset(
        lang
        for lang, when in updated_at.items()
        if lang != REQUIRED_LANGUAGE and (texts.get(lang) or "").strip() and when < finnish
    )


def missing_translations(texts: Mapping[str, str], languages: Sequence[str]) -> frozenset[str]:
    """Languages of ``languages`` with no text while the Finnish text has one."""
    if not (texts.get(REQUIRED_LANGUAGE) or "").strip():
        return frozenset()
    return frozenset(
        lang
        for lang in languages
        if lang != REQUIRED_LANGUAGE and not (texts.get(lang) or "").strip()
    )
