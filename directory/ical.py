"""Events as iCalendar: recurrence expansion (RRULE with exceptions) and the .ics feed.

Times are kept in Europe/Berlin wall-clock time, so that "every Tuesday at 18:00" stays at 18:00
across the change to and from summer time.
"""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from dateutil.rrule import rrulestr
from django.conf import settings
from django.utils import timezone
from icalendar import Calendar, vRecur
from icalendar import Event as VEvent

from .models import Event, pick_translation

BERLIN = ZoneInfo("Europe/Berlin")
# Bounds of an expansion: rules are stepped through at most this often per event (a daily rule
# that started years ago), and at most this many occurrences are returned per event.
MAX_RULE_STEPS = 5000
MAX_OCCURRENCES_PER_EVENT = 400


@dataclass(frozen=True)
class Occurrence:
    event: Event
    starts_at: dt.datetime
    ends_at: dt.datetime | None


def _local(value: dt.datetime) -> dt.datetime:
    return timezone.localtime(value, BERLIN)


def _clean_rule(rule: str) -> str:
    rule = rule.strip()
    return rule[len("RRULE:") :] if rule.upper().startswith("RRULE:") else rule


def _excluded(exdates: Iterable[Any]) -> tuple[set[dt.date], set[dt.datetime]]:
    """Exceptions are ISO dates (the whole day) or ISO date-times (one occurrence)."""
    days: set[dt.date] = set()
    moments: set[dt.datetime] = set()
    for value in exdates or []:
        text = str(value).strip()
        try:
            if len(text) == 10:
                days.add(dt.date.fromisoformat(text))
            else:
                moment = dt.datetime.fromisoformat(text)
                if timezone.is_naive(moment):
                    moment = moment.replace(tzinfo=BERLIN)
                moments.add(moment.astimezone(BERLIN))
        except ValueError:
            continue
    return days, moments


def _rule_starts(event: Event) -> Iterable[dt.datetime]:
    """The start of every occurrence in Berlin time, in order; a single start when no rule."""
    start = _local(event.starts_at)
    rule_text = _clean_rule(event.rrule or "")
    if not rule_text:
        return [start]
    try:
        rule = rrulestr(rule_text, dtstart=start)
    except (ValueError, TypeError, OverflowError):
        try:
            # UNTIL given as local time: the rule then needs a naive start.
            naive = rrulestr(rule_text, dtstart=start.replace(tzinfo=None))
        except (ValueError, TypeError, OverflowError):
            return [start]
        return (moment.replace(tzinfo=BERLIN) for moment in naive)
    return iter(rule)


def occurrences(
    event: Event, window_start: dt.datetime, window_end: dt.datetime
) -> list[Occurrence]:
    """Occurrences of `event` that overlap [window_start, window_end), capped."""
    duration = (event.ends_at - event.starts_at) if event.ends_at else None
    days, moments = _excluded(event.exdates)
    found: list[Occurrence] = []
    steps = 0
    try:
        for start in _rule_starts(event):
            steps += 1
            if steps > MAX_RULE_STEPS or start >= window_end:
                break
            end = start + duration if duration is not None else None
            if (end is not None and end <= window_start) or (end is None and start < window_start):
                continue
            if start.date() in days or start in moments:
                continue
            found.append(Occurrence(event, start, end))
            if len(found) >= MAX_OCCURRENCES_PER_EVENT:
                break
    except (ValueError, OverflowError):
        # A rule running past the calendar's end (year 9999) simply stops.
        pass
    return found


def expand(
    events: Iterable[Event], window_start: dt.datetime, window_end: dt.datetime, limit: int
) -> list[Occurrence]:
    """All occurrences of `events` in the window, by start time, at most `limit`."""
    found = [occ for event in events for occ in occurrences(event, window_start, window_end)]
    found.sort(key=lambda occ: (occ.starts_at, occ.event.pk))
    return found[:limit]


def event_uid(event: Event) -> str:
    host = urlsplit(settings.SITE_URL).hostname or "lotse"
    return f"lotse-event-{event.pk}@{host}"


def _exdate_moments(event: Event) -> list[dt.datetime]:
    """EXDATE values at the event's start time of day (RFC 5545 wants the same value type)."""
    start = _local(event.starts_at)
    days, moments = _excluded(event.exdates)
    values = {
        dt.datetime.combine(day, start.timetz().replace(tzinfo=None), tzinfo=BERLIN) for day in days
    }
    values |= moments
    return sorted(values)


def build_calendar(events: Iterable[Event], language: str, name: str) -> bytes:
    """A VCALENDAR of published events: titles and descriptions in `language` (German stands in
    where there is no current translation), the place as LOCATION. No contact or personal data.

    Each event needs its `translations` (or `api_translations`) and `place` with its translation
    rows already loaded.
    """
    calendar = Calendar()
    calendar.add("prodid", "-//Lotse//Verzeichnis//DE")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", "Europe/Berlin")
    for event in events:
        rows = getattr(event, "api_translations", None)
        if rows is None:
            rows = event.translations.all()
        row, _fallback = pick_translation(rows, language)
        vevent = VEvent()
        vevent.add("uid", event_uid(event))
        vevent.add("dtstamp", event.updated_at)
        vevent.add("last-modified", event.updated_at)
        start = _local(event.starts_at)
        if event.all_day:
            vevent.add("dtstart", start.date())
            end_day = _local(event.ends_at).date() if event.ends_at else start.date()
            vevent.add("dtend", end_day + dt.timedelta(days=1))
        else:
            vevent.add("dtstart", start)
            if event.ends_at:
                vevent.add("dtend", _local(event.ends_at))
        rule_text = _clean_rule(event.rrule or "")
        if rule_text:
            with contextlib.suppress(ValueError, TypeError):
                vevent.add("rrule", vRecur.from_ical(rule_text))
            exdates = _exdate_moments(event)
            if exdates:
                if event.all_day:
                    vevent.add("exdate", [moment.date() for moment in exdates])
                else:
                    vevent.add("exdate", exdates)
        vevent.add("summary", row.title if row else "")
        if row and row.description:
            vevent.add("description", row.description)
        if row is not None:
            vevent.add("x-lotse-translation-state", row.state)
        location = place_location(event.place, language)
        if location:
            vevent.add("location", location)
        calendar.add_component(vevent)
    calendar.add_missing_timezones()
    return calendar.to_ical()


def place_location(place: Any, language: str) -> str:
    if place is None:
        return ""
    rows = getattr(place, "api_translations", None)
    if rows is None:
        rows = place.translations.all()
    row, _fallback = pick_translation(rows, language)
    name = row.name if row else place.name
    town = " ".join(part for part in (place.postcode, place.city) if part)
    return ", ".join(part for part in (name, place.street, town) if part)
