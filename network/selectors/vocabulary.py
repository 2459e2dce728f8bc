"""Reads of the vocabulary area (the writes are in `network.services.vocabulary`).

The vocabulary itself is the district's (`districts.vocabulary`); every app that stores entries
registers how to count its uses there, so the counts here cover the network, the exchange and
the public directory alike.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy

from districts.models import District, TargetGroup, Topic, Vocabulary
from districts.vocabulary import Usage, usages


@dataclass(frozen=True)
class Kind:
    """One of the two vocabularies, as it appears in URLs, headings and messages."""

    slug: str
    model: type[Vocabulary]
    title: Promise
    create_label: Promise

    @property
    def usages(self) -> list[Usage]:
        return usages(self.model)


KINDS: dict[str, Kind] = {
    "handlungsfelder": Kind(
        slug="handlungsfelder",
        model=Topic,
        title=gettext_lazy("Handlungsfelder"),
        create_label=gettext_lazy("Handlungsfeld anlegen"),
    ),
    "zielgruppen": Kind(
        slug="zielgruppen",
        model=TargetGroup,
        title=gettext_lazy("Zielgruppen"),
        create_label=gettext_lazy("Zielgruppe anlegen"),
    ),
}


def kind_of(entry: Vocabulary) -> Kind:
    return next(kind for kind in KINDS.values() if isinstance(entry, kind.model))


def vocabulary_entries(user: Any, district: District, kind: Kind) -> list[Any]:
    """The entries of one vocabulary in their order, each with `usage`: how often each kind of
    record carries it (in the order of `kind.usages`).

    One query for the entries and one per kind of record, however long the list.
    """
    entries = list(_entries(user, district, kind))
    ids = [entry.pk for entry in entries]
    counts = [usage.count(district.pk, ids) for usage in kind.usages] if ids else []
    for entry in entries:
        entry.usage = [count.get(entry.pk, 0) for count in counts]
    return entries


def _entries(user: Any, district: District, kind: Kind) -> QuerySet[Any]:
    return kind.model.objects.visible_to(user).for_district(district).order_by("position", "name")


def usage_counts(entry: Vocabulary) -> list[tuple[str, int]]:
    """(label, count) of every kind of record that carries the entry."""
    return [
        (str(usage.label), usage.count(entry.district_id, [entry.pk]).get(entry.pk, 0))
        for usage in kind_of(entry).usages
    ]
