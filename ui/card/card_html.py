"""The service card's content as Qt rich text (a small HTML subset), built from a ``ServiceDetail``.

Kept apart from the widget (and free of Qt) so the wording and order can be read, changed and
tested in one place. Every catalogue text is escaped and shown in the UI language (with the core's
fallback rule). Opening hours come in words from ``desk_app.hours_text`` for the moment given by
the caller, so the card says what is true *now* in the desk's time zone. Colours only repeat what
the words say, and every colour is dark enough for high contrast on the card's white paper.
"""

from __future__ import annotations

import calendar
import datetime as dt
from html import escape

from desk_app import hours_text
from desk_app.domain.catalogue import Channel, ServiceDetail
from desk_app.domain.codes import ChannelKind
from desk_app.domain.hours import LOOKAHEAD_DAYS, StatusKind
from desk_app.domain.texts import Texts
from desk_app.i18n import _, ngettext, translations_for
from desk_app.labels import label, language_name

STALE_AFTER_MONTHS = 12
"""Information checked longer ago than this gets a visible warning."""

TEXT_COLOUR = "#000000"
MUTED_COLOUR = "#333333"  # 12.6:1 on white
_STATUS_COLOURS = {
    StatusKind.OPEN: "#1b5e20",  # dark green, 7.9:1 on white
    StatusKind.CLOSED: "#a1000e",  # dark red, 8.1:1 on white
    StatusKind.ALWAYS: "#1b5e20",
    StatusKind.UNKNOWN: MUTED_COLOUR,
}
_NOTE_BOX = (
    '<table width="100%" cellpadding="6" bgcolor="#fff3cd" style="margin-top:4px;"><tr><td>'
    '<span style="color:#4d3800; font-weight:bold;">{text}</span></td></tr></table>'
)


_LIST = '<ul style="margin-top:0px; margin-bottom:0px; -qt-list-indent:1;">{items}</ul>'


def _para(text: str, style: str = "") -> str:
    if not text:
        return ""
    body = escape(text).replace("\n", "<br>")
    return f'<p style="{style}">{body}</p>' if style else f"<p>{body}</p>"


def _section(title: str, body: str) -> str:
    if not body:
        return ""
    return f"<h4>{escape(title)}</h4>{body}"


def _texts(texts: Texts, lang: str) -> str:
    return _para(texts.text(lang))


def months_before(day: dt.date, months: int) -> dt.date:
    """The same day of the month ``months`` earlier (the month's last day if it is shorter)."""
    year, month_index = divmod(day.year * 12 + day.month - 1 - months, 12)
    last_day = calendar.monthrange(year, month_index + 1)[1]
    return dt.date(year, month_index + 1, min(day.day, last_day))


def is_stale(checked_on: dt.date | None, today: dt.date) -> bool:
    """Whether catalogue information is older than ``STALE_AFTER_MONTHS`` (or of unknown age)."""
    return checked_on is None or checked_on < months_before(today, STALE_AFTER_MONTHS)


def status_html(channel: Channel, now: dt.datetime, lang: str) -> str:
    """Today's status in bold words (coloured as a second cue) and "by appointment" if so."""
    line = hours_text.status_line(channel, now, lang, translations_for(lang))
    colour = _STATUS_COLOURS[line.kind]
    parts = [f'<span style="color:{colour}; font-weight:bold;">{escape(line.text)}</span>']
    if line.appointment_only and line.kind is not StatusKind.UNKNOWN:
        parts.append("<b>{}</b>".format(escape(_("By appointment only"))))
    return " · ".join(parts)


def today_html(channels: tuple[Channel, ...], lang: str, now: dt.datetime) -> str:
    """One line per channel, near the top of the card: its name and today's status."""
    lines = [f"<b>{escape(c.name.text(lang))}</b>: {status_html(c, now, lang)}" for c in channels]
    return "<p>{}</p>".format("<br>".join(lines)) if lines else ""


def _hours_lines(channel: Channel, lang: str) -> list[str]:
    weekly = hours_text.weekly_hours_lines(channel, lang)
    if not weekly:
        return []
    return [escape(_("Opening hours: {hours}").format(hours=", ".join(weekly)))]


def _exceptions_html(channel: Channel, today: dt.date, lang: str) -> tuple[str, str]:
    """The title line and the bulleted list of exceptional days ahead ("", "" if none)."""
    exceptions = hours_text.upcoming_exception_lines(channel, today, lang, translations_for(lang))
    if not exceptions:
        return "", ""
    title = ngettext(
        "Exceptional hours in the next {n} day:",
        "Exceptional hours in the next {n} days:",
        LOOKAHEAD_DAYS,
    ).format(n=LOOKAHEAD_DAYS)
    items = "".join(f"<li>{escape(line)}</li>" for line in exceptions)
    return f"<i>{escape(title)}</i>", _LIST.format(items=items)


