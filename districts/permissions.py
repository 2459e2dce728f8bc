"""Named predicates for who may do what; views, templates and APIs all use these."""

from __future__ import annotations

from typing import Any

from accounts import second_factor

from .models import District, Membership, Organisation, Role
from .roles import all_roles, roles_of


def is_member_of_district(user: Any, district: District | None) -> bool:
    return roles_of(user, district).member


def is_coordinator(user: Any, district: District | int | None) -> bool:
    return roles_of(user, district).coordinator


def is_org_admin(user: Any, organisation: Organisation) -> bool:
    return organisation.pk in roles_of(user, organisation.district_id).administered


def can_manage_district(user: Any, district: District | None) -> bool:
    """Organisations, municipalities and all members of the district."""
    return is_coordinator(user, district)


def can_manage_organisation(user: Any, organisation: Organisation) -> bool:
    return is_coordinator(user, organisation.district_id) or is_org_admin(user, organisation)


def can_invite_to(user: Any, organisation: Organisation) -> bool:
    return can_manage_organisation(user, organisation)


def can_grant_role(user: Any, district: District, role: str) -> bool:
    """Only coordinators make coordinators; organisation admins invite staff and volunteers."""
    if role == Role.COORDINATOR:
        return is_coordinator(user, district)
    return True


def can_see_management(user: Any, district: District | None) -> bool:
    """Whether the "Verwaltung" section appears at all."""
    roles = roles_of(user, district)
    return roles.coordinator or bool(roles.administered)


def must_use_second_factor(user: Any) -> bool:
    """The districts' rule: coordinators and anyone with case-work permission."""
    return any(roles.coordinator or roles.casework for roles in all_roles(user).values())


def requires_second_factor(user: Any) -> bool:
    """Coordinators, anyone with case-work permission and the operator (Django admin) must use a
    second factor (see `accounts.second_factor`)."""
    return second_factor.requires_second_factor(user)


def can_manage_membership(user: Any, membership: Membership) -> bool:
    """Coordinators manage every membership of their district; organisation admins those of
    their organisation except coordinators'. Nobody manages their own membership here."""
    if getattr(user, "pk", None) == membership.user_id:
        return False
    if is_coordinator(user, membership.district_id):
        return True
    return membership.role != Role.COORDINATOR and is_org_admin(user, membership.organisation)


def can_manage_invitation(user: Any, invitation: Any) -> bool:
    """Resend or revoke: whoever may invite to the organisation and grant the invited role."""
    return can_invite_to(user, invitation.organisation) and can_grant_role(
        user, invitation.district, invitation.role
    )
