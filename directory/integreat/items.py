"""The clean data of an import, and the type checks that collect a problem per file and item."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _

from .report import Report
from .text import (
    shorten,
)


@dataclass
class Texts:
    title: str
    text: str
    opening_hours: str = ""


@dataclass
class LocationItem:
    german_id: int
    location_id: int | None
    title: str
    address: str
    postcode: str
    town: str
    latitude: Decimal | None
    longitude: Decimal | None
    barrier_free: bool | None
    email: str
    phone: str
    booking_link: str
    category: str
    organisation: str
    texts: dict[str, Texts] = field(default_factory=dict)


@dataclass
class EventItem:
    key: str  # the German id, or `r<recurrence id>` for a recurring series
    starts_at: dt.datetime
    ends_at: dt.datetime | None
    all_day: bool
    rrule: str
    exdates: list[str]
    location: dict[str, Any] | None
    texts: dict[str, Texts] = field(default_factory=dict)


@dataclass
class Bundle:
    locations: list[LocationItem] = field(default_factory=list)
    events: list[EventItem] = field(default_factory=list)
    languages: list[str] = field(default_factory=list)


def _label(index: int, item: Any) -> str:
    ident = item.get("id") if isinstance(item, dict) else None
    title = item.get("title") if isinstance(item, dict) else None
    parts = [_("Eintrag %(n)d") % {"n": index + 1}]
    if ident is not None:
        parts.append(f"id {ident}")
    if isinstance(title, str) and title:
        parts.append(f"„{shorten(title, 40)}“")
    return ", ".join(parts)


class Checker:
    """Type checks of one item; collects problems with the file and item they belong to."""

    def __init__(self, report: Report, file: str, index: int, item: Any) -> None:
        self.report, self.file, self.item = report, file, _label(index, item)
        self.ok = True

    def fail(self, message: str) -> None:
        self.ok = False
        self.report.problem(self.file, self.item, message)

    def get(self, obj: Mapping[str, Any], key: str, types: Any, *, required: bool = True) -> Any:
        value = obj.get(key)
        if value is None:
            if required:
                self.fail(_("Das Feld „%(field)s“ fehlt.") % {"field": key})
            return None
        if isinstance(value, bool) and bool not in (
            types if isinstance(types, tuple) else (types,)
        ):
            self.fail(_("Das Feld „%(field)s“ hat den falschen Typ.") % {"field": key})
            return None
        if not isinstance(value, types):
            self.fail(_("Das Feld „%(field)s“ hat den falschen Typ.") % {"field": key})
            return None
        return value

    def text(self, obj: Mapping[str, Any], key: str, *, required: bool = False) -> str:
        value = self.get(obj, key, str, required=required)
        return value.strip() if isinstance(value, str) else ""


def load_json(name: str, data: bytes, report: Report) -> list[Any] | None:
    try:
        parsed = json.loads(data.decode("utf-8-sig"))
    except UnicodeDecodeError:
        report.problem(name, "", _("Die Datei ist nicht in UTF-8 gespeichert."))
        return None
    except json.JSONDecodeError as exc:
        report.problem(
            name,
            "",
            _("Kein gültiges JSON (Zeile %(line)d, Spalte %(col)d): %(msg)s")
            % {"line": exc.lineno, "col": exc.colno, "msg": exc.msg},
        )
        return None
    if not isinstance(parsed, list):
        report.problem(name, "", _("Erwartet wird eine Liste von Einträgen."))
        return None
    if not parsed:
        report.problem(name, "", _("Die Datei enthält keine Einträge."))
        return None
    return parsed
