"""Named predicates of the network app: who sees which part of a profile, who edits what."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from districts.models import District, Organisation
from districts.permissions import can_manage_organisation, is_coordinator
from districts.roles import roles_of

from .models import Agreement, Audience, Contact, OutreachEntry, Profile, Relation

ALL_AUDIENCES = frozenset(Audience.values)
VOLUNTEER_AUDIENCES = frozenset({Audience.VOLUNTEERS.value, Audience.PUBLIC.value})

# The parts of a Steckbrief, each with the field that names its audience.
PROFILE_PARTS: dict[str, str] = {
    "description": "description_audience",
    "contact": "contact_audience",
    "address": "address_audience",
    "opening_hours": "opening_hours_audience",
    "topics": "topics_audience",
}


@dataclass(frozen=True)
class NetworkAccess:
    """What one person may do in the network pages of one district, read with one query."""

    member: bool = False  # any active membership: sees the network
    professional: bool = False  # coordinator, staff or organisation admin: all internal parts
    coordinator: bool = False
    exporter: bool = False  # coordinators and staff: data exports

    @property
    def audiences(self) -> frozenset[str]:
        if self.professional:
            return ALL_AUDIENCES
        return VOLUNTEER_AUDIENCES if self.member else frozenset()


def network_access(user: Any, district: District | None) -> NetworkAccess:
    roles = roles_of(user, district)
    return NetworkAccess(
        member=roles.member,
        professional=roles.professional,
        coordinator=roles.coordinator,
        exporter=roles.staff,
    )


def audiences_for(user: Any, district: District | None) -> frozenset[str]:
    """The audiences whose parts `user` may read in `district`.

    Coordinators, staff and organisation admins read everything internal; volunteers only what
    is opened to volunteers or the public; everybody else nothing (the public directory is
    another page).
    """
    return network_access(user, district).audiences


def can_export_network(user: Any, district: District | None) -> bool:
    """Exports of the network's data: coordinators and staff (organisation admins included),
    not volunteers."""
    return network_access(user, district).exporter


def can_view_network(user: Any, district: District | None) -> bool:
    return bool(audiences_for(user, district))


def visible_parts(profile: Profile, audiences: frozenset[str]) -> frozenset[str]:
    """The parts of `profile` readable with `audiences` (see `audiences_for`)."""
    return frozenset(
        part for part, field in PROFILE_PARTS.items() if getattr(profile, field) in audiences
    )


def can_see_history(user: Any, district: District | None) -> bool:
    """The change history names people and internal fields: not for volunteers."""
    return audiences_for(user, district) == ALL_AUDIENCES


def can_edit_in_network(user: Any, district: District | None) -> bool:
    """Whether the person edits any profile of the district (coordinators, organisation admins)."""
    roles = roles_of(user, district)
    return roles.coordinator or bool(roles.administered)


def can_edit_profile(user: Any, organisation: Organisation) -> bool:
    """Organisation admins edit their own organisation's profile, coordinators all of theirs."""
    return can_manage_organisation(user, organisation)


def can_edit_contact(user: Any, contact: Contact) -> bool:
    return can_edit_profile(user, contact.organisation)


def can_edit_relation(user: Any, relation: Relation) -> bool:
    """A tie belongs to both sides: either side's admins may keep it."""
    return can_edit_profile(user, relation.source) or can_edit_profile(user, relation.target)


# --- Cooperation agreements -------------------------------------------------------------------


def is_network_member(user: Any, district: District | None) -> bool:
    """Coordinators, staff and organisation admins of the district; not volunteers."""
    return audiences_for(user, district) == ALL_AUDIENCES


def can_see_agreements(user: Any, district: District | None) -> bool:
    return is_network_member(user, district)


def can_create_agreement(user: Any, district: District | None) -> bool:
    return is_coordinator(user, district) or bool(roles_of(user, district).administered)


def can_edit_agreement(user: Any, agreement: Agreement) -> bool:
    """Coordinators all agreements of their district; organisation admins those of their
    organisation."""
    if is_coordinator(user, agreement.district_id):
        return True
    administered = roles_of(user, agreement.district_id).administered
    return bool(administered) and agreement.parties.filter(pk__in=administered).exists()


# --- Outreach log ------------------------------------------------------------------------------


def can_see_outreach(user: Any, district: District | None) -> bool:
    """Coordinators and staff of the district (organisation admins included), not volunteers."""
    return is_network_member(user, district)


def can_edit_outreach_entry(user: Any, entry: OutreachEntry) -> bool:
    """Coordinators every entry of their district; everyone else the entries they own."""
    if is_coordinator(user, entry.district_id):
        return True
    return (
        entry.owner_id is not None
        and entry.owner_id == getattr(user, "pk", None)
        and is_network_member(user, entry.district)
    )


# --- Vocabularies (topics, target groups) ------------------------------------------------------


def can_manage_vocabulary(user: Any, district: District | None) -> bool:
    """The topics and target groups of a district: its coordinators only."""
    return is_coordinator(user, district)
