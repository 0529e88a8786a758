"""The catalogue reads behind the card, the referral sheet and the booklet, on the example
catalogue: one read of many services gives what reading them one by one gives, in a fixed
number of statements."""

import datetime as dt

import pytest
from sqlalchemy import event

from desk_app.domain.catalogue import ExceptionalHours, RegularHours
from desk_app.domain.codes import ChannelKind
from desk_app.domain.texts import Texts

SHEET = ["KELA-UNEMPLOYMENT-BENEFIT", "STARTTIRAHA", "DEBT-ADVICE"]


@pytest.fixture
def catalogue(ctx):
    with ctx.uow() as uow:
        yield uow.catalogue


@pytest.fixture
def all_codes(catalogue):
    return [s.code for s in catalogue.service_summaries()]


def test_details_of_many_services_equal_each_read_alone(catalogue, all_codes):
    together = catalogue.service_details(all_codes)
    assert len(together) == len(all_codes) >= 12
    assert together == {code: catalogue.service_details([code])[code] for code in all_codes}
    summaries = {s.code: s for s in catalogue.service_summaries()}
    assert {code: d.summary for code, d in together.items()} == summaries
    assert catalogue.service_summaries(SHEET) == [summaries[c] for c in sorted(SHEET)]


def test_unknown_and_no_codes_read_nothing(catalogue):
    assert catalogue.service_details([]) == {}
    assert catalogue.service_details(["NO-SUCH"]) == {}
    assert set(catalogue.service_details(["NO-SUCH", "STARTTIRAHA"])) == {"STARTTIRAHA"}
    assert catalogue.service_summaries([]) == []


def test_a_sheet_service_as_the_visitor_sees_it(catalogue):
    detail = catalogue.service_details(SHEET)["STARTTIRAHA"]
    assert dict(detail.summary.name) == {
        "fi": "Starttiraha",
        "sv": "Startpeng",
        "en": "Start-up grant (starttiraha)",
    }
    assert detail.summary.organisation_code == "TYO-MERILAPPI"
    assert detail.summary.topic_codes == ("START", "FUNDING")
    assert detail.summary.languages == ("en", "fi", "sv")
    assert detail.programme is None
    assert detail.checked_on == dt.date(2026, 11, 1)
    assert [c.code for c in detail.channels] == [
        "TYOMARKKINATORI",
        "STARTTIRAHA-GUIDE",
        "TYO-MERILAPPI-PHONE",
        "TYO-MERILAPPI-AT-POINTTI",
    ]
    desk = detail.channels[-1]
    assert desk.kind is ChannelKind.LOCATION
    assert desk.organisation_code == "TYO-MERILAPPI"
    assert desk.address_line == "Valtakatu 11–13, 94100 Kemi"
    assert desk.room == "Työllisyysalueen tiski, 1. krs"
    assert desk.phone == "+358 16 432 11"
    assert desk.name.text("sv") == "Sysselsättningsområdets servicepunkt i Pointti"
    assert desk.hours == tuple(
        RegularHours(day, dt.time(9), dt.time(15)) for day in range(4)
    )  # Monday to Thursday
    christmas = ExceptionalHours(
        dt.date(2026, 12, 24),
        dt.date(2026, 12, 26),
        True,
        None,
        None,
        Texts({"fi": "Joulu", "sv": "Jul", "en": "Christmas"}),
    )
    assert desk.exceptions[0] == christmas
    assert [e.date_from for e in desk.exceptions] == [
        dt.date(2026, 12, 24),
        dt.date(2027, 1, 1),
        dt.date(2027, 1, 6),
    ]
    assert desk.exceptions[1].note.text("en") == "New Year's Day"


def test_a_project_service_carries_its_programme(catalogue):
    detail = catalogue.service_details(["KK-MORNING-COFFEE", "STARTTIRAHA"])["KK-MORNING-COFFEE"]
    programme = detail.programme
    assert programme is not None
    assert (programme.code, programme.organisation_code, programme.eura_code) == (
        "KORONASTA-KASVUUN",
        "KEMI-CITY",
        "S22513",
    )
    assert programme.name.text("fi") == "Koronasta kasvuun"
    assert programme.name.text("sv").startswith("Från corona till tillväxt")
    assert programme.description.text("en").startswith("A project funded by ESF REACT-EU")
    assert (programme.valid_from, programme.valid_to) == (dt.date(2021, 8, 1), dt.date(2023, 7, 31))
    # A project's service ends with the project.
    assert detail.summary.valid_to == dt.date(2023, 7, 31)
    assert [c.code for c in detail.channels] == ["POINTTI-DESK"]
    assert detail.channels[0].street == "Valtakatu 11–13"


def test_statements_do_not_grow_with_the_number_of_services(ctx, all_codes):
    statements: list[str] = []

    def count(_conn, _cursor, statement, *_args):
        if not statement.startswith("BEGIN"):
            statements.append(statement)

    def run(read):
        statements.clear()
        event.listen(ctx.engine, "before_cursor_execute", count)
        try:
            with ctx.uow() as uow:
                read(uow.catalogue)
        finally:
            event.remove(ctx.engine, "before_cursor_execute", count)
        return len(statements)

    sheet = run(lambda c: c.service_details(SHEET))
    everything = run(lambda c: c.service_details(all_codes))
    assert sheet == everything == 6
    assert run(lambda c: c.service_summaries()) == run(lambda c: c.service_summaries(SHEET)) == 3
