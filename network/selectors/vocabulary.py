"""Reads of the vocabulary area (the writes are in `network.services.vocabulary`)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db import models
from django.db.models import Count, IntegerField, OuterRef, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy

from districts.models import District
from network.models import Agreement, Contact, Profile, TargetGroup, Topic, Vocabulary


@dataclass(frozen=True)
class Kind:
    """One of the two vocabularies, as it appears in URLs, headings and messages."""

    slug: str
    model: type[Vocabulary]
    title: Promise
    create_label: Promise
    # (annotation, label, through model, column of the through model naming the entry)
    usages: tuple[tuple[str, Promise, type[models.Model], str], ...]


KINDS: dict[str, Kind] = {
    "handlungsfelder": Kind(
        slug="handlungsfelder",
        model=Topic,
        title=gettext_lazy("Handlungsfelder"),
        create_label=gettext_lazy("Handlungsfeld anlegen"),
        usages=(
            ("profile_count", gettext_lazy("Steckbriefe"), Profile.topics.through, "topic_id"),
            ("contact_count", gettext_lazy("Ansprechpersonen"), Contact.topics.through, "topic_id"),
            (
                "agreement_count",
                gettext_lazy("Vereinbarungen"),
                Agreement.topics.through,
                "topic_id",
            ),
        ),
    ),
    "zielgruppen": Kind(
        slug="zielgruppen",
        model=TargetGroup,
        title=gettext_lazy("Zielgruppen"),
        create_label=gettext_lazy("Zielgruppe anlegen"),
        usages=(
            (
                "profile_count",
                gettext_lazy("Steckbriefe"),
                Profile.target_groups.through,
                "targetgroup_id",
            ),
        ),
    ),
}


def kind_of(entry: Vocabulary) -> Kind:
    return next(kind for kind in KINDS.values() if isinstance(entry, kind.model))


def vocabulary_entries(user: Any, district: District, kind: Kind) -> QuerySet[Any]:
    """The entries of one vocabulary in their order, each with how often it is in use.

    The counts are subqueries on the link tables: one query, however long the list.
    """
    entries = kind.model.objects.visible_to(user).for_district(district)
    for annotation, _label, through, column in kind.usages:
        used = (
            through._default_manager.filter(**{column: OuterRef("pk")})
            .order_by()
            .values(column)
            .annotate(total=Count("*"))
            .values("total")
        )
        entries = entries.annotate(
            **{annotation: Coalesce(Subquery(used, output_field=IntegerField()), Value(0))}
        )
    return entries.order_by("position", "name")


def usage_counts(entry: Vocabulary) -> list[tuple[str, int]]:
    """(label, count) of every kind of record that carries the entry."""
    return [
        (str(label), through._default_manager.filter(**{column: entry.pk}).count())
        for _annotation, label, through, column in kind_of(entry).usages
    ]
