"""Service details built straight from the example catalogue file, without a database.

For previews of the handouts (``python -m desk_app.handouts.examples OUT_DIR`` writes every
document in every language) and for the handout tests. The desk itself gets its details from the
catalogue services.
"""

from __future__ import annotations

import datetime as dt
import json
import sys
from pathlib import Path

from desk_app.domain.catalogue import ServiceDetail, ServiceSummary
from desk_app.domain.catalogue_document import CatalogueDocument, parse_document
from desk_app.domain.texts import EMPTY_TEXTS
from desk_app.paths import resources_dir


def example_document() -> CatalogueDocument:
    path = resources_dir() / "seed" / "example_catalogue.json"
    return parse_document(json.loads(path.read_text(encoding="utf-8")))


def example_details(document: CatalogueDocument | None = None) -> dict[str, ServiceDetail]:
    """Every service of the example catalogue as a ``ServiceDetail``, by code, in file order."""
    doc = document or example_document()
    organisations = {o.code: o for o in doc.organisations}
    programmes = {p.code: p for p in doc.programmes}
    channels = {c.code: c for c in doc.channels}
    details = {}
    for entry in doc.services:
        texts = entry.texts
        summary = ServiceSummary(
            code=entry.code,
            name=texts.get("name", EMPTY_TEXTS),
            summary=texts.get("summary", EMPTY_TEXTS),
            organisation_code=entry.organisation_code,
            organisation_name=organisations[entry.organisation_code].name,
            topic_codes=entry.topic_codes,
            languages=entry.languages,
            status=entry.status,
            valid_from=entry.valid_from,
            valid_to=entry.valid_to,
            is_example=doc.example,
            keywords=texts.get("keywords", EMPTY_TEXTS),
            description=texts.get("description", EMPTY_TEXTS),
        )
        details[entry.code] = ServiceDetail(
            summary=summary,
            description=texts.get("description", EMPTY_TEXTS),
            audience=texts.get("audience", EMPTY_TEXTS),
            how_to_apply=texts.get("how_to_apply", EMPTY_TEXTS),
            what_to_bring=texts.get("what_to_bring", EMPTY_TEXTS),
            programme=programmes.get(entry.programme_code or ""),
            channels=tuple(channels[code] for code in entry.channel_codes),
            checked_on=entry.checked_on,
        )
    return details


def example_sections(lang: str) -> list[tuple[str, list[ServiceDetail]]]:
    """The booklet's sections of the example catalogue: topics in order, their services."""
    from desk_app.handouts.language import pick

    doc = example_document()
    details = example_details(doc)
    sections = []
    for topic in doc.topics:
        members = [d for d in details.values() if topic.code in d.summary.topic_codes]
        if members:
            sections.append((pick(topic.label, lang).text, members))
    return sections


def main(argv: list[str]) -> int:
    """Write every handout of the example catalogue in every language to a folder."""
    from desk_app.handouts.documents import (
        HANDOUT_LANGUAGES,
        SheetHeader,
        catalogue_booklet,
        referral_sheet,
        service_leaflet,
    )

    out = Path(argv[0] if argv else "handout-previews")
    out.mkdir(parents=True, exist_ok=True)
    details = example_details()
    now = dt.datetime(2026, 12, 22, 10, 30, tzinfo=dt.UTC)
    header = SheetHeader(
        name="Pointti",
        address="Valtakatu 11–13, 94100 Kemi",
        phone="+358 16 259 111",
        hours="ma–pe 9–15",
    )
    chosen = [details[c] for c in ("POINTTI-GUIDANCE", "KELA-HOUSING-ALLOWANCE", "STARTTIRAHA")]
    for lang in HANDOUT_LANGUAGES:
        (out / f"referral-{lang}.pdf").write_bytes(
            referral_sheet(chosen, lang=lang, now=now, header=header, note="")
        )
        (out / f"leaflet-{lang}.pdf").write_bytes(
            service_leaflet(chosen[0], lang=lang, now=now, header=header)
        )
    (out / "booklet-fi.pdf").write_bytes(
        catalogue_booklet(example_sections("fi"), lang="fi", now=now, header=header)
    )
    print(f"wrote previews to {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
