"""What the districts' writes share: the denial, the check of the fields passed, and the rule
that a district keeps at least one active coordinator."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from ..models import District, Membership, Organisation, Role


def _deny(message: str) -> PermissionDenied:
    return PermissionDenied(message)


def _take(data: Mapping[str, Any], allowed: list[str]) -> dict[str, Any]:
    unknown = set(data) - set(allowed)
    if unknown:
        raise TypeError(f"Unknown fields: {sorted(unknown)}")
    return dict(data)


def _other_active_coordinators(
    district: District,
    *,
    exclude_membership: Membership | None = None,
    exclude_organisation: Organisation | None = None,
) -> bool:
    coordinators = Membership.objects.for_district(district).active().filter(role=Role.COORDINATOR)
    # Locking the coordinators' rows makes two coordinators demoting each other at the same
    # moment wait for one another instead of both succeeding.
    locked = list(coordinators.select_for_update(of=("self",)).values_list("pk", "organisation_id"))
    return any(
        (exclude_membership is None or pk != exclude_membership.pk)
        and (exclude_organisation is None or organisation_id != exclude_organisation.pk)
        for pk, organisation_id in locked
    )


def _last_coordinator() -> str:
    return _("Der Kreis braucht mindestens eine aktive Koordination.")
