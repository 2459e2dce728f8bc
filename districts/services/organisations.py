"""Organisations of a district: create, update their profile and status, activate and
deactivate."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from core.audit import audit, diff, snapshot

from ..models import District, Organisation, Role
from ..permissions import can_manage_district, can_manage_organisation
from .common import _deny, _last_coordinator, _other_active_coordinators, _take

# Organisation admins keep these; the network's status fields are the coordinators'.
ORGANISATION_PROFILE_FIELDS = [
    "name",
    "short_name",
    "kind",
    "municipality",
    "email",
    "phone",
    "website",
]
ORGANISATION_STATUS_FIELDS = ["is_integration_office", "is_member"]


def _check_organisation_data(district: District, data: Mapping[str, Any], pk: int | None) -> None:
    municipality = data.get("municipality")
    if municipality is not None and municipality.district_id != district.pk:
        raise ValidationError({"municipality": _("Diese Gemeinde gehört nicht zu Ihrem Kreis.")})
    name = data.get("name")
    if name:
        same = Organisation.objects.for_district(district).filter(name__iexact=name.strip())
        if pk is not None:
            same = same.exclude(pk=pk)
        if same.exists():
            raise ValidationError(
                {"name": _("Eine Organisation mit diesem Namen gibt es in diesem Kreis schon.")}
            )


@transaction.atomic
def organisation_create(*, actor: Any, district: District, data: Mapping[str, Any]) -> Organisation:
    if not can_manage_district(actor, district):
        raise _deny(_("Nur die Koordination kann Organisationen anlegen."))
    values = _take(data, ORGANISATION_PROFILE_FIELDS + ORGANISATION_STATUS_FIELDS)
    _check_organisation_data(district, values, None)
    organisation = Organisation(district=district, **values)
    organisation.full_clean()
    organisation.save()
    fields = [*values, "is_active"]
    audit(
        actor=actor,
        action="organisation.create",
        obj=organisation,
        changes={name: [None, value] for name, value in snapshot(organisation, fields).items()},
    )
    return organisation


@transaction.atomic
def organisation_update(
    *, actor: Any, organisation: Organisation, data: Mapping[str, Any]
) -> Organisation:
    if not can_manage_organisation(actor, organisation):
        raise _deny(_("Sie dürfen diese Organisation nicht bearbeiten."))
    values = _take(data, ORGANISATION_PROFILE_FIELDS + ORGANISATION_STATUS_FIELDS)
    fields = list(values)
    before = snapshot(organisation, fields)
    status_changed = any(
        name in ORGANISATION_STATUS_FIELDS and before[name] != value
        for name, value in values.items()
    )
    if status_changed and not can_manage_district(actor, organisation.district):
        raise _deny(_("Nur die Koordination kann den Status einer Organisation ändern."))
    _check_organisation_data(organisation.district, values, organisation.pk)
    for name, value in values.items():
        setattr(organisation, name, value)
    organisation.full_clean()
    changes = diff(organisation, fields, before)
    if changes:
        organisation.save(update_fields=list(changes))
        audit(actor=actor, action="organisation.update", obj=organisation, changes=changes)
    return organisation


@transaction.atomic
def organisation_set_active(
    *, actor: Any, organisation: Organisation, is_active: bool
) -> Organisation:
    if not can_manage_district(actor, organisation.district):
        raise _deny(_("Nur die Koordination kann Organisationen aktivieren oder deaktivieren."))
    if organisation.is_active == is_active:
        return organisation
    if not is_active:
        has_coordinators = organisation.memberships.filter(
            is_active=True, role=Role.COORDINATOR
        ).exists()
        if has_coordinators and not _other_active_coordinators(
            organisation.district, exclude_organisation=organisation
        ):
            raise ValidationError(_last_coordinator())
    organisation.is_active = is_active
    organisation.full_clean()
    organisation.save(update_fields=["is_active"])
    audit(
        actor=actor,
        action="organisation.activate" if is_active else "organisation.deactivate",
        obj=organisation,
        changes={"is_active": [not is_active, is_active]},
    )
    return organisation
