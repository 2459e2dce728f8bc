"""Filters and facet counts over a district's published offers, as bit masks.

The facet index holds the district's published, still valid offers (newest first) as bit
positions and, per facet and value, the mask of the offers that have it: filtering is an AND of
masks and a facet count a popcount, and the whole index pickles as a few integers (cheap to
cache; the search keeps it per district change stamp, see `directory.search`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Q

from districts.models import District

from ..models import Offer

FACETS = (
    "topic",
    "language",
    "target_group",
    "municipality",
    "free_of_charge",
    "barrier_free",
    "format",
)
_BOOLEAN_FACETS = {"free_of_charge", "barrier_free"}


@dataclass
class FacetIndex:
    """See the module's docstring."""

    pks: list[int]  # position -> offer id, most recently changed first
    masks: dict[str, dict[Any, int]]  # facet -> value -> offers with that value
    position: dict[int, int] = field(default_factory=dict)  # offer id -> position

    def __post_init__(self) -> None:
        if not self.position:
            self.position = {pk: index for index, pk in enumerate(self.pks)}

    @property
    def everything(self) -> int:
        return (1 << len(self.pks)) - 1

    def __getstate__(self) -> dict[str, Any]:
        return {"pks": self.pks, "masks": self.masks}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.pks = state["pks"]
        self.masks = state["masks"]
        self.position = {pk: index for index, pk in enumerate(self.pks)}


def _as_list(value: Any) -> list[Any]:
    if isinstance(value, (list, tuple, set, frozenset)):
        return [item for item in value if item not in (None, "")]
    return [value]


def wanted_values(filters: Mapping[str, Any] | None) -> dict[str, set[Any]]:
    """Normalise filters: several values of one facet mean "any of them"; empty, None and
    False mean "no filter"; a boolean facet filters only on True."""
    wanted: dict[str, set[Any]] = {}
    for key, value in (filters or {}).items():
        if key not in FACETS:
            raise ValueError(f"unknown search filter {key!r}")
        if value in (None, "", False) or value == []:
            continue
        if key in _BOOLEAN_FACETS:
            wanted[key] = {True}
        elif key == "municipality":
            wanted[key] = {int(v) for v in _as_list(value) if str(v).isdigit()}
        else:
            wanted[key] = {str(v) for v in _as_list(value)}
    return wanted


def load_facet_index(district: District, today: dt.date) -> FacetIndex:
    rows = (
        Offer.objects.for_district(district)
        .published()
        .filter(Q(valid_until__isnull=True) | Q(valid_until__gte=today))
        .order_by("-updated_at", "-pk")
        .values_list(
            "pk",
            "topics",
            "languages",
            "target_groups",
            "place__municipality_id",
            "free_of_charge",
            "barrier_free",
            "format",
        )
    )
    pks: list[int] = []
    masks: dict[str, dict[Any, int]] = {facet: {} for facet in FACETS}
    for position, row in enumerate(rows):
        pk, topics, languages, groups, municipality, free, barrier_free, fmt = row
        pks.append(pk)
        bit = 1 << position
        values = {
            "topic": set(topics or []),
            "language": set(languages or []),
            "target_group": set(groups or []),
            "municipality": {municipality} if municipality else set(),
            "free_of_charge": {bool(free)},
            "barrier_free": {bool(barrier_free)},
            "format": {fmt},
        }
        for facet, found in values.items():
            facet_masks = masks[facet]
            for value in found:
                facet_masks[value] = facet_masks.get(value, 0) | bit
    return FacetIndex(pks=pks, masks=masks)


def filter_and_count(
    index: FacetIndex, matched: int, wanted: dict[str, set[Any]]
) -> tuple[int, dict[str, dict[Any, int]]]:
    """The offers of `matched` (a mask) that pass every filter, and per facet the counts of its
    values among the offers that pass every other filter."""
    passing: dict[str, int] = {}
    for facet, values in wanted.items():
        mask = 0
        for value in values:
            mask |= index.masks[facet].get(value, 0)
        passing[facet] = mask
    kept = matched
    for mask in passing.values():
        kept &= mask
    counts: dict[str, dict[Any, int]] = {}
    for facet in FACETS:
        base = matched
        for other, mask in passing.items():
            if other != facet:
                base &= mask
        counts[facet] = {
            value: number
            for value, mask in index.masks[facet].items()
            if (number := (base & mask).bit_count())
        }
    return kept, counts
