"""Writes of places."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from core.audit import audit, diff, snapshot
from districts.geo import check_in_district
from districts.models import District

from ..models import (
    Place,
    Status,
)
from .entries import (
    PLACE_FIELDS,
    check_organisation,
    only_fields,
    require_editor,
    same_district,
    set_status,
)
from .translations import save_original


def _validate_place(place: Place, *, moved: bool, confirm_outside: bool) -> None:
    """`moved`: the coordinates are new or changed; only then does a point outside the Kreis
    need `confirm_outside` (a place confirmed once is not asked about again)."""
    same_district(place.municipality, place.district, "municipality")
    if (place.latitude is None) != (place.longitude is None):
        raise ValidationError(
            {"latitude": _("Bitte geben Sie Breite und Länge an – oder keins von beiden.")}
        )
    place.full_clean()
    if moved:
        check_in_district(
            place.district, place.latitude, place.longitude, confirmed=confirm_outside
        )


def _moved(before: Mapping[str, Any], place: Place) -> bool:
    def point(latitude: Any, longitude: Any) -> tuple[Any, ...]:
        return tuple(None if v is None else Decimal(str(v)) for v in (latitude, longitude))

    return point(before["latitude"], before["longitude"]) != point(place.latitude, place.longitude)


def _place_texts(place: Place, texts: Mapping[str, Any]) -> dict[str, Any]:
    return {**texts, "name": place.name}


@transaction.atomic
def place_create(
    *,
    actor: Any,
    district: District,
    data: Mapping[str, Any],
    texts: Mapping[str, Any],
    confirm_outside: bool = False,
) -> Place:
    values = only_fields(data, PLACE_FIELDS)
    check_organisation(actor, district, values.get("organisation"))
    place = Place(district=district, status=Status.PUBLISHED, **values)
    _validate_place(place, moved=True, confirm_outside=confirm_outside)
    place.save()
    changes = save_original(place, _place_texts(place, texts))
    audit(actor=actor, action="place.create", obj=place, changes=changes)
    return place


@transaction.atomic
def place_update(
    *,
    actor: Any,
    place: Place,
    data: Mapping[str, Any],
    texts: Mapping[str, Any],
    confirm_outside: bool = False,
) -> Place:
    require_editor(actor, place)
    values = only_fields(data, PLACE_FIELDS)
    if "organisation" in values and values["organisation"] != place.organisation:
        check_organisation(actor, place.district, values["organisation"])
    before = snapshot(place, PLACE_FIELDS)
    for name, value in values.items():
        setattr(place, name, value)
    _validate_place(place, moved=_moved(before, place), confirm_outside=confirm_outside)
    place.save()
    changes = diff(place, PLACE_FIELDS, before)
    changes.update(save_original(place, _place_texts(place, texts)))
    audit(actor=actor, action="place.update", obj=place, changes=changes)
    return place


@transaction.atomic
def place_set_status(*, actor: Any, place: Place, action: str) -> Place:
    result: Place = set_status(actor, place, action)
    return result
