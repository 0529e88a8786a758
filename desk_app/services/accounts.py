"""Staff accounts: the first admin, signing in with throttling, switching user, user admin.

``AccountService`` owns who is signed in at this workstation: it puts the ``StaffSession`` on
the shared ``Access`` every other service checks. Signing in answers wrong name, wrong password
and disabled account with one message, so it does not tell a guesser which names exist. After
``FREE_ATTEMPTS`` wrong passwords in a row an account waits (``throttle_delay``), kept in the
database so a restart does not reset it; unknown names are throttled the same way in memory.
Failures, throttling and every admin action on users go to the audit trail.

Locking keeps the locked user aside and signs out of ``Access``, so nothing can be read or
written until ``verify_same_user`` (the same person's password) or ``switch_user`` (anyone).
"""

from __future__ import annotations

import datetime as dt
import logging
import math
from collections.abc import Callable
from typing import Any, NoReturn, Protocol

from desk_app.domain import passwords
from desk_app.domain.accounts import (
    LoginError,
    LoginThrottledError,
    StaffAccount,
    StaffCredentials,
    check_display_name,
    check_username,
    normalise_username,
    throttle_delay,
)
from desk_app.domain.errors import NotFoundError, ReadOnlyDatabaseError, ValidationError
from desk_app.domain.staff import Permission, Role, StaffSession
from desk_app.i18n import _
from desk_app.services.access import Access, workstation_name
from desk_app.services.unit_of_work import UnitOfWork, UnitOfWorkFactory

__all__ = ["AccountService", "LoginError", "LoginThrottledError", "StaffAccount", "StaffRepo"]

RECORD_KIND = "staff_user"

log = logging.getLogger(__name__)


class StaffRepo(Protocol):
    """What these use cases need of the database (``desk_app.db``'s implementation)."""

    def count(self) -> int: ...
    def count_active_admins(self) -> int: ...
    def by_username(self, username: str) -> StaffCredentials | None: ...
    def by_id(self, user_id: str) -> StaffCredentials | None: ...
    def accounts(self) -> list[StaffAccount]: ...
    def add(
        self,
        username: str,
        display_name: str,
        role: Role,
        password_hash: str,
        now: dt.datetime,
        must_change_password: bool = False,
    ) -> str: ...
    def record_failure(
        self, user_id: str, failed_attempts: int, locked_until: dt.datetime | None
    ) -> None: ...
    def record_success(self, user_id: str, now: dt.datetime, new_hash: str | None) -> None: ...
    def set_password(
        self, user_id: str, password_hash: str, must_change: bool, now: dt.datetime
    ) -> bool: ...
    def set_active(self, user_id: str, active: bool, now: dt.datetime) -> bool: ...


def _utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def _audit(
    uow: UnitOfWork,
    session: StaffSession | None,
    action: str,
    record_id: str | None,
    result: str = "ok",
    workstation: str | None = None,
) -> None:
    """One audit row in ``uow`` through ``desk_app.services.audit.record``, once it exists."""
    from desk_app.services import audit

    record: Any = getattr(audit, "record", None)
    if record is not None:
        record(uow, session, action, RECORD_KIND, record_id, result=result, workstation=workstation)


def _wrong() -> LoginError:
    return LoginError(_("The login name or password is wrong, or the account is not in use."))


def _throttled(wait: dt.timedelta) -> LoginThrottledError:
    seconds = max(1, math.ceil(wait.total_seconds()))
    return LoginThrottledError(
        _("Too many wrong passwords. Try again in {seconds} seconds.").format(seconds=seconds),
        seconds,
    )


