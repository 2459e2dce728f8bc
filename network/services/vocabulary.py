"""The district's own vocabularies: Handlungsfelder (topics) and target groups.

Coordinators of a district add, rename, reorder, deactivate and delete the entries. A deactivated
entry is no longer offered in forms and filters but stays on the records that carry it; an entry
is deleted only while nothing uses it. Each write checks the permission, validates, saves and
writes the audit record in one transaction.
"""

from __future__ import annotations

import unicodedata
from typing import Any, Literal

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from core.audit import audit
from districts.models import District, Vocabulary
from districts.vocabulary import POSITION_STEP
from network.permissions import can_manage_vocabulary

from ..selectors.vocabulary import Kind, kind_of, usage_counts

Direction = Literal["up", "down"]
MAX_POSITION = 32_767  # PositiveSmallIntegerField
MAX_ENTRIES = 500  # per vocabulary and district: far beyond any real list of topics


def _require(actor: Any, district: District | None) -> None:
    if not can_manage_vocabulary(actor, district):
        raise PermissionDenied(_("Nur die Koordination des Kreises pflegt diese Listen."))


# --- Writes -----------------------------------------------------------------------------------


def _clean_name(name: str) -> str:
    cleaned = " ".join(str(name).split())
    if not cleaned:
        raise ValidationError({"name": _("Bitte geben Sie einen Namen ein.")})
    if any(unicodedata.category(char).startswith("C") for char in cleaned):
        raise ValidationError({"name": _("Der Name darf keine Steuerzeichen enthalten.")})
    return cleaned


def _refuse_duplicate(kind: Kind, district: District, name: str, exclude: int | None) -> None:
    """Names are unique in a district regardless of case ("Wohnen" and "wohnen" are one)."""
    wanted = name.casefold()
    others = kind.model.objects.for_district(district).exclude(pk=exclude)
    for other_name, is_active in others.values_list("name", "is_active"):
        if other_name.casefold() != wanted:
            continue
        if is_active:
            message = _("„%(name)s“ gibt es in dieser Liste schon.")
        else:
            message = _(
                "„%(name)s“ gibt es in dieser Liste schon, deaktiviert. Aktivieren Sie den "
                "Eintrag wieder, statt einen neuen anzulegen."
            )
        raise ValidationError({"name": message % {"name": other_name}})


def _lock_district(district: District) -> None:
    """Serialise the writes to one district's vocabularies (names and positions)."""
    District.objects.select_for_update().filter(pk=district.pk).first()


def _ordered(kind: Kind, district: District) -> list[Vocabulary]:
    return list(kind.model.objects.for_district(district).order_by("position", "name", "pk"))


def _renumber(entries: list[Vocabulary]) -> None:
    """Positions 10, 20, 30, … in the given order; saves only the entries that move."""
    changed = []
    for index, entry in enumerate(entries):
        position = (index + 1) * POSITION_STEP
        if entry.position != position:
            entry.position = position
            changed.append(entry)
    if changed:
        type(changed[0]).objects.bulk_update(changed, ["position"])


@transaction.atomic
def vocabulary_create(*, actor: Any, district: District, kind: Kind, name: str) -> Vocabulary:
    """A new entry at the end of the list."""
    _require(actor, district)
    _lock_district(district)
    name = _clean_name(name)
    _refuse_duplicate(kind, district, name, exclude=None)
    entries = _ordered(kind, district)
    if len(entries) >= MAX_ENTRIES:
        raise ValidationError(
            _("Diese Liste hat schon %(count)d Einträge; mehr sind nicht möglich.")
            % {"count": MAX_ENTRIES}
        )
    position = (entries[-1].position if entries else 0) + POSITION_STEP
    if position > MAX_POSITION:
        _renumber(entries)
        position = (len(entries) + 1) * POSITION_STEP
    entry = kind.model(district=district, name=name, position=position)
    entry.full_clean()
    entry.save()
    audit(
        actor=actor,
        action=f"{entry._meta.model_name}.create",
        obj=entry,
        changes={"name": name, "position": position},
    )
    return entry


@transaction.atomic
def vocabulary_rename(*, actor: Any, entry: Vocabulary, name: str) -> Vocabulary:
    """A new name; every record that carries the entry shows it from now on."""
    _require(actor, entry.district)
    _lock_district(entry.district)
    name = _clean_name(name)
    if name == entry.name:
        return entry
    _refuse_duplicate(kind_of(entry), entry.district, name, exclude=entry.pk)
    old = entry.name
    entry.name = name
    entry.full_clean()
    entry.save(update_fields=["name"])
    audit(
        actor=actor,
        action=f"{entry._meta.model_name}.rename",
        obj=entry,
        changes={"name": [old, name]},
    )
    return entry


