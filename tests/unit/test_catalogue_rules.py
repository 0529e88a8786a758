"""The catalogue admin's validation rules: codes, addresses, numbers, dates, hours and texts."""

import datetime as dt
import itertools

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from desk_app.domain.catalogue import ExceptionalHours, RegularHours
from desk_app.domain.catalogue_rules import (
    check_channel_needs,
    check_code,
    check_date_range,
    check_email,
    check_exceptional_hours,
    check_finnish_text_required,
    check_phone,
    check_postal_code,
    check_texts,
    check_time_range,
    check_url,
    check_weekly_hours,
    code_problem,
    format_date,
    format_time,
    missing_translations,
    overlapping_periods,
    parse_date,
    parse_time,
    phone_e164,
    phone_problem,
    stale_translations,
    url_problem,
)
from desk_app.domain.codes import ChannelKind
from desk_app.domain.errors import ValidationError
from desk_app.domain.hours import day_hours
from desk_app.domain.texts import Texts

T = dt.time
MON, TUE, FRI, SUN = 0, 1, 4, 6


# -- codes -------------------------------------------------------------------------------------


def test_a_code_is_stored_upper_case():
    assert check_code(" kela-x ") == "KELA-X"


@pytest.mark.parametrize("bad", ["", "  ", "-START", "WITH SPACE", "ÄÖ", "A" * 41, "a_b"])
def test_a_malformed_code_is_refused_on_the_code_field(bad):
    with pytest.raises(ValidationError) as error:
        check_code(bad)
    assert error.value.field == "code"


def test_a_taken_code_is_refused_whatever_its_case():
    with pytest.raises(ValidationError, match="KELA") as error:
        check_code("kela", taken_codes={"Kela", "OTHER"}, field="service_code")
    assert error.value.field == "service_code"
    assert code_problem("NEW", {"KELA"}) is None


@given(st.from_regex(r"[A-Z0-9][A-Z0-9-]{0,39}", fullmatch=True))
def test_every_well_formed_code_passes_and_is_then_taken(code):
    assert check_code(code.lower()) == code
    assert code_problem(code, {code}) is not None


# -- web, email, postal code -------------------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    ["https://www.kemi.fi/", "http://kela.fi", "https://tyomarkkinatori.fi/henkiloasiakkaat?x=1#a"],
)
def test_whole_web_addresses_pass(url):
    assert check_url(f"  {url} ") == url


@pytest.mark.parametrize(
    "url",
    ["www.kemi.fi", "kemi", "ftp://kemi.fi", "https://", "https://kemi", "https://ke mi.fi",
     "https://kemi.fi:99999/", "javascript:alert(1)"],
)  # fmt: skip
def test_partial_or_odd_web_addresses_are_refused(url):
    assert url_problem(url) is not None
    with pytest.raises(ValidationError) as error:
        check_url(url, field="channel_url")
    assert error.value.field == "channel_url"


def test_an_empty_optional_value_is_stored_as_none():
    assert check_url("  ") is None
    assert check_email("") is None
    assert check_phone(None) is None
    assert check_postal_code(" ") is None


@pytest.mark.parametrize("email", ["pointti@kemi.fi", "first.last+desk@lapinha.fi"])
def test_plain_email_addresses_pass(email):
    assert check_email(email) == email


@pytest.mark.parametrize("email", ["pointti", "pointti@kemi", "@kemi.fi", "a b@kemi.fi", "a@b..fi"])
def test_broken_email_addresses_are_refused_on_the_email_field(email):
    with pytest.raises(ValidationError) as error:
        check_email(email)
    assert error.value.field == "email"


def test_a_postal_code_has_five_digits():
    assert check_postal_code("94100") == "94100"
    with pytest.raises(ValidationError) as error:
        check_postal_code("9410")
    assert error.value.field == "postal_code"


