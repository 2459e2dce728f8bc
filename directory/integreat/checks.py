"""Checking the files, completely: every problem is reported with its file and item, and only a
clean bundle is written."""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import EmailValidator, URLValidator
from django.utils import timezone
from django.utils.translation import gettext as _

from ..models import (
    SOURCE_LANGUAGE,
)
from .files import (
    CATEGORIES,
    EVENTS,
    LANGUAGES,
    LOCATIONS,
    classify,
)
from .items import Bundle, Checker, EventItem, LocationItem, Texts, load_json
from .report import Report
from .text import (
    format_opening_hours,
    html_to_text,
    parse_recurrence,
    shorten,
)

_email = EmailValidator()
_url = URLValidator(schemes=["http", "https"])


def check(files: Mapping[str, bytes], report: Report) -> Bundle:
    """Read and check every file; problems go into `report`, the bundle holds the clean data."""
    by_kind: dict[str, dict[str, tuple[str, list[Any]]]] = defaultdict(dict)
    supported = {code for code, _name in settings.LANGUAGES}
    present: dict[str, set[str]] = defaultdict(set)  # endpoint → languages, readable or not
    report.files = sorted(files)
    for name in sorted(files):
        kind = classify(name)
        if kind is None:
            report.problem(
                name,
                "",
                _(
                    "Unbekannter Dateiname. Erwartet werden Namen wie locations-de.json, "
                    "events-de.json oder location-categories-de.json."
                ),
            )
            continue
        endpoint, language = kind
        present[endpoint].add(language)
        items = load_json(name, files[name], report)
        if items is None or endpoint == LANGUAGES:
            continue
        if language not in supported:
            report.notes.append(
                _("%(file)s: die Sprache „%(lang)s“ bietet Lotse nicht an; übersprungen.")
                % {"file": name, "lang": language}
            )
            continue
        by_kind[endpoint][language] = (name, items)
    if not files:
        report.problem(_("Hochladen"), "", _("Es wurden keine Dateien hochgeladen."))
    for endpoint in (LOCATIONS, EVENTS, CATEGORIES):
        if present[endpoint] and SOURCE_LANGUAGE not in present[endpoint]:
            report.problem(
                f"{endpoint}-{SOURCE_LANGUAGE}.json",
                "",
                _(
                    "Die deutsche Datei fehlt. Sie ist das Original, mit dem die anderen "
                    "Sprachen verknüpft werden."
                ),
            )
    if not by_kind.get(LOCATIONS) and not by_kind.get(EVENTS) and files and report.ok:
        report.problem(
            _("Hochladen"), "", _("Es fehlt eine Datei mit Orten (locations) oder Veranstaltungen.")
        )
    bundle = Bundle()
    categories = _check_categories(by_kind.get(CATEGORIES, {}), report)
    if SOURCE_LANGUAGE in by_kind.get(LOCATIONS, {}):
        bundle.locations = _check_locations(by_kind[LOCATIONS], categories, report)
    if SOURCE_LANGUAGE in by_kind.get(EVENTS, {}):
        bundle.events = _check_events(by_kind[EVENTS], report)
    seen = {lang for kind in by_kind.values() for lang in kind}
    bundle.languages = sorted(seen, key=lambda c: (c != SOURCE_LANGUAGE, c))
    return bundle


def _check_categories(
    languages: Mapping[str, tuple[str, list[Any]]], report: Report
) -> dict[int, str] | None:
    """German category names by id, or None when no category file came along."""
    if SOURCE_LANGUAGE not in languages:
        return None
    name, items = languages[SOURCE_LANGUAGE]
    names: dict[int, str] = {}
    for index, item in enumerate(items):
        checker = Checker(report, name, index, item)
        if not isinstance(item, dict):
            checker.fail(_("Erwartet wird ein Objekt."))
            continue
        ident = checker.get(item, "id", int)
        title = checker.text(item, "name", required=True)
        if checker.ok:
            names[ident] = title
    for other, items in languages.values():
        for index, item in enumerate(items):
            checker = Checker(report, other, index, item)
            if not isinstance(item, dict):
                checker.fail(_("Erwartet wird ein Objekt."))
                continue
            checker.get(item, "id", int)
            checker.text(item, "name", required=True)
    return names


