"""The staleness report: what in the catalogue needs a look before a desk worker trusts it.

Two lists. **Services not checked** in the last N months (the ``stale_after_months`` setting,
12 by default): their "information checked on" date is missing or older than N months ago;
retired and ended services are left out. **Translations older than their Finnish text**: for
every text of a service, channel, organisation, programme or topic in use, a translation whose
row was last written before the Finnish row was (``catalogue_rules.stale_translations``) was
made from an earlier Finnish text and may say something else now.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from desk_app.domain.catalogue_rules import stale_translations
from desk_app.domain.errors import ValidationError
from desk_app.domain.texts import REQUIRED_LANGUAGE, Texts
from desk_app.i18n import N_, _, ngettext, ui_language
from desk_app.services.unit_of_work import UnitOfWorkFactory
from desk_app.settings import STALE_MONTHS_RANGE

HELSINKI = ZoneInfo("Europe/Helsinki")

OWNER_KINDS = {
    "service": N_("Service"),
    "channel": N_("Channel"),
    "organisation": N_("Organisation"),
    "programme": N_("Programme"),
    "topic": N_("Topic"),
}
"""Owner kinds of texts as the report names them (translated when shown)."""

FIELD_NAMES = {
    "name": N_("name"),
    "label": N_("label"),
    "summary": N_("summary"),
    "description": N_("description"),
    "audience": N_("who it is for"),
    "how_to_apply": N_("how to apply"),
    "what_to_bring": N_("what to bring"),
    "keywords": N_("keywords"),
    "directions": N_("directions"),
    "accessibility": N_("accessibility"),
}
"""The catalogue's text fields as the report names them (translated when shown)."""


def field_name(field: str) -> str:
    """A text field's translated name (its own name when it has none)."""
    text = FIELD_NAMES.get(field)
    return _(text) if text else field


@dataclass(frozen=True)
class StaleService:
    code: str
    name: Texts
    organisation_code: str
    checked_on: dt.date | None
    """None: never checked."""


@dataclass(frozen=True)
class StaleTranslation:
    owner_kind: str
    """``service``, ``channel``, ``organisation``, ``programme`` or ``topic``."""
    code: str
    field: str
    lang: str
    finnish_updated: dt.datetime
    translation_updated: dt.datetime

    @property
    def service_code(self) -> str | None:
        """The service to open in the editor, when the text is a service's."""
        return self.code if self.owner_kind == "service" else None


@dataclass(frozen=True)
class StalenessReport:
    today: dt.date
    months: int
    cutoff: dt.date
    """Services checked before this day (or never) are listed."""
    services: tuple[StaleService, ...]
    translations: tuple[StaleTranslation, ...]

    @property
    def is_empty(self) -> bool:
        return not self.services and not self.translations

    def report_lines(self, tz: ZoneInfo = HELSINKI) -> list[str]:
        """The report as plain lines in the UI language, for the command line."""
        lang = ui_language()
        lines = [
            ngettext(
                "Services not checked in {months} month (since {cutoff}): {count}",
                "Services not checked in {months} months (since {cutoff}): {count}",
                self.months,
            ).format(months=self.months, cutoff=self.cutoff.isoformat(), count=len(self.services))
        ]
        for service in self.services:
            checked = service.checked_on.isoformat() if service.checked_on else _("never checked")
            columns = (service.code, service.name.text(lang), service.organisation_code, checked)
            lines.append("  " + "\t".join(columns))
        lines.append(
            _("Translations older than their Finnish text: {count}").format(
                count=len(self.translations)
            )
        )
        for item in self.translations:
            lines.append(
                "  "
                + _(
                    "{kind} {code}, {field}, {lang}: Finnish changed {finnish}, "
                    "translated {written}"
                ).format(
                    kind=_(OWNER_KINDS.get(item.owner_kind, item.owner_kind)),
                    code=item.code,
                    field=field_name(item.field),
                    lang=item.lang,
                    finnish=_when(item.finnish_updated, tz),
                    written=_when(item.translation_updated, tz),
                )
            )
        return lines


def months_before(day: dt.date, months: int) -> dt.date:
    """The same day ``months`` calendar months earlier (31 March less one month: 28/29 Feb)."""
    index = day.year * 12 + (day.month - 1) - months
    year, month = divmod(index, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return dt.date(year, month + 1, min(day.day, last))


def check_months(months: int, field: str = "stale_after_months") -> int:
    """``months`` if it is an allowed ``stale_after_months``, else ``ValidationError``."""
    low, high = STALE_MONTHS_RANGE
    if isinstance(months, bool) or not isinstance(months, int) or not low <= months <= high:
        raise ValidationError(
            _("The number of months must be a whole number from {low} to {high}.").format(
                low=low, high=high
            ),
            field=field,
        )
    return months


def staleness_report(
    uow_factory: UnitOfWorkFactory, today: dt.date, months: int
) -> StalenessReport:
    """Services not checked in ``months`` months before ``today``, and stale translations."""
    cutoff = months_before(today, check_months(months))
    with uow_factory() as uow:
        unchecked = uow.taxonomy.services_not_checked_since(cutoff, today)
        older = uow.taxonomy.older_translations(today)
    services = tuple(StaleService(*row) for row in unchecked)
    return StalenessReport(today, months, cutoff, services, _stale(older))


def _stale(
    rows: list[tuple[str, str, str, str, dt.datetime, str, dt.datetime]],
) -> tuple[StaleTranslation, ...]:
    """The candidate rows, judged by the one rule of ``catalogue_rules``."""
    by_text: dict[tuple[str, str, str], dict[str, tuple[dt.datetime, str]]] = defaultdict(dict)
    finnish: dict[tuple[str, str, str], dt.datetime] = {}
    for kind, code, field, lang, updated, value, finnish_updated in rows:
        by_text[(kind, code, field)][lang] = (updated, value)
        finnish[(kind, code, field)] = finnish_updated
    found = []
    for key, translations in by_text.items():
        updated_at = {lang: when for lang, (when, _v) in translations.items()}
        updated_at[REQUIRED_LANGUAGE] = finnish[key]
        texts = {lang: value for lang, (_w, value) in translations.items()}
        for lang in sorted(stale_translations(updated_at, texts)):
            found.append(StaleTranslation(*key, lang, finnish[key], updated_at[lang]))
    return tuple(found)


def _when(moment: dt.datetime, tz: ZoneInfo) -> str:
    return moment.astimezone(tz).strftime("%Y-%m-%d %H:%M")
