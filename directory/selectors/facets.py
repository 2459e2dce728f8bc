"""What the search page shows around its results: the filter options with their counts, the
chips of the active filters, the suggestions when nothing is found and the page links. Every
option carries the query string it leads to (`filters.filter_query`)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from districts.models import District

from .. import topics as vocabulary
from ..models import Offer
from .districts import language_name
from .filters import FORMATS, PAGE_SIZE, Facets, Filters, Results, filter_query
from .offers import municipalities

Choices = list[tuple[str, Any]]


def search_facets(
    district: District, lang: str, query: str, filters: Filters, facets: Facets
) -> dict[str, Any]:
    """The filter part of the search page's context: the option groups with counts, the
    yes/no filters, the active filters as chips and the choices of the search form."""
    places = municipalities(district)
    municipality_names = {m.pk: m.name for m in places}
    codes = sorted(set(facets.language) | ({filters.language} - {""}))
    spoken = [(code, language_name(code, lang)) for code in codes]
    formats = [(value, Offer.Format(value).label) for value in FORMATS]
    labels = vocabulary.labels(district, lang)
    groups: list[tuple[str, Any, Choices, Any, str]] = [
        ("thema", _("Thema"), labels.topics, facets.topic, filters.topic),
        ("sprache", _("Sprache im Angebot"), spoken, facets.language, filters.language),
        (
            "zielgruppe",
            _("Für wen"),
            labels.target_groups,
            facets.target_group,
            filters.target_group,
        ),
        (
            "gemeinde",
            _("Gemeinde"),
            [(str(pk), name) for pk, name in municipality_names.items()],
            {str(pk): n for pk, n in facets.municipality.items()},
            str(filters.municipality or ""),
        ),
        (
            "form",
            _("Form"),
            [(v, str(label)) for v, label in formats],
            facets.format,
            filters.format,
        ),
    ]
    return {
        "facet_groups": [
            {
                "key": key,
                "label": label,
                "options": _options(choices, counts, selected, query, filters, key),
            }
            for key, label, choices, counts, selected in groups
        ],
        "free_count": facets.free,
        "barrier_free_count": facets.barrier_free,
        "free_query": filter_query(query, filters, kostenlos=not filters.free),
        "barrier_free_query": filter_query(query, filters, barrierefrei=not filters.barrier_free),
        "active_filters": active_filters(query, filters, municipality_names, lang, labels),
        "clear_query": filter_query(query, Filters()),
        "base_query": filter_query(query, filters),
        "topics": labels.topics,
        "target_groups": labels.target_groups,
        "spoken": spoken,
        "municipality_choices": places,
        "formats": formats,
    }


def _options(
    choices: Choices, counts: Any, selected: str, query: str, filters: Filters, key: str
) -> list[dict[str, Any]]:
    """The options of one facet group that the page lists: those with results and the one
    selected. An option without results is left out before its query string is built, which
    is most of them for a rare search and most of the work of building the list."""
    return [
        {
            "value": value,
            "label": label,
            "count": counts.get(value, 0),
            "selected": value == selected,
            "query": filter_query(query, filters, **{key: value}),
        }
        for value, label in choices
        if counts.get(value, 0) or value == selected
    ]


def active_filters(
    query: str,
    filters: Filters,
    municipality_names: dict[int, str],
    lang: str,
    labels: vocabulary.Labels,
) -> list[dict[str, str]]:
    """Chips for the active filters, each with the query string that removes it."""
    found: list[dict[str, str]] = []

    def add(label: str, **change: Any) -> None:
        found.append({"label": label, "query": filter_query(query, filters, **change)})

    if filters.topic:
        add(labels.topic_label.get(filters.topic, filters.topic), thema="")
    if filters.language:
        add(language_name(filters.language, lang), sprache="")
    if filters.target_group:
        add(labels.target_group_label.get(filters.target_group, ""), zielgruppe="")
    if filters.municipality:
        add(municipality_names.get(filters.municipality, "?"), gemeinde="")
    if filters.free:
        add(_("kostenlos"), kostenlos="")
    if filters.barrier_free:
        add(_("barrierefrei"), barrierefrei="")
    if filters.format:
        add(str(Offer.Format(filters.format).label), form="")
    return found


def suggestion_links(results: Results, district: District) -> list[dict[str, Any]]:
    """Other searches worth trying when nothing is found, with their query strings."""
    labels = vocabulary.labels(district)
    return [
        {
            "label": hint.query or labels.topic_label.get(hint.filters.topic, ""),
            "query": filter_query(hint.query, hint.filters),
            "total": hint.total,
        }
        for hint in results.suggestions
        if hint.query or hint.filters.topic
    ]


def page_links(query: str, filters: Filters, page: int, total: int) -> dict[str, str | None]:
    """The query strings of the previous and the next page of results (None at either end)."""
    return {
        "previous_query": (
            filter_query(query, filters, seite=page - 1 if page > 2 else "") if page > 1 else None
        ),
        "next_query": (
            filter_query(query, filters, seite=page + 1) if page * PAGE_SIZE < total else None
        ),
    }
