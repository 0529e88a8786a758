"""Staff accounts over a real database: first admin, signing in, throttling, user admin."""

import datetime as dt

import pytest
from sqlalchemy import select

from desk_app.db.models_staff import StaffUser
from desk_app.domain import passwords
from desk_app.domain.accounts import LoginError, LoginThrottledError
from desk_app.domain.errors import PermissionDeniedError, ValidationError
from desk_app.domain.staff import Role
from desk_app.services.access import Access
from desk_app.services.accounts import AccountService

ADMIN_PW = "admin password 1"
DESK_PW = "desk password 1"


class Clock:
    def __init__(self) -> None:
        self.now = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)

    def __call__(self) -> dt.datetime:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += dt.timedelta(seconds=seconds)


@pytest.fixture
def clock():
    return Clock()


@pytest.fixture
def accounts(ctx, clock):
    return AccountService(ctx.uow, Access(), clock, workstation="desk-1")


@pytest.fixture
def with_users(accounts):
    accounts.create_first_admin("Admin", "Aino Admin", ADMIN_PW)
    accounts.add_user("desk", "Dana Desk", Role.DESK, DESK_PW)
    accounts.sign_out()
    return accounts


def stored(ctx, username):
    with ctx.engine.connect() as connection:
        return connection.execute(
            select(StaffUser.__table__).where(StaffUser.username == username)
        ).one()


def test_first_admin_once_and_signed_in(accounts):
    assert accounts.needs_first_admin()
    session = accounts.create_first_admin("Admin", "Aino Admin", ADMIN_PW)
    assert session.role is Role.ADMIN and session.username == "admin"
    assert accounts.access.session == session
    assert not accounts.needs_first_admin()
    with pytest.raises(ValidationError):
        accounts.create_first_admin("other", "Other", ADMIN_PW)


def test_first_admin_password_policy(accounts):
    with pytest.raises(ValidationError):
        accounts.create_first_admin("admin", "Aino", "short")
    assert accounts.needs_first_admin()


def test_password_stored_only_as_argon2id(ctx, with_users):
    row = stored(ctx, "desk")
    assert row.password_hash.startswith("$argon2id$")
    assert DESK_PW not in row.password_hash


def test_sign_in_ok_and_wrong_say_the_same(with_users):
    session = with_users.sign_in("DESK", DESK_PW)
    assert session.role is Role.DESK and with_users.access.session == session
    with_users.sign_out()
    assert with_users.access.session is None
    messages = set()
    for name, pw in [("desk", "wrong password"), ("nobody", DESK_PW)]:
        with pytest.raises(LoginError) as caught:
            with_users.sign_in(name, pw)
        assert type(caught.value) is LoginError
        messages.add(str(caught.value))
    assert len(messages) == 1
    assert with_users.access.session is None


def test_disabled_user_cannot_sign_in(with_users):
    with_users.sign_in("admin", ADMIN_PW)
    with_users.set_active("desk", False)
    with_users.sign_out()
    with pytest.raises(LoginError) as caught:
        with_users.sign_in("desk", DESK_PW)
    assert "desk" not in str(caught.value).lower().split()
    assert with_users.access.session is None
    with_users.sign_in("admin", ADMIN_PW)
    with_users.set_active("desk", True)
    assert with_users.sign_in("desk", DESK_PW).username == "desk"


def test_throttling_grows_and_persists(ctx, with_users, clock):
    for _ in range(4):
        with pytest.raises(LoginError) as caught:
            with_users.sign_in("desk", "wrong password")
        assert not isinstance(caught.value, LoginThrottledError)
    with pytest.raises(LoginThrottledError) as caught:
        with_users.sign_in("desk", "wrong password")  # the fifth
    first = caught.value.retry_after_seconds
    assert first == 30
    assert stored(ctx, "desk").failed_attempts == 5
    # Even the right password is refused while the delay lasts, by a fresh service too.
    again = AccountService(ctx.uow, Access(), clock, workstation="desk-1")
    clock.advance(10)
    with pytest.raises(LoginThrottledError) as caught:
        again.sign_in("desk", DESK_PW)
    assert caught.value.retry_after_seconds == 20
    clock.advance(21)
    with pytest.raises(LoginThrottledError) as caught:
        again.sign_in("desk", "wrong password")  # the sixth: a longer wait
    assert caught.value.retry_after_seconds == 2 * first
    clock.advance(2 * first + 1)
    assert again.sign_in("desk", DESK_PW).username == "desk"
    row = stored(ctx, "desk")
    assert row.failed_attempts == 0 and row.locked_until is None


