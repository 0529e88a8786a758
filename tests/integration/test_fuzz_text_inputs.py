"""Harness 5e: hypothesis fuzzing of the free-text inputs of the services on a real database.

Every text a person can type (follow-up contact name, phone, email and purpose; follow-up status
notes; login and display names; topic labels; catalogue service texts; subject search queries)
gets very long strings, control characters, NUL, lone surrogates, bidi overrides, emoji and
decomposed (NFD) letters. Each must read back as the NFC form of the cleaned text, or be refused
with a ``ValidationError`` naming a field; any other exception fails the test. Few examples per
input keep CI short; ``deadline=None`` since each example writes to SQLite.
"""

import dataclasses
import itertools
import unicodedata

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from desk_app.domain import passwords
from desk_app.domain.codes import ReferralStatus, ServiceStatus
from desk_app.domain.errors import ValidationError
from desk_app.domain.followup import ContactDetails, FollowUpRequest
from desk_app.domain.staff import Role
from desk_app.domain.taxonomy_rules import TopicDraft
from desk_app.domain.texts import Texts
from desk_app.domain.visit import VisitDraft
from desk_app.services.access import Access
from desk_app.services.accounts import AccountService
from desk_app.services.catalogue_admin import CatalogueAdmin
from desk_app.services.subject_requests import SubjectRequests
from desk_app.services.taxonomy import TaxonomyAdmin

