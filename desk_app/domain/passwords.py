"""Staff passwords: the policy a new password must meet and the Argon2id hashing of it.

Only the hash is stored. The parameters are at least OWASP's minimum for Argon2id (19 MiB of
memory, two passes, one lane); a hash made with other parameters still verifies, and
``needs_rehash`` tells the sign-in to store a fresh hash with the current ones. Verifying costs a
few tens of milliseconds on purpose; an unknown user is verified against a dummy hash so that
the time taken does not tell whether a login name exists.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

from desk_app.domain.errors import ValidationError
from desk_app.i18n import _

MIN_LENGTH = 10
MAX_LENGTH = 256  # hashing a megabyte of "password" is work an attacker could ask for


@dataclass(frozen=True)
class HashParameters:
    time_cost: int = 2
    memory_cost_kib: int = 19 * 1024
    parallelism: int = 1


CURRENT = HashParameters()


@cache
def _hasher(params: HashParameters) -> PasswordHasher:
    return PasswordHasher(
        time_cost=params.time_cost,
        memory_cost=params.memory_cost_kib,
        parallelism=params.parallelism,
    )


def check_policy(password: str, username: str = "") -> None:
    """Raise ``ValidationError(field="password")`` if ``password`` cannot be used."""
    if len(password) < MIN_LENGTH:
        raise ValidationError(
            _("A password needs at least {count} characters.").format(count=MIN_LENGTH),
            field="password",
        )
    if len(password) > MAX_LENGTH:
        raise ValidationError(
            _("A password can have at most {count} characters.").format(count=MAX_LENGTH),
            field="password",
        )
    if not password.strip():
        raise ValidationError(_("A password cannot be only spaces."), field="password")
    if username and password.strip().casefold() == username.strip().casefold():
        raise ValidationError(
            _("The password cannot be the same as the login name."), field="password"
        )


def hash_password(password: str, params: HashParameters = CURRENT) -> str:
    return _hasher(params).hash(password)


def verify_password(stored_hash: str, password: str, params: HashParameters = CURRENT) -> bool:
    """True if ``password`` matches ``stored_hash`` (made with any Argon2 parameters)."""
    try:
        return _hasher(params).verify(stored_hash, password)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


def needs_rehash(stored_hash: str, params: HashParameters = CURRENT) -> bool:
    """True if ``stored_hash`` was made with other parameters than ``params``."""
    try:
        return _hasher(params).check_needs_rehash(stored_hash)
    except InvalidHashError:
        return True


@cache
def dummy_hash(params: HashParameters = CURRENT) -> str:
    """A hash no password of a real account matches, verified for unknown login names."""
    return hash_password("no such account: timing only", params)
