"""Password policy, Argon2id parameters and the growing delay after wrong passwords."""

import datetime as dt

import pytest

from desk_app.domain import passwords
from desk_app.domain.accounts import check_username, throttle_delay
from desk_app.domain.errors import ValidationError


def test_hash_is_argon2id_with_at_least_owasp_minimum():
    stored = passwords.hash_password("correct horse battery")
    assert stored.startswith("$argon2id$")
    params = dict(part.split("=") for part in stored.split("$")[3].split(","))
    assert int(params["m"]) >= 19 * 1024
    assert int(params["t"]) >= 2
    assert int(params["p"]) >= 1


def test_verify_right_and_wrong_password():
    stored = passwords.hash_password("correct horse battery")
    assert passwords.verify_password(stored, "correct horse battery")
    assert not passwords.verify_password(stored, "correct horse batterY")
    assert not passwords.verify_password("not a hash", "correct horse battery")


def test_needs_rehash_when_parameters_change():
    weak = passwords.HashParameters(time_cost=1, memory_cost_kib=8 * 1024, parallelism=1)
    old = passwords.hash_password("correct horse battery", weak)
    assert passwords.needs_rehash(old)
    assert passwords.verify_password(old, "correct horse battery")  # still verifies
    assert not passwords.needs_rehash(passwords.hash_password("correct horse battery"))


@pytest.mark.parametrize("bad", ["", "short", "x" * 9, " " * 12, "a" * 257, "anna.user1"])
def test_policy_refuses(bad):
    with pytest.raises(ValidationError) as caught:
        passwords.check_policy(bad, "anna.user1")
    assert caught.value.field == "password"


def test_policy_accepts_a_long_password():
    passwords.check_policy("kymmenen merkkiä", "anna")


def test_throttle_free_attempts_then_doubling_capped():
    assert [throttle_delay(n) for n in range(5)] == [dt.timedelta(0)] * 5
    delays = [throttle_delay(n).total_seconds() for n in range(5, 12)]
    assert delays[:3] == [30, 60, 120]
    assert delays == sorted(delays)
    assert throttle_delay(100) == dt.timedelta(minutes=15)


def test_username_is_stored_lower_case_and_checked():
    assert check_username("  Anna.K ") == "anna.k"
    with pytest.raises(ValidationError):
        check_username("a b")