MAX_LABEL = 100


@transaction.atomic
def vocabulary_update(
    *,
    actor: Any,
    entry: Vocabulary,
    name: str,
    in_directory: bool,
    public_labels: dict[str, str],
) -> Vocabulary:
    """A new name, whether the public directory offers the entry, and its public wording per
    language (empty: the standard translation or the name)."""
    _require(actor, entry.district)
    vocabulary_rename(actor=actor, entry=entry, name=name)
    languages = {code for code, _label in settings.LANGUAGES}
    labels: dict[str, str] = {}
    for language, text in (public_labels or {}).items():
        if language not in languages:
            raise ValidationError(_("Unbekannte Sprache: %(code)s") % {"code": language})
        cleaned = " ".join(str(text or "").split())
        if len(cleaned) > MAX_LABEL or any(
            unicodedata.category(char).startswith("C") for char in cleaned
        ):
            raise ValidationError(
                {f"label_{language}": _("Höchstens 100 Zeichen, ohne Steuerzeichen.")}
            )
        if cleaned:
            labels[language] = cleaned
    old = {"in_directory": entry.in_directory, "public_labels": dict(entry.public_labels or {})}
    if old == {"in_directory": bool(in_directory), "public_labels": labels}:
        return entry
    entry.in_directory = bool(in_directory)
    entry.public_labels = labels
    entry.full_clean(validate_unique=False, validate_constraints=False)
    entry.save(update_fields=["in_directory", "public_labels"])
    audit(
        actor=actor,
        action=f"{entry._meta.model_name}.directory",
        obj=entry,
        changes={
            "in_directory": [old["in_directory"], entry.in_directory],
            "public_labels": [old["public_labels"], labels],
        },
    )
    return entry


@transaction.atomic
def vocabulary_move(*, actor: Any, entry: Vocabulary, direction: Direction) -> bool:
    """Swap the entry with its neighbour above or below; False at the start or end of the list."""
    _require(actor, entry.district)
    if direction not in ("up", "down"):
        raise ValidationError(_("Unbekannte Richtung."))
    _lock_district(entry.district)
    entries = _ordered(kind_of(entry), entry.district)
    index = next(i for i, other in enumerate(entries) if other.pk == entry.pk)
    neighbour = index - 1 if direction == "up" else index + 1
    if not 0 <= neighbour < len(entries):
        return False
    old = entries[index].position
    entries[index], entries[neighbour] = entries[neighbour], entries[index]
    _renumber(entries)
    moved = entries[neighbour]
    entry.position = moved.position
    audit(
        actor=actor,
        action=f"{entry._meta.model_name}.move",
        obj=entry,
        changes={"position": [old, moved.position], "direction": direction},
    )
    return True


@transaction.atomic
def vocabulary_set_active(*, actor: Any, entry: Vocabulary, is_active: bool) -> Vocabulary:
    """Deactivated entries leave the choice lists but stay on existing records."""
    _require(actor, entry.district)
    if entry.is_active == is_active:
        return entry
    entry.is_active = is_active
    entry.full_clean(validate_unique=False, validate_constraints=False)
    entry.save(update_fields=["is_active"])
    audit(
        actor=actor,
        action=f"{entry._meta.model_name}.{'reactivate' if is_active else 'deactivate'}",
        obj=entry,
        changes={"is_active": [not is_active, is_active]},
    )
    return entry


@transaction.atomic
def vocabulary_delete(*, actor: Any, entry: Vocabulary) -> None:
    """Only an entry nothing uses can go; otherwise deactivate it."""
    _require(actor, entry.district)
    _lock_district(entry.district)
    used = [(label, count) for label, count in usage_counts(entry) if count]
    if used:
        where = ", ".join(f"{label}: {count}" for label, count in used)
        raise ValidationError(
            _(
                "„%(name)s“ wird noch verwendet (%(where)s) und kann nicht gelöscht werden. "
                "Deaktivieren Sie den Eintrag stattdessen: Dann steht er nicht mehr zur Auswahl, "
                "bleibt aber bei den bestehenden Einträgen erhalten."
            )
            % {"name": entry.name, "where": where}
        )
    audit(
        actor=actor,
        action=f"{entry._meta.model_name}.delete",
        obj=entry,
        changes={"name": entry.name, "position": entry.position},
    )
    entry.delete()