def _links(
    checker: Checker, item: Mapping[str, Any], *, nullable_ids: bool = False
) -> dict[str, int | None]:
    raw = checker.get(item, "available_languages", (dict, list), required=False) or {}
    if isinstance(raw, list):  # Integreat sends [] when there is no other language
        return {}
    links: dict[str, int | None] = {}
    for lang, target in raw.items():
        if not isinstance(target, dict):
            checker.fail(_("„available_languages“ hat den falschen Typ."))
            continue
        ident = target.get("id")
        if ident is None and nullable_ids:
            links[lang] = None
        elif isinstance(ident, int) and not isinstance(ident, bool):
            links[lang] = ident
        else:
            checker.fail(
                _("„available_languages“ → „%(lang)s“ hat keine gültige id.") % {"lang": lang}
            )
    return links


def _coordinate(
    checker: Checker, location: Mapping[str, Any], key: str, limit: int
) -> Decimal | None:
    value = checker.get(location, key, (int, float), required=False)
    if value is None:
        return None
    if not -limit <= value <= limit:
        checker.fail(_("„%(field)s“ liegt außerhalb des gültigen Bereichs.") % {"field": key})
        return None
    return Decimal(str(round(float(value), 5)))


def _check_locations(
    languages: Mapping[str, tuple[str, list[Any]]],
    categories: dict[int, str] | None,
    report: Report,
) -> list[LocationItem]:
    name, items = languages[SOURCE_LANGUAGE]
    originals: dict[int, LocationItem] = {}
    expected: dict[str, dict[int, int]] = defaultdict(dict)  # lang → translation id → German id
    for index, item in enumerate(items):
        checker = Checker(report, name, index, item)
        if not isinstance(item, dict):
            checker.fail(_("Erwartet wird ein Objekt."))
            continue
        ident = checker.get(item, "id", int)
        title = checker.text(item, "title", required=True)
        content = checker.text(item, "content")
        links = _links(checker, item)
        location = checker.get(item, "location", dict, required=False) or {}
        category = checker.get(item, "category", dict, required=False) or {}
        category_name = ""
        if category:
            category_id = checker.get(category, "id", int, required=False)
            category_name = checker.text(category, "name")
            if categories is not None and category_id is not None and category_id not in categories:
                report.notes.append(
                    _("%(file)s, %(item)s: Kategorie %(id)s steht nicht in der Kategorienliste.")
                    % {"file": name, "item": checker.item, "id": category_id}
                )
            elif categories is not None and category_id is not None:
                category_name = categories[category_id] or category_name
        organisation = checker.get(item, "organization", dict, required=False) or {}
        barrier_free = checker.get(item, "barrier_free", bool, required=False)
        opening_hours = checker.get(item, "opening_hours", list, required=False)
        contacts = checker.get(item, "contacts", list, required=False) or []
        email, phone = checker.text(item, "email"), checker.text(item, "phone_number")
        for contact in contacts:  # only the place's own address and number, never names
            if isinstance(contact, dict):
                email = email or str(contact.get("email") or "").strip()
                phone = phone or str(contact.get("phone_number") or "").strip()
        if email and not _valid(_email, email):
            report.notes.append(
                _("%(file)s, %(item)s: ungültige E-Mail-Adresse nicht übernommen.")
                % {"file": name, "item": checker.item}
            )
            email = ""
        booking = checker.text(item, "appointment_url")
        booking = booking if booking and _valid(_url, booking) and len(booking) <= 200 else ""
        latitude = _coordinate(checker, location, "latitude", 90)
        longitude = _coordinate(checker, location, "longitude", 180)
        postcode = checker.text(location, "postcode")
        if ident in originals:
            checker.fail(_("Die id kommt in der Datei mehrfach vor."))
        if not checker.ok:
            continue
        originals[ident] = LocationItem(
            german_id=ident,
            location_id=location.get("id") if isinstance(location.get("id"), int) else None,
            title=shorten(title, 200),
            address=shorten(checker.text(location, "address"), 200),
            postcode=postcode if re.fullmatch(r"\d{5}", postcode) else "",
            town=shorten(checker.text(location, "town"), 100),
            latitude=latitude,
            longitude=longitude,
            barrier_free=barrier_free,
            email=email,
            phone=shorten(phone, 40),
            booking_link=booking,
            category=category_name,
            organisation=str(organisation.get("name") or "").strip(),
        )
        originals[ident].texts[SOURCE_LANGUAGE] = Texts(
            title, html_to_text(content), format_opening_hours(opening_hours, SOURCE_LANGUAGE)
        )
        for lang, target in links.items():
            if target is not None:
                expected[lang][target] = ident
    for lang, (other, items) in languages.items():
        if lang == SOURCE_LANGUAGE:
            continue
        found: set[int] = set()
        for index, item in enumerate(items):
            checker = Checker(report, other, index, item)
            if not isinstance(item, dict):
                checker.fail(_("Erwartet wird ein Objekt."))
                continue
            ident = checker.get(item, "id", int)
            title = checker.text(item, "title", required=True)
            content = checker.text(item, "content")
            opening_hours = checker.get(item, "opening_hours", list, required=False)
            german = _links(checker, item).get(SOURCE_LANGUAGE)
            if not checker.ok:
                continue
            if german is None:
                checker.fail(_("Die Verknüpfung mit der deutschen Fassung fehlt."))
            elif german not in originals:
                checker.fail(_unknown_german(german, name))
            else:
                found.add(ident)
                originals[german].texts[lang] = Texts(
                    title, html_to_text(content), format_opening_hours(opening_hours, lang)
                )
        for target, german in expected.get(lang, {}).items():
            if target not in found:
                report.problem(
                    name,
                    f"id {german}",
                    _("Die Übersetzung „%(lang)s“ mit id %(id)d fehlt in %(file)s.")
                    % {"lang": lang, "id": target, "file": other},
                )
    return list(originals.values())


