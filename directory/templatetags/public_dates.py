"""Dates and times on public pages in the page's language (`directory.dates`, CLDR):
`{{ hit.starts_at|local_day }}`, `{{ hit|local_hours }}`."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import template
from django.utils import timezone, translation

from directory import dates

register = template.Library()


def _language() -> str:
    return translation.get_language() or "de"


def _local(value: dt.datetime) -> dt.datetime:
    return timezone.localtime(value) if timezone.is_aware(value) else value


@register.filter
def local_day(value: dt.date | dt.datetime | None) -> str:
    """ "Montag, 7. Dezember 2026", "الاثنين، 7 ديسمبر 2026"."""
    if value is None:
        return ""
    day = _local(value).date() if isinstance(value, dt.datetime) else value
    return dates.day(day, _language())


@register.filter
def local_day_month(value: dt.datetime) -> str:
    """ "Do., 10. Dezember", "الخميس، 10 ديسمبر": a date of the coming weeks, in a list."""
    return dates.day_and_month(_local(value).date(), _language())


@register.filter
def local_hours(hit: Any) -> str:
    """The time of an occurrence (`starts_at`, `ends_at`): "18:00–20:00 Uhr", "6:00–8:00 م";
    the start only when it ends on another day or has no end."""
    start = _local(hit.starts_at)
    end = _local(hit.ends_at) if hit.ends_at else None
    if end is not None and end.date() == start.date() and end > start:
        return dates.times_between(start, end, _language())
    return dates.time_of(start, _language())