FUZZ = settings(
    max_examples=15,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
NASTY = [
    "\x00",
    "\x07",
    "\x1b[31m",
    "\x7f",
    "\x85",
    "\r\n",
    "\t",
    "\u202e",  # right-to-left override
    "\u2066",  # left-to-right isolate
    "\u200f",
    "\u2028",
    "\ud800",  # a lone surrogate
    "\udfff",
    "😀",
    "👩‍👩‍👧",
    "🇫🇮",
    "a\u0308",  # NFD ä
    "A\u030a",  # NFD Å
    "ﬁ",
    "Ω",  # U+2126, NFC maps it to U+03A9
    "x" * 3000,
    " ",
    "Matti",
    "040 1234567",
    "maija@example.fi",
]
TEXTS = st.lists(st.one_of(st.sampled_from(NASTY), st.text(max_size=12)), max_size=6).map("".join)


def reference_clean(value: str, multiline: bool) -> str:
    """What a stored text must be, written apart from the app's own cleaner."""
    out = []
    for ch in value.replace("\r\n", "\n").replace("\r", "\n"):
        if multiline and ch in "\n\t":
            out.append(ch)
        elif ch in "\n\t\u2028\u2029":
            out.append(" ")
        elif (
            unicodedata.category(ch) == "Cc"
            or ch in "\u202a\u202b\u202c\u202d\u202e"
            or ch in "\u2066\u2067\u2068\u2069\u200e\u200f"
        ):
            continue
        else:
            out.append(ch)
    return unicodedata.normalize("NFC", "".join(out)).strip()


def has_surrogate(value: str) -> bool:
    return any(0xD800 <= ord(ch) <= 0xDFFF for ch in value)


def assert_stored(stored: str, expected: str) -> None:
    assert stored == expected
    assert unicodedata.is_normalized("NFC", stored)
    assert "\x00" not in stored and "\u202e" not in stored


_counter = itertools.count()


@pytest.fixture
def referral(ctx):
    code = ctx.desk.active_services()[0].code

    def make(contact: ContactDetails | None) -> str:
        before = {f.referral_id for f in ctx.desk.follow_ups()}
        ctx.desk.record_visit(
            VisitDraft(("JOB",), referral_codes=(code,)),
            follow_ups=[FollowUpRequest(code, ctx.desk.default_follow_up_due(), contact)],
        )
        (new,) = {f.referral_id for f in ctx.desk.follow_ups()} - before
        return new

    return make


@FUZZ
@given(name=TEXTS, purpose=TEXTS)
def test_follow_up_contact_name_and_purpose(ctx, referral, name, purpose):
    contact = ContactDetails(purpose, ctx.desk.default_contact_expiry(), name, "040 1234567")
    try:
        referral_id = referral(contact)
    except ValidationError as exc:
        assert exc.field in {"name", "purpose"}
        assert has_surrogate(name + purpose) or not reference_clean(purpose, True)
        return
    stored = ctx.desk.follow_up_contact(referral_id)
    assert_stored(stored.name, reference_clean(name, False))
    assert_stored(stored.purpose, reference_clean(purpose, True))


@FUZZ
@given(phone=TEXTS, email=TEXTS)
def test_follow_up_contact_phone_and_email(ctx, referral, phone, email):
    contact = ContactDetails("Call back", ctx.desk.default_contact_expiry(), "", phone, email)
    try:
        referral_id = referral(contact)
    except ValidationError as exc:
        assert exc.field in {"phone", "email"}
        return
    stored = ctx.desk.follow_up_contact(referral_id)
    assert_stored(stored.phone, reference_clean(phone, False))
    assert_stored(stored.email, reference_clean(email, False))


@FUZZ
@given(note=TEXTS)
def test_follow_up_status_note(ctx, referral, note):
    referral_id = referral(None)
    try:
        ctx.desk.set_follow_up_status(referral_id, ReferralStatus.CONTACTED, note)
    except ValidationError as exc:
        assert exc.field == "note" and has_surrogate(note)
        return
    (item,) = [f for f in ctx.desk.follow_ups() if f.referral_id == referral_id]
    assert_stored(item.note, reference_clean(note, True))


@pytest.fixture
def accounts(ctx):
    weak = passwords.HashParameters(time_cost=1, memory_cost_kib=8 * 1024, parallelism=1)
    service = AccountService(ctx.uow, Access(), ctx.desk.now, hash_parameters=weak)
    service.create_first_admin("admin", "Aino Admin", "admin password 1")
    return service


@FUZZ
@given(username=TEXTS, display_name=TEXTS)
def test_usernames_and_display_names(accounts, username, display_name):
    try:
        account = accounts.add_user(username, display_name, Role.DESK, "desk password 1")
    except ValidationError as exc:
        assert exc.field in {"username", "display_name"}, exc.field
        return
    stored = {a.username: a for a in accounts.users()}[account.username]
    assert_stored(stored.username, reference_clean(username, False).lower())
    assert_stored(stored.display_name, " ".join(reference_clean(display_name, False).split()))


@FUZZ
@given(label=TEXTS)
def test_topic_labels(ctx, label):
    admin = TaxonomyAdmin(ctx.uow, clock=ctx.desk.now, tz=ctx.desk.tz)
    code = f"FUZZ{next(_counter)}"
    try:
        admin.add_topic(TopicDraft(code, Texts({"fi": label, "en": "Fuzz"})))
    except ValidationError as exc:
        assert exc.field == "label.fi", exc.field
        return
    (entry,) = [t for t in admin.topics() if t.code == code]
    assert_stored(entry.label.text("fi"), reference_clean(label, True))


@FUZZ
@given(name=TEXTS, description=TEXTS)
def test_catalogue_service_texts(ctx, name, description):
    admin = CatalogueAdmin(ctx.uow, ctx.desk.now)
    code = f"FUZZ-{next(_counter)}"
    edit = dataclasses.replace(
        admin.service(ctx.desk.active_services()[0].code).edit,
        code=code,
        status=ServiceStatus.DRAFT,
    )
    texts = {**edit.texts, "name": {"fi": name}, "description": {"fi": description}}
    try:
        admin.save_service(dataclasses.replace(edit, texts=texts), new=True)
    except ValidationError as exc:
        assert exc.field in {"name.fi", "description.fi"}, exc.field
        return
    stored = admin.service(code).edit.texts
    assert_stored(stored["name"]["fi"], reference_clean(name, True))
    if reference_clean(description, True):
        assert_stored(stored["description"]["fi"], reference_clean(description, True))


@FUZZ
@given(query=TEXTS)
def test_subject_search_queries(ctx, query):
    service = SubjectRequests(ctx.uow, Access.system(), ctx.desk.now)
    try:
        matches = service.find(query)
    except ValidationError as exc:
        assert exc.field
        return
    assert isinstance(matches, list)
