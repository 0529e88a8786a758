"""Editing services, channels and opening hours through ``CatalogueAdmin`` on a real database:
every field survives a round trip, every refused form names its field and writes nothing, and the
card and handouts read what was saved (``DeskService.service``)."""

import dataclasses
import datetime as dt

import pytest
from sqlalchemy import select, text, update

from desk_app.db import models as m
from desk_app.db.base import Base
from desk_app.domain.catalogue import ExceptionalHours, RegularHours
from desk_app.domain.codes import ChannelKind, ServiceStatus
from desk_app.domain.errors import NotFoundError, ValidationError
from desk_app.domain.hours import StatusKind, opening_status
from desk_app.domain.texts import Texts
from desk_app.services.catalogue_admin import CatalogueAdmin
from desk_app.services.catalogue_forms import ChannelEdit, HoursEdit, ServiceEdit

T = dt.time
D = dt.date
HELSINKI_NOV = dt.timedelta(hours=2)  # Europe/Helsinki in November is UTC+2


class Clock:
    """A clock the test moves: starts a day after the catalogue was loaded (real now)."""

    def __init__(self) -> None:
        self.now = dt.datetime.now(dt.UTC).replace(microsecond=0) + dt.timedelta(days=1)

    def __call__(self) -> dt.datetime:
        return self.now

    def tick(self, **delta: float) -> None:
        self.now += dt.timedelta(**delta)


@pytest.fixture
def clock():
    return Clock()


@pytest.fixture
def admin(ctx, clock):
    return CatalogueAdmin(ctx.uow, clock)


def snapshot(ctx) -> dict[str, list]:
    """Every row of every table: to show that a refused save wrote nothing."""
    with ctx.engine.connect() as connection:
        return {
            name: sorted(map(tuple, connection.execute(select(table))), key=repr)
            for name, table in Base.metadata.tables.items()
        }


EVERY_TEXT = {
    "name": {"fi": "Uusi palvelu", "sv": "Ny tjänst", "en": "New service", "uk": "Нова послуга"},
    "summary": {"fi": "Lyhyesti", "fi-x-plain": "Selkeästi", "en": "In short"},
    "description": {"fi": "Kuvaus", "ar": "وصف"},
    "audience": {"fi": "Kaikille"},
    "how_to_apply": {"fi": "Tule käymään", "ru": "Приходите"},
    "what_to_bring": {"fi": "Henkilöllisyystodistus"},
    "keywords": {"fi": "avainsana, toinen"},
}


def new_service(**changes) -> ServiceEdit:
    edit = ServiceEdit(
        code="NEW-SERVICE",
        organisation_code="KEMI-CITY",
        programme_code="KORONASTA-KASVUUN",
        status=ServiceStatus.DRAFT,
        valid_from=D(2026, 1, 1),
        valid_to=D(2027, 6, 30),
        checked_on=D(2026, 11, 2),
        topic_codes=("START", "BUSDEV"),
        languages=("fi", "en", "uk"),
        texts=EVERY_TEXT,
    )
    return dataclasses.replace(edit, **changes)


# -- services ----------------------------------------------------------------------------------


def test_a_new_service_reads_back_with_every_field(admin, ctx):
    change = admin.save_service(new_service(code="new-service"), new=True)
    assert change.changed and change.service_codes == ("NEW-SERVICE",)
    loaded = admin.service("NEW-SERVICE")
    assert loaded.edit == new_service()
    assert loaded.source == "local" and not loaded.is_example
    assert loaded.channels == ()
    listed = {s.code: s for s in admin.services()}
    assert listed["NEW-SERVICE"].status is ServiceStatus.DRAFT  # drafts are listed for the admin
    detail = ctx.desk.service("NEW-SERVICE")
    assert detail.summary.name.text("uk") == "Нова послуга"
    assert detail.what_to_bring.text("fi") == "Henkilöllisyystodistus"
    assert detail.programme is not None and detail.programme.code == "KORONASTA-KASVUUN"


