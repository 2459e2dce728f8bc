"""Municipalities of a district: create, update, delete."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from core.audit import audit, diff, snapshot

from ..models import District, Municipality
from ..permissions import can_manage_district
from .common import _deny, _take

MUNICIPALITY_FIELDS = ["name", "kind", "official_key", "postcodes"]


def _check_municipality_name(district: District, name: str, pk: int | None) -> None:
    same = Municipality.objects.for_district(district).filter(name__iexact=(name or "").strip())
    if pk is not None:
        same = same.exclude(pk=pk)
    if name and same.exists():
        raise ValidationError(
            {"name": _("Eine Gemeinde mit diesem Namen gibt es in diesem Kreis schon.")}
        )


@transaction.atomic
def municipality_create(*, actor: Any, district: District, data: Mapping[str, Any]) -> Municipality:
    if not can_manage_district(actor, district):
        raise _deny(_("Nur die Koordination kann Gemeinden pflegen."))
    values = _take(data, MUNICIPALITY_FIELDS)
    _check_municipality_name(district, values.get("name", ""), None)
    municipality = Municipality(district=district, **values)
    municipality.full_clean()
    municipality.save()
    audit(
        actor=actor,
        action="municipality.create",
        obj=municipality,
        changes={name: [None, value] for name, value in values.items()},
    )
    return municipality


@transaction.atomic
def municipality_update(
    *, actor: Any, municipality: Municipality, data: Mapping[str, Any]
) -> Municipality:
    if not can_manage_district(actor, municipality.district):
        raise _deny(_("Nur die Koordination kann Gemeinden pflegen."))
    values = _take(data, MUNICIPALITY_FIELDS)
    before = snapshot(municipality, list(values))
    _check_municipality_name(municipality.district, values.get("name", ""), municipality.pk)
    for name, value in values.items():
        setattr(municipality, name, value)
    municipality.full_clean()
    changes = diff(municipality, list(values), before)
    if changes:
        municipality.save(update_fields=list(changes))
        audit(actor=actor, action="municipality.update", obj=municipality, changes=changes)
    return municipality


@transaction.atomic
def municipality_delete(*, actor: Any, municipality: Municipality) -> None:
    if not can_manage_district(actor, municipality.district):
        raise _deny(_("Nur die Koordination kann Gemeinden pflegen."))
    # Organisations keep existing; their municipality becomes empty (SET_NULL).
    organisations = list(municipality.organisations.values_list("name", flat=True))
    audit(
        actor=actor,
        action="municipality.delete",
        obj=municipality,
        changes={"name": [municipality.name, None], "organisations": organisations},
    )
    municipality.delete()
