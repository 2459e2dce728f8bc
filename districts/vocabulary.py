"""The district's vocabulary of topics (Handlungsfelder) and target groups, shared by every app.

Each district keeps its own list (rename, reorder, deactivate, add; see
`network.services.vocabulary` for the editing). Every entry has a `code` that never changes: the
standard entries below carry the codes the public directory and its open API have always used
("language", "work", …), the district's own entries a code made from their first name.

The defaults are added when a district is created (signal in `districts.apps`) and, once, for
the districts that existed before (migrations `network.0002` and `districts.0005`, which keep
frozen copies of these lists).

Apps that store entries register how to count their uses (`register_usage`), so that an entry in
use anywhere is never deleted and the list page shows where it is used.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.db import models, transaction
from django.db.models import Count
from django.utils.functional import Promise
from django.utils.translation import get_language, override
from django.utils.translation import gettext_lazy as _

from core.audit import audit

from .models import District, TargetGroup, Topic, Vocabulary

# Steps between positions leave room for the district's own entries in between.
POSITION_STEP = 10


class DirectoryTopic(models.TextChoices):
    """The codes of the standard topics the public directory offers (its tiles and its open API
    have always named them so), with their public wording."""

    LANGUAGE = "language", _("Sprache")
    WORK = "work", _("Arbeit und Ausbildung")
    HOUSING = "housing", _("Wohnen")
    HEALTH = "health", _("Gesundheit")
    FAMILY = "family", _("Familie und Kinder")
    RESIDENCE = "residence", _("Aufenthalt und Recht")
    LEISURE = "leisure", _("Freizeit und Begegnung")
    COUNSELLING = "counselling", _("Beratung")


class DirectoryTargetGroup(models.TextChoices):
    """The codes of the standard target groups the public directory offers."""

    EVERYONE = "everyone", _("offen für alle")
    REFUGEES = "refugees", _("Geflüchtete")
    EU = "eu", _("Zugewanderte aus der EU")
    FAMILIES = "families", _("Familien")
    CHILDREN = "children", _("Kinder und Jugendliche")
    WOMEN = "women", _("Frauen")
    SKILLED = "skilled", _("Fachkräfte")
    SENIORS = "seniors", _("Ältere Menschen")
    DISABILITY = "disability", _("Menschen mit Behinderung")


@dataclass(frozen=True)
class Standard:
    """One default entry: its code, the German name in the staff area, the wording of the public
    directory (translated when shown), its place and whether the directory offers it."""

    code: str
    name: str
    public: Promise | str
    position: int
    in_directory: bool


T, G = DirectoryTopic, DirectoryTargetGroup

STANDARD_TOPICS: tuple[Standard, ...] = (
    Standard(T.LANGUAGE, "Sprache & Bildung", T.LANGUAGE.label, 10, True),
    Standard(T.WORK, "Arbeit & Ausbildung", T.WORK.label, 20, True),
    Standard(
        "recognition",
        "Anerkennung ausländischer Abschlüsse",
        _("Anerkennung ausländischer Abschlüsse"),
        30,
        False,
    ),
    Standard(T.HOUSING, "Wohnen", T.HOUSING.label, 40, True),
    Standard(T.HEALTH, "Gesundheit", T.HEALTH.label, 50, True),
    Standard(T.FAMILY, "Familie & Kinder", T.FAMILY.label, 60, True),
    Standard(T.RESIDENCE, "Recht & Aufenthalt", T.RESIDENCE.label, 70, True),
    Standard("participation", "Teilhabe & Ehrenamt", _("Teilhabe & Ehrenamt"), 80, False),
    Standard(T.LEISURE, "Freizeit & Begegnung", T.LEISURE.label, 85, True),
    Standard(T.COUNSELLING, "Beratung", T.COUNSELLING.label, 90, True),
    Standard(
        "intercultural-opening", "Interkulturelle Öffnung", _("Interkulturelle Öffnung"), 100, False
    ),
)

STANDARD_TARGET_GROUPS: tuple[Standard, ...] = (
    Standard(G.EVERYONE, "Offen für alle", G.EVERYONE.label, 5, True),
    Standard(G.REFUGEES, "Geflüchtete", G.REFUGEES.label, 10, True),
    Standard(G.EU, "Neuzugewanderte aus der EU", G.EU.label, 20, True),
    Standard(G.FAMILIES, "Familien", G.FAMILIES.label, 30, True),
    Standard(G.CHILDREN, "Kinder und Jugendliche", G.CHILDREN.label, 40, True),
    Standard(G.WOMEN, "Frauen", G.WOMEN.label, 50, True),
    Standard(G.SKILLED, "Fachkräfte aus dem Ausland", G.SKILLED.label, 60, True),
    Standard("volunteers", "Ehrenamtliche", _("Ehrenamtliche"), 70, False),
    Standard(G.SENIORS, "Ältere", G.SENIORS.label, 75, True),
    Standard(G.DISABILITY, "Menschen mit Behinderung", G.DISABILITY.label, 80, True),
    Standard(
        "staff",
        "Beschäftigte in Behörden und Einrichtungen",
        _("Beschäftigte in Behörden und Einrichtungen"),
        100,
        False,
    ),
)

# The names of the defaults, for callers that only need the German list.
DEFAULT_TOPICS: tuple[str, ...] = tuple(entry.name for entry in STANDARD_TOPICS)
DEFAULT_TARGET_GROUPS: tuple[str, ...] = tuple(entry.name for entry in STANDARD_TARGET_GROUPS)

_STANDARD: dict[type[Vocabulary], dict[str, Standard]] = {
    Topic: {entry.code: entry for entry in STANDARD_TOPICS},
    TargetGroup: {entry.code: entry for entry in STANDARD_TARGET_GROUPS},
}


def standards(model: type[Vocabulary]) -> tuple[Standard, ...]:
    return STANDARD_TOPICS if model is Topic else STANDARD_TARGET_GROUPS


def public_label(entry: Vocabulary, language: str | None = None) -> str:
    """The entry's wording in the public directory in `language` (default: the active one).

    The district's own wording for that language wins; a standard entry the district has not
    renamed uses the translated standard wording; otherwise the German name.
    """
    return public_label_of(type(entry), entry.code, entry.name, entry.public_labels, language)


def public_label_of(
    model: type[Vocabulary], code: str, name: str, own: Any, language: str | None = None
) -> str:
    """`public_label` from an entry's values (for reads that fetch only those)."""
    active = get_language() or "de"
    language = language or active
    wording = own.get(language) if isinstance(own, dict) else None
    if wording:
        return str(wording)
    standard = _STANDARD[model].get(code)
    if standard is None or name != standard.name:
        return name
    if language == active:
        return str(standard.public)
    with override(language):
        return str(standard.public)