def test_an_existing_service_is_rewritten_field_by_field(admin, ctx, clock):
    before = admin.service("STARTTIRAHA")
    texts = {name: dict(values) for name, values in before.edit.texts.items()}
    texts["name"]["sv"] = "Startpeng för nya företagare"
    del texts["name"]["en"]
    texts["audience"] = {"fi": "Uusille yrittäjille"}
    edit = dataclasses.replace(
        before.edit,
        organisation_code="DIGIPOLIS",
        programme_code="KORONASTA-KASVUUN",
        status=ServiceStatus.RETIRED,
        valid_from=D(2025, 1, 1),
        valid_to=D(2025, 12, 31),
        checked_on=D(2026, 11, 20),
        topic_codes=("START",),
        languages=("fi",),
        texts=texts,
    )
    clock.tick(hours=1)
    assert admin.save_service(edit, new=False).changed
    after = admin.service("STARTTIRAHA")
    assert after.edit == edit
    assert after.updated_at == clock.now
    assert after.source == "example"  # provenance is kept
    assert [c.code for c in after.channels] == [c.code for c in before.channels]
    summary = ctx.desk.service("STARTTIRAHA").summary
    assert dict(summary.name) == {"fi": "Starttiraha", "sv": "Startpeng för nya företagare"}
    assert summary.status is ServiceStatus.RETIRED and summary.topic_codes == ("START",)


def test_saving_an_unchanged_form_changes_no_stamp(admin, clock):
    before = admin.service("STARTTIRAHA")
    clock.tick(hours=1)
    assert not admin.save_service(before.edit, new=False).changed
    assert admin.service("STARTTIRAHA") == before


def test_a_translation_is_stale_once_the_finnish_text_changes_after_it(admin, clock):
    loaded = admin.service("STARTTIRAHA")
    assert loaded.translations.stale(loaded.edit.texts, "name") == frozenset()
    texts = {name: dict(values) for name, values in loaded.edit.texts.items()}
    texts["name"]["fi"] = "Starttiraha yrittäjälle"
    clock.tick(minutes=5)
    admin.save_service(dataclasses.replace(loaded.edit, texts=texts), new=False)
    edited = admin.service("STARTTIRAHA")
    assert edited.translations.stale(edited.edit.texts, "name") == {"sv", "en"}
    assert edited.translations.stale(edited.edit.texts, "summary") == frozenset()
    texts["name"]["sv"] = "Startpeng för företagare"
    clock.tick(minutes=5)
    admin.save_service(dataclasses.replace(loaded.edit, texts=texts), new=False)
    fixed = admin.service("STARTTIRAHA")
    assert fixed.translations.stale(fixed.edit.texts, "name") == {"en"}
    assert fixed.translations.missing(fixed.edit.texts, "audience", ("fi", "sv", "uk")) == {"uk"}


def test_an_edited_ptv_row_keeps_its_source(admin, ctx):
    with ctx.engine.begin() as connection:
        connection.execute(
            update(m.Service).where(m.Service.code == "DEBT-ADVICE").values(source="ptv")
        )
    loaded = admin.service("DEBT-ADVICE")
    admin.save_service(dataclasses.replace(loaded.edit, status=ServiceStatus.DRAFT), new=False)
    assert admin.service("DEBT-ADVICE").source == "ptv"


REFUSED = [
    (dict(code="STARTTIRAHA"), "code"),
    (dict(code="no spaces"), "code"),
    (dict(code=""), "code"),
    (dict(organisation_code="NOBODY"), "organisation"),
    (dict(programme_code="NO-SUCH"), "programme"),
    (dict(valid_from=D(2026, 5, 2), valid_to=D(2026, 5, 1)), "valid_to"),
    (dict(checked_on=D(2099, 1, 1)), "checked_on"),
    (dict(topic_codes=()), "topics"),
    (dict(topic_codes=("JOB", "NO-SUCH")), "topics"),
    (dict(languages=("fi", "xx")), "languages"),
    (dict(texts={**EVERY_TEXT, "name": {"fi": " ", "sv": "Namn"}}), "name.fi"),
    (dict(texts={k: v for k, v in EVERY_TEXT.items() if k != "summary"}), "summary.fi"),
    (dict(texts={**EVERY_TEXT, "audience": {"en": "Everyone"}}), "audience.fi"),
    (dict(texts={**EVERY_TEXT, "audience": {"fi": "x", "xx": "y"}}), "audience.xx"),
    (dict(texts={**EVERY_TEXT, "colour": {"fi": "sininen"}}), "colour"),
]


