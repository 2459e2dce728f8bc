"""Integreat's values as Lotse keeps them: HTML as plain text, opening hours as written text,
recurrence rules and times in the region's zone."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from html.parser import HTMLParser
from typing import Any

from dateutil.rrule import rrulestr
from django.utils.dates import WEEKDAYS_ABBR
from django.utils.translation import gettext as _
from django.utils.translation import override

BLOCK_TAGS = {
    "p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "li", "table", "tr",
    "blockquote", "section", "article", "header", "footer", "pre", "dl", "dt", "dd", "hr",
}  # fmt: skip
SKIP_TAGS = {"script", "style", "template", "noscript", "iframe", "object", "svg"}


class _TextExtractor(HTMLParser):
    """Plain text of an HTML fragment: paragraphs separated by a blank line, no markup at all."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.paragraphs: list[list[str]] = [[]]
        self.skipping = 0
        self.href: str | None = None
        self.link_text: list[str] = []

    def _break(self) -> None:
        if self.paragraphs[-1]:
            self.paragraphs.append([])

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in SKIP_TAGS:
            self.skipping += 1
        elif tag in BLOCK_TAGS:
            self._break()
            if tag == "li":
                self.paragraphs[-1].append("–")
        elif tag == "br":
            self._break()
        elif tag == "a":
            href = dict(attrs).get("href") or ""
            self.href = href if href.startswith(("https://", "http://", "mailto:")) else None
            self.link_text = []

    def handle_endtag(self, tag: str) -> None:
        if tag in SKIP_TAGS:
            self.skipping = max(0, self.skipping - 1)
        elif tag in BLOCK_TAGS:
            self._break()
        elif tag == "a" and self.href:
            href = self.href.removeprefix("mailto:")
            if href not in " ".join(self.link_text):
                self.paragraphs[-1].append(f"({href})")
            self.href = None

    def handle_data(self, data: str) -> None:
        if self.skipping:
            return
        words = data.split()
        if words:
            self.paragraphs[-1].extend(words)
            if self.href:
                self.link_text.extend(words)

    def text(self) -> str:
        return "\n\n".join(" ".join(words) for words in self.paragraphs if words)


def html_to_text(html: str) -> str:
    """Sanitised plain text of Integreat's HTML `content` (tags stripped, paragraphs kept)."""
    parser = _TextExtractor()
    parser.feed(html)
    parser.close()
    return parser.text()


def shorten(text: str, limit: int) -> str:
    if len(text) <= limit:
        return text
    cut = text[: limit - 1].rsplit(" ", 1)[0]
    return cut.rstrip(" ,;:") + "…"


def summary_of(text: str, title: str) -> str:
    """The first paragraph that says more than the title, at most 300 characters."""
    for paragraph in text.split("\n\n"):
        if paragraph.strip() and paragraph.strip() != title.strip():
            return shorten(paragraph.strip(), 300)
    return ""


def format_opening_hours(entries: Any, language: str) -> str:
    """Integreat's seven weekday entries (Monday first) as lines such as `Mo 08:00–12:00`."""
    if not isinstance(entries, list):
        return ""
    lines = []
    with override(language):
        for index, entry in enumerate(entries[:7]):
            if not isinstance(entry, dict) or entry.get("closed"):
                continue
            day = str(WEEKDAYS_ABBR[index])
            if entry.get("allDay"):
                hours = _("ganztägig")
            else:
                slots = [
                    f"{slot.get('start', '')}–{slot.get('end', '')}"
                    for slot in entry.get("timeSlots") or []
                    if isinstance(slot, dict)
                ]
                hours = ", ".join(slots)
            if entry.get("appointmentOnly"):
                hours = f"{hours} ({_('nur mit Termin')})".strip()
            if hours:
                lines.append(f"{day} {hours}")
    return shorten("\n".join(lines), 500)


@dataclass
class Recurrence:
    starts_at: dt.datetime
    rrule: str
    exdates: list[str]


def parse_recurrence(rule: str, tz_name: str) -> Recurrence:
    """Integreat's `DTSTART:…\\nRRULE:…` (optionally EXDATE lines) → start, RRULE and exceptions.

    Integreat writes DTSTART without a zone in UTC; a `TZID=` parameter or a trailing `Z` is
    honoured as well. Raises ValueError for anything else.
    """
    start: dt.datetime | None = None
    rrule = ""
    exdates: list[str] = []
    for raw in rule.replace("\\n", "\n").splitlines():
        line = raw.strip()
        if not line:
            continue
        name, _sep, value = line.partition(":")
        key, *params = name.split(";")
        key = key.upper()
        zone = next((p[5:] for p in params if p.upper().startswith("TZID=")), None)
        if key == "DTSTART":
            start = ical_datetime(value, zone)
        elif key == "RRULE":
            rrule = value.strip()
        elif key == "EXDATE":
            for part in value.split(","):
                exdates.append(
                    ical_datetime(part, zone).astimezone(zone_of(tz_name)).date().isoformat()
                )
        else:
            raise ValueError(name)
    if start is None or not rrule:
        raise ValueError("DTSTART/RRULE")
    rrulestr(rrule, dtstart=start)  # refuses what is not a rule
    if len(rrule) > 500:
        raise ValueError("RRULE")
    return Recurrence(start, rrule, sorted(set(exdates)))


def zone_of(name: str | None) -> dt.tzinfo:
    from zoneinfo import ZoneInfo

    return ZoneInfo(name) if name else dt.UTC


def ical_datetime(value: str, zone: str | None) -> dt.datetime:
    value = value.strip()
    utc = value.endswith("Z")
    value = value.rstrip("Z")
    tzinfo = dt.UTC if utc or not zone else zone_of(zone)
    pattern = "%Y%m%dT%H%M%S%z" if "T" in value else "%Y%m%d%z"
    return dt.datetime.strptime(value + "+0000", pattern).replace(tzinfo=tzinfo)
