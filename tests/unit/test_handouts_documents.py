"""The printed handouts as a visitor gets them: text in every language, pages, QR code, metadata.

Documents are built from the example catalogue (``desk_app.handouts.examples``) or from services
made here, and read back with pypdf (text, metadata) and pypdfium2 + zxing-cpp (the QR code).
"""

import datetime as dt
import io
import re
from dataclasses import replace

import pytest
from pypdf import PdfReader

from desk_app.domain.catalogue import Channel
from desk_app.domain.codes import ChannelKind
from desk_app.domain.texts import Texts
from desk_app.handouts.documents import (
    HANDOUT_LANGUAGES,
    SheetHeader,
    UnknownLanguageError,
    catalogue_booklet,
    referral_sheet,
    service_leaflet,
)
from desk_app.handouts.examples import example_details, example_sections

NOW = dt.datetime(2026, 12, 22, 8, 30, tzinfo=dt.UTC)  # Tuesday 10.30 in Kemi, before Christmas
HEADER = SheetHeader(
    name="Pointti",
    address="Valtakatu 11–13, 94100 Kemi",
    phone="+358 16 259 111",
    hours="ma–pe 9–15",
)
THREE = ("POINTTI-GUIDANCE", "KELA-HOUSING-ALLOWANCE", "STARTTIRAHA")
ARABIC = re.compile("[\u0600-\u06ff\ufb50-\ufdff\ufe70-\ufeff]")
CYRILLIC = re.compile("[\u0400-\u04ff]")


@pytest.fixture(scope="module")
def details():
    return example_details()


