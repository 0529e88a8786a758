"""Data subject requests over a real database: find a person's contact records by name, phone or
email, export everything about them (JSON and PDF, with the dates of each access and never who
acted), erase them while the visit and its counts stay; admins only, and every step audited."""

import datetime as dt
import io
import json
import sqlite3

import pytest
from pypdf import PdfReader

from desk_app.domain.codes import ReferralStatus
from desk_app.domain.errors import PermissionDeniedError
from desk_app.domain.followup import ContactDetails, FollowUpRequest
from desk_app.domain.staff import Role, StaffSession
from desk_app.domain.visit import VisitDraft
from desk_app.services.access import Access
from desk_app.services.subject_requests import SubjectRequests

NOW = dt.datetime(2026, 11, 28, 10, 0, tzinfo=dt.UTC)
ADMIN = StaffSession("u-admin-1", "anna.admin", "Anna Adminsson", Role.ADMIN, "desk-ws-7")
DESK = StaffSession("u-desk-1", "dave.desk", "Dave Deskman", Role.DESK, "desk-ws-7")
NAME = "Åsa Mäkelä"
PHONE = "040 123 4567"
EMAIL = "Asa.Makela@Example.fi"
PURPOSE = "Ask how the job search went"
NOTE = "Called Åsa, she starts on Monday"


def leave_contact(ctx, name: str, phone: str, email: str, purpose: str = PURPOSE) -> str:
    """A visit referred to a service with a follow-up and contact details; the referral id."""
    desk = ctx.desk
    code = desk.active_services()[0].code
    contact = ContactDetails(purpose, desk.default_contact_expiry(), name, phone, email)
    recorded = desk.record_visit(
        VisitDraft(("JOB",), referral_codes=(code,)),
        follow_ups=[FollowUpRequest(code, desk.default_follow_up_due(), contact)],
    )
    (referral,) = [f for f in desk.follow_ups() if f.visit_id == recorded.id]
    return referral.referral_id


@pytest.fixture
def people(ctx):
    asa = leave_contact(ctx, NAME, PHONE, EMAIL)
    leave_contact(ctx, "Bertil Berg", "050 765 4321", "bertil@example.org", "Send the form")
    return asa


def requests(ctx, session: StaffSession = ADMIN) -> SubjectRequests:
    return SubjectRequests(ctx.uow, Access(session), lambda: NOW)


def raw_rows(ctx, table: str) -> list[tuple]:
    with sqlite3.connect(ctx.paths.database) as connection:
        return connection.execute(f"SELECT * FROM {table}").fetchall()


def all_cells(ctx) -> str:
    """Every value of every table, as one text: what an erased value must not be in."""
    with sqlite3.connect(ctx.paths.database) as connection:
        tables = [
            name
            for (name,) in connection.execute("SELECT name FROM sqlite_master WHERE type='table'")
        ]
        cells = [
            str(cell)
            for table in tables
            for row in connection.execute(f'SELECT * FROM "{table}"')
            for cell in row
        ]
    return "\n".join(cells)


@pytest.mark.parametrize("query", ["Åsa Mäkelä", "asa makela", "MÄKELÄ", "makel"])
def test_a_name_is_found_with_or_without_diacritics_and_case(ctx, people, query):
    (match,) = requests(ctx).find(query)
    assert match.name == NAME
    assert match.matched_on == ("name",)


@pytest.mark.parametrize("query", ["040 123 4567", "+358 40 1234567", "0401234567"])
def test_a_phone_number_is_found_by_its_digits_in_any_form(ctx, people, query):
    (match,) = requests(ctx).find(query)
    assert match.name == NAME
    assert match.matched_on == ("phone",)
    assert match.phone_hint == "…567"  # only enough to tell two numbers apart


def test_an_email_address_is_found_whatever_its_case(ctx, people):
    (match,) = requests(ctx).find("asa.makela@EXAMPLE.FI")
    assert match.name == NAME
    assert match.email_hint == "A…@Example.fi"
    assert requests(ctx).find("nobody@example.fi") == []
    assert requests(ctx).find("   ") == []


