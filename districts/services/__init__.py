"""Every write of the districts app: organisations, municipalities, memberships, invitations,
one module each.

Each function checks the permission with the predicates of `permissions.py`, validates with
`full_clean()`, saves and writes the audit record in one transaction.
"""

from .invitations import (
    InvitationUnavailable,
    invitation_accept,
    invitation_create,
    invitation_resend,
    invitation_revoke,
)
from .memberships import (
    MEMBERSHIP_FIELDS,
    membership_deactivate,
    membership_reactivate,
    membership_update,
)
from .municipalities import (
    MUNICIPALITY_FIELDS,
    municipality_create,
    municipality_delete,
    municipality_update,
)
from .organisations import (
    ORGANISATION_PROFILE_FIELDS,
    ORGANISATION_STATUS_FIELDS,
    organisation_create,
    organisation_set_active,
    organisation_update,
)

__all__ = [
    "InvitationUnavailable",
    "MEMBERSHIP_FIELDS",
    "MUNICIPALITY_FIELDS",
    "ORGANISATION_PROFILE_FIELDS",
    "ORGANISATION_STATUS_FIELDS",
    "invitation_accept",
    "invitation_create",
    "invitation_resend",
    "invitation_revoke",
    "membership_deactivate",
    "membership_reactivate",
    "membership_update",
    "municipality_create",
    "municipality_delete",
    "municipality_update",
    "organisation_create",
    "organisation_set_active",
    "organisation_update",
]
