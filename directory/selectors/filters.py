"""The public search: its filters as a query string, and the search itself (ranked and
typo-tolerant, `directory.search`) with the counts per filter value."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

from django.http import QueryDict

from districts.models import District

from .. import topics
from ..models import Offer

FORMATS = (Offer.Format.ONLINE.value, Offer.Format.HYBRID.value)


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


def parse_filters(data: QueryDict, district: District) -> Filters:
    """Filters from a query string; unknown values are ignored rather than refused."""
    known = topics.labels(district)
    topic = data.get("thema", "")
    group = data.get("zielgruppe", "")
    language = data.get("sprache", "").strip().lower()[:10]
    fmt = data.get("form", "")
    municipality_raw = data.get("gemeinde", "")
    return Filters(
        topic=topic if topic in known.topic_codes else "",
        language=language if language.replace("-", "").isalpha() else "",
        target_group=group if group in known.target_group_codes else "",
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
    from .. import search as engine  # noqa: PLC0415 - it imports the models this module serves

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
