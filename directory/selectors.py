"""Public reads of the directory: what a visitor of /<district>/<lang>/ may see.

Every function costs a fixed number of queries however many offers a district has: lists come
with their translation rows prefetched (only the page language and the German original), and
the search's facet counts come from the district's facet index (`directory.search`).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field
from typing import Any, NamedTuple
from urllib.parse import urlencode

from babel import Locale, UnknownLocaleError
from dateutil.rrule import rrulestr
from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models import Prefetch, Q, QuerySet
from django.http import Http404, QueryDict
from django.utils import timezone

from districts.models import District, Municipality

from .models import (
    SOURCE_LANGUAGE,
    DirectorySettings,
    Event,
    EventTranslation,
    Offer,
    OfferTranslation,
    Place,
    PlaceTranslation,
    Status,
    TargetGroup,
    Topic,
    TranslationState,
    pick_translation,
)

CALENDAR_WEEKS = 8
FORMATS = (Offer.Format.ONLINE.value, Offer.Format.HYBRID.value)


# --- District and languages ----------------------------------------------------------------


# Every public page and API call starts by resolving the district and its languages: both are
# kept in the cache under the slug until the district or its directory settings are saved
# (`directory.signals`), at most PUBLIC_DISTRICT_SECONDS (a write that sends no signal).
PUBLIC_DISTRICT_SECONDS = 300


def public_district_key(slug: str) -> str:
    return f"directory:public-district:{slug}"


def public_directory(slug: str) -> tuple[District, list[str]]:
    """The active district with this slug and its directory's languages, else 404 (unknown
    and inactive look the same)."""
    key = public_district_key(slug)
    found = cache.get(key)
    if found is None:
        district = (
            District.objects.filter(slug=slug, is_active=True)
            .select_related("kreis")
            .defer("kreis__outline")
            .first()
        )
        if district is None:
            raise Http404
        found = (district, district_languages(district))
        cache.set(key, found, PUBLIC_DISTRICT_SECONDS)
    return found


def public_district(slug: str) -> District:
    """The active district with this slug, else 404 (see `public_directory`)."""
    return public_directory(slug)[0]


def forget_public_district(*slugs: str) -> None:
    """The district's row or directory settings changed: resolve it afresh, now and again when
    the transaction commits (a reader may have cached the old row in between)."""
    keys = [public_district_key(slug) for slug in slugs if slug]
    if keys:
        cache.delete_many(keys)
        transaction.on_commit(lambda: cache.delete_many(keys))


def district_languages(district: District) -> list[str]:
    """The languages the district's directory is offered in (all by default), German first."""
    known = [code for code, _name in settings.LANGUAGES]
    chosen = (
        DirectorySettings.objects.filter(district=district)
        .values_list("languages", flat=True)
        .first()
    )
    wanted = set(chosen or known) | {SOURCE_LANGUAGE}
    return [code for code in known if code in wanted]


def language_name(code: str, in_language: str) -> str:
    """The name of the language `code` written in `in_language` (CLDR, through babel)."""
    try:
        locale = Locale.parse(in_language, sep="-")
    except (ValueError, UnknownLocaleError):
        locale = Locale.parse(SOURCE_LANGUAGE)
    normalised = code.replace("-", "_")
    parts = normalised.split("_")
    candidates = [normalised, f"{parts[0]}_{parts[1].upper()}" if len(parts) > 1 else "", parts[0]]
    for candidate in candidates:
        name = locale.languages.get(candidate) if candidate else None
        if name:
            return str(name)
    return code


# --- Texts -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Text:
    """A translation row as a page shows it: the row, whether German stands in, machine-made."""

    row: Any
    fallback: bool

    @property
    def machine(self) -> bool:
        return self.row is not None and self.row.state == TranslationState.MACHINE

    @property
    def language(self) -> str:
        return str(self.row.language) if self.row is not None else SOURCE_LANGUAGE

    def __bool__(self) -> bool:
        return self.row is not None


def text_of(obj: Any, language: str) -> Text:
    row, fallback = pick_translation(obj.translations.all(), language)
    return Text(row=row, fallback=bool(fallback and row is not None))


def _languages_for_rows(language: str) -> list[str]:
    return sorted({language, SOURCE_LANGUAGE})