@pytest.mark.parametrize(("changes", "field"), REFUSED, ids=[f for _, f in REFUSED])
def test_a_refused_new_service_names_its_field_and_writes_nothing(admin, ctx, changes, field):
    before = snapshot(ctx)
    with pytest.raises(ValidationError) as error:
        admin.save_service(new_service(**changes), new=True)
    assert error.value.field == field
    assert str(error.value)
    assert snapshot(ctx) == before


def test_a_refused_edit_of_a_stored_service_writes_nothing(admin, ctx):
    loaded = admin.service("STARTTIRAHA")
    texts = {**loaded.edit.texts, "name": {"fi": "Muutettu", "sv": "Ändrad"}}
    before = snapshot(ctx)
    with pytest.raises(ValidationError) as error:
        admin.save_service(
            dataclasses.replace(
                loaded.edit, texts=texts, valid_from=D(2026, 3, 1), valid_to=D(2026, 2, 1)
            ),
            new=False,
        )
    assert error.value.field == "valid_to"
    assert snapshot(ctx) == before


def test_a_code_cannot_change_once_created(admin):
    loaded = admin.service("STARTTIRAHA")
    with pytest.raises(NotFoundError):
        admin.save_service(dataclasses.replace(loaded.edit, code="STARTTIRAHA-2"), new=False)
    with pytest.raises(ValidationError) as error:
        admin.save_service(dataclasses.replace(loaded.edit), new=True)
    assert error.value.field == "code"


def test_mark_checked_today_uses_the_desks_day(ctx, clock):
    clock.now = dt.datetime(2026, 11, 27, 22, 30, tzinfo=dt.UTC)  # already the 28th in Kemi
    admin = CatalogueAdmin(ctx.uow, clock)
    assert admin.mark_checked_today("KELA-HOUSING-ALLOWANCE") == D(2026, 11, 28)
    assert ctx.desk.service("KELA-HOUSING-ALLOWANCE").checked_on == D(2026, 11, 28)
    assert admin.service("KELA-HOUSING-ALLOWANCE").updated_at == clock.now
    with pytest.raises(NotFoundError):
        admin.mark_checked_today("NO-SUCH")


# -- channels ----------------------------------------------------------------------------------


def room_at_pointti(**changes) -> ChannelEdit:
    edit = ChannelEdit(
        code="NEW-ROOM",
        kind=ChannelKind.LOCATION,
        organisation_code="KEMI-CITY",
        texts={
            "name": {"fi": "Neuvontahuone", "sv": "Rådgivningsrum", "en": "Advice room"},
            "description": {"fi": "Pointin takahuone"},
            "directions": {"fi": "Sisäänkäynti pihan puolelta", "en": "Entrance from the yard"},
            "accessibility": {"fi": "Esteetön"},
        },
        street="Valtakatu 11–13",
        postal_code="94100",
        post_office="Kemi",
        room="Huone 2, 1. krs",
        phone="016 259 111",
        email="pointti@kemi.fi",
        url="https://www.kemi.fi/pointti",
        appointment_only=True,
    )
    return dataclasses.replace(edit, **changes)


def test_a_new_channel_of_a_service_reaches_the_card(admin, ctx):
    change = admin.save_channel(room_at_pointti(), new=True, link_to="STARTTIRAHA")
    assert change.changed and change.service_codes == ("STARTTIRAHA",)
    loaded = admin.channel("NEW-ROOM")
    assert loaded.edit == room_at_pointti()
    assert loaded.service_codes == ("STARTTIRAHA",)
    shown = ctx.desk.service("STARTTIRAHA").channels[-1]
    assert shown.code == "NEW-ROOM"
    assert shown.address_line == "Valtakatu 11–13, 94100 Kemi"
    assert (shown.room, shown.phone, shown.email) == (
        "Huone 2, 1. krs",
        "016 259 111",
        "pointti@kemi.fi",
    )
    assert shown.directions.text("en") == "Entrance from the yard"
    assert shown.appointment_only


def test_a_channel_edit_reaches_every_service_that_uses_it(admin, ctx, clock):
    loaded = admin.channel("TYO-MERILAPPI-PHONE")
    clock.tick(hours=1)
    change = admin.save_channel(dataclasses.replace(loaded.edit, phone="+358 16 432 12"), new=False)
    assert set(change.service_codes) >= {"STARTTIRAHA", "EMPLOYER-SERVICES"}
    for code in change.service_codes:
        phones = [
            c.phone for c in ctx.desk.service(code).channels if c.code == "TYO-MERILAPPI-PHONE"
        ]
        assert phones == ["+358 16 432 12"]
    assert admin.channel("TYO-MERILAPPI-PHONE").updated_at == clock.now