def _contact_lines(channel: Channel, lang: str) -> list[str]:
    lines = []
    if channel.kind is ChannelKind.LOCATION and channel.address_line:
        lines.append(escape(_("Address: {address}").format(address=channel.address_line)))
    elif channel.address_line:
        lines.append(escape(channel.address_line))
    if channel.room:
        lines.append(escape(_("Room: {room}").format(room=channel.room)))
    directions = channel.directions.text(lang)
    if directions:
        lines.append(escape(_("Directions: {text}").format(text=directions)))
    accessibility = channel.accessibility.text(lang)
    if accessibility:
        lines.append(escape(_("Accessibility: {text}").format(text=accessibility)))
    if channel.phone:
        lines.append(escape(_("Phone: {phone}").format(phone=channel.phone)))
    if channel.email:
        lines.append(escape(_("Email: {email}").format(email=channel.email)))
    if channel.url:
        url = escape(channel.url, quote=True)
        lines.append(f'<a href="{url}">{escape(channel.url)}</a>')
    return lines


def channel_html(channel: Channel, lang: str, now: dt.datetime) -> str:
    """One channel: name and kind, what it is, how to reach it, its hours and exceptional days."""
    name = escape(channel.name.text(lang))
    kind = escape(label(channel.kind))
    lines = [f'<b>{name}</b> <span style="color:{MUTED_COLOUR};">({kind})</span>']
    description = channel.description.text(lang)
    if description:
        lines.append(escape(description))
    lines.extend(_contact_lines(channel, lang))
    lines.extend(_hours_lines(channel, lang))
    title, exceptions = _exceptions_html(channel, now.date(), lang)
    if title:
        lines.append(title)
    # The list follows its title without a paragraph gap: the paragraph has no bottom margin.
    margin = "margin-bottom:0px;" if exceptions else ""
    return '<p style="{}">{}</p>{}'.format(margin, "<br>".join(lines), exceptions)


def _checked_on_html(checked_on: dt.date | None, today: dt.date, lang: str) -> str:
    if checked_on is None:
        return _NOTE_BOX.format(text=escape(_("Not known when this information was checked.")))
    date = hours_text.format_full_date(checked_on, lang)
    if is_stale(checked_on, today):
        warning = _(
            "Information checked on {date}, more than 12 months ago: check it before you refer."
        ).format(date=date)
        return _NOTE_BOX.format(text=escape(warning))
    checked = _("Information checked on {date}").format(date=date)
    return f'<p style="color:{MUTED_COLOUR};"><i>{escape(checked)}</i></p>'


def card_html(detail: ServiceDetail, lang: str, now: dt.datetime) -> str:
    """The whole card; ``now`` is the desk's local wall-clock time (naive or aware)."""
    summary = detail.summary
    today = now.date()
    parts = [f"<h2>{escape(summary.name.text(lang))}</h2>"]
    actor = summary.organisation_name.text(lang)
    if actor:
        provider = _("Provider: {name}").format(name=actor)
        parts.append(_para(provider, f"color:{MUTED_COLOUR};"))
    if summary.is_example:
        parts.append(_NOTE_BOX.format(text=escape(_("Example data — check before use"))))
    if is_stale(detail.checked_on, today):
        parts.append(_checked_on_html(detail.checked_on, today, lang))
    parts.append(_texts(summary.summary, lang))
    # Today's status right under the summary: the desk should not have to scroll for it.
    parts.append(_section(_("Opening hours today"), today_html(detail.channels, lang, now)))
    parts.append(_section(_("What it is"), _texts(detail.description, lang)))
    parts.append(_section(_("Who it is for"), _texts(detail.audience, lang)))
    parts.append(_section(_("How to apply"), _texts(detail.how_to_apply, lang)))
    parts.append(_section(_("What to bring"), _texts(detail.what_to_bring, lang)))
    if detail.programme is not None:
        programme = detail.programme.name.text(lang)
        if detail.programme.valid_to is not None:
            text = _("Part of {programme}, until {date}.").format(
                programme=programme,
                date=hours_text.format_full_date(detail.programme.valid_to, lang),
            )
        else:
            text = _("Part of {programme}.").format(programme=programme)
        parts.append(_para(text))
    channels = "".join(channel_html(c, lang, now) for c in detail.channels)
    parts.append(_section(_("Where and how"), channels))
    languages = ", ".join(language_name(code) for code in summary.languages)
    parts.append(_section(_("Languages"), _para(languages)))
    if not is_stale(detail.checked_on, today):
        parts.append(_checked_on_html(detail.checked_on, today, lang))
    return "".join(p for p in parts if p)
