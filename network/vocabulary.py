"""The default vocabularies every district starts with: Handlungsfelder and target groups.

Districts edit their own lists afterwards (rename, deactivate, add); the defaults are only added
when a district is created (see `network/signals.py`) and, once, for the districts that existed
before the network app (migration `0002_default_vocabulary`, which keeps its own frozen copy).
"""

from __future__ import annotations

from typing import Any

from django.db import transaction

from core.audit import audit

from .models import TargetGroup, Topic, Vocabulary

DEFAULT_TOPICS: tuple[str, ...] = (
    "Sprache & Bildung",
    "Arbeit & Ausbildung",
    "Anerkennung ausländischer Abschlüsse",
    "Wohnen",
    "Gesundheit",
    "Familie & Kinder",
    "Recht & Aufenthalt",
    "Teilhabe & Ehrenamt",
    "Beratung",
    "Interkulturelle Öffnung",
)

DEFAULT_TARGET_GROUPS: tuple[str, ...] = (
    "Geflüchtete",
    "Neuzugewanderte aus der EU",
    "Familien",
    "Kinder und Jugendliche",
    "Frauen",
    "Fachkräfte aus dem Ausland",
    "Ehrenamtliche",
    "Menschen mit Behinderung",
    "Ältere",
    "Beschäftigte in Behörden und Einrichtungen",
)

# Steps between positions leave room for the district's own entries in between.
POSITION_STEP = 10


def missing_entries(model: Any, district_id: int, names: tuple[str, ...]) -> list[tuple[int, str]]:
    """(position, name) of the default entries the district does not have yet (by name)."""
    existing = set(model.objects.filter(district_id=district_id).values_list("name", flat=True))
    return [
        ((index + 1) * POSITION_STEP, name)
        for index, name in enumerate(names)
        if name not in existing
    ]


def _add(model: type[Vocabulary], district: Any) -> list[str]:
    names = DEFAULT_TOPICS if model is Topic else DEFAULT_TARGET_GROUPS
    entries = []
    for position, name in missing_entries(model, district.pk, names):
        entry = model(district=district, name=name, position=position)
        # Uniqueness was just checked above, inside this transaction.
        entry.full_clean(validate_unique=False, validate_constraints=False)
        entries.append(entry)
    model.objects.bulk_create(entries)
    return [entry.name for entry in entries]


@transaction.atomic
def vocabulary_seed_defaults(*, district: Any, actor: Any = None) -> int:
    """Add the default topics and target groups the district lacks; returns how many were added.

    Idempotent: entries are matched by name, so a second call adds nothing.
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