def offer_translations(language: str) -> Prefetch:
    return Prefetch(
        "translations",
        queryset=OfferTranslation.objects.filter(language__in=_languages_for_rows(language)),
    )


def place_translations(language: str, prefix: str = "") -> Prefetch:
    return Prefetch(
        f"{prefix}translations",
        queryset=PlaceTranslation.objects.filter(language__in=_languages_for_rows(language)),
    )


def event_translations(language: str, prefix: str = "") -> Prefetch:
    return Prefetch(
        f"{prefix}translations",
        queryset=EventTranslation.objects.filter(language__in=_languages_for_rows(language)),
    )


# --- Offers ----------------------------------------------------------------------------------


def published_offers(district: District, language: str) -> QuerySet[Offer]:
    """Published, still valid offers of the district with what a list shows, in 3 queries."""
    today = timezone.localdate()
    return (
        Offer.objects.for_district(district)
        .published()
        .filter(Q(valid_until__isnull=True) | Q(valid_until__gte=today))
        .select_related("place", "place__municipality", "organisation")
        .prefetch_related(offer_translations(language))
    )


def public_offer(district: District, pk: int, language: str) -> Offer:
    offer = (
        published_offers(district, language)
        .prefetch_related(place_translations(language, "place__"))
        .filter(pk=pk)
        .first()
    )
    if offer is None:
        raise Http404
    if offer.place is not None and offer.place.status != Status.PUBLISHED:
        offer.place = None  # an unpublished place is not shown; the offer is never saved here
    return offer


def public_place(district: District, pk: int, language: str) -> Place:
    place = (
        Place.objects.for_district(district)
        .published()
        .select_related("municipality")
        .prefetch_related(
            place_translations(language),
            Prefetch(
                "offers",
                queryset=Offer.objects.published()
                .filter(Q(valid_until__isnull=True) | Q(valid_until__gte=timezone.localdate()))
                .prefetch_related(offer_translations(language)),
            ),
        )
        .filter(pk=pk)
        .first()
    )
    if place is None:
        raise Http404
    return place


class MunicipalityChoice(NamedTuple):
    pk: int
    name: str


def municipalities(district: District) -> list[MunicipalityChoice]:
    """The district's municipalities by name, for the search filter: cached per district
    change stamp (saving a municipality renews it, see `directory.signals`)."""
    from . import search as engine  # noqa: PLC0415 - it imports the models this module serves

    key = engine.district_cache_key(district, "municipalities")
    found: list[MunicipalityChoice] | None = cache.get(key)
    if found is None:
        rows = Municipality.objects.for_district(district).order_by("name", "pk")
        found = [MunicipalityChoice(pk, name) for pk, name in rows.values_list("pk", "name")]
        cache.set(key, found, engine.CACHE_TIMEOUT)
    return found


# --- Filters and the local search ------------------------------------------------------------


@dataclass(frozen=True)
class Filters:
    topic: str = ""
    language: str = ""
    target_group: str = ""
    municipality: int | None = None
    free: bool = False
    barrier_free: bool = False
    format: str = ""

    @property
    def active(self) -> bool:
        return any(
            (
                self.topic,
                self.language,
                self.target_group,
                self.municipality,
                self.free,
                self.barrier_free,
                self.format,
            )
        )

    def as_dict(self) -> dict[str, Any]:
        return {
            "topic": self.topic,
            "language": self.language,
            "target_group": self.target_group,
            "municipality": self.municipality,
            "free_of_charge": self.free,
            "barrier_free": self.barrier_free,
            "format": self.format,
        }


def parse_filters(data: QueryDict) -> Filters:
    """Filters from a query string; unknown values are ignored rather than refused."""
    topic = data.get("thema", "")
    group = data.get("zielgruppe", "")
    language = data.get("sprache", "").strip().lower()[:10]
    fmt = data.get("form", "")
    municipality_raw = data.get("gemeinde", "")
    return Filters(
        topic=topic if topic in Topic.values else "",
        language=language if language.replace("-", "").isalpha() else "",
        target_group=group if group in TargetGroup.values else "",
        municipality=int(municipality_raw) if municipality_raw.isdigit() else None,
        free=data.get("kostenlos") == "1",
        barrier_free=data.get("barrierefrei") == "1",
        format=fmt if fmt in FORMATS else "",
    )


