"""Who may edit, translate and moderate the directory; views, templates and services use these.

Coordinators manage every entry of their district; organisation admins and staff manage their
organisation's entries; volunteers only read the public pages. Moderation of community
submissions is for coordinators and organisation admins; the directory settings (languages,
machine translation) for coordinators.
"""

from __future__ import annotations

from typing import Any

from districts.models import District, Role
from districts.permissions import is_coordinator
from districts.roles import roles_of


def can_use_directory_editing(user: Any, district: District | None) -> bool:
    """Whether the staff pages under /angebote/ open at all: coordinators and staff."""
    return roles_of(user, district).staff


def editable_organisation_ids(user: Any, district: District | None) -> list[int] | None:
    """Organisations whose entries `user` may edit; None means all of the district."""
    if district is None:
        return []
    if is_coordinator(user, district):
        return None
    return sorted(roles_of(user, district).staff_organisation_ids())


def can_edit_entry(user: Any, entry: Any) -> bool:
    """An offer, place or event: coordinators of its district, staff of its organisation.

    Entries without an organisation (community submissions, imports) belong to the coordinators
    and, while they wait for moderation, also to the organisation admins (see `can_moderate`).
    """
    district = entry.district_id
    if is_coordinator(user, district):
        return True
    if getattr(entry, "status", "") == "submitted" and can_moderate(user, district):
        return True
    org_id = getattr(entry, "organisation_id", None)
    if org_id is None:
        return False
    return roles_of(user, district).role_in(org_id) == Role.STAFF


def can_moderate(user: Any, district: District | int | None) -> bool:
    """The moderation queue of community submissions: coordinators and organisation admins."""
    roles = roles_of(user, district)
    return roles.coordinator or bool(roles.administered)


def can_manage_directory_settings(user: Any, district: District | None) -> bool:
    return is_coordinator(user, district)
