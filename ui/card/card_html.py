"""The service card's content as Qt rich text (a small HTML subset), built from a ``ServiceDetail``.

Kept apart from the widget so the wording and order can be read and changed in one place. Every
catalogue text is escaped and shown in the UI language (with the core's fallback rule).
"""

from __future__ import annotations

from html import escape

from desk_app.domain.catalogue import Channel, RegularHours, ServiceDetail
from desk_app.domain.texts import Texts
from desk_app.i18n import _
from ui.labels import format_date, format_time, language_name, weekday_name

_EXAMPLE_NOTE = (
    '<table width="100%" cellpadding="6" bgcolor="#fff3cd"><tr><td>'
    '<span style="color:#5c4400; font-weight:bold;">{text}</span></td></tr></table>'
)


def _para(text: str) -> str:
    return "<p>{}</p>".format(escape(text).replace("\n", "<br>")) if text else ""


def _section(title: str, body: str) -> str:
    if not body:
        return ""
    return f"<h4>{escape(title)}</h4>{body}"


def _texts(texts: Texts, lang: str) -> str:
    return _para(texts.text(lang))


def hours_lines(hours: tuple[RegularHours, ...]) -> list[str]:
    """One line per weekday, e.g. "Mon 09:00–16:00" or "Tue 08:00–11:00, 12:00–16:00"."""
    lines = []
    for weekday in range(7):
        periods = sorted((h for h in hours if h.weekday == weekday), key=lambda h: h.opens)
        if periods:
            spans = ", ".join(f"{format_time(h.opens)}–{format_time(h.closes)}" for h in periods)
            lines.append(f"{weekday_name(weekday)} {spans}")
    return lines


def channel_html(channel: Channel, lang: str) -> str:
    lines = []
    if channel.address_line:
        lines.append(escape(channel.address_line))
    if channel.room:
        lines.append(escape(_("Room: {room}").format(room=channel.room)))
    if channel.phone:
        lines.append(escape(_("Phone: {phone}").format(phone=channel.phone)))
    if channel.email:
        lines.append(escape(_("Email: {email}").format(email=channel.email)))
    if channel.url:
        url = escape(channel.url, quote=True)
        lines.append(f'<a href="{url}">{escape(channel.url)}</a>')
    if channel.appointment_only:
        lines.append("<i>{}</i>".format(escape(_("By appointment only"))))
    lines.extend(escape(line) for line in hours_lines(channel.hours))
    description = channel.description.text(lang)
    if description:
        lines.append(escape(description))
    name = escape(channel.name.text(lang))
    return "<p><b>{name}</b><br>{lines}</p>".format(name=name, lines="<br>".join(lines))


def card_html(detail: ServiceDetail, lang: str) -> str:
    summary = detail.summary
    parts = [f"<h2>{escape(summary.name.text(lang))}</h2>"]
    actor = summary.organisation_name.text(lang)
    if actor:
        parts.append(f'<p style="color:#444444;">{escape(actor)}</p>')
    if summary.is_example:
        parts.append(_EXAMPLE_NOTE.format(text=escape(_("Example data — check before use"))))
    parts.append(_texts(summary.summary, lang))
    parts.append(_section(_("What it is"), _texts(detail.description, lang)))
    parts.append(_section(_("Who it is for"), _texts(detail.audience, lang)))
    parts.append(_section(_("How to apply"), _texts(detail.how_to_apply, lang)))
    parts.append(_section(_("What to bring"), _texts(detail.what_to_bring, lang)))
    if detail.programme is not None:
        programme = detail.programme.name.text(lang)
        if detail.programme.valid_to is not None:
            text = _("Part of {programme}, until {date}.").format(
                programme=programme, date=format_date(detail.programme.valid_to)
            )
        else:
            text = _("Part of {programme}.").format(programme=programme)
        parts.append(_para(text))
    channels = "".join(channel_html(c, lang) for c in detail.channels)
    parts.append(_section(_("Where and how"), channels))
    languages = ", ".join(language_name(code) for code in summary.languages)
    parts.append(_section(_("Languages"), _para(languages)))
    if detail.checked_on is not None:
        checked = _("Information checked on {date}").format(date=format_date(detail.checked_on))
        parts.append(f'<p style="color:#444444;"><i>{escape(checked)}</i></p>')
    return "".join(p for p in parts if p)