class AccountService:
    def __init__(
        self,
        uow_factory: UnitOfWorkFactory,
        access: Access,
        clock: Callable[[], dt.datetime] = _utcnow,
        workstation: str | None = None,
        hash_parameters: passwords.HashParameters = passwords.CURRENT,
    ) -> None:
        self._uow = uow_factory
        self._access = access
        self._clock = clock
        self._workstation = workstation or workstation_name()
        self._params = hash_parameters
        self._locked: StaffSession | None = None
        # Unknown login names have no row to count on: the same delay, kept in memory.
        self._unknown: dict[str, tuple[int, dt.datetime | None]] = {}

    @property
    def access(self) -> Access:
        return self._access

    @property
    def locked_session(self) -> StaffSession | None:
        """Who locked the window (None when not locked)."""
        return self._locked

    def _session_of(self, account: StaffAccount) -> StaffSession:
        return StaffSession(
            account.id, account.username, account.display_name, account.role, self._workstation
        )

    # -- first run ---------------------------------------------------------------------------

    def needs_first_admin(self) -> bool:
        with self._uow() as uow:
            return uow.staff.count() == 0

    def create_first_admin(self, username: str, display_name: str, password: str) -> StaffSession:
        """The first account, an admin, and sign in as it; refused once any account exists."""
        name = check_username(username)
        display = check_display_name(display_name)
        passwords.check_policy(password, name)
        password_hash = passwords.hash_password(password, self._params)
        now = self._clock()
        with self._uow(write=True) as uow:
            if uow.staff.count() != 0:
                raise ValidationError(_("The first admin has already been created."))
            user_id = uow.staff.add(name, display, Role.ADMIN, password_hash, now)
            uow.staff.record_success(user_id, now, None)
            session = StaffSession(user_id, name, display, Role.ADMIN, self._workstation)
            _audit(uow, session, "create_first_admin", user_id, workstation=self._workstation)
            uow.commit()
        self._locked = None
        self._access.sign_in(session)
        return session

    # -- signing in --------------------------------------------------------------------------

    def _authenticate(self, username: str, password: str) -> StaffSession:
        """The session of ``username`` if ``password`` is right; else ``LoginError``, with the
        failure counted and audited."""
        try:
            return self._authenticate_and_record(username, password)
        except ReadOnlyDatabaseError:
            return self._authenticate_read_only(username, password)

    def _authenticate_read_only(self, username: str, password: str) -> StaffSession:
        """A read-only database (start-up found the file or folder unwritable): the password is
        checked but nothing can be recorded, so failures are counted in memory only and the
        sign-in is logged instead of audited. Contact details stay refused (their audit rows
        cannot be written either)."""
        name = normalise_username(username)
        now = self._clock()
        attempts, until = self._unknown.get(name, (0, None))
        if until is not None and now < until:
            raise _throttled(until - now)
        with self._uow() as uow:
            found = uow.staff.by_username(name) if name else None
        stored = found.password_hash if found else passwords.dummy_hash(self._params)
        right = passwords.verify_password(stored, password, self._params)
        if found is None or not right or not found.account.active:
            attempts += 1
            delay = throttle_delay(attempts)
            self._unknown[name] = (attempts, now + delay if delay else None)
            raise _throttled(delay) if delay else _wrong()
        self._unknown.pop(name, None)
        log.warning("signed in on a read-only database; the sign-in is not in the audit trail")
        return self._session_of(found.account)

    def _authenticate_and_record(self, username: str, password: str) -> StaffSession:
        name = normalise_username(username)
        now = self._clock()
        with self._uow(write=True) as uow:
            found = uow.staff.by_username(name) if name else None
            if found is None:
                self._unknown_name(uow, name, password, now)
            user_id = found.account.id
            if found.locked_until is not None and now < found.locked_until:
                _audit(uow, None, "sign_in_throttled", user_id, "refused", self._workstation)
                uow.commit()
                raise _throttled(found.locked_until - now)
            right = passwords.verify_password(found.password_hash, password, self._params)
            if not right or not found.account.active:
                attempts = found.failed_attempts + 1
                delay = throttle_delay(attempts)
                locked_until = now + delay if delay else None
                uow.staff.record_failure(user_id, attempts, locked_until)
                result = "refused" if right else "failed"
                _audit(uow, None, "sign_in", user_id, result, self._workstation)
                if delay:
                    _audit(uow, None, "sign_in_throttled", user_id, "locked", self._workstation)
                uow.commit()
                raise _throttled(delay) if delay else _wrong()
            new_hash = None
            if passwords.needs_rehash(found.password_hash, self._params):
                new_hash = passwords.hash_password(password, self._params)
            uow.staff.record_success(user_id, now, new_hash)
            session = self._session_of(found.account)
            _audit(uow, session, "sign_in", user_id, workstation=self._workstation)
            uow.commit()
        return session

    def _unknown_name(
        self, uow: UnitOfWork, name: str, password: str, now: dt.datetime
    ) -> NoReturn:
        """Raise for a login name with no account, after as much work as a real check."""
        attempts, until = self._unknown.get(name, (0, None))
        if until is not None and now < until:
            raise _throttled(until - now)
        passwords.verify_password(passwords.dummy_hash(self._params), password, self._params)
        attempts += 1
        delay = throttle_delay(attempts)
        self._unknown[name] = (attempts, now + delay if delay else None)
        _audit(uow, None, "sign_in", None, "failed", self._workstation)
        uow.commit()
        raise _throttled(delay) if delay else _wrong()

    def sign_in(self, username: str, password: str) -> StaffSession:
        session = self._authenticate(username, password)
        self._locked = None
        self._access.sign_in(session)
        return session

    def sign_out(self) -> None:
        session = self._access.session
        if session is not None and not session.is_system:
            try:
                with self._uow(write=True) as uow:
                    _audit(uow, session, "sign_out", session.user_id, workstation=self._workstation)
                    uow.commit()
            except ReadOnlyDatabaseError:  # nothing can be recorded; signing out still happens
                log.info("signed out of a read-only database (not in the audit trail)")
        self._locked = None
        self._access.sign_out()

    def switch_user(self, username: str, password: str) -> StaffSession:
        """Sign in as someone else; on failure whoever was signed in (or locked) stays so."""
        return self.sign_in(username, password)

    def lock(self) -> None:
        """The window is locked: nobody may act until the same user or another signs in."""
        session = self._access.session or self._locked
        if session is None:
            return
        self._locked = session
        self._access.sign_out()

    def verify_same_user(self, password: str) -> bool:
        """Unlock: True (and signed in again) if ``password`` is the locked user's. Wrong
        passwords count towards the delay (``LoginThrottledError`` once it applies)."""
        session = self._locked or self._access.session
        if session is None:
            return False
        try:
            again = self._authenticate(session.username, password)
        except LoginThrottledError:
            raise
        except LoginError:
            return False
        self._locked = None
        self._access.sign_in(again)
        return True

    def must_change_password(self) -> bool:
        """True if the signed-in user's password was reset by an admin and must be changed."""
        session = self._access.session
        if session is None or session.user_id is None:
            return False
        with self._uow() as uow:
            found = uow.staff.by_id(session.user_id)
        return found is not None and found.account.must_change_password

    def change_own_password(self, old: str, new: str) -> None:
        session = self._access.session
        if session is None or session.user_id is None:
            raise LoginError(_("Sign in first."))
        passwords.check_policy(new, session.username)
        with self._uow() as uow:
            found = uow.staff.by_id(session.user_id)
        if found is None or not passwords.verify_password(found.password_hash, old, self._params):
            raise ValidationError(_("The current password is wrong."), field="old_password")
        if old == new:
            raise ValidationError(
                _("The new password must differ from the current one."), field="password"
            )
        password_hash = passwords.hash_password(new, self._params)
        with self._uow(write=True) as uow:
            uow.staff.set_password(session.user_id, password_hash, False, self._clock())
            _audit(
                uow, session, "change_own_password", session.user_id, workstation=self._workstation
            )
            uow.commit()

    # -- user admin (MANAGE_USERS) -----------------------------------------------------------

    def users(self) -> list[StaffAccount]:
        self._access.require(Permission.MANAGE_USERS)
        with self._uow() as uow:
            return uow.staff.accounts()

    def add_user(self, username: str, display_name: str, role: Role, password: str) -> StaffAccount:
        """A new personal account; the person must change the password at first sign-in."""
        admin = self._access.require(Permission.MANAGE_USERS)
        name = check_username(username)
        display = check_display_name(display_name)
        passwords.check_policy(password, name)
        password_hash = passwords.hash_password(password, self._params)
        with self._uow(write=True) as uow:
            if uow.staff.by_username(name) is not None:
                raise ValidationError(
                    _("The login name {name} is taken.").format(name=name), field="username"
                )
            user_id = uow.staff.add(
                name, display, Role(role), password_hash, self._clock(), must_change_password=True
            )
            _audit(uow, admin, "add_user", user_id, workstation=self._workstation)
            found = uow.staff.by_id(user_id)
            uow.commit()
        assert found is not None
        return found.account

    def _account_id(self, uow: UnitOfWork, username: str) -> StaffCredentials:
        found = uow.staff.by_username(normalise_username(username))
        if found is None:
            raise NotFoundError(_("No account has the login name {name}.").format(name=username))
        return found

    def set_active(self, username: str, active: bool) -> None:
        """Disable or enable an account (never deleted: the audit trail names it)."""
        admin = self._access.require(Permission.MANAGE_USERS)
        with self._uow(write=True) as uow:
            found = self._account_id(uow, username)
            if not active and found.account.id == admin.user_id:
                raise ValidationError(_("You cannot disable your own account."))
            if (
                not active
                and found.account.role is Role.ADMIN
                and found.account.active
                and uow.staff.count_active_admins() <= 1
            ):
                raise ValidationError(_("The last admin account cannot be disabled."))
            uow.staff.set_active(found.account.id, active, self._clock())
            action = "enable_user" if active else "disable_user"
            _audit(uow, admin, action, found.account.id, workstation=self._workstation)
            uow.commit()

    def reset_password(self, username: str, new_password: str) -> None:
        """A new password from an admin; the person must change it at the next sign-in. Also
        lifts the delay after wrong passwords."""
        admin = self._access.require(Permission.MANAGE_USERS)
        name = normalise_username(username)
        passwords.check_policy(new_password, name)
        password_hash = passwords.hash_password(new_password, self._params)
        with self._uow(write=True) as uow:
            found = self._account_id(uow, name)
            uow.staff.set_password(found.account.id, password_hash, True, self._clock())
            _audit(uow, admin, "reset_password", found.account.id, workstation=self._workstation)
            uow.commit()