# --- Defaults ---------------------------------------------------------------------------------


def missing_entries(model: type[Vocabulary], district_id: int) -> list[Standard]:
    """The default entries the district does not have yet (by code or by name)."""
    rows = model.objects.filter(district_id=district_id).values_list("code", "name")
    codes = {code for code, _name in rows}
    names = {name for _code, name in rows}
    return [
        entry for entry in standards(model) if entry.code not in codes and entry.name not in names
    ]


def _add(model: type[Vocabulary], district: Any) -> list[str]:
    entries = []
    for standard in missing_entries(model, district.pk):
        entry = model(
            district=district,
            code=standard.code,
            name=standard.name,
            position=standard.position,
            in_directory=standard.in_directory,
        )
        # Uniqueness was just checked above, inside this transaction.
        entry.full_clean(validate_unique=False, validate_constraints=False)
        entries.append(entry)
    model.objects.bulk_create(entries)
    return [entry.name for entry in entries]


@transaction.atomic
def vocabulary_seed_defaults(*, district: Any, actor: Any = None) -> int:
    """Add the default topics and target groups the district lacks; returns how many were added.

    Idempotent: entries are matched by code and name, so a second call adds nothing.
    """
    topics = _add(Topic, district)
    target_groups = _add(TargetGroup, district)
    if topics or target_groups:
        audit(
            actor=actor,
            action="vocabulary.seed_defaults",
            obj=district,
            district=district,
            changes={"topics": topics, "target_groups": target_groups},
        )
    return len(topics) + len(target_groups)


def seed_vocabulary_of_new_district(
    sender: type[District], instance: District, created: bool, raw: bool = False, **kwargs: Any
) -> None:
    """A new district starts with the default Handlungsfelder and target groups."""
    if created and not raw:
        vocabulary_seed_defaults(district=instance)


# --- Uses by other apps -----------------------------------------------------------------------

# counter(district_id, entry_ids) -> {entry id: how many records of this kind carry it}
Counter = Callable[[int, list[int]], dict[int, int]]


@dataclass(frozen=True)
class Usage:
    model: type[Vocabulary]
    label: Promise | str
    count: Counter


_USAGES: list[Usage] = []


def register_usage(model: type[Vocabulary], label: Promise | str, count: Counter) -> None:
    """An app stores entries of `model` on its records (called from `AppConfig.ready`)."""
    if not any(usage.model is model and usage.label == label for usage in _USAGES):
        _USAGES.append(Usage(model, label, count))


def usages(model: type[Vocabulary]) -> list[Usage]:
    return [usage for usage in _USAGES if usage.model is model]


def through_counter(through: Any, column: str) -> Counter:
    """A counter for a many-to-many link table: one grouped query."""

    def count(district_id: int, entry_ids: list[int]) -> dict[int, int]:
        rows = (
            through._default_manager.filter(**{f"{column}__in": entry_ids})
            .order_by()
            .values(column)
            .annotate(total=Count("*"))
            .values_list(column, "total")
        )
        return dict(rows)

    return count


def code_counter(rows: Callable[[int], Iterable[list[Any]]], model: type[Vocabulary]) -> Counter:
    """A counter for records that name entries by code in a list (`rows(district_id)` yields the
    lists): the directory's offers."""

    def count(district_id: int, entry_ids: list[int]) -> dict[int, int]:
        ids = dict(model.objects.filter(pk__in=entry_ids).values_list("code", "pk"))
        totals: dict[int, int] = {}
        for codes in rows(district_id):
            for code in set(codes or []):
                if code in ids:
                    totals[ids[code]] = totals.get(ids[code], 0) + 1
        return totals

    return count
