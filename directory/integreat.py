"""Import of an Integreat region from its API v3 JSON into places, offers and events.

Input: one file per endpoint and language, named as Integreat serves them, e.g.
`locations-de.json`, `locations-ar.json`, `events-de.json`, `location-categories-de.json`
(optionally `languages.json`), uploaded singly or as a zip archive. The German files are the
originals; every other language becomes a translation row marked "reviewed", because the
region published it. Objects are matched by `external_id` (`integreat:<region>:<id of the German
object>`), so a second import updates instead of duplicating; objects of the region that are no
longer in the source are archived, never deleted.

Checking comes first and is complete: every problem is reported with its file and item, and then
nothing is written. Writing happens in one transaction with one audit record.

Coordinates: nobody is there to confirm a point outside the Kreis, and the outline is
simplified, so a point within a few kilometres of the Kreis (`network.geo.is_near_district`) is
kept; one farther away ((0, 0), swapped values, another continent) is dropped with a note, and
the place is imported without coordinates.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import re
import zipfile
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from html.parser import HTMLParser
from pathlib import PurePosixPath
from typing import Any

from dateutil.rrule import rrulestr
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import EmailValidator, URLValidator
from django.db import transaction
from django.utils import timezone
from django.utils.dates import WEEKDAYS_ABBR
from django.utils.translation import gettext as _
from django.utils.translation import override

from core.audit import audit
from districts.models import District, Municipality, Organisation
from districts.permissions import can_manage_district
from network.geo import is_near_district

from .models import (
    SOURCE_LANGUAGE,
    Event,
    EventTranslation,
    Offer,
    OfferTranslation,
    Place,
    PlaceTranslation,
    Status,
    Topic,
    TranslationState,
)
from .search import bulk_indexing

MAX_UPLOAD_BYTES = 20 * 1024 * 1024  # all files of one import together
MAX_UNPACKED_BYTES = 60 * 1024 * 1024  # what a zip archive may unpack to
MAX_FILES = 100
MAX_PROBLEMS = 300

LOCATIONS, EVENTS, CATEGORIES, LANGUAGES = "locations", "events", "location-categories", "languages"
ENDPOINT_ALIASES = {"locations": LOCATIONS, "pois": LOCATIONS, "events": EVENTS}
ENDPOINT_ALIASES |= {"location-categories": CATEGORIES, "location_categories": CATEGORIES}
FILE_NAME = re.compile(
    r"^(?P<endpoint>locations|pois|events|location[-_]categories)[-_.]"
    r"(?P<lang>[a-z]{2,3}(?:[-_][a-z]{2,4})?)\.json$",
    re.IGNORECASE,
)
REGION = re.compile(r"^[a-z0-9][a-z0-9-]{0,40}$")

_email = EmailValidator()
_url = URLValidator(schemes=["http", "https"])


# --- report ---------------------------------------------------------------------------------


@dataclass
class Problem:
    file: str
    item: str
    message: str

    def __str__(self) -> str:
        if self.item:
            return f"{self.file}, {self.item}: {self.message}"
        return f"{self.file}: {self.message}"


@dataclass
class Report:
    """What an import found and did (or would do): problems, notes and counts."""

    region: str = ""
    files: list[str] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    counts: Counter[str] = field(default_factory=Counter)
    translations: Counter[str] = field(default_factory=Counter)  # by language
    dry_run: bool = False

    @property
    def ok(self) -> bool:
        return not self.problems

    def problem(self, file: str, item: str, message: str) -> None:
        if len(self.problems) < MAX_PROBLEMS:
            self.problems.append(Problem(file, item, message))

    def translation_counts(self) -> list[tuple[str, int]]:
        """(language, number of texts) with German first."""
        return sorted(self.translations.items(), key=lambda item: (item[0] != "de", item[0]))

    def summary(self) -> list[tuple[str, int, int, int]]:
        """(label, new, updated, archived) per kind of object."""
        rows = []
        for key, label in (
            ("place", _("Orte")),
            ("offer", _("Angebote")),
            ("event", _("Veranstaltungen")),
        ):
            rows.append(
                (
                    label,
                    self.counts[f"{key}.new"],
                    self.counts[f"{key}.updated"],
                    self.counts[f"{key}.archived"],
                )
            )
        return rows

    def as_json(self) -> dict[str, Any]:
        return {
            "region": self.region,
            "files": self.files,
            "problems": [str(p) for p in self.problems],
            "counts": dict(self.counts),
            "translations": dict(self.translations),
        }


class IntegreatImportError(Exception):
    """The input was refused; `report.problems` says why. Nothing was written."""

    def __init__(self, report: Report) -> None:
        super().__init__("; ".join(str(p) for p in report.problems[:5]))
        self.report = report


# --- reading the upload ---------------------------------------------------------------------


def unpack(uploads: Iterable[tuple[str, bytes]], report: Report) -> dict[str, bytes]:
    """Files by base name; zip archives are opened (bounded in size and number of members)."""
    files: dict[str, bytes] = {}
    total = 0
    for name, data in uploads:
        total += len(data)
        base = PurePosixPath(name.replace("\\", "/")).name
        if data.startswith(b"PK\x03\x04") or base.lower().endswith(".zip"):
            files.update(_unzip(base, data, report))
        else:
            files[base] = data
    if total > MAX_UPLOAD_BYTES:
        report.problem(
            _("Hochladen"),
            "",
            _("Die Dateien sind zusammen größer als %(mb)d MB.")
            % {"mb": MAX_UPLOAD_BYTES // (1024 * 1024)},
        )
    return files


def _unzip(name: str, data: bytes, report: Report) -> dict[str, bytes]:
    files: dict[str, bytes] = {}
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = [m for m in archive.infolist() if not m.is_dir()]
            if len(members) > MAX_FILES:
                report.problem(name, "", _("Das Archiv enthält zu viele Dateien."))
                return {}
            if sum(m.file_size for m in members) > MAX_UNPACKED_BYTES:
                report.problem(name, "", _("Das Archiv ist entpackt zu groß."))
                return {}
            for member in members:
                base = PurePosixPath(member.filename).name
                if base.startswith(".") or not base.lower().endswith(".json"):
                    continue
                files[base] = archive.read(member)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError):
        report.problem(name, "", _("Das ZIP-Archiv ist beschädigt und kann nicht gelesen werden."))
        return {}
    if not files:
        report.problem(name, "", _("Das ZIP-Archiv enthält keine JSON-Dateien."))
    return files


def classify(name: str) -> tuple[str, str] | None:
    """(endpoint, language) of a file name such as `locations-de.json`; None if unknown."""
    if name.lower() == "languages.json":
        return LANGUAGES, ""
    match = FILE_NAME.match(name)
    if match is None:
        return None
    endpoint = ENDPOINT_ALIASES[match["endpoint"].lower().replace("_", "-")]
    return endpoint, match["lang"].lower().replace("_", "-")


# --- HTML to text, opening hours, recurrence -------------------------------------------------

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
            start = _ical_datetime(value, zone)
        elif key == "RRULE":
            rrule = value.strip()
        elif key == "EXDATE":
            for part in value.split(","):
                exdates.append(
                    _ical_datetime(part, zone).astimezone(_zone(tz_name)).date().isoformat()
                )
        else:
            raise ValueError(name)
    if start is None or not rrule:
        raise ValueError("DTSTART/RRULE")
    rrulestr(rrule, dtstart=start)  # refuses what is not a rule
    if len(rrule) > 500:
        raise ValueError("RRULE")
    return Recurrence(start, rrule, sorted(set(exdates)))


def _zone(name: str | None) -> dt.tzinfo:
    from zoneinfo import ZoneInfo

    return ZoneInfo(name) if name else dt.UTC


def _ical_datetime(value: str, zone: str | None) -> dt.datetime:
    value = value.strip()
    utc = value.endswith("Z")
    value = value.rstrip("Z")
    tzinfo = dt.UTC if utc or not zone else _zone(zone)
    pattern = "%Y%m%dT%H%M%S%z" if "T" in value else "%Y%m%d%z"
    return dt.datetime.strptime(value + "+0000", pattern).replace(tzinfo=tzinfo)


# --- mapping categories ---------------------------------------------------------------------

# German category names seen in Integreat regions → (kind, topics); first match wins.
CATEGORY_RULES: tuple[tuple[tuple[str, ...], str, tuple[str, ...]], ...] = (
    (("integrationskurs",), Offer.Kind.INTEGRATION_COURSE, (Topic.LANGUAGE,)),
    (("sprach", "deutsch"), Offer.Kind.LANGUAGE_COURSE, (Topic.LANGUAGE,)),
    (("anerkennung",), Offer.Kind.COUNSELLING, (Topic.WORK, Topic.COUNSELLING)),
    (
        ("ausbildung", "arbeit", "job", "beruf", "schule", "bildung"),
        Offer.Kind.SERVICE,
        (Topic.WORK,),
    ),
    (("wohn", "unterkunft"), Offer.Kind.SERVICE, (Topic.HOUSING,)),
    (
        ("gesund", "arzt", "ärzt", "kranken", "klinik", "apothek"),
        Offer.Kind.SERVICE,
        (Topic.HEALTH,),
    ),
    (("famil", "kind", "kita", "jugend", "eltern"), Offer.Kind.SERVICE, (Topic.FAMILY,)),
    (
        ("ausländer", "aufenthalt", "recht", "landratsamt", "behörde", "amt", "bürgerbüro"),
        Offer.Kind.SERVICE,
        (Topic.RESIDENCE,),
    ),
    (("beratung", "migration"), Offer.Kind.COUNSELLING, (Topic.COUNSELLING,)),
    (
        ("freizeit", "sport", "café", "cafe", "treff", "begegnung", "ehrenamt", "kultur"),
        Offer.Kind.ACTIVITY,
        (Topic.LEISURE,),
    ),
    (("integration",), Offer.Kind.COUNSELLING, (Topic.COUNSELLING,)),
)  # fmt: skip


def map_category(name: str) -> tuple[str, list[str]]:
    lowered = name.lower()
    for words, kind, topics in CATEGORY_RULES:
        if any(word in lowered for word in words):
            return str(kind), [str(t) for t in topics]
    return str(Offer.Kind.OTHER), []


# --- checking the files -----------------------------------------------------------------------


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


class _Checker:
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


def _load(name: str, data: bytes, report: Report) -> list[Any] | None:
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
        items = _load(name, files[name], report)
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
        checker = _Checker(report, name, index, item)
        if not isinstance(item, dict):
            checker.fail(_("Erwartet wird ein Objekt."))
            continue
        ident = checker.get(item, "id", int)
        title = checker.text(item, "name", required=True)
        if checker.ok:
            names[ident] = title
    for other, items in languages.values():
        for index, item in enumerate(items):
            checker = _Checker(report, other, index, item)
            if not isinstance(item, dict):
                checker.fail(_("Erwartet wird ein Objekt."))
                continue
            checker.get(item, "id", int)
            checker.text(item, "name", required=True)
    return names


def _links(
    checker: _Checker, item: Mapping[str, Any], *, nullable_ids: bool = False
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
    checker: _Checker, location: Mapping[str, Any], key: str, limit: int
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
        checker = _Checker(report, name, index, item)
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
            checker = _Checker(report, other, index, item)
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
        checker = _Checker(report, name, index, item)
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
            checker = _Checker(report, other, index, item)
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
    checker: _Checker, item: Mapping[str, Any]
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


# --- writing ----------------------------------------------------------------------------------


class _Writer:
    def __init__(self, district: District, region: str, report: Report) -> None:
        self.district, self.region, self.report = district, region, report
        self.prefix = f"integreat:{region}:"
        self.places = {
            p.external_id: p
            for p in Place.objects.for_district(district).filter(
                external_id__startswith=self.prefix
            )
        }
        self.offers = {
            o.external_id: o
            for o in Offer.objects.for_district(district).filter(
                external_id__startswith=self.prefix
            )
        }
        self.events = {
            e.external_id: e
            for e in Event.objects.for_district(district).filter(
                external_id__startswith=self.prefix
            )
        }
        self.seen: dict[str, set[str]] = {"place": set(), "offer": set(), "event": set()}
        self.municipalities = list(Municipality.objects.for_district(district))
        self.organisations = {
            o.name.casefold(): o for o in Organisation.objects.for_district(district)
        }
        self.places_by_location: dict[int, Place] = {}

    def _municipality(self, postcode: str, town: str) -> Municipality | None:
        for municipality in self.municipalities:
            if postcode and postcode in (municipality.postcodes or ""):
                return municipality
        for municipality in self.municipalities:
            if town and municipality.name.casefold() == town.casefold():
                return municipality
        return None

    def _point(self, latitude: Any, longitude: Any, file: str, item: str) -> tuple[Any, Any]:
        if is_near_district(self.district, latitude, longitude) is False:
            self.report.notes.append(
                _(
                    "%(file)s, %(item)s: Die Koordinaten liegen weit außerhalb des Kreises und "
                    "wurden nicht übernommen."
                )
                % {"file": file, "item": item}
            )
            return None, None
        return latitude, longitude

    def _save(self, obj: Any, kind: str, file: str, item: str) -> bool:
        created = obj.pk is None
        try:
            obj.full_clean()
        except ValidationError as exc:
            for message in exc.messages:
                self.report.problem(file, item, message)
            return False
        obj.save()
        self.seen[kind].add(obj.external_id)
        self.report.counts[f"{kind}.{'new' if created else 'updated'}"] += 1
        return True

    def _translations(
        self,
        model: Any,
        owner_field: str,
        owner: Any,
        values: dict[str, dict[str, Any]],
        file: str,
        item: str,
    ) -> None:
        rows = {row.language: row for row in model.objects.filter(**{owner_field: owner})}
        german_changed = False
        for language, fields in values.items():
            row = rows.get(language) or model(**{owner_field: owner, "language": language})
            if language == SOURCE_LANGUAGE and any(
                getattr(row, k, None) != v for k, v in fields.items()
            ):
                german_changed = row.pk is not None
            for key, value in fields.items():
                setattr(row, key, value)
            row.state = (
                TranslationState.ORIGINAL
                if language == SOURCE_LANGUAGE
                else TranslationState.REVIEWED
            )
            try:
                row.full_clean()
            except ValidationError as exc:
                for message in exc.messages:
                    self.report.problem(file, f"{item} [{language}]", message)
                continue
            row.save()
            self.report.translations[language] += 1
        if german_changed:  # texts made in Lotse for languages the region has not published
            for language, row in rows.items():
                if language not in values and row.state != TranslationState.OUTDATED:
                    row.state = TranslationState.OUTDATED
                    row.save(update_fields=["state", "updated_at"])

    def location(self, item: LocationItem) -> None:
        file, label = f"{LOCATIONS}-{SOURCE_LANGUAGE}.json", f"id {item.german_id}"
        external_id = f"{self.prefix}{item.german_id}"
        place = self.places.get(external_id) or Place(
            district=self.district, external_id=external_id
        )
        organisation = (
            self.organisations.get(item.organisation.casefold()) if item.organisation else None
        )
        place.name = item.title
        place.street, place.postcode, place.city = item.address, item.postcode, item.town
        place.latitude, place.longitude = self._point(item.latitude, item.longitude, file, label)
        place.barrier_free = item.barrier_free
        place.municipality = self._municipality(item.postcode, item.town)
        place.organisation = organisation or place.organisation
        place.status = Status.PUBLISHED
        if not self._save(place, "place", file, label):
            return
        if item.location_id is not None:
            self.places_by_location[item.location_id] = place
        self._translations(
            PlaceTranslation,
            "place",
            place,
            {
                lang: {
                    "name": shorten(texts.title, 200),
                    "description": shorten(texts.text, 5000),
                    "opening_hours": texts.opening_hours,
                }
                for lang, texts in item.texts.items()
            },
            file,
            label,
        )
        offer = self.offers.get(external_id) or Offer(
            district=self.district, external_id=external_id
        )
        kind, topics = map_category(item.category)
        if offer.pk is None or offer.kind == Offer.Kind.OTHER:
            offer.kind = kind
        offer.topics = sorted(set(offer.topics or []) | set(topics)) if offer.pk else topics
        offer.place = place
        offer.organisation = organisation or offer.organisation
        offer.barrier_free = item.barrier_free
        offer.contact_email, offer.contact_phone = item.email, item.phone
        offer.booking_link = item.booking_link
        offer.status = Status.PUBLISHED
        if not self._save(offer, "offer", file, label):
            return
        self._translations(
            OfferTranslation,
            "offer",
            offer,
            {
                lang: {
                    "title": shorten(texts.title, 200),
                    "summary": summary_of(texts.text, texts.title),
                    "description": shorten(texts.text, 10000),
                }
                for lang, texts in item.texts.items()
            },
            file,
            label,
        )

    def _event_place(self, location: dict[str, Any] | None, file: str, label: str) -> Place | None:
        if not location:
            return None
        location_id = location.get("id")
        if isinstance(location_id, int) and location_id in self.places_by_location:
            return self.places_by_location[location_id]
        external_id = f"{self.prefix}ort-{location_id}" if isinstance(location_id, int) else ""
        if not external_id:
            return None
        place = self.places.get(external_id)
        if place is not None and external_id in self.seen["place"]:
            return place
        place = place or Place(district=self.district, external_id=external_id)
        name = shorten(str(location.get("name") or location.get("address") or _("Ort")), 200)
        postcode = str(location.get("postcode") or "")
        place.name = name
        place.street = shorten(str(location.get("address") or ""), 200)
        place.postcode = postcode if re.fullmatch(r"\d{5}", postcode) else ""
        place.city = shorten(str(location.get("town") or ""), 100)
        place.latitude, place.longitude = self._point(
            location.get("latitude"), location.get("longitude"), file, label
        )
        place.municipality = self._municipality(place.postcode, place.city)
        place.status = Status.PUBLISHED
        if not self._save(place, "place", file, label):
            return None
        self.places[external_id] = place
        self._translations(
            PlaceTranslation, "place", place, {SOURCE_LANGUAGE: {"name": name}}, file, label
        )
        return place

    def event(self, item: EventItem) -> None:
        file, label = (
            f"{EVENTS}-{SOURCE_LANGUAGE}.json",
            (
                _("Serie %(id)s") % {"id": item.key[1:]}
                if item.key.startswith("r")
                else f"id {item.key}"
            ),
        )
        external_id = (
            f"{self.prefix}{'serie-' + item.key[1:] if item.key.startswith('r') else item.key}"
        )
        event = self.events.get(external_id) or Event(
            district=self.district, external_id=external_id
        )
        event.starts_at, event.ends_at, event.all_day = item.starts_at, item.ends_at, item.all_day
        event.rrule, event.exdates = item.rrule, item.exdates
        event.place = self._event_place(item.location, file, label)
        event.status = Status.PUBLISHED
        if not self._save(event, "event", file, label):
            return
        self._translations(
            EventTranslation,
            "event",
            event,
            {
                lang: {
                    "title": shorten(texts.title, 200),
                    "description": shorten(texts.text, 10000),
                }
                for lang, texts in item.texts.items()
            },
            file,
            label,
        )

    def archive_missing(self, *, locations: bool, events: bool) -> None:
        groups: list[tuple[str, dict[str, Any]]] = []
        if locations:
            groups += [("place", self.places), ("offer", self.offers)]
        if events:
            groups.append(("event", self.events))
        for kind, existing in groups:
            for external_id, obj in existing.items():
                if external_id in self.seen[kind] or obj.status == Status.ARCHIVED:
                    continue
                if kind == "place" and external_id.startswith(f"{self.prefix}ort-") and not events:
                    continue  # places of events are only judged when events come along
                obj.status = Status.ARCHIVED
                obj.save(update_fields=["status", "updated_at"])
                self.report.counts[f"{kind}.archived"] += 1


def integreat_import(
    *,
    actor: Any,
    district: District,
    region: str,
    files: Iterable[tuple[str, bytes]],
    dry_run: bool = False,
) -> Report:
    """Check and import one Integreat region; all or nothing.

    `actor` None is the command line. Raises `IntegreatImportError` (nothing written) when any
    file or item is refused; with `dry_run` everything is written and rolled back, so the
    report shows exactly what an import would do.
    """
    if actor is not None and not can_manage_district(actor, district):
        raise PermissionDenied(_("Nur die Koordination kann aus Integreat importieren."))
    report = Report(region=region, dry_run=dry_run)
    if not REGION.match(region or ""):
        report.problem(
            _("Region"),
            "",
            _("Der Name der Region besteht aus Kleinbuchstaben, Ziffern und Bindestrichen."),
        )
    unpacked = unpack(files, report)
    bundle = check(unpacked, report)
    if not report.ok:
        raise IntegreatImportError(report)
    with transaction.atomic():
        with bulk_indexing():
            _write(actor, district, region, bundle, report)
        if not report.ok:
            raise IntegreatImportError(report)
        if dry_run:
            transaction.set_rollback(True)
    return report


def _write(actor: Any, district: District, region: str, bundle: Bundle, report: Report) -> None:
    writer = _Writer(district, region, report)
    for location in bundle.locations:
        writer.location(location)
    for event in bundle.events:
        writer.event(event)
    writer.archive_missing(locations=bool(bundle.locations), events=bool(bundle.events))
    others = [lang for lang in bundle.languages if lang != SOURCE_LANGUAGE]
    if others:
        report.notes.append(
            _(
                "Die Übersetzungen (%(languages)s) sind als „geprüft“ übernommen, weil die Region "
                "sie in Integreat veröffentlicht hat. Deutsch ist das Original."
            )
            % {"languages": ", ".join(others)}
        )
    audit(
        actor=actor,
        action="directory.integreat_import",
        district=district,
        changes={"source": "integreat", **report.as_json()},
    )