def test_a_channel_without_a_street_loses_its_address(admin, ctx):
    admin.save_channel(room_at_pointti(), new=True)
    admin.save_channel(
        room_at_pointti(kind=ChannelKind.PHONE, street="", postal_code="", post_office=""),
        new=False,
    )
    loaded = admin.channel("NEW-ROOM")
    assert (loaded.edit.street, loaded.edit.postal_code) == ("", "")
    with ctx.engine.connect() as connection:
        orphans = connection.execute(
            text(
                "SELECT count(*) FROM address WHERE id NOT IN (SELECT address_id FROM channel "
                "WHERE address_id IS NOT NULL)"
            )
        ).scalar()
    assert orphans == 0


CHANNEL_REFUSED = [
    (dict(code="POINTTI-DESK"), "code"),
    (dict(organisation_code="NOBODY"), "organisation"),
    (dict(texts={"name": {"sv": "Rum"}}), "name.fi"),
    (dict(street=""), "street"),
    (dict(postal_code="941"), "postal_code"),
    (dict(phone="259 111"), "phone"),
    (dict(kind=ChannelKind.PHONE, phone=""), "phone"),
    (dict(email="pointti at kemi"), "email"),
    (dict(url="www.kemi.fi"), "url"),
    (dict(kind=ChannelKind.WEBPAGE, url=""), "url"),
    (dict(room="x" * 201), "room"),
]


@pytest.mark.parametrize(("changes", "field"), CHANNEL_REFUSED, ids=[f for _, f in CHANNEL_REFUSED])
def test_a_refused_channel_names_its_field_and_writes_nothing(admin, ctx, changes, field):
    before = snapshot(ctx)
    with pytest.raises(ValidationError) as error:
        admin.save_channel(room_at_pointti(**changes), new=True, link_to="STARTTIRAHA")
    assert error.value.field == field
    assert snapshot(ctx) == before


def test_channels_are_linked_unlinked_and_reordered(admin, ctx):
    order = lambda: [c.code for c in ctx.desk.service("STARTTIRAHA").channels]  # noqa: E731
    first = order()
    admin.move_channel("STARTTIRAHA", first[-1], -1)
    assert order() == [*first[:-2], first[-1], first[-2]]
    admin.unlink_channel("STARTTIRAHA", first[0])
    assert first[0] not in order()
    assert admin.channel(first[0]).edit.code == first[0]  # the channel itself stays
    admin.link_channel("STARTTIRAHA", first[0])
    assert order()[-1] == first[0]
    assert not admin.link_channel("STARTTIRAHA", first[0]).changed
    with pytest.raises(ValidationError) as error:
        admin.set_service_channels("STARTTIRAHA", ["NO-SUCH"])
    assert error.value.field == "channels"


# -- opening hours -----------------------------------------------------------------------------

WEEK = (
    RegularHours(0, T(9), T(16)),
    RegularHours(4, T(22), T(2)),
)
CLOSED_DAY = ExceptionalHours(
    D(2026, 12, 24), D(2026, 12, 26), True, None, None, Texts({"fi": "Joulu", "en": "Christmas"})
)
SHORT_DAY = ExceptionalHours(D(2026, 12, 31), D(2026, 12, 31), False, T(9), T(12), Texts())


def test_hours_over_midnight_and_a_closed_day_reach_the_card(admin, ctx):
    change = admin.save_hours(
        "POINTTI-DESK", HoursEdit(WEEK, (CLOSED_DAY, SHORT_DAY), appointment_only=True)
    )
    assert change.changed and "POINTTI-GUIDANCE" in change.service_codes
    desk = next(
        c for c in ctx.desk.service("POINTTI-GUIDANCE").channels if c.code == "POINTTI-DESK"
    )
    assert desk.hours == WEEK
    assert desk.exceptions == (CLOSED_DAY, SHORT_DAY)
    assert desk.appointment_only
    saturday_night = dt.datetime(2026, 12, 5, 1, 30)  # Friday 22–02 runs into Saturday
    assert opening_status(desk, saturday_night).kind is StatusKind.OPEN
    christmas_monday = dt.datetime(2026, 12, 21, 10)
    assert opening_status(desk, christmas_monday).kind is StatusKind.OPEN
    assert opening_status(desk, dt.datetime(2026, 12, 24, 10)).kind is StatusKind.CLOSED
    at = dt.datetime(2026, 12, 5, 1, 30, tzinfo=dt.UTC) - HELSINKI_NOV
    assert "POINTTI-GUIDANCE" in ctx.desk.open_now(at=at)
    assert admin.channel("POINTTI-DESK").hours == HoursEdit(WEEK, (CLOSED_DAY, SHORT_DAY), True)


