"""The public events page as a calendar: one week or one month at a time, paged by plain links
(?ansicht=woche&von=2026-12-07, ?ansicht=monat&von=2026-12-01), filtered like the search
(thema, sprache, gemeinde, kostenlos, barrierefrei).

A period costs the same queries however many events it holds: the district's published events
that can fall into it are read once with their texts (`selectors.published_events`), expanded and
filtered in Python.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass
from typing import Any

from django.db.models import Q
from django.http import QueryDict
from django.utils import timezone

from districts.models import District

from .models import Event, Status
from .selectors.events import Occurrence, occurrences, published_events
from .selectors.filters import Filters, filter_query

WEEK, MONTH = "woche", "monat"
VIEWS = (WEEK, MONTH)
# How far ahead a visitor can page: enough for planning, and no endless walk for crawlers.
MONTHS_AHEAD = 12


def _month_start(day: dt.date) -> dt.date:
    return day.replace(day=1)


def _add_months(day: dt.date, months: int) -> dt.date:
    index = day.year * 12 + day.month - 1 + months
    return dt.date(index // 12, index % 12 + 1, 1)


@dataclass(frozen=True)
class Period:
    """A week (Monday to Sunday) or a calendar month."""

    view: str
    first: dt.date

    @classmethod
    def containing(cls, view: str, day: dt.date) -> Period:
        if view == MONTH:
            return cls(MONTH, _month_start(day))
        return cls(WEEK, day - dt.timedelta(days=day.weekday()))

    @property
    def last(self) -> dt.date:
        if self.view == MONTH:
            return _add_months(self.first, 1) - dt.timedelta(days=1)
        return self.first + dt.timedelta(days=6)

    def shifted(self, steps: int) -> Period:
        if self.view == MONTH:
            return Period(MONTH, _add_months(self.first, steps))
        return Period(WEEK, self.first + dt.timedelta(weeks=steps))

    def __contains__(self, day: object) -> bool:
        return isinstance(day, dt.date) and self.first <= day <= self.last


def bounds(view: str, today: dt.date) -> tuple[Period, Period]:
    """The first and the last period a visitor can see: from the current one, a year ahead."""
    return Period.containing(view, today), Period.containing(
        view, _add_months(today, MONTHS_AHEAD) - dt.timedelta(days=1)
    )


def period_of(data: QueryDict, today: dt.date) -> Period:
    """The period a query string asks for (`ansicht`, `von`): a week by default, the current
    one when `von` is missing, malformed or outside what `bounds` allows (then the nearest)."""
    view = data.get("ansicht", WEEK)
    view = view if view in VIEWS else WEEK
    try:
        day = dt.date.fromisoformat(data.get("von", "")[:10])
    except ValueError:
        day = today
    wanted = Period.containing(view, day)
    first, last = bounds(view, today)
    return min(max(wanted, first, key=_key), last, key=_key)


def _key(period: Period) -> dt.date:
    return period.first


def calendar_query(filters: Filters, period: Period, **changes: Any) -> str:
    """The query string of the events page for `period` with `filters` (and `changes`)."""
    return filter_query("", filters, ansicht=period.view, von=period.first.isoformat(), **changes)


def _place_of(event: Event) -> Any:
    return event.place or (event.offer.place if event.offer is not None else None)


def matches(event: Event, filters: Filters) -> bool:
    """Whether an event passes the search filters: topic, language and target group through
    its offer, municipality and step-free access through its place (else its offer's place
    and offer), cost through the event itself."""
    offer = event.offer
    place = _place_of(event)
    if event.place is not None:
        barrier_free = event.place.barrier_free
    else:
        barrier_free = offer.barrier_free if offer is not None else None
    checks = (
        not filters.topic or (offer is not None and filters.topic in (offer.topics or [])),
        not filters.language or (offer is not None and filters.language in (offer.languages or [])),
        not filters.target_group
        or (offer is not None and filters.target_group in (offer.target_groups or [])),
        not filters.municipality
        or (place is not None and place.municipality_id == filters.municipality),
        not filters.free or event.free_of_charge,
        not filters.barrier_free or barrier_free is True,
    )
    return all(checks)


@dataclass
class Calendar:
    period: Period
    hits: list[Occurrence]  # in time order, filtered
    languages: Counter[str]  # languages of the period's offers (for the filter), unfiltered


def calendar(district: District, language: str, period: Period, filters: Filters) -> Calendar:
    """The period's occurrences of published events (of published offers, or of none) from
    today on, filtered, in time order: 3 queries."""
    today = timezone.localdate()
    start_day = max(period.first, today)
    zone = timezone.get_current_timezone()
    start = dt.datetime.combine(start_day, dt.time.min, tzinfo=zone)
    end = dt.datetime.combine(period.last + dt.timedelta(days=1), dt.time.min, tzinfo=zone)
    events = (
        published_events(district, language)
        .select_related("offer__place")
        .filter(Q(offer__isnull=True) | Q(offer__status=Status.PUBLISHED))
        .filter(starts_at__lt=end)
        .filter(Q(starts_at__gte=start) | ~Q(rrule=""))
    )
    found: list[Occurrence] = []
    spoken: Counter[str] = Counter()
    last_moment = end - dt.timedelta(microseconds=1)  # `occurrences` includes both ends
    for event in events:
        hits = occurrences(event, start, last_moment)
        if hits and event.offer is not None:
            spoken.update(event.offer.languages or [])
        if hits and matches(event, filters):
            found.extend(hits)
    found.sort(key=lambda hit: (hit.starts_at, hit.event.pk))
    return Calendar(period=period, hits=found, languages=spoken)
