"""Reads for "Meine Übersicht": a fixed number of queries whatever the size of the district."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from allauth.mfa.models import Authenticator
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from core.audit_labels import action_label
from core.models import AuditEvent
from districts.models import District, Invitation, Membership, Municipality, Organisation
from districts.permissions import is_coordinator, requires_second_factor
from exchange.activity import Activity
from exchange.selectors.activity import exchange_activity

AUDIT_EVENTS_SHOWN = 10
ACTIVITY_SHOWN = 8

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


@dataclass
class Dashboard:
    memberships: list[Membership]
    second_factors: list[Promise]
    second_factor_required: bool
    is_coordinator: bool = False
    counts: DistrictCounts | None = None
    administered: list[AdministeredOrganisation] = field(default_factory=list)
    audit_events: list[AuditRow] = field(default_factory=list)
    activity: list[Activity] = field(default_factory=list)


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


def dashboard_for(user: Any, district: District | None) -> Dashboard:
    memberships: list[Membership] = []
    if district is not None:
        memberships = list(
            user.memberships.active()
            .for_district(district)
            .select_related("organisation")
            .order_by("organisation__name")
        )
    dashboard = Dashboard(
        memberships=memberships,
        second_factors=_second_factors(user),
        second_factor_required=requires_second_factor(user),
    )
    if district is None or not memberships:
        return dashboard
    dashboard.administered = _administered(user, district, memberships)
    dashboard.activity = exchange_activity(user, district, limit=ACTIVITY_SHOWN)
    if is_coordinator(user, district):
        dashboard.is_coordinator = True
        dashboard.counts = _district_counts(district)
        dashboard.audit_events = [
            AuditRow.of(event)
            for event in AuditEvent.objects.filter(district=district).select_related("actor")[
                :AUDIT_EVENTS_SHOWN
            ]
        ]
    return dashboard
