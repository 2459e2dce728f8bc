"""Memberships: change a person's role and rights in an organisation, end and resume it."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from core.audit import audit, diff, snapshot

from ..models import Membership, Role
from ..permissions import can_grant_role, can_manage_membership
from .common import _deny, _last_coordinator, _other_active_coordinators

MEMBERSHIP_FIELDS = ["role", "is_org_admin", "can_casework"]


def _check_membership_access(actor: Any, membership: Membership) -> None:
    if getattr(actor, "pk", None) == membership.user_id:
        raise _deny(_("Ihre eigene Rolle und Mitgliedschaft können Sie nicht selbst ändern."))
    if not can_manage_membership(actor, membership):
        raise _deny(_("Sie dürfen diese Mitgliedschaft nicht ändern."))


def _leaves_district_without_coordinator(membership: Membership) -> bool:
    counts = membership.is_active and membership.organisation.is_active
    return (
        membership.role == Role.COORDINATOR
        and counts
        and not _other_active_coordinators(membership.district, exclude_membership=membership)
    )


@transaction.atomic
def membership_update(
    *,
    actor: Any,
    membership: Membership,
    role: str,
    is_org_admin: bool,
    can_casework: bool,
) -> Membership:
    _check_membership_access(actor, membership)
    if role != membership.role and not can_grant_role(actor, membership.district, role):
        raise _deny(_("Nur die Koordination kann die Rolle Koordination vergeben."))
    if role != Role.COORDINATOR and _leaves_district_without_coordinator(membership):
        raise ValidationError({"role": _last_coordinator()})
    before = snapshot(membership, MEMBERSHIP_FIELDS)
    membership.role = role
    membership.is_org_admin = is_org_admin
    membership.can_casework = can_casework
    membership.full_clean()
    changes = diff(membership, MEMBERSHIP_FIELDS, before)
    if changes:
        membership.save(update_fields=list(changes))
        audit(actor=actor, action="membership.update", obj=membership, changes=changes)
    return membership


@transaction.atomic
def membership_deactivate(*, actor: Any, membership: Membership) -> Membership:
    _check_membership_access(actor, membership)
    if not membership.is_active:
        raise ValidationError(_("Diese Mitgliedschaft ist bereits beendet."))
    if _leaves_district_without_coordinator(membership):
        raise ValidationError(_last_coordinator())
    membership.is_active = False
    membership.full_clean()
    membership.save(update_fields=["is_active"])
    audit(
        actor=actor,
        action="membership.deactivate",
        obj=membership,
        changes={"is_active": [True, False]},
    )
    return membership


@transaction.atomic
def membership_reactivate(*, actor: Any, membership: Membership) -> Membership:
    _check_membership_access(actor, membership)
    if membership.is_active:
        raise ValidationError(_("Diese Mitgliedschaft ist bereits aktiv."))
    membership.is_active = True
    membership.full_clean()
    membership.save(update_fields=["is_active"])
    audit(
        actor=actor,
        action="membership.reactivate",
        obj=membership,
        changes={"is_active": [False, True]},
    )
    return membership