def test_the_json_export_holds_the_values_purposes_and_access_dates_but_no_staff(ctx, people):
    ctx.desk.follow_up_contact(people)  # a desk worker looks at the details once
    subject = requests(ctx)
    (match,) = subject.find(PHONE)
    data = json.loads(subject.export([match.record_id]).json_bytes())

    (record,) = data["records"]
    assert (record["name"], record["phone"], record["email"]) == (NAME, PHONE, EMAIL)
    assert record["purpose"] == PURPOSE
    assert record["agreed_at"].startswith(ctx.desk.today().isoformat()[:4])
    assert record["expires_at"].startswith(ctx.desk.default_contact_expiry().isoformat())
    assert record["status"] == ReferralStatus.REFERRED.value
    assert record["service_name"]
    actions = [entry["action"] for entry in data["access_history"]]
    assert "contact.view" in actions
    assert "contact.search" in actions
    assert actions[-1] == "contact.export"  # this export is in its own history
    for entry in data["access_history"]:
        dt.datetime.fromisoformat(entry["at"])  # every access has its moment
        assert set(entry) == {"at", "action", "record_kind", "result"}
    text = json.dumps(data, ensure_ascii=False)
    for staff in ("anna.admin", "Anna Adminsson", "cli:", "u-admin-1", "desk-ws-7"):
        assert staff not in text
    assert "Bertil" not in text


def test_the_pdf_export_holds_the_same(ctx, people):
    subject = requests(ctx)
    (match,) = subject.find("makela")
    pdf = subject.export([match.record_id]).pdf_bytes()
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    for value in (NAME, PHONE, EMAIL, PURPOSE, "Found in a search", "Exported for a data request"):
        assert value in text
    assert "28.11.2026" in text  # the dates of access (and of the export)
    for staff in ("anna.admin", "Anna Adminsson", "cli:"):
        assert staff not in text


def test_erasing_removes_the_contact_and_its_note_but_keeps_the_visit(ctx, people):
    ctx.desk.set_follow_up_status(people, ReferralStatus.CONTACTED, NOTE)
    visits_before = raw_rows(ctx, "visit")
    referrals_before = len(raw_rows(ctx, "referral"))
    assert NAME in all_cells(ctx) and NOTE in all_cells(ctx)
    subject = requests(ctx)
    (match,) = subject.find(EMAIL)

    assert subject.erase([match.record_id]) == 1

    cells = all_cells(ctx)
    for value in (NAME, PHONE, EMAIL, NOTE, "Mäkelä"):
        assert value not in cells
    assert "Bertil Berg" in cells  # the other person's record stays
    assert raw_rows(ctx, "visit") == visits_before  # the visits and their counts stay
    assert len(raw_rows(ctx, "referral")) == referrals_before
    assert subject.find(NAME) == []
    assert len(ctx.desk.follow_ups()) == 2  # both follow-ups still listed, one now without contact


def test_the_desk_role_is_refused_every_step(ctx, people):
    (match,) = requests(ctx).find(NAME)
    desk = requests(ctx, DESK)
    with pytest.raises(PermissionDeniedError):
        desk.find(NAME)
    with pytest.raises(PermissionDeniedError):
        desk.export([match.record_id])
    with pytest.raises(PermissionDeniedError):
        desk.erase([match.record_id])
    with pytest.raises(PermissionDeniedError):
        SubjectRequests(ctx.uow, Access(), lambda: NOW).find(NAME)  # nobody signed in
    assert requests(ctx).find(NAME) != []  # nothing was erased


def test_each_step_is_audited_without_personal_values(ctx, people):
    subject = requests(ctx)
    (match,) = subject.find("Åsa Mäkelä")
    subject.find("nobody at all")
    subject.export([match.record_id])
    subject.erase([match.record_id])

    with sqlite3.connect(ctx.paths.database) as connection:
        rows = connection.execute(
            "SELECT username, action, record_kind, record_id FROM audit_log "
            "WHERE username = ? ORDER BY seq",
            (ADMIN.username,),
        ).fetchall()
    assert [action for _, action, _, _ in rows] == [
        "contact.search",
        "contact.search",
        "contact.export",
        "contact.erase",
    ]
    assert rows[0][3] == people and rows[1][3] is None  # the record shown; none for no match
    assert {kind for _, _, kind, _ in rows} == {"follow_up_contact"}
    with sqlite3.connect(ctx.paths.database) as connection:
        audit_text = "\n".join(
            str(cell) for row in connection.execute("SELECT * FROM audit_log") for cell in row
        )
    for value in ("Åsa", "Mäkelä", "makela", "nobody at all", "4567", "example.fi", PURPOSE):
        assert value not in audit_text
