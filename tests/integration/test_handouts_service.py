"""Handouts through the desk's use cases on a real database: PDFs of catalogue services in the
visitor's language, clear errors for unknown codes and languages, and the record on the visit."""

import io

import pytest
from pypdf import PdfReader

from desk_app.bootstrap import bootstrap
from desk_app.domain.errors import NotFoundError, ValidationError
from desk_app.domain.visit import VisitDraft


@pytest.fixture
def ctx(tmp_path):
    context = bootstrap(tmp_path / "data")
    yield context
    context.close()


def text_of(pdf: bytes) -> str:
    assert pdf.startswith(b"%PDF")
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


def test_a_referral_sheet_names_its_services_in_the_sheets_language(ctx):
    desk = ctx.desk
    codes = ["KELA-UNEMPLOYMENT-BENEFIT", "STARTTIRAHA"]
    finnish = text_of(desk.referral_sheet_pdf(codes, "fi", note="Soita maanantaina"))
    assert "Kelan työttömyysetuus" in finnish and "Starttiraha" in finnish
    assert "Soita maanantaina" in finnish
    swedish = text_of(desk.referral_sheet_pdf(codes, "sv"))
    assert "Soita maanantaina" not in swedish  # the note is printed, never kept
    assert swedish != finnish


def test_plain_finnish_is_accepted_by_either_name(ctx):
    assert text_of(ctx.desk.referral_sheet_pdf(["STARTTIRAHA"], "selko"))
    assert text_of(ctx.desk.referral_sheet_pdf(["STARTTIRAHA"], "fi-x-plain"))
    assert "selko" in ctx.desk.handout_languages()
    assert ctx.desk.handout_language_name("selko") == "Plain Finnish"


def test_unknown_codes_and_languages_are_named(ctx):
    with pytest.raises(NotFoundError, match="NO-SUCH, ALSO-NOT"):
        ctx.desk.referral_sheet_pdf(["STARTTIRAHA", "NO-SUCH", "ALSO-NOT"], "fi")
    with pytest.raises(ValidationError, match="klingon"):
        ctx.desk.referral_sheet_pdf(["STARTTIRAHA"], "klingon")
    with pytest.raises(NotFoundError, match="NOPE"):
        ctx.desk.leaflet_pdf("NOPE", "en")


def test_leaflet_and_booklet(ctx):
    leaflet = PdfReader(io.BytesIO(ctx.desk.leaflet_pdf("STARTTIRAHA", "en")))
    assert len(leaflet.pages) == 1
    booklet = text_of(ctx.desk.booklet_pdf("en"))
    for service in ctx.desk.active_services():
        assert service.name.text("en").split()[0] in booklet


def test_printed_sheets_are_recorded_on_the_visit_and_go_with_it(ctx):
    desk = ctx.desk
    codes = ("KELA-UNEMPLOYMENT-BENEFIT", "STARTTIRAHA")
    visit = desk.record_visit(VisitDraft(("JOB",), referral_codes=codes))
    desk.record_handouts(visit.id, codes, "uk")
    assert desk.handouts_of(visit.id) == [
        ("KELA-UNEMPLOYMENT-BENEFIT", "referral_sheet", "uk"),
        ("STARTTIRAHA", "referral_sheet", "uk"),
    ]
    with pytest.raises(NotFoundError):
        desk.record_handouts("no-such-visit", codes, "uk")
    desk.delete_visit(visit.id)
    assert desk.handouts_of(visit.id) == []
