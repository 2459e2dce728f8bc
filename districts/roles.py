"""The role context: what one person is in one district, read once per request.

Every permission module asks here ("is this person a coordinator of this district, which
organisations do they administer, may they do case work"), so a page that checks ten predicates
reads the person's memberships with one query. The answer is kept on the user object, which
lives for one request, and is read again as soon as one of the person's memberships or any
organisation is saved or deleted in this process; a bulk `update()` bypasses the signals, so
code that changes memberships that way calls `forget_roles(user)` itself.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from .models import Membership, Organisation, Role


@dataclass(frozen=True)
class Seat:
    """One active membership: the organisation, the role and the extra rights it carries."""

    organisation_id: int
    role: str
    is_org_admin: bool
    can_casework: bool


@dataclass(frozen=True)
class Roles:
    """The person's active memberships in one district (active organisations only)."""

    district_id: int | None = None
    seats: tuple[Seat, ...] = ()
    _by_organisation: dict[int, Seat] = field(default_factory=dict, compare=False, repr=False)

    def __post_init__(self) -> None:
        self._by_organisation.update({seat.organisation_id: seat for seat in self.seats})

    @property
    def member(self) -> bool:
        """Any active membership, volunteers included."""
        return bool(self.seats)

    @property
    def role_names(self) -> frozenset[str]:
        return frozenset(seat.role for seat in self.seats)

    @property
    def coordinator(self) -> bool:
        return Role.COORDINATOR in self.role_names

    @property
    def staff(self) -> bool:
        """Coordinators and staff (the roles below volunteers that work with the data)."""
        return bool(self.role_names & {Role.COORDINATOR, Role.STAFF})

    @property
    def professional(self) -> bool:
        """Everyone but volunteers: coordinators, staff and organisation admins."""
        return self.staff or bool(self.administered)

    @property
    def volunteer_only(self) -> bool:
        return self.member and not self.professional

    @property
    def casework(self) -> bool:
        """May work with client data (referrals) in at least one organisation."""
        return any(seat.can_casework for seat in self.seats)

    @property
    def organisation_ids(self) -> frozenset[int]:
        return frozenset(self._by_organisation)

    @property
    def administered(self) -> frozenset[int]:
        """The organisations whose admin this person is."""
        return frozenset(seat.organisation_id for seat in self.seats if seat.is_org_admin)

    def role_in(self, organisation_id: int | None) -> str | None:
        seat = self._by_organisation.get(organisation_id) if organisation_id else None
        return seat.role if seat else None

    def by_organisation(self) -> dict[int, str]:
        """{organisation_id: role}."""
        return {seat.organisation_id: seat.role for seat in self.seats}

    def staff_organisation_ids(self) -> frozenset[int]:
        return frozenset(seat.organisation_id for seat in self.seats if seat.role == Role.STAFF)

    def casework_organisation_ids(self) -> frozenset[int]:
        return frozenset(seat.organisation_id for seat in self.seats if seat.can_casework)


NOBODY = Roles()
CACHE_ATTRIBUTE = "_lotse_roles"

# Bumped whenever an organisation changes (all its members' answers), and per person whenever
# one of their memberships changes: cached answers of an older generation are read again.
_generation = 0
_person_generation: dict[int, int] = {}


def _read(user: Any) -> dict[int, Roles]:
    """Every active seat of the person, grouped by district: one query."""
    grouped: dict[int, list[Seat]] = {}
    rows = (
        Membership.objects.filter(user=user)
        .active()
        .order_by("district_id", "organisation_id")
        .values_list("district_id", "organisation_id", "role", "is_org_admin", "can_casework")
    )
    for district_id, organisation_id, role, is_org_admin, can_casework in rows:
        grouped.setdefault(district_id, []).append(
            Seat(organisation_id, role, is_org_admin, can_casework)
        )
    return {pk: Roles(pk, tuple(seats)) for pk, seats in grouped.items()}


def all_roles(user: Any) -> dict[int, Roles]:
    """{district_id: Roles} of every district where the person holds an active seat."""
    if not getattr(user, "is_authenticated", False) or user.pk is None:
        return {}
    generation = (_generation, _person_generation.get(user.pk, 0))
    cached = getattr(user, CACHE_ATTRIBUTE, None)
    if cached is None or cached[0] != generation:
        cached = (generation, _read(user))
        setattr(user, CACHE_ATTRIBUTE, cached)
    return cached[1]


def district_id_of(district: Any) -> int | None:
    if district is None:
        return None
    return district if isinstance(district, int) else getattr(district, "pk", None)


def roles_of(user: Any, district: Any) -> Roles:
    """The person's roles in `district` (a District, its id, or None for "no district")."""
    district_id = district_id_of(district)
    if district_id is None:
        return NOBODY
    return all_roles(user).get(district_id, NOBODY)


def forget_roles(user: Any = None) -> None:
    """Read the roles again: of `user`, or of everybody when no user is given."""
    global _generation
    if user is None:
        _generation += 1
    elif hasattr(user, CACHE_ATTRIBUTE):
        delattr(user, CACHE_ATTRIBUTE)


@receiver(post_save, sender=Membership, dispatch_uid="roles-membership-saved")
@receiver(post_delete, sender=Membership, dispatch_uid="roles-membership-deleted")
def _membership_changed(instance: Membership, **kwargs: Any) -> None:
    _person_generation[instance.user_id] = _person_generation.get(instance.user_id, 0) + 1


@receiver(post_save, sender=Organisation, dispatch_uid="roles-organisation-saved")
@receiver(post_delete, sender=Organisation, dispatch_uid="roles-organisation-deleted")
def _organisation_changed(**kwargs: Any) -> None:
    forget_roles()
