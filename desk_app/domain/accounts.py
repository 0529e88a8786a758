"""Staff accounts as the core sees them, and the growing delay after wrong passwords.

``StaffAccount`` is what an admin's user list shows (never the hash); ``StaffCredentials`` adds
what signing in needs. ``throttle_delay`` is the one rule of the delay: the first
``FREE_ATTEMPTS`` wrong passwords in a row cost nothing, each further one doubles the wait from
30 seconds up to 15 minutes, so a guesser gets a handful of tries an hour while a colleague who
mistyped waits half a minute.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from desk_app.domain.errors import DeskError, ValidationError
from desk_app.domain.staff import Role
from desk_app.domain.text_input import clean_text
from desk_app.i18n import _

FREE_ATTEMPTS = 5
FIRST_DELAY = dt.timedelta(seconds=30)
MAX_DELAY = dt.timedelta(minutes=15)
USERNAME_RE = re.compile(r"^[a-z0-9][a-z0-9._-]{1,59}$")


class LoginError(DeskError):
    """A sign-in that did not succeed; the message never says whether the name exists."""


class LoginThrottledError(LoginError):
    """Too many wrong passwords in a row: wait ``retry_after_seconds`` before trying again."""

    def __init__(self, message: str, retry_after_seconds: int) -> None:
        super().__init__(message)
        self.retry_after_seconds = retry_after_seconds


@dataclass(frozen=True)
class StaffAccount:
    id: str
    username: str
    display_name: str
    role: Role
    active: bool
    must_change_password: bool
    last_login_at: dt.datetime | None


@dataclass(frozen=True)
class StaffCredentials:
    account: StaffAccount
    password_hash: str
    failed_attempts: int
    locked_until: dt.datetime | None


def throttle_delay(failed_attempts: int) -> dt.timedelta:
    """How long to refuse sign-ins after ``failed_attempts`` wrong passwords in a row."""
    extra = failed_attempts - FREE_ATTEMPTS
    if extra < 0:
        return dt.timedelta(0)
    return min(FIRST_DELAY * (2 ** min(extra, 16)), MAX_DELAY)


def normalise_username(username: str) -> str:
    return clean_text(username, "username").lower()


def check_username(username: str) -> str:
    """The login name as stored (lower case); ``ValidationError(field="username")`` if unusable."""
    name = normalise_username(username)
    if not USERNAME_RE.match(name):
        raise ValidationError(
            _(
                "A login name has 2–60 characters: letters a–z, digits, dot, hyphen or "
                "underscore, starting with a letter or digit."
            ),
            field="username",
        )
    return name


def check_display_name(display_name: str) -> str:
    name = " ".join(clean_text(display_name, "display_name").split())
    if not name:
        raise ValidationError(_("Give the person's name."), field="display_name")
    if len(name) > 120:
        raise ValidationError(
            _("A name can have at most {count} characters.").format(count=120),
            field="display_name",
        )
    return name