# -- phone numbers -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "stored", "international"),
    [
        ("016 259 111", "016 259 111", "+35816259111"),
        ("040  123 4567 ", "040 123 4567", "+358401234567"),
        ("(016) 259-111", "(016) 259-111", "+35816259111"),
        ("020 692 202", "020 692 202", "+35820692202"),
        ("+358 16 259 111", "+358 16 259 111", "+35816259111"),
        ("+46 8 123 456 78", "+46 8 123 456 78", "+46812345678"),
    ],
)
def test_finnish_and_international_numbers_are_kept_as_typed(typed, stored, international):
    assert check_phone(typed) == stored
    assert phone_e164(stored) == international


@pytest.mark.parametrize(
    "bad",
    ["16 259 111", "12345", "040 12", "+358 040 123 4567", "+0 123 4567", "016 259 111 ext 2",
     "00358 40 123 4567", "+358 40+1", "0" + "1" * 20],
)  # fmt: skip
def test_other_numbers_are_refused_on_the_phone_field(bad):
    assert phone_problem(bad) is not None
    with pytest.raises(ValidationError) as error:
        check_phone(bad)
    assert error.value.field == "phone"


def test_a_zero_after_358_gets_its_own_hint():
    assert "0" in (phone_problem("+358 (0)40 123 4567") or "")


@given(
    area=st.sampled_from(["16", "40", "50", "44", "9", "20"]),
    rest=st.from_regex(r"[0-9]{5,7}", fullmatch=True),
)
def test_national_and_international_forms_of_one_number_agree(area, rest):
    national, international = f"0{area} {rest}", f"+358 {area} {rest}"
    assert phone_problem(national) is None
    assert phone_problem(international) is None
    assert phone_e164(national) == phone_e164(international)


# -- dates and times ---------------------------------------------------------------------------


def test_a_range_may_be_one_day_or_open_but_not_backwards():
    day = dt.date(2026, 3, 2)
    check_date_range(day, day)
    check_date_range(None, day)
    check_date_range(day, None)
    with pytest.raises(ValidationError) as error:
        check_date_range(day, day - dt.timedelta(days=1))
    assert error.value.field == "valid_to"


@given(st.dates(), st.dates())
def test_a_date_range_is_refused_exactly_when_it_runs_backwards(start, end):
    if end < start:
        with pytest.raises(ValidationError):
            check_date_range(start, end)
    else:
        check_date_range(start, end)


def test_a_period_over_midnight_is_allowed_and_marked():
    assert check_time_range(T(9), T(16)) is False
    assert check_time_range(T(22), T(2)) is True
    assert check_time_range(T(0), T(0)) is True  # 00–24: the whole day


def test_equal_times_are_no_period():
    with pytest.raises(ValidationError) as error:
        check_time_range(T(9), T(9), field="hours[0].closes")
    assert error.value.field == "hours[0].closes"


@pytest.mark.parametrize(
    ("typed", "time"),
    [("9", T(9)), ("09:30", T(9, 30)), ("9.30", T(9, 30)), (" 16 ", T(16)), ("24", T(0)),
     ("24:00", T(0)), ("0", T(0))],
)  # fmt: skip
def test_times_are_read_as_staff_type_them(typed, time):
    assert parse_time(typed) == time


@pytest.mark.parametrize("bad", ["", "25", "9:60", "24:30", "nine", "9-16", "9:5"])
def test_non_times_are_refused(bad):
    with pytest.raises(ValueError):
        parse_time(bad)


@given(st.times().map(lambda t: t.replace(second=0, microsecond=0)))
def test_a_shown_time_reads_back(time):
    assert parse_time(format_time(time)) == time


@given(st.dates(min_value=dt.date(1000, 1, 1)))
def test_a_shown_date_reads_back(day):
    assert parse_date(format_date(day)) == day
    assert parse_date(day.isoformat()) == day


