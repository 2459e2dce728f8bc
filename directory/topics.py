"""The district's topics and target groups as the public directory shows them.

They are the district's shared vocabulary (`districts.vocabulary`): the entries marked "im
Wegweiser" are the topic tiles, the filter choices and what staff pick for an offer; offers and
the open API name them by their code. The rows are read once per district and change stamp
(every save of an entry renews the stamp, see `directory.signals`) and kept like the search's
facet rows (`directory.search.kept`); labels come in the page's language
(`districts.vocabulary.public_label`).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from django.db.models import IntegerField, Value
from django.utils.translation import get_language

from districts.models import District, TargetGroup, Topic
from districts.vocabulary import public_label_of


@dataclass(frozen=True)
class Labels:
    """One district's entries in one language."""

    # (code, label) of the entries the directory offers, in the district's order
    topics: list[tuple[str, str]]
    target_groups: list[tuple[str, str]]
    # code -> label of every entry (an offer may carry one taken out of the directory since)
    topic_label: dict[str, str]
    target_group_label: dict[str, str]

    @property
    def topic_codes(self) -> set[str]:
        return {code for code, _label in self.topics}

    @property
    def target_group_codes(self) -> set[str]:
        return {code for code, _label in self.target_groups}

    def topic_labels(self, codes: Any) -> list[str]:
        return [self.topic_label[code] for code in codes or () if code in self.topic_label]

    def target_group_labels(self, codes: Any) -> list[str]:
        return [
            self.target_group_label[code] for code in codes or () if code in self.target_group_label
        ]


EMPTY = Labels(topics=[], target_groups=[], topic_label={}, target_group_label={})


def labels(district: District, language: str | None = None) -> Labels:
    """The district's topics and target groups with their labels in `language` (default: the
    active one)."""
    from .search import district_cache_key, kept  # noqa: PLC0415 - search reads labels too

    language = language or get_language() or "de"
    key = district_cache_key(district, "vocabulary-labels", language)
    return kept(key, lambda: _build(district.pk, language))


def _build(district_id: int, language: str) -> Labels:
    # one query for both lists
    fields = ("code", "name", "public_labels", "is_active", "in_directory", "position", "pk")

    def rows(model: Any, kind: int) -> Any:
        return (
            model.objects.filter(district_id=district_id)
            .annotate(kind=Value(kind, output_field=IntegerField()))
            .values_list(*fields, "kind")
            .order_by()
        )

    both = (
        rows(Topic, 0)
        .union(rows(TargetGroup, 1), all=True)
        .order_by("kind", "position", "name", "pk")
    )
    entries: tuple[list[tuple[str, str]], list[tuple[str, str]]] = ([], [])
    every: tuple[dict[str, str], dict[str, str]] = ({}, {})
    for code, name, own, is_active, in_directory, _position, _pk, kind in both:
        if isinstance(own, str):  # a JSON column read through a UNION on some databases
            own = json.loads(own or "{}")
        label = public_label_of(Topic if kind == 0 else TargetGroup, code, name, own, language)
        every[kind][code] = label
        if is_active and in_directory:
            entries[kind].append((code, label))
    return Labels(
        topics=entries[0],
        target_groups=entries[1],
        topic_label=every[0],
        target_group_label=every[1],
    )
