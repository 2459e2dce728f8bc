"""The panels the districts app adds to "Meine Übersicht": memberships, the second factor,
the district in figures, the organisations a person administers and the latest changes.

A fixed number of queries whatever the size of the district; registered in `apps.py`."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from allauth.mfa.models import Authenticator
from django.http import HttpRequest
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from core.audit_labels import action_label
from core.models import AuditEvent
from ui.kit import current_district
from ui.registry import register_panel

from .models import District, Invitation, Membership, Municipality, Organisation
from .permissions import is_coordinator, requires_second_factor

AUDIT_EVENTS_SHOWN = 10

SECOND_FACTOR_LABELS: dict[str, Promise] = {
    Authenticator.Type.TOTP: _("Authenticator-App (TOTP)"),
    Authenticator.Type.WEBAUTHN: _("Sicherheitsschlüssel oder Passkey"),
    Authenticator.Type.RECOVERY_CODES: _("Wiederherstellungscodes"),
}


@dataclass
class DistrictCounts:
    organisations: int
    municipalities: int
    members: int
    pending_invitations: int


@dataclass(frozen=True)
class AuditRow:
    """One line of "Letzte Änderungen im Kreis": the action in words, not its code."""

    created_at: dt.datetime
    actor: Any
    action: str  # the code, e.g. "thread.close"
    label: str  # "Diskussion geschlossen"
    object_repr: str

    @classmethod
    def of(cls, event: AuditEvent) -> AuditRow:
        return cls(
            created_at=event.created_at,
            actor=event.actor,
            action=event.action,
            label=action_label(event.action, event.object_type),
            object_repr=event.object_repr,
        )


@dataclass
class AdministeredOrganisation:
    organisation: Organisation
    members: list[Membership] = field(default_factory=list)
    invitations: list[Invitation] = field(default_factory=list)


def _second_factors(user: Any) -> list[Promise]:
    types = set(Authenticator.objects.filter(user=user).values_list("type", flat=True))
    return [label for kind, label in SECOND_FACTOR_LABELS.items() if kind in types]


def _district_counts(district: District) -> DistrictCounts:
    return DistrictCounts(
        organisations=Organisation.objects.for_district(district).active().count(),
        municipalities=Municipality.objects.for_district(district).count(),
        members=Membership.objects.for_district(district)
        .active()
        .values("user")
        .distinct()
        .count(),
        pending_invitations=Invitation.objects.for_district(district).pending().count(),
    )


def _administered(
    user: Any, district: District, memberships: list[Membership]
) -> list[AdministeredOrganisation]:
    """The organisations this person administers, with their members and open invitations."""
    by_id = {
        m.organisation_id: AdministeredOrganisation(m.organisation)
        for m in memberships
        if m.is_org_admin
    }
    if not by_id:
        return []
    members = (
        Membership.objects.visible_to(user)
        .for_district(district)
        .active()
        .filter(organisation_id__in=by_id)
        .select_related("user")
        .order_by("user__name", "user__email")
    )
    for membership in members:
        by_id[membership.organisation_id].members.append(membership)
    invitations = (
        Invitation.objects.visible_to(user)
        .for_district(district)
        .pending()
        .filter(organisation_id__in=by_id)
        .order_by("expires_at")
    )
    for invitation in invitations:
        by_id[invitation.organisation_id].invitations.append(invitation)
    return list(by_id.values())


def _memberships(request: HttpRequest) -> list[Membership]:
    """The person's active memberships in the current district (read once per request)."""
    cached = getattr(request, "_dashboard_memberships", None)
    if cached is None:
        district = current_district(request)
        user: Any = request.user
        cached = []
        if district is not None:
            cached = list(
                user.memberships.active()
                .for_district(district)
                .select_related("organisation")
                .order_by("organisation__name")
            )
        request._dashboard_memberships = cached  # type: ignore[attr-defined]
    return cached


def _coordinated(request: HttpRequest) -> District | None:
    district = current_district(request)
    if district is None or not _memberships(request):
        return None
    return district if is_coordinator(request.user, district) else None


def memberships_panel(request: HttpRequest) -> dict[str, Any]:
    """The memberships in the current district, or how to get one."""
    return {"memberships": _memberships(request)}


def second_factor_panel(request: HttpRequest) -> dict[str, Any]:
    return {
        "second_factors": _second_factors(request.user),
        "second_factor_required": requires_second_factor(request.user),
    }


def counts_panel(request: HttpRequest) -> dict[str, Any] | None:
    district = _coordinated(request)
    return None if district is None else {"counts": _district_counts(district)}


def administered_panel(request: HttpRequest) -> dict[str, Any] | None:
    district = current_district(request)
    memberships = _memberships(request)
    if district is None or not memberships:
        return None
    administered = _administered(request.user, district, memberships)
    return {"administered": administered} if administered else None


def audit_panel(request: HttpRequest) -> dict[str, Any] | None:
    district = _coordinated(request)
    if district is None:
        return None
    events = AuditEvent.objects.filter(district=district).select_related("actor")
    return {"audit_events": [AuditRow.of(event) for event in events[:AUDIT_EVENTS_SHOWN]]}


def register() -> None:
    register_panel(
        "memberships", "districts/dashboard/memberships.html", memberships_panel, order=20
    )
    register_panel(
        "second_factor", "districts/dashboard/second_factor.html", second_factor_panel, order=30
    )
    register_panel("district_counts", "districts/dashboard/counts.html", counts_panel, order=40)
    register_panel(
        "administered", "districts/dashboard/administered.html", administered_panel, order=50
    )
    register_panel("audit_events", "districts/dashboard/audit_events.html", audit_panel, order=60)