def _check_events(
    languages: Mapping[str, tuple[str, list[Any]]], report: Report
) -> list[EventItem]:
    name, items = languages[SOURCE_LANGUAGE]
    originals: dict[str, EventItem] = {}
    expected: dict[str, dict[int, str]] = defaultdict(dict)
    for index, item in enumerate(items):
        checker = Checker(report, name, index, item)
        if not isinstance(item, dict):
            checker.fail(_("Erwartet wird ein Objekt."))
            continue
        parsed = _event_fields(checker, item)
        if parsed is None:
            continue
        key, event_item, links = parsed
        if key in originals:
            if key.startswith("r"):
                continue  # another occurrence of a series already read
            checker.fail(_("Die id kommt in der Datei mehrfach vor."))
            continue
        originals[key] = event_item
        for lang, target in links.items():
            if target is not None:
                expected[lang][target] = key
    for lang, (other, items) in languages.items():
        if lang == SOURCE_LANGUAGE:
            continue
        found: set[int] = set()
        for index, item in enumerate(items):
            checker = Checker(report, other, index, item)
            if not isinstance(item, dict):
                checker.fail(_("Erwartet wird ein Objekt."))
                continue
            title = checker.text(item, "title", required=True)
            content = checker.text(item, "content")
            event = checker.get(item, "event", dict) or {}
            series = checker.get(event, "recurrence_id", int, required=False)
            ident = checker.get(item, "id", int, required=series is None)
            links = _links(checker, item, nullable_ids=series is not None)
            if not checker.ok:
                continue
            if series is not None:
                key = f"r{series}"
                if key not in originals:
                    checker.fail(
                        _("Gehört zur Serie %(id)d, die es in %(file)s nicht gibt.")
                        % {"id": series, "file": name}
                    )
                    continue
            else:
                german = links.get(SOURCE_LANGUAGE)
                if german is None:
                    checker.fail(_("Die Verknüpfung mit der deutschen Fassung fehlt."))
                    continue
                key = str(german)
                if key not in originals:
                    checker.fail(_unknown_german(german, name))
                    continue
                found.add(ident)
            originals[key].texts.setdefault(lang, Texts(title, html_to_text(content)))
        for target, key in expected.get(lang, {}).items():
            if target not in found:
                report.problem(
                    name,
                    f"id {key}",
                    _("Die Übersetzung „%(lang)s“ mit id %(id)d fehlt in %(file)s.")
                    % {"lang": lang, "id": target, "file": other},
                )
    return list(originals.values())


