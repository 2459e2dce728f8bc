"""Opening hours of a place in the page's language.

Places keep their opening hours as free text, one per translation row, mostly written once in
German ("Mo–Fr 8:00–18:00", "Mo, Mi 9–12 Uhr", "Di 14:00-16:00"). Where a text follows that
common pattern it is read into weekdays and times and written out again in the page's language
and direction (CLDR, see `directory.dates`); a remark after the times ("…, sonst nach
Vereinbarung") is kept as written. A text that does not follow the pattern is shown as written.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any

from . import dates
from .models import SOURCE_LANGUAGE

_DAYS = {
    "mo": 0,
    "montag": 0,
    "di": 1,
    "dienstag": 1,
    "mi": 2,
    "mittwoch": 2,
    "do": 3,
    "donnerstag": 3,
    "fr": 4,
    "freitag": 4,
    "sa": 5,
    "samstag": 5,
    "sonnabend": 5,
    "so": 6,
    "sonntag": 6,
}

# Tried in this order at each position; whatever matches none of them is a "word".
_TOKENS = re.compile(
    r"""
    (?P<day>(?:montag|dienstag|mittwoch|donnerstag|freitag|samstag|sonnabend|sonntag)s?
        |mo|di|mi|do|fr|sa|so)\b\.?
    |(?P<time>(?P<hour>\d{1,2})(?:[:.](?P<minute>\d{2}))?(?:\s*(?:uhr\b|h\b))?)
    |(?P<dash>[–—‐-]|bis\b)
    |(?P<and>und\b|u\.|&|\+|/|sowie\b)
    |(?P<comma>,)
    |(?P<break>[;\n|])
    |(?P<colon>:)
    |(?P<word>\S+)
    """,
    re.IGNORECASE | re.VERBOSE,
)


@dataclass(frozen=True)
class Token:
    kind: str
    start: int  # where it begins in the text (a remark is cut from there)
    value: Any = None


@dataclass(frozen=True)
class Rule:
    """Weekday ranges (Monday = 0, both ends included) and the times on those days."""

    days: tuple[tuple[int, int], ...]
    times: tuple[tuple[dt.time, dt.time], ...]


@dataclass(frozen=True)
class Parsed:
    rules: tuple[Rule, ...]
    remark: str = ""


def _tokens(text: str) -> list[Token] | None:
    found = []
    for match in _TOKENS.finditer(text):
        kind = match.lastgroup or "word"
        if kind in ("hour", "minute"):
            kind = "time"
        value: Any = None
        if kind == "day":
            value = _DAYS[match.group("day").lower().rstrip(".").removesuffix("s")]
        elif kind == "time":
            hour, minute = int(match.group("hour")), int(match.group("minute") or 0)
            if hour > 23 or minute > 59:
                return None
            value = dt.time(hour, minute)
        found.append(Token(kind, match.start(), value))
    return found


class _Reader:
    """A recursive-descent reader over the tokens: rules := days times (separator days times)*."""

    def __init__(self, tokens: list[Token]) -> None:
        self.tokens, self.at = tokens, 0

    def kind(self, offset: int = 0) -> str:
        index = self.at + offset
        return self.tokens[index].kind if index < len(self.tokens) else "end"

    def take(self) -> Token:
        token = self.tokens[self.at]
        self.at += 1
        return token

    def days(self) -> tuple[tuple[int, int], ...] | None:
        found: list[tuple[int, int]] = []
        while self.kind() == "day":
            first = self.take().value
            last = first
            if self.kind() == "dash" and self.kind(1) == "day":
                self.take()
                last = self.take().value
            if last < first:
                return None
            found.append((first, last))
            if self.kind() in ("comma", "and") and self.kind(1) == "day":
                self.take()
        if self.kind() == "colon":
            self.take()
        return tuple(found) or None

    def times(self) -> tuple[tuple[dt.time, dt.time], ...] | None:
        found: list[tuple[dt.time, dt.time]] = []
        while self.kind() == "time" and self.kind(1) == "dash" and self.kind(2) == "time":
            start = self.take().value
            self.take()
            end = self.take().value
            if end <= start:
                return None
            found.append((start, end))
            if self.kind() in ("comma", "and") and self.kind(1) == "time":
                self.take()
        return tuple(found) or None


def parse(text: str) -> Parsed | None:
    """The rules of a German opening-hours text, or None when it does not follow the pattern."""
    tokens = _tokens(text)
    if not tokens:
        return None
    reader = _Reader(tokens)
    rules: list[Rule] = []
    while True:
        days = reader.days()
        times = reader.times() if days else None
        if days is None or times is None:
            return None
        rules.append(Rule(days, times))
        if reader.kind() == "end":
            return Parsed(tuple(rules))
        if reader.kind() not in ("comma", "break", "and"):
            return None
        reader.take()
        if reader.kind() != "day":
            rest = text[reader.tokens[reader.at].start :].strip() if reader.kind() != "end" else ""
            return Parsed(tuple(rules), rest)


@dataclass(frozen=True)
class Line:
    days: str
    times: str


@dataclass
class OpeningHours:
    """What a page shows: lines in the page language, and/or a text as written."""

    lines: list[Line] = field(default_factory=list)
    text: str = ""  # the whole text (not parsed) or the remark after the parsed lines
    text_language: str = SOURCE_LANGUAGE

    def __bool__(self) -> bool:
        return bool(self.lines or self.text)


def _day_label(days: tuple[tuple[int, int], ...], language: str) -> str:
    parts = [
        dates.weekday(first, language)
        if first == last
        else dates.weekday_span(first, last, language)
        for first, last in days
    ]
    return dates.joined(parts, language)


def written(text: str, language: str, text_language: str = SOURCE_LANGUAGE) -> OpeningHours:
    """`text` (written in `text_language`) for a page in `language`: read and written out in
    the page language where it follows the pattern, else as written."""
    parsed = parse(text)
    if parsed is None:
        return OpeningHours(text=text.strip(), text_language=text_language)
    lines = [
        Line(
            days=_day_label(rule.days, language),
            times=dates.joined(
                [dates.times_between(start, end, language) for start, end in rule.times], language
            ),
        )
        for rule in parsed.rules
    ]
    return OpeningHours(lines=lines, text=parsed.remark, text_language=text_language)


def of_place(place: Any, language: str) -> OpeningHours:
    """The place's opening hours for a page in `language`, from its prefetched translation
    rows: the page language's row where it is current and has them, else the German original
    (a translator who copied "Mo–Fr 8:00–18:00" unchanged gets it read like the original)."""
    rows = {row.language: row for row in place.translations.all()}
    own = rows.get(language)
    if language != SOURCE_LANGUAGE and own is not None and own.is_current:
        text = own.opening_hours.strip()
        if text:
            return written(text, language, language)
    german = rows.get(SOURCE_LANGUAGE)
    text = german.opening_hours.strip() if german is not None else ""
    return written(text, language) if text else OpeningHours()