def filter_query(query: str, filters: Filters, **changes: Any) -> str:
    """The query string of a search with `changes` applied (None/""/False remove a filter)."""
    params: dict[str, Any] = {
        "q": query,
        "thema": filters.topic,
        "sprache": filters.language,
        "zielgruppe": filters.target_group,
        "gemeinde": filters.municipality or "",
        "kostenlos": "1" if filters.free else "",
        "barrierefrei": "1" if filters.barrier_free else "",
        "form": filters.format,
    }
    params.update(changes)
    return urlencode(
        [
            (key, "1" if value is True else str(value))
            for key, value in params.items()
            if value not in (None, "", False)
        ]
    )


@dataclass
class Facets:
    topic: Counter[str] = field(default_factory=Counter)
    language: Counter[str] = field(default_factory=Counter)
    target_group: Counter[str] = field(default_factory=Counter)
    municipality: Counter[int] = field(default_factory=Counter)
    free: int = 0
    barrier_free: int = 0
    format: Counter[str] = field(default_factory=Counter)


PAGE_SIZE = 20


@dataclass
class Suggestion:
    """Another search worth trying when nothing is found."""

    query: str
    filters: Filters
    total: int


@dataclass
class Results:
    ids: list[int]  # the requested page's offer ids, best first (`offers_in_order` loads them)
    facets: Facets
    total: int = 0
    suggestions: list[Suggestion] = field(default_factory=list)


def search(
    district: District, language: str, query: str, filters: Filters, page: int = 1
) -> Results:
    """The directory search (`directory.search.search_offers`: ranked, typo-tolerant, one
    query for the words): the page's offer ids, the facet counts and, when nothing is found,
    what to try instead."""
    from . import search as engine  # noqa: PLC0415 - it imports the models this module serves

    result = engine.search_offers(
        district=district,
        language=language,
        query=query,
        filters=filters.as_dict(),
        limit=PAGE_SIZE,
        offset=(page - 1) * PAGE_SIZE,
    )
    return Results(
        ids=result.ids,
        facets=_engine_facets(result.facets),
        total=result.total,
        suggestions=[
            Suggestion(
                query=hint.query,
                filters=Filters(topic=str(hint.filters.get("topic", ""))),
                total=hint.total,
            )
            for hint in result.suggestions
        ],
    )


def offers_in_order(district: District, language: str, ids: list[int]) -> list[Offer]:
    """The published offers `ids` with their texts, in that order (one query and a prefetch)."""
    by_id = {offer.pk: offer for offer in published_offers(district, language).filter(pk__in=ids)}
    return [by_id[pk] for pk in ids if pk in by_id]


def _engine_facets(counts: dict[str, dict[Any, int]]) -> Facets:
    return Facets(
        topic=Counter(counts.get("topic", {})),
        language=Counter(counts.get("language", {})),
        target_group=Counter(counts.get("target_group", {})),
        municipality=Counter({int(k): v for k, v in counts.get("municipality", {}).items()}),
        free=counts.get("free_of_charge", {}).get(True, 0),
        barrier_free=counts.get("barrier_free", {}).get(True, 0),
        format=Counter(counts.get("format", {})),
    )


def topic_counts(district: District) -> Counter[str]:
    """How many published, still valid offers each topic tile leads to: popcounts of the
    district's facet index (`directory.search`, cached per change stamp), no query."""
    from . import search as engine  # noqa: PLC0415 - it imports the models this module serves

    return Counter(engine.topic_counts(district))


# --- Events ----------------------------------------------------------------------------------


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


def _events(district: District, language: str) -> QuerySet[Event]:
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
    events = _events(district, language).filter(starts_at__lt=end)
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
        _events(district, language)
        .filter(Q(offer__isnull=True) | Q(offer__status=Status.PUBLISHED))
        .filter(pk=pk)
        .first()
    )
    if event is None:
        raise Http404
    return event


# --- Map -------------------------------------------------------------------------------------


def located_offers(district: District, language: str) -> list[Offer]:
    """Published offers at a published place with coordinates."""
    return [
        offer
        for offer in published_offers(district, language).filter(
            place__status=Status.PUBLISHED,
            place__latitude__isnull=False,
            place__longitude__isnull=False,
        )
    ]
