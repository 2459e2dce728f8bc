"""Dates, times and weekdays as a public page writes them: in the page's language (CLDR, through
babel), not in the German pattern of Django's `date` filter ("Montag, 7. Dezember" on an Arabic
page). Every function takes the page language as Django spells it ("fa-af")."""

from __future__ import annotations

import datetime as dt
from functools import cache

from babel import Locale, UnknownLocaleError
from babel.dates import format_date, format_interval, format_skeleton, get_day_names
from babel.lists import format_list

from .models import SOURCE_LANGUAGE


@cache
def locale_of(language: str) -> Locale:
    """The CLDR locale of a Django language code; German when babel does not know it."""
    try:
        return Locale.parse(language.replace("-", "_"))
    except (ValueError, UnknownLocaleError):
        return Locale.parse(SOURCE_LANGUAGE)


def _uses_12_hours(locale: Locale) -> bool:
    return "h" in locale.time_formats["short"].pattern


def day(value: dt.date, language: str) -> str:
    """The weekday and date in full: "Montag, 7. Dezember 2026", "الاثنين، 7 ديسمبر 2026"."""
    return format_date(value, "full", locale=locale_of(language))


def day_and_month(value: dt.date, language: str) -> str:
    """Weekday, day and month, for dates in the coming weeks: "Do., 10. Dezember",
    "الخميس، 10 ديسمبر"."""
    return format_skeleton("MMMMEEEEd", value, locale=locale_of(language))


def month(value: dt.date, language: str) -> str:
    """The month and year: "Dezember 2026"."""
    return format_skeleton("yMMMM", value, locale=locale_of(language))


def days_between(first: dt.date, last: dt.date, language: str) -> str:
    """A span of days: "7.–13. Dez. 2026", "7–13 ديسمبر 2026"."""
    return format_interval(first, last, "yMMMd", locale=locale_of(language))


def time_of(value: dt.time | dt.datetime, language: str) -> str:
    """A time of day the way the language writes it: "08:00", "8:00 ص"."""
    locale = locale_of(language)
    moment = value.time() if isinstance(value, dt.datetime) else value
    return format_skeleton("hm" if _uses_12_hours(locale) else "Hm", moment, locale=locale)


def times_between(start: dt.time | dt.datetime, end: dt.time | dt.datetime, language: str) -> str:
    """A span of time: "08:00–18:00 Uhr", "8:00 ص – 6:00 م", "8:00 تا 18:00"."""
    locale = locale_of(language)
    first = start.time() if isinstance(start, dt.datetime) else start
    last = end.time() if isinstance(end, dt.datetime) else end
    return format_interval(first, last, "hm" if _uses_12_hours(locale) else "Hm", locale=locale)


def weekday(number: int, language: str) -> str:
    """The abbreviated weekday, Monday = 0: "Mo.", "الاثنين", "Pzt"."""
    return str(get_day_names("abbreviated", locale=locale_of(language))[number])


def weekday_span(first: int, last: int, language: str) -> str:
    """Weekdays from `first` to `last`: "Mo.–Fr.", "الاثنين – الجمعة", "دوشنبه تا جمعه"."""
    locale = locale_of(language)
    pattern = str(locale.interval_formats.get(None) or "{0}–{1}")
    return pattern.replace("{0}", weekday(first, language)).replace("{1}", weekday(last, language))


def joined(parts: list[str], language: str) -> str:
    """A list in the language's way: "Mo. und Mi.", "الاثنين والأربعاء"."""
    return format_list(parts, locale=locale_of(language))