def test_dates_in_finnish_or_iso_form_and_empty():
    assert parse_date("1.2.2026") == dt.date(2026, 2, 1)
    assert parse_date("2026-02-01") == dt.date(2026, 2, 1)
    assert parse_date("  ") is None
    for bad in ("31.2.2026", "1/2/2026", "2026-2-1", "tomorrow"):
        with pytest.raises(ValueError):
            parse_date(bad)


# -- weekly hours ------------------------------------------------------------------------------


def test_periods_that_only_touch_do_not_overlap():
    hours = [RegularHours(MON, T(9), T(12)), RegularHours(MON, T(12), T(16))]
    assert overlapping_periods(hours) == []
    check_weekly_hours(hours)


def test_overlapping_periods_are_found_and_the_later_row_is_named():
    hours = [
        RegularHours(MON, T(9), T(12)),
        RegularHours(TUE, T(9), T(12)),
        RegularHours(MON, T(11), T(13)),
    ]
    assert overlapping_periods(hours) == [(0, 2)]
    with pytest.raises(ValidationError, match="1") as error:
        check_weekly_hours(hours)
    assert error.value.field == "hours[2]"


def test_a_period_over_midnight_overlaps_the_next_mornings_hours():
    friday_night = RegularHours(FRI, T(22), T(2))
    assert overlapping_periods([friday_night, RegularHours(FRI + 1, T(1), T(5))]) == [(0, 1)]
    assert overlapping_periods([friday_night, RegularHours(FRI + 1, T(2), T(5))]) == []


def test_sundays_night_runs_into_monday():
    assert overlapping_periods([RegularHours(SUN, T(23), T(3)), RegularHours(MON, T(2), T(4))])


def test_a_period_of_equal_times_names_its_closing_time():
    with pytest.raises(ValidationError) as error:
        check_weekly_hours([RegularHours(MON, T(9), T(16)), RegularHours(TUE, T(8), T(8))])
    assert error.value.field == "hours[1].closes"


def test_a_weekday_out_of_the_week_is_refused():
    with pytest.raises(ValidationError) as error:
        check_weekly_hours([RegularHours(7, T(9), T(10))])
    assert error.value.field == "hours[0].weekday"


DAY = dt.date(2026, 12, 24)


def test_a_closed_exceptional_day_keeps_no_times_and_an_open_one_needs_them():
    closed = ExceptionalHours(DAY, DAY, True, T(9), T(12), Texts({"fi": " Joulu "}))
    (checked,) = check_exceptional_hours([closed])
    assert (checked.opens, checked.closes, dict(checked.note)) == (None, None, {"fi": "Joulu"})
    for opens, closes, field in [(None, T(12), "opens"), (T(9), None, "closes")]:
        with pytest.raises(ValidationError) as error:
            check_exceptional_hours([ExceptionalHours(DAY, DAY, False, opens, closes, Texts())])
        assert error.value.field == f"exceptions[0].{field}"


@pytest.mark.parametrize(
    ("entry", "field"),
    [
        (ExceptionalHours(DAY, DAY - dt.timedelta(days=1), True, None, None, Texts()), "date_to"),
        (ExceptionalHours(DAY, DAY, False, T(9), T(9), Texts()), "closes"),
        (ExceptionalHours(DAY, DAY, True, None, None, Texts({"sv": "Jul"})), "note.fi"),
    ],
)
def test_a_refused_exceptional_day_names_its_row_and_column(entry, field):
    ok = ExceptionalHours(DAY, DAY, True, None, None, Texts())
    with pytest.raises(ValidationError) as error:
        check_exceptional_hours([ok, entry])
    assert error.value.field == f"exceptions[1].{field}"


def test_exceptional_days_may_overlap_and_run_over_midnight():
    long_break = ExceptionalHours(DAY, DAY + dt.timedelta(days=10), False, T(10), T(12), Texts())
    night = ExceptionalHours(DAY, DAY, False, T(22), T(2), Texts())
    assert len(check_exceptional_hours([long_break, night])) == 2


