"""Who may edit, translate and moderate the directory; views, templates and services use these.

Coordinators manage every entry of their district; organisation admins and staff manage their
organisation's entries; volunteers only read the public pages. Moderation of community
submissions is for coordinators and organisation admins; the directory settings (languages,
machine translation) for coordinators.
"""

from __future__ import annotations

from typing import Any

from districts.models import District, Membership, Role
from districts.permissions import is_coordinator


def _memberships(user: Any) -> Any:
    if not getattr(user, "is_authenticated", False):
        return Membership.objects.none()
    return user.memberships.active()


def can_use_directory_editing(user: Any, district: District | None) -> bool:
    """Whether the staff pages under /angebote/ open at all: coordinators and staff."""
    if district is None:
        return False
    return (
        _memberships(user)
        .filter(district=district, role__in=[Role.COORDINATOR, Role.STAFF])
        .exists()
    )


def editable_organisation_ids(user: Any, district: District | None) -> list[int] | None:
    """Organisations whose entries `user` may edit; None means all of the district."""
    if district is None:
        return []
    if is_coordinator(user, district):
        return None
    return list(
        _memberships(user)
        .filter(district=district, role=Role.STAFF)
        .values_list("organisation_id", flat=True)
    )


def can_edit_entry(user: Any, entry: Any) -> bool:
    """An offer, place or event: coordinators of its district, staff of its organisation.

    Entries without an organisation (community submissions, imports) belong to the coordinators
    and, while they wait for moderation, also to the organisation admins (see `can_moderate`).
    """
    district = entry.district
    if is_coordinator(user, district):
        return True
    if getattr(entry, "status", "") == "submitted" and can_moderate(user, district):
        return True
    org_id = getattr(entry, "organisation_id", None)
    if org_id is None:
        return False
    return (
        _memberships(user)
        .filter(district=district, organisation_id=org_id, role=Role.STAFF)
        .exists()
    )


def can_moderate(user: Any, district: District | None) -> bool:
    """The moderation queue of community submissions: coordinators and organisation admins."""
    if district is None:
        return False
    return is_coordinator(user, district) or (
        _memberships(user).filter(district=district, is_org_admin=True).exists()
    )


def can_manage_directory_settings(user: Any, district: District | None) -> bool:
    return is_coordinator(user, district)
