"""Benchmark ``handout``: the referral sheet and the catalogue booklet as the desk prints them.

``handout_sheet_ms`` is ``DeskService.referral_sheet_pdf`` for three services in Finnish: the
catalogue read, the opening hours of the next seven days, the QR codes, the columns, the repeated
header and "page x/y", and the PDF with the bundled fonts embedded. Its baseline, measured in the
same run, is a bare one-page reportlab document of the same words: every text the sheet prints
(``referral_sheet_texts``: header, headings, actors, summaries, field labels and values, footer)
as plain paragraphs in the same bundled font, the texts worked out before the clock starts. That
is what any PDF of that text costs; the ratio ``handout_sheet_ratio_vs_bare`` (goal ≤ 2) is what
the catalogue read and the layout add.

``handout_sheet_ratio_vs_names_only`` is for information: the same sheet against a bare page of
just the three names and descriptions (this benchmark's baseline until November 2026): 74 words
against the sheet's 237, and the descriptions are not even on the sheet.

``booklet_200_services_s`` is ``DeskService.booklet_pdf`` over a catalogue of 200 active services
(the example catalogue's services repeated under new codes), contents and index included.

Figures are medians: of ``--repeats`` sheets per run and of ``--runs`` runs.
"""

from __future__ import annotations

import argparse
import copy
import io
import json
import re
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from xml.sax.saxutils import escape

from bench.common import MIN_RUNS, RESULTS_DIR, Record, median, report
from desk_app.bootstrap import bootstrap
from desk_app.paths import resources_dir
from desk_app.services.catalogue import load_example_catalogue
from desk_app.services.desk import DeskService

NAME = "handout"
RATIO_GOAL = 2.0
SHEET_SERVICES = ("KELA-UNEMPLOYMENT-BENEFIT", "STARTTIRAHA", "DEBT-ADVICE")
BOOKLET_SERVICES = 200
REPEATS = 10


def _timed(make: Callable[[], bytes]) -> float:
    started = time.perf_counter()
    pdf = make()
    elapsed = (time.perf_counter() - started) * 1000
    assert pdf.startswith(b"%PDF")
    return elapsed


def bare_document(texts: list[str], titles: frozenset[str] = frozenset()) -> bytes:
    """Plain paragraphs in two newspaper columns on one A4 page (the sheet's words need more
    than one column at 11 pt), the bundled font, ``titles`` in bold: nothing but the text."""
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.platypus import BaseDocTemplate, Frame, PageTemplate, Paragraph

    from desk_app.handouts.fonts import register_fonts

    regular, bold = register_fonts()
    body = ParagraphStyle("body", fontName=regular, fontSize=11, leading=13)
    title = ParagraphStyle("title", fontName=bold, fontSize=11, leading=13)
    story = [
        Paragraph(escape(line), title if text in titles else body)
        for text in texts
        for line in text.split("\n")
    ]
    out = io.BytesIO()
    margin, gap = 16 * mm, 5 * mm  # the sheet's side margin and column gap
    column = (A4[0] - 2 * margin - gap) / 2
    frames = [
        Frame(margin + n * (column + gap), margin, column, A4[1] - 2 * margin, id=f"c{n}")
        for n in range(2)
    ]
    doc = BaseDocTemplate(out, pagesize=A4, pageTemplates=[PageTemplate("page", frames)])
    doc.build(story)
    return out.getvalue()


def sheet_texts(desk: DeskService) -> tuple[list[str], frozenset[str]]:
    """The words of the benchmark's sheet, and which of them are headings."""
    from desk_app.handouts.documents import referral_sheet_texts

    details = [desk.service(code) for code in SHEET_SERVICES]
    texts = referral_sheet_texts(details, lang="fi", now=desk.now(), header=desk.sheet_header())
    return texts, frozenset(d.summary.name.text("fi") for d in details)


def _pages(pdf: bytes) -> int:
    return len(re.findall(rb"/Type /Page\b", pdf))