def test_the_same_hours_again_change_nothing(admin, clock):
    admin.save_hours("POINTTI-DESK", HoursEdit(WEEK, (CLOSED_DAY,)))
    stamp = admin.channel("POINTTI-DESK").updated_at
    clock.tick(hours=1)
    assert not admin.save_hours("POINTTI-DESK", HoursEdit(WEEK[::-1], (CLOSED_DAY,))).changed
    assert admin.channel("POINTTI-DESK").updated_at == stamp


HOURS_REFUSED = [
    (HoursEdit((RegularHours(0, T(9), T(12)), RegularHours(0, T(11), T(13)))), "hours[1]"),
    (HoursEdit((RegularHours(4, T(22), T(2)), RegularHours(5, T(1), T(3)))), "hours[1]"),
    (HoursEdit((RegularHours(0, T(9), T(9)),)), "hours[0].closes"),
    (HoursEdit((RegularHours(7, T(9), T(10)),)), "hours[0].weekday"),
    (
        HoursEdit(
            (), (ExceptionalHours(D(2026, 12, 2), D(2026, 12, 1), True, None, None, Texts()),)
        ),
        "exceptions[0].date_to",
    ),
    (
        HoursEdit(
            (), (ExceptionalHours(D(2026, 12, 1), D(2026, 12, 1), False, None, T(9), Texts()),)
        ),
        "exceptions[0].opens",
    ),
    (
        HoursEdit(
            (), (ExceptionalHours(D(2026, 12, 1), D(2026, 12, 1), False, T(9), T(9), Texts()),)
        ),
        "exceptions[0].closes",
    ),
    (
        HoursEdit((), (dataclasses.replace(CLOSED_DAY, note=Texts({"en": "Shut"})),)),
        "exceptions[0].note.fi",
    ),
]


@pytest.mark.parametrize(("hours", "field"), HOURS_REFUSED, ids=[f for _, f in HOURS_REFUSED])
def test_refused_hours_name_their_row_and_write_nothing(admin, ctx, hours, field):
    before = snapshot(ctx)
    with pytest.raises(ValidationError) as error:
        admin.save_hours("POINTTI-DESK", hours)
    assert error.value.field == field
    with pytest.raises(ValidationError):
        admin.save_channel(room_at_pointti(), new=True, hours=hours, link_to="STARTTIRAHA")
    assert snapshot(ctx) == before


def test_a_new_channel_with_its_hours_is_one_save(admin, ctx):
    admin.save_channel(
        room_at_pointti(), new=True, hours=HoursEdit(WEEK, (CLOSED_DAY,)), link_to="STARTTIRAHA"
    )
    shown = ctx.desk.service("STARTTIRAHA").channels[-1]
    assert (shown.code, shown.hours, shown.exceptions) == ("NEW-ROOM", WEEK, (CLOSED_DAY,))


def test_a_suggested_channel_code_is_free(admin):
    assert admin.suggest_channel_code("kela", ChannelKind.PRINTABLE_FORM) == "KELA-PRINTABLE-FORM"
    admin.save_channel(room_at_pointti(code="STARTTIRAHA-LOCATION"), new=True)
    assert (
        admin.suggest_channel_code("STARTTIRAHA", ChannelKind.LOCATION) == "STARTTIRAHA-LOCATION-2"
    )


def test_the_choices_include_ended_programmes_and_every_organisation(admin):
    choices = admin.choices()
    assert "KORONASTA-KASVUUN" in {p.code for p in choices.programmes}
    assert {"KEMI-CITY", "KELA"} <= {o.code for o in choices.organisations}
    assert "JOB" in {t.code for t in choices.topics}