@pytest.mark.parametrize(
    ("kind", "missing"),
    [
        (ChannelKind.LOCATION, "street"),
        (ChannelKind.PHONE, "phone"),
        (ChannelKind.ESERVICE, "url"),
        (ChannelKind.WEBPAGE, "url"),
        (ChannelKind.PRINTABLE_FORM, "url"),
    ],
)
def test_each_kind_of_channel_needs_its_own_detail(kind, missing):
    given = {"street": "Valtakatu 11", "phone": "016 259 111", "url": "https://kemi.fi"}
    check_channel_needs(kind, **given)
    with pytest.raises(ValidationError) as error:
        check_channel_needs(kind, **{**given, missing: None})
    assert error.value.field == missing


PERIODS = st.builds(
    RegularHours,
    weekday=st.integers(0, 6),
    opens=st.integers(0, 47).map(lambda h: T(h // 2, 30 * (h % 2))),
    closes=st.integers(0, 47).map(lambda h: T(h // 2, 30 * (h % 2))),
).filter(lambda p: p.opens != p.closes)


def _minutes_open(hours, day):
    """The (day offset, minute) moments the opening-hours reader sees as open, over two weeks."""
    moments = set()
    for offset in range(14):
        for period in day_hours(hours, [], day + dt.timedelta(days=offset)).periods:
            minute = period.start
            while minute < period.end:
                delta = minute - dt.datetime.combine(day, T(0))
                moments.add(int(delta.total_seconds() // 60) % (7 * 24 * 60))
                minute += dt.timedelta(minutes=30)
    return moments


@settings(max_examples=60, deadline=None)
@given(st.lists(PERIODS, min_size=2, max_size=3))
def test_overlap_agrees_with_the_opening_hours_reader(hours):
    """Two periods overlap exactly when the hours reader sees them open at a common moment."""
    monday = dt.date(2026, 3, 2)
    for i, j in itertools.combinations(range(len(hours)), 2):
        common = _minutes_open([hours[i]], monday) & _minutes_open([hours[j]], monday)
        assert ((i, j) in overlapping_periods(hours)) == bool(common), (hours[i], hours[j])


# -- translatable texts ------------------------------------------------------------------------


def test_a_required_text_needs_finnish_and_names_the_cell():
    with pytest.raises(ValidationError) as error:
        check_finnish_text_required({"fi": "  ", "sv": "Namn"}, "name")
    assert error.value.field == "name.fi"
    assert dict(check_finnish_text_required({"fi": " Nimi ", "sv": ""}, "name")) == {"fi": "Nimi"}


def test_an_optional_text_may_be_empty_but_not_a_translation_alone():
    assert not check_texts({"fi": "", "sv": ""}, "audience")
    with pytest.raises(ValidationError) as error:
        check_texts({"en": "For everyone"}, "audience")
    assert error.value.field == "audience.fi"


def test_unknown_languages_and_overlong_texts_are_refused_on_their_cell():
    with pytest.raises(ValidationError) as error:
        check_texts({"fi": "x", "xx": "y"}, "summary")
    assert error.value.field == "summary.xx"
    with pytest.raises(ValidationError) as error:
        check_texts({"fi": "x", "sv": "y" * 5001}, "summary")
    assert error.value.field == "summary.sv"


def test_missing_and_stale_translations():
    early, late = dt.datetime(2026, 1, 1, tzinfo=dt.UTC), dt.datetime(2026, 2, 1, tzinfo=dt.UTC)
    texts = {"fi": "Uusi", "sv": "Gammal", "en": "New"}
    updated = {"fi": late, "sv": early, "en": late}
    assert stale_translations(updated, texts) == {"sv"}
    assert missing_translations(texts, ("fi", "sv", "en", "uk")) == {"uk"}
    assert missing_translations({"fi": ""}, ("sv",)) == frozenset()
    assert stale_translations({"sv": early}, {"sv": "x"}) == frozenset()