def test_unknown_names_are_throttled_too(with_users):
    for _ in range(4):
        with pytest.raises(LoginError):
            with_users.sign_in("ghost", "wrong password")
    with pytest.raises(LoginThrottledError):
        with_users.sign_in("ghost", "wrong password")


def test_rehash_on_sign_in_when_parameters_change(ctx, clock):
    weak = passwords.HashParameters(time_cost=1, memory_cost_kib=8 * 1024, parallelism=1)
    old = AccountService(ctx.uow, Access(), clock, hash_parameters=weak)
    old.create_first_admin("admin", "Aino", ADMIN_PW)
    before = stored(ctx, "admin").password_hash
    assert "m=8192" in before
    current = AccountService(ctx.uow, Access(), clock)
    current.sign_in("admin", ADMIN_PW)
    after = stored(ctx, "admin").password_hash
    assert after != before and "m=19456" in after
    assert not passwords.needs_rehash(after)
    current.sign_in("admin", ADMIN_PW)
    assert stored(ctx, "admin").password_hash == after  # no needless rehash


@pytest.mark.parametrize(
    "call",
    [
        lambda a: a.users(),
        lambda a: a.add_user("new.one", "New One", Role.DESK, "new password 1"),
        lambda a: a.set_active("admin", False),
        lambda a: a.reset_password("admin", "taken over 12"),
    ],
)
@pytest.mark.parametrize("who", ["desk", None])
def test_user_admin_needs_manage_users(ctx, with_users, call, who):
    if who:
        with_users.sign_in(who, DESK_PW)
    before = [tuple(r) for r in _rows(ctx)]
    with pytest.raises(PermissionDeniedError):
        call(with_users)
    assert [tuple(r) for r in _rows(ctx)] == before


def _rows(ctx):
    with ctx.engine.connect() as connection:
        return connection.execute(select(StaffUser.__table__).order_by("username")).all()


def test_admin_adds_disables_resets(with_users):
    with_users.sign_in("admin", ADMIN_PW)
    account = with_users.add_user("New.One", "New One", Role.DESK, "new password 1")
    assert account.username == "new.one" and account.must_change_password
    with pytest.raises(ValidationError):
        with_users.add_user("new.one", "Again", Role.DESK, "new password 1")
    assert [u.username for u in with_users.users()] == ["admin", "desk", "new.one"]
    with pytest.raises(ValidationError):
        with_users.set_active("admin", False)  # not yourself, not the last admin
    with_users.reset_password("desk", "reset password 9")
    with_users.sign_in("desk", "reset password 9")
    assert with_users.must_change_password()
    with pytest.raises(ValidationError):
        with_users.change_own_password("wrong old one", "my own password 2")
    with_users.change_own_password("reset password 9", "my own password 2")
    assert not with_users.must_change_password()
    with_users.sign_out()
    with pytest.raises(LoginError):
        with_users.sign_in("desk", "reset password 9")
    assert with_users.sign_in("desk", "my own password 2").role is Role.DESK


def test_reset_lifts_the_delay(with_users):
    for _ in range(5):
        with pytest.raises(LoginError):
            with_users.sign_in("desk", "wrong password")
    with_users.sign_in("admin", ADMIN_PW)
    with_users.reset_password("desk", "reset password 9")
    assert with_users.sign_in("desk", "reset password 9").username == "desk"


def test_lock_and_unlock(with_users):
    with_users.sign_in("desk", DESK_PW)
    with_users.lock()
    assert with_users.access.session is None
    assert with_users.locked_session.username == "desk"
    assert not with_users.verify_same_user(ADMIN_PW)
    assert with_users.access.session is None
    assert with_users.verify_same_user(DESK_PW)
    assert with_users.access.session.username == "desk"
    with_users.lock()
    with pytest.raises(LoginError):
        with_users.switch_user("admin", "wrong password")
    assert with_users.access.session is None
    assert with_users.switch_user("admin", ADMIN_PW).role is Role.ADMIN
    assert with_users.locked_session is None