def pages_text(pdf: bytes) -> list[str]:
    """Each page's text with runs of white space as one space (lines wrap anywhere)."""
    return [" ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(pdf)).pages]


def sheet(details, lang, codes=THREE, note=""):
    return referral_sheet([details[c] for c in codes], lang=lang, now=NOW, header=HEADER, note=note)


EXPECTED = {
    "fi": ["Palvelut sinulle", "Näin haet", "Ota mukaan", "Pointin neuvonta", "suljettu: Joulu"],
    "selko": ["Sinun palvelusi", "Miten haet", "kiinni: Joulu", "Pointin neuvonta"],
    "sv": ["Tjänster för dig", "Så här ansöker du", "Rådgivning och servicehandledning i Pointti"],
    "en": ["Services for you", "How to apply", "Pointti advice and service guidance", "Christmas"],
    "uk": ["Послуги для вас", "Як звернутися", "(англійською)", "груд."],
    "ru": ["Услуги для вас", "Как обратиться", "(на английском)", "дек."],
    "ar": ["Pointti advice and service guidance", "+358 16 259 111"],
}


@pytest.mark.parametrize("lang", HANDOUT_LANGUAGES)
def test_a_referral_sheet_of_three_services_is_one_page_in_the_sheet_language(details, lang):
    (text,) = pages_text(sheet(details, lang))
    for expected in EXPECTED[lang]:
        assert expected in text, (lang, expected)
    assert "Pointti" in text and "22" in text  # the desk's header and the date
    assert "1/1" in text
    assert ".." not in text  # "2026 р." ends a sentence without a second full stop
    if lang in ("uk", "ru"):
        assert len(CYRILLIC.findall(text)) > 50
    if lang == "ar":
        assert len(ARABIC.findall(text)) > 50
    if lang == "fi":
        assert "ä" in text and "ö" in text
    if lang == "sv":
        assert "å" in text and "ö" in text


def test_the_next_step_note_is_printed_only_when_given(details):
    two = THREE[:2]
    (with_note,) = pages_text(sheet(details, "en", two, note="Call Kela before Friday."))
    (without,) = pages_text(sheet(details, "en", two))
    assert "Your next step" in with_note and "Call Kela before Friday." in with_note
    assert "Your next step" not in without


def test_ten_services_paginate_with_the_header_and_page_numbers_on_every_page(details):
    codes = list(details)[:10]
    texts = pages_text(sheet(details, "fi", codes))
    assert len(texts) > 1
    for number, text in enumerate(texts, start=1):
        assert "Valtakatu 11–13, 94100 Kemi" in text
        assert f"Sivu {number}/{len(texts)}" in text
        assert "ei ole henkilötietoja" in text
    everything = "\n".join(texts)
    for code in codes:
        assert details[code].summary.name.text("fi") in everything


def _bare_service(code="BARE", **changes):
    base = example_details()["POINTTI-GUIDANCE"]
    bare = replace(
        base,
        how_to_apply=Texts(),
        what_to_bring=Texts(),
        channels=(),
        summary=replace(base.summary, code=code, languages=()),
    )
    return replace(bare, **changes)


def test_missing_fields_leave_no_empty_headings():
    (text,) = pages_text(referral_sheet([_bare_service()], lang="en", now=NOW, header=HEADER))
    for heading in (
        "How to apply",
        "What to bring",
        "Where",
        "Opening hours",
        "Contact",
        "Languages",
    ):
        assert heading not in text
    assert "Pointti advice and service guidance" in text


def test_the_qr_code_holds_the_web_address():
    pdfium = pytest.importorskip("pypdfium2", reason="pypdfium2 renders the page for the decoder")
    zxingcpp = pytest.importorskip("zxingcpp", reason="zxing-cpp decodes the QR code")
    web = Channel(
        code="WEB",
        kind=ChannelKind.WEBPAGE,
        name=Texts({"fi": "Verkkosivu"}),
        description=Texts(),
        url="https://example.org/pointti/palvelu",
    )
    service = _bare_service(channels=(web,))
    pdf = referral_sheet([service], lang="fi", now=NOW, header=HEADER)
    page = pdfium.PdfDocument(pdf)[0]
    image = page.render(scale=200 / 72).to_pil()
    found = [result.text for result in zxingcpp.read_barcodes(image)]
    assert found == ["https://example.org/pointti/palvelu"]


def test_a_text_missing_in_the_sheet_language_is_marked_with_its_language():
    service = _bare_service()
    service = replace(
        service, summary=replace(service.summary, name=Texts({"fi": "Vain suomeksi"}))
    )
    (text,) = pages_text(referral_sheet([service], lang="sv", now=NOW, header=HEADER))
    assert "Vain suomeksi (på finska)" in text
    # Swedish exists for the summary: no mark there
    assert "Lågtröskelrådgivning" in text and "(på engelska)" not in text


def test_plain_finnish_falls_back_to_finnish_then_english():
    service = _bare_service()
    names = Texts({"fi-x-plain": "Selkonimi", "fi": "Suominimi", "en": "English name"})
    summaries = Texts({"en": "Only English"})
    service = replace(service, summary=replace(service.summary, name=names, summary=summaries))
    (text,) = pages_text(referral_sheet([service], lang="selko", now=NOW, header=HEADER))
    assert "Selkonimi" in text and "Suominimi" not in text
    assert "Only English (englanniksi)" in text


@pytest.mark.parametrize(("lang", "pdf_lang"), [("fi", "fi"), ("selko", "fi"), ("ar", "ar")])
def test_the_pdf_says_its_title_author_and_language(details, lang, pdf_lang):
    reader = PdfReader(io.BytesIO(sheet(details, lang, THREE[:1])))
    assert reader.metadata.author == "Pointti"
    assert "Pointti" in reader.metadata.title
    assert reader.trailer["/Root"]["/Lang"] == pdf_lang


def test_only_the_bundled_fonts_are_used(details):
    reader = PdfReader(io.BytesIO(sheet(details, "ar")))
    fonts = set()
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            fonts.add(str(font.get_object()["/BaseFont"]).split("+")[-1])
    assert fonts <= {"DejaVuSans", "DejaVuSans-Bold"}


def test_an_unknown_language_is_refused_by_name(details):
    with pytest.raises(UnknownLanguageError, match="'de'"):
        sheet(details, "de")
    with pytest.raises(ValueError, match="'xx'"):
        service_leaflet(details["STARTTIRAHA"], lang="xx", now=NOW, header=HEADER)


@pytest.mark.parametrize("lang", ["fi", "ar"])
def test_a_leaflet_is_one_page_even_with_a_long_description(details, lang):
    service = details["POINTTI-GUIDANCE"]
    long = Texts({"fi": " ".join(["Pitkä kuvaus palvelusta."] * 200), "en": "Long. " * 300})
    pdf = service_leaflet(replace(service, description=long), lang=lang, now=NOW, header=HEADER)
    (text,) = pages_text(pdf)
    assert "…" in text


def test_the_booklet_has_contents_and_an_index_with_the_right_pages():
    sections = example_sections("fi")[:3]
    pdf = catalogue_booklet(sections, lang="fi", now=NOW, header=HEADER)
    texts = pages_text(pdf)
    assert "Sisällys" in texts[0]
    assert "Hakemisto" in texts[-1]
    label, services = sections[1]
    listed = re.search(re.escape(label) + r"\s+(\d+)", texts[0])
    assert listed is not None
    page = int(listed.group(1))
    assert label in texts[page - 1]
    name = services[0].summary.name.text("fi")
    entry = re.search(re.escape(name) + r"\s+([\d, ]+)", texts[-1])
    assert entry is not None
    first_page = int(entry.group(1).split(",")[0])
    assert name in texts[first_page - 1]


def test_reportlab_uses_its_c_accelerator():
    """rl_accel is a dependency: without it reportlab formats every number of a PDF in Python and
    each sheet takes longer to print (``python -m bench handout``)."""
    import types

    from reportlab.lib import rl_accel

    assert isinstance(rl_accel.fp_str, types.BuiltinFunctionType)
