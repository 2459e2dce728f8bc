"""Writes of relations (typed ties between two organisations of one district).

A relation is entered from the point of view of one organisation (`organisation`): the other
side and the direction ("out": organisation → other, "in": other → organisation). Undirected
kinds are stored with the entering organisation as source.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from core.audit import audit, diff, snapshot
from districts.models import Organisation

from ..models import Relation
from ..permissions import can_edit_profile, can_edit_relation

RELATION_INPUT = ["other", "direction", "kind", "since", "note"]
RELATION_FIELDS = ["source", "target", "kind", "since", "note"]
OUTGOING, INCOMING = "out", "in"


def _take(data: Mapping[str, Any]) -> dict[str, Any]:
    unknown = set(data) - set(RELATION_INPUT)
    if unknown:
        raise TypeError(f"Unknown fields: {sorted(unknown)}")
    return dict(data)


def _ends(organisation: Organisation, values: dict[str, Any]) -> tuple[Organisation, Organisation]:
    other = values.get("other")
    if other is None:
        raise ValidationError({"other": _("Bitte wählen Sie eine Organisation aus.")})
    if other.district_id != organisation.district_id:
        raise ValidationError({"other": _("Diese Organisation gehört nicht zu Ihrem Kreis.")})
    if other.pk == organisation.pk:
        raise ValidationError(
            {"other": _("Eine Organisation kann keine Beziehung zu sich selbst haben.")}
        )
    kind = values.get("kind")
    if kind not in Relation.Kind.values:
        raise ValidationError({"kind": _("Bitte wählen Sie eine Art der Beziehung.")})
    if kind in Relation.DIRECTED and values.get("direction") == INCOMING:
        return other, organisation
    if kind in Relation.DIRECTED and values.get("direction") != OUTGOING:
        raise ValidationError({"direction": _("Bitte wählen Sie die Richtung der Beziehung.")})
    return organisation, other


def _check_duplicate(
    source: Organisation, target: Organisation, kind: str, pk: int | None = None
) -> None:
    same = Q(source=source, target=target)
    if kind not in Relation.DIRECTED:
        # An undirected tie is the same tie whichever side entered it.
        same |= Q(source=target, target=source)
    duplicates = Relation.objects.filter(same, kind=kind)
    if pk is not None:
        duplicates = duplicates.exclude(pk=pk)
    if duplicates.exists():
        raise ValidationError(_("Diese Beziehung ist schon eingetragen."))


@transaction.atomic
def relation_create(*, actor: Any, organisation: Organisation, data: Mapping[str, Any]) -> Relation:
    if not can_edit_profile(actor, organisation):
        raise PermissionDenied(_("Sie dürfen für diese Organisation keine Beziehungen eintragen."))
    values = _take(data)
    source, target = _ends(organisation, values)
    _check_duplicate(source, target, values["kind"])
    relation = Relation(
        district=organisation.district,
        source=source,
        target=target,
        kind=values["kind"],
        since=values.get("since"),
        note=values.get("note", ""),
    )
    relation.full_clean()
    relation.save()
    audit(
        actor=actor,
        action="relation.create",
        obj=relation,
        changes={k: [None, v] for k, v in snapshot(relation, RELATION_FIELDS).items()},
    )
    return relation


@transaction.atomic
def relation_update(
    *, actor: Any, relation: Relation, organisation: Organisation, data: Mapping[str, Any]
) -> Relation:
    """`organisation` is the side from which the relation is edited; it stays one of the ends."""
    if organisation.pk not in (relation.source_id, relation.target_id):
        raise ValidationError(_("Die Beziehung gehört nicht zu dieser Organisation."))
    if not (can_edit_relation(actor, relation) and can_edit_profile(actor, organisation)):
        raise PermissionDenied(_("Sie dürfen diese Beziehung nicht bearbeiten."))
    values = _take(data)
    source, target = _ends(organisation, values)
    _check_duplicate(source, target, values["kind"], relation.pk)
    before = snapshot(relation, RELATION_FIELDS)
    relation.source, relation.target = source, target
    relation.kind = values["kind"]
    relation.since = values.get("since")
    relation.note = values.get("note", "")
    relation.full_clean()
    relation.save()
    changes = diff(relation, RELATION_FIELDS, before)
    if changes:
        audit(actor=actor, action="relation.update", obj=relation, changes=changes)
    return relation


@transaction.atomic
def relation_delete(*, actor: Any, relation: Relation) -> None:
    if not can_edit_relation(actor, relation):
        raise PermissionDenied(_("Sie dürfen diese Beziehung nicht löschen."))
    audit(
        actor=actor,
        action="relation.delete",
        obj=relation,
        changes={k: [v, None] for k, v in snapshot(relation, RELATION_FIELDS).items()},
    )
    relation.delete()
