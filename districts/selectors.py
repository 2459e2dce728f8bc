"""Reads for the management pages: what a person may manage in the current district.

Every list here keeps a constant number of queries however many rows it has: related rows come
with `select_related`, counts and flags are annotated.
"""

from __future__ import annotations

from typing import Any

from allauth.mfa.models import Authenticator
from django.db.models import Case, CharField, Count, Exists, OuterRef, Q, QuerySet, Value, When
from django.utils import timezone

from .models import (
    District,
    Invitation,
    Membership,
    Municipality,
    Organisation,
    OrganisationQuerySet,
    Role,
)
from .permissions import is_coordinator


class InvitationStatus:
    PENDING = "pending"
    ACCEPTED = "accepted"
    EXPIRED = "expired"
    REVOKED = "revoked"


def manageable_organisations(user: Any, district: District) -> OrganisationQuerySet:
    """All organisations of the district for coordinators, the own ones for organisation admins."""
    organisations = Organisation.objects.visible_to(user).for_district(district)
    if is_coordinator(user, district):
        return organisations
    administered = user.memberships.active().filter(district=district, is_org_admin=True)
    return organisations.filter(pk__in=administered.values("organisation_id"))


def organisation_list(
    user: Any, district: District, *, search: str = "", status: str = ""
) -> OrganisationQuerySet:
    organisations = (
        manageable_organisations(user, district)
        .select_related("municipality")
        .annotate(
            member_count=Count("memberships", filter=Q(memberships__is_active=True)),
        )
    )
    if search:
        organisations = organisations.filter(
            Q(name__icontains=search) | Q(short_name__icontains=search)
        )
    if status == "active":
        organisations = organisations.filter(is_active=True)
    elif status == "inactive":
        organisations = organisations.filter(is_active=False)
    elif status == "member":
        organisations = organisations.filter(is_member=True)
    elif status == "non_member":
        organisations = organisations.filter(is_member=False)
    return organisations.order_by("name")


def municipality_list(user: Any, district: District) -> QuerySet[Municipality]:
    return (
        Municipality.objects.visible_to(user)
        .for_district(district)
        .annotate(organisation_count=Count("organisations"))
        .order_by("name")
    )


def member_list(
    user: Any,
    district: District,
    *,
    organisation: Organisation | None = None,
    role: str = "",
) -> QuerySet[Membership]:
    second_factor = Authenticator.objects.filter(
        user=OuterRef("user"),
        type__in=[Authenticator.Type.TOTP, Authenticator.Type.WEBAUTHN],
    )
    members = (
        Membership.objects.visible_to(user)
        .for_district(district)
        .filter(organisation__in=manageable_organisations(user, district))
        .select_related("user", "organisation")
        .annotate(has_second_factor=Exists(second_factor))
    )
    if organisation is not None:
        members = members.filter(organisation=organisation)
    if role:
        members = members.filter(role=role)
    return members.order_by("organisation__name", "user__name", "user__email")


def invitation_list(user: Any, district: District, *, status: str = "") -> QuerySet[Invitation]:
    now = timezone.now()
    invitations = (
        Invitation.objects.visible_to(user)
        .for_district(district)
        .filter(organisation__in=manageable_organisations(user, district))
        .select_related("organisation", "invited_by")
        .annotate(
            status=Case(
                When(accepted_at__isnull=False, then=Value(InvitationStatus.ACCEPTED)),
                When(revoked_at__isnull=False, then=Value(InvitationStatus.REVOKED)),
                When(expires_at__lte=now, then=Value(InvitationStatus.EXPIRED)),
                default=Value(InvitationStatus.PENDING),
                output_field=CharField(),
            )
        )
    )
    if status:
        invitations = invitations.filter(status=status)
    return invitations.order_by("-created_at", "-pk")


def management_counts(user: Any, district: District) -> dict[str, int]:
    """The numbers on the management overview."""
    organisations = manageable_organisations(user, district)
    counts = {
        "organisations": organisations.count(),
        "members": Membership.objects.for_district(district)
        .filter(organisation__in=organisations, is_active=True)
        .count(),
        "invitations": Invitation.objects.for_district(district)
        .pending()
        .filter(organisation__in=organisations)
        .count(),
    }
    if is_coordinator(user, district):
        counts["municipalities"] = Municipality.objects.for_district(district).count()
    return counts


def usable_invitation(token: str) -> Invitation | None:
    """The invitation behind a link, if it can still be accepted."""
    invitation = (
        Invitation.objects.select_related("organisation", "district", "invited_by")
        .filter(token=token)
        .first()
    )
    if invitation is None or not invitation.is_usable or not invitation.organisation.is_active:
        return None
    return invitation


def invitation_exists(token: str) -> bool:
    return Invitation.objects.filter(token=token).exists()


def roles_grantable_by(user: Any, district: District | None) -> list[tuple[str, Any]]:
    if is_coordinator(user, district):
        return list(Role.choices)
    return [(value, label) for value, label in Role.choices if value != Role.COORDINATOR]
