"""Published events and their occurrences (recurrences expanded, exceptions left out)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from dateutil.rrule import rrulestr
from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone

from districts.models import District

from ..models import Event, Offer, Status
from .texts import event_translations, place_translations

CALENDAR_WEEKS = 8


@dataclass(frozen=True)
class Occurrence:
    event: Event
    starts_at: dt.datetime
    ends_at: dt.datetime | None

    @property
    def day(self) -> dt.date:
        return self.starts_at.date()


def _exdates(event: Event) -> set[dt.date]:
    found = set()
    for value in event.exdates or []:
        try:
            found.add(dt.date.fromisoformat(str(value)[:10]))
        except ValueError:
            continue
    return found


def occurrences(event: Event, start: dt.datetime, end: dt.datetime) -> list[Occurrence]:
    """The event's occurrences between start and end (local time), exceptions left out."""
    first = timezone.localtime(event.starts_at)
    duration = event.ends_at - event.starts_at if event.ends_at else None
    starts: list[dt.datetime]
    rule = (event.rrule or "").strip()
    if rule:
        text = rule if rule.upper().startswith(("RRULE:", "DTSTART")) else f"RRULE:{rule}"
        try:
            recurrence = rrulestr(text, dtstart=first, forceset=True)
            starts = list(recurrence.between(start, end, inc=True))
        except (ValueError, TypeError):
            starts = [first] if start <= first <= end else []
    else:
        starts = [first] if start <= first <= end else []
    skipped = _exdates(event)
    return [
        Occurrence(
            event=event,
            starts_at=moment,
            ends_at=moment + duration if duration is not None else None,
        )
        for moment in starts
        if moment.date() not in skipped
    ]


def calendar_window(weeks: int = CALENDAR_WEEKS) -> tuple[dt.datetime, dt.datetime]:
    start = timezone.localtime().replace(hour=0, minute=0, second=0, microsecond=0)
    return start, start + dt.timedelta(weeks=weeks)


def published_events(district: District, language: str) -> QuerySet[Event]:
    """The district's published events with their texts and place (calendar, event page)."""
    return (
        Event.objects.for_district(district)
        .published()
        .select_related("place", "offer")
        .prefetch_related(event_translations(language), place_translations(language, "place__"))
    )


def upcoming(
    district: District, language: str, *, offer: Offer | None = None, weeks: int = CALENDAR_WEEKS
) -> list[Occurrence]:
    """Occurrences of the district's published events in the coming weeks, in time order."""
    start, end = calendar_window(weeks)
    events = published_events(district, language).filter(starts_at__lt=end)
    events = events.filter(Q(starts_at__gte=start) | ~Q(rrule=""))
    if offer is not None:
        events = events.filter(offer=offer)
    else:
        events = events.filter(Q(offer__isnull=True) | Q(offer__status=Status.PUBLISHED))
    found = [hit for event in events for hit in occurrences(event, start, end)]
    return sorted(found, key=lambda hit: (hit.starts_at, hit.event.pk))


def by_day(hits: list[Occurrence]) -> list[tuple[dt.date, list[Occurrence]]]:
    days: dict[dt.date, list[Occurrence]] = {}
    for hit in hits:
        days.setdefault(hit.day, []).append(hit)
    return list(days.items())


def public_event(district: District, pk: int, language: str) -> Event:
    event = (
        published_events(district, language)
        .filter(Q(offer__isnull=True) | Q(offer__status=Status.PUBLISHED))
        .filter(pk=pk)
        .first()
    )
    if event is None:
        raise Http404
    return event