def big_catalogue(path: Path, services: int) -> Path:
    """The example catalogue with its services repeated (new codes) up to ``services``."""
    source = json.loads((resources_dir() / "seed" / "example_catalogue.json").read_text("utf-8"))
    originals = [s for s in source["services"] if not s.get("valid_to") and not s.get("programme")]
    grown = []
    for n in range(services):
        service = copy.deepcopy(originals[n % len(originals)])
        service["code"] = f"{service['code']}-{n:03d}"
        service.pop("valid_to", None)
        grown.append(service)
    source["services"] = grown
    path.write_text(json.dumps(source, ensure_ascii=False), encoding="utf-8")
    return path


def measure(
    runs: int = MIN_RUNS, repeats: int = REPEATS, booklet_services: int = BOOKLET_SERVICES
) -> list[Record]:
    sheet_ms, bare_ms, ratios, names_ratios, booklet_s = [], [], [], [], []
    with tempfile.TemporaryDirectory(prefix="pd-bench-handout-") as tmp:
        ctx = bootstrap(Path(tmp) / "example")
        try:
            desk = ctx.desk
            texts, titles = sheet_texts(desk)
            names = [
                text
                for code in SHEET_SERVICES
                for text in (
                    desk.service(code).summary.name.text("fi"),
                    desk.service(code).description.text("fi"),
                )
            ]
            name_titles = titles
            desk.referral_sheet_pdf(SHEET_SERVICES, "fi")  # fonts and caches, once
            assert _pages(bare_document(texts, titles)) == 1, "the baseline must fit one page"
            for run in range(runs):
                sheet = median(
                    [
                        _timed(lambda: desk.referral_sheet_pdf(SHEET_SERVICES, "fi"))
                        for _ in range(repeats)
                    ]
                )
                bare = median(
                    [_timed(lambda: bare_document(texts, titles)) for _ in range(repeats)]
                )
                names_only = median(
                    [_timed(lambda: bare_document(names, name_titles)) for _ in range(repeats)]
                )
                sheet_ms.append(sheet)
                bare_ms.append(bare)
                ratios.append(sheet / bare)
                names_ratios.append(sheet / names_only)
                print(
                    f"run {run + 1}: sheet {sheet:.1f} ms, bare {bare:.1f} ms, "
                    f"names only {names_only:.1f} ms",
                    flush=True,
                )
        finally:
            ctx.close()
        big = bootstrap(Path(tmp) / "big", load_example=False)
        try:
            seed = big_catalogue(Path(tmp) / "big.json", booklet_services)
            load_example_catalogue(big.uow, seed)
            assert len(big.desk.active_services()) == booklet_services
            for run in range(runs):
                seconds = _timed(lambda: big.desk.booklet_pdf("fi")) / 1000
                booklet_s.append(seconds)
                print(f"run {run + 1}: booklet of {booklet_services} services {seconds:.2f} s")
        finally:
            big.close()
    return [
        Record.against("handout_sheet_ms", median(sheet_ms), "ms", median(bare_ms)),
        Record("handout_sheet_ratio_vs_bare", median(ratios), "x", 1.0, median(ratios), RATIO_GOAL),
        Record("handout_sheet_ratio_vs_names_only", median(names_ratios), "x"),
        Record(f"booklet_{booklet_services}_services_s", median(booklet_s), "s"),
    ]


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--runs", type=int, default=MIN_RUNS)
    parser.add_argument("--repeats", type=int, default=REPEATS, help="sheets timed per run")
    parser.add_argument(
        "--booklet-services", type=int, default=BOOKLET_SERVICES, help="services in the booklet"
    )


def run(args: argparse.Namespace, results_dir: Path = RESULTS_DIR) -> list[Record]:
    records = measure(args.runs, args.repeats, args.booklet_services)
    title = (
        f"handout: referral sheet of {len(SHEET_SERVICES)} services vs a bare one-page reportlab "
        f"document of the same text; booklet of {args.booklet_services} services; median of "
        f"{args.runs} run(s)"
    )
    report(NAME, title, records, results_dir)
    return records
