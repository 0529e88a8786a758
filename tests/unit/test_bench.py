"""The benchmarks run (a tiny finder run here; timing goals are checked by ``python -m bench``)."""

import io
import json

import pytest

from bench.__main__ import main

FIELDS = {"metric", "value", "unit", "baseline", "ratio", "goal"}


def test_finder_benchmark_runs_small_and_writes_its_records(tmp_path, capsys):
    assert main(["finder", "--services", "200", "--runs", "1", "--results-dir", str(tmp_path)]) == 0

    records = json.loads((tmp_path / "finder.json").read_text(encoding="utf-8"))
    assert records and all(set(record) == FIELDS for record in records)
    by_metric = {record["metric"]: record for record in records}
    p95 = by_metric["finder_keystroke_p95_ms"]
    assert p95["unit"] == "ms" and p95["goal"] == 16
    assert p95["value"] > 0 and p95["baseline"] > 0
    assert p95["ratio"] == pytest.approx(p95["value"] / p95["baseline"])
    assert by_metric["finder_services"]["value"] == 200
    assert "finder_keystroke_p95_ms" in capsys.readouterr().out


def test_handout_benchmark_runs_small_and_writes_its_records(tmp_path):
    argv = ["handout", "--runs", "1", "--repeats", "1", "--booklet-services", "25"]
    assert main([*argv, "--results-dir", str(tmp_path)]) == 0

    records = json.loads((tmp_path / "handout.json").read_text(encoding="utf-8"))
    by_metric = {record["metric"]: record for record in records}
    ratio = by_metric["handout_sheet_ratio_vs_bare"]
    assert ratio["goal"] == 2 and ratio["value"] > 0
    sheet = by_metric["handout_sheet_ms"]
    assert sheet["ratio"] == pytest.approx(sheet["value"] / sheet["baseline"])
    assert by_metric["booklet_25_services_s"]["value"] > 0


def test_the_handout_baseline_prints_the_same_words_as_the_sheet(tmp_path):
    """The ratio compares layouts, not amounts of text: the bare page holds every word of the
    sheet, on one page."""
    from collections import Counter

    from pypdf import PdfReader

    from bench.handout import SHEET_SERVICES, bare_document, sheet_texts
    from desk_app.bootstrap import bootstrap

    def words(pdf: bytes) -> tuple[int, Counter[str]]:
        pages = PdfReader(io.BytesIO(pdf)).pages
        return len(pages), Counter(" ".join(p.extract_text() for p in pages).split())

    ctx = bootstrap(tmp_path / "desk")
    try:
        sheet = ctx.desk.referral_sheet_pdf(SHEET_SERVICES, "fi")
        texts, titles = sheet_texts(ctx.desk)
    finally:
        ctx.close()
    assert "Starttiraha" in titles
    sheet_pages, sheet_words = words(sheet)
    bare_pages, bare_words = words(bare_document(texts, titles))
    assert sheet_pages == bare_pages == 1
    assert bare_words == sheet_words