def _event_fields(
    checker: Checker, item: Mapping[str, Any]
) -> tuple[str, EventItem, dict[str, int | None]] | None:
    title = checker.text(item, "title", required=True)
    content = checker.text(item, "content")
    event = checker.get(item, "event", dict) or {}
    series = checker.get(event, "recurrence_id", int, required=False)
    ident = checker.get(item, "id", int, required=series is None)
    links = _links(checker, item, nullable_ids=series is not None)
    start_raw = checker.text(event, "start", required=True)
    end_raw = checker.text(event, "end")
    all_day = checker.get(event, "all_day", bool, required=False) or False
    tz_name = checker.text(event, "timezone") or settings.TIME_ZONE
    rule = checker.get(item, "recurrence_rule", str, required=False)
    location = checker.get(item, "location", dict, required=False)
    if not checker.ok:
        return None
    try:
        starts_at = dt.datetime.fromisoformat(start_raw)
        ends_at = dt.datetime.fromisoformat(end_raw) if end_raw else None
    except ValueError:
        checker.fail(_("Beginn oder Ende ist kein Zeitpunkt im Format ISO 8601."))
        return None
    if timezone.is_naive(starts_at) or (ends_at is not None and timezone.is_naive(ends_at)):
        checker.fail(_("Beginn und Ende brauchen eine Zeitzone."))
        return None
    if ends_at is not None and ends_at < starts_at:
        checker.fail(_("Das Ende liegt vor dem Beginn."))
        return None
    rrule, exdates = "", []
    if rule:
        try:
            recurrence = parse_recurrence(rule, tz_name)
        except (ValueError, TypeError, KeyError):
            checker.fail(_("Die Wiederholungsregel „recurrence_rule“ ist nicht lesbar."))
            return None
        duration = ends_at - starts_at if ends_at is not None else None
        starts_at = recurrence.starts_at
        ends_at = starts_at + duration if duration is not None else None
        rrule, exdates = recurrence.rrule, recurrence.exdates
    if location is not None:
        lat = _coordinate(checker, location, "latitude", 90)
        lon = _coordinate(checker, location, "longitude", 180)
        if not checker.ok:
            return None
        location = {**location, "latitude": lat, "longitude": lon}
    key = f"r{series}" if series is not None else str(ident)
    event_item = EventItem(key, starts_at, ends_at, all_day, rrule, exdates, location)
    event_item.texts[SOURCE_LANGUAGE] = Texts(title, html_to_text(content))
    return key, event_item, links


def _unknown_german(ident: int, file: str) -> str:
    return _("Verweist auf die deutsche Fassung mit id %(id)d, die es in %(file)s nicht gibt.") % {
        "id": ident,
        "file": file,
    }


def _valid(validator: Any, value: str) -> bool:
    try:
        validator(value)
    except ValidationError:
        return False
    return True
