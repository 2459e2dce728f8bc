"""Who may reach which route: the entries of the access matrix (see test_access_matrix.py).

Roles: anonymous, volunteer, staff, org_admin, coordinator, caseworker (staff of the same
organisation as `staff`, with case-work permission and the second factor that requires),
operator (Django admin only, no membership). A row's case worker expects what its staff expects
unless the row says otherwise (`roles(..., caseworker=...)`): today only the pages of the second
factor differ, where the case worker, like the coordinator, has one. Scopes say which object
the request targets, seen from the actor: `own_org` (the actor's organisation), `other_org`
(another organisation of the actor's district) and `other_district`. Routes without objects
expect the same status in every scope.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.urls import reverse

from accounts.tests.factories import UserFactory
from conftest import Network, build_network, enrol_totp
from districts.models import Invitation, Membership, Municipality, Organisation, Role
from districts.tests.factories import InvitationFactory, MembershipFactory, MunicipalityFactory
from ui import registry

ROLES = ("anonymous", "volunteer", "staff", "org_admin", "coordinator", "caseworker", "operator")
SCOPES = ("own_org", "other_org", "other_district")
MEMBERS = ("volunteer", "staff", "org_admin", "coordinator")

Expectation = int | dict[str, int]


@dataclass
class Target:
    """The objects a request is aimed at, for one role and scope."""

    district: Any
    organisation: Organisation
    membership: Membership
    invitation: Invitation
    municipality: Municipality
    more: dict[str, Any]  # objects of other apps, from `build_targets` in <app>/tests/access.py


@dataclass
class World:
    home: Network
    away: Network
    extras: dict[str, dict[str, Any]]
    operator: Any

    def user(self, role: str) -> Any:
        if role == "anonymous":
            return None
        if role == "operator":
            return self.operator
        return getattr(self.home, role)

    def target(self, role: str, scope: str) -> Target:
        if scope == "other_district":
            org = self.away.other_org
        else:
            own = self.home.office if role == "coordinator" else self.home.other_org
            other = self.home.other_org if role == "coordinator" else self.home.office
            org = own if scope == "own_org" else other
        extra = self.extras[org.pk]
        return Target(
            district=org.district,
            organisation=org,
            membership=extra["membership"],
            invitation=extra["invitation"],
            municipality=extra["municipality"],
            more=extra["more"],
        )


def build_world() -> World:
    home, away = build_network(), build_network()
    extras = {}
    for org in (home.office, home.other_org, away.other_org):
        municipality = MunicipalityFactory(district=org.district)
        extras[org.pk] = {
            "membership": MembershipFactory(organisation=org, role=Role.STAFF),
            "invitation": InvitationFactory(organisation=org),
            "municipality": municipality,
            "more": {k: v for hook in _target_hooks() for k, v in hook(org).items()},
        }
    operator = UserFactory(is_staff=True, is_superuser=True)
    enrol_totp(operator)
    return World(home, away, extras, operator)


@dataclass(frozen=True)
class Case:
    path: str | Callable[[Target], str]
    expect: dict[str, Expectation]
    method: str = "GET"
    data: Callable[[Target], dict[str, Any]] | None = None
    htmx: bool = False
    note: str = field(default="", compare=False)

    def url(self, target: Target) -> str:
        return self.path(target) if callable(self.path) else self.path

    def expected(self, role: str, scope: str) -> int:
        if role == "caseworker" and role not in self.expect:
            role = "staff"  # the same organisation and role, plus case work: see the docstring
        value = self.expect[role]
        return value if isinstance(value, int) else value[scope]


def roles(
    anonymous: Expectation,
    members: Expectation,
    operator: Expectation | None = None,
    **overrides: Expectation,
) -> dict[str, Expectation]:
    """Expectation per role: `members` for all four member roles unless overridden; the case
    worker follows staff unless `caseworker=` is given."""
    table: dict[str, Expectation] = {"anonymous": anonymous}
    table.update({role: members for role in MEMBERS})
    table["operator"] = members if operator is None else operator
    table.update(overrides)
    return table


def scoped(own_org: int, other_org: int, other_district: int) -> dict[str, int]:
    return {"own_org": own_org, "other_org": other_org, "other_district": other_district}


def named(name: str, **kwargs: Any) -> Callable[[Target], str]:
    return lambda target: reverse(name, kwargs=kwargs or None)


# Shorthands for common rows.
PUBLIC = roles(anonymous=200, members=200)
SIGNED_IN = roles(anonymous=302, members=200)
SIGNED_OUT_ONLY = roles(anonymous=200, members=302)  # signed-in people are sent on

# Management: staff, volunteers and the operator are refused (403); single objects outside what
# the manager may manage look missing (404).
OWN_ORG_ONLY = scoped(200, 404, 404)
OWN_DISTRICT = scoped(200, 200, 404)
OWN_ORG_ONLY_POST = scoped(302, 404, 404)
OWN_DISTRICT_POST = scoped(302, 302, 404)


def managers(org_admin: Expectation, coordinator: Expectation) -> dict[str, Expectation]:
    return roles(anonymous=302, members=403, org_admin=org_admin, coordinator=coordinator)


MANAGERS = managers(org_admin=200, coordinator=200)
COORDINATORS = managers(org_admin=403, coordinator=200)

MATRIX: dict[str, Case] = {
    # --- ui ---------------------------------------------------------------------------------
    "ui:home": Case("/", SIGNED_OUT_ONLY, note="public start page; signed in → dashboard"),
    "ui:dashboard": Case(named("ui:dashboard"), SIGNED_IN),
    "ui:imprint": Case(named("ui:imprint"), PUBLIC),
    "ui:privacy": Case(named("ui:privacy"), PUBLIC),
    "ui:accessibility": Case(named("ui:accessibility"), PUBLIC),
    # The capabilities still to come (announced in the registry): an honest "kommt bald" page
    # for every signed-in person.
    **{
        f"ui:{page.slug}": Case(named(f"ui:{page.slug}"), SIGNED_IN)
        for page in registry.announced()
    },
    # --- districts ----------------------------------------------------------------------------
    "districts:switch": Case(
        named("districts:switch"),
        roles(
            anonymous=302,
            members=scoped(302, 302, 404),
            operator=404,
        ),
        method="POST",
        data=lambda t: {"district": t.district.pk},
    ),
    # --- districts: management (coordinators: district, organisation admins: own organisation) -
    "districts:manage": Case(named("districts:manage"), MANAGERS),
    "districts:organisation_list": Case(named("districts:organisation_list"), MANAGERS),
    "districts:member_list": Case(named("districts:member_list"), MANAGERS),
    "districts:invitation_list": Case(named("districts:invitation_list"), MANAGERS),
    "districts:invitation_create": Case(named("districts:invitation_create"), MANAGERS),
    "districts:organisation_create": Case(named("districts:organisation_create"), COORDINATORS),
    "districts:municipality_list": Case(named("districts:municipality_list"), COORDINATORS),
    "districts:municipality_create": Case(named("districts:municipality_create"), COORDINATORS),
    "districts:organisation_edit": Case(
        lambda t: reverse("districts:organisation_edit", args=[t.organisation.pk]),
        managers(org_admin=OWN_ORG_ONLY, coordinator=OWN_DISTRICT),
    ),
    "districts:municipality_edit": Case(
        lambda t: reverse("districts:municipality_edit", args=[t.municipality.pk]),
        managers(org_admin=403, coordinator=OWN_DISTRICT),
    ),
    "districts:member_edit": Case(
        lambda t: reverse("districts:member_edit", args=[t.membership.pk]),
        managers(org_admin=OWN_ORG_ONLY, coordinator=OWN_DISTRICT),
    ),
    "districts:organisation_set_active": Case(
        lambda t: reverse("districts:organisation_set_active", args=[t.organisation.pk]),
        managers(org_admin=403, coordinator=OWN_DISTRICT_POST),
        method="POST",
        data=lambda t: {"active": "0"},
    ),
    "districts:municipality_delete": Case(
        lambda t: reverse("districts:municipality_delete", args=[t.municipality.pk]),
        managers(org_admin=403, coordinator=OWN_DISTRICT_POST),
        method="POST",
    ),
    "districts:member_deactivate": Case(
        lambda t: reverse("districts:member_deactivate", args=[t.membership.pk]),
        managers(org_admin=OWN_ORG_ONLY_POST, coordinator=OWN_DISTRICT_POST),
        method="POST",
    ),
    "districts:member_reactivate": Case(
        lambda t: reverse("districts:member_reactivate", args=[t.membership.pk]),
        managers(org_admin=OWN_ORG_ONLY_POST, coordinator=OWN_DISTRICT_POST),
        method="POST",
    ),
    "districts:invitation_resend": Case(
        lambda t: reverse("districts:invitation_resend", args=[t.invitation.pk]),
        managers(org_admin=OWN_ORG_ONLY_POST, coordinator=OWN_DISTRICT_POST),
        method="POST",
    ),
    "districts:invitation_revoke": Case(
        lambda t: reverse("districts:invitation_revoke", args=[t.invitation.pk]),
        managers(org_admin=OWN_ORG_ONLY_POST, coordinator=OWN_DISTRICT_POST),
        method="POST",
    ),
    "districts:invitation_accept": Case(
        lambda t: reverse("districts:invitation_accept", args=[t.invitation.token]),
        PUBLIC,
        note="the link is the credential; signed-in people see whose account is active",
    ),
    # --- accounts -------------------------------------------------------------------------------
    "accounts:profile": Case(named("accounts:profile"), SIGNED_IN),
    # --- allauth: sign-in, password, e-mail ---------------------------------------------------
    "account_login": Case(named("account_login"), SIGNED_OUT_ONLY),
    "account_logout": Case(named("account_logout"), roles(anonymous=302, members=200)),
    "account_inactive": Case(named("account_inactive"), PUBLIC),
    "account_signup": Case(
        named("account_signup"), SIGNED_OUT_ONLY, note="closed: invitation only"
    ),
    "account_reauthenticate": Case(named("account_reauthenticate"), SIGNED_IN),
    "account_email": Case(named("account_email"), SIGNED_IN),
    "account_email_verification_sent": Case(named("account_email_verification_sent"), PUBLIC),
    "account_confirm_email": Case(named("account_confirm_email", key="unknown"), PUBLIC),
    "account_change_password": Case(named("account_change_password"), SIGNED_IN),
    "account_set_password": Case(
        named("account_set_password"), roles(anonymous=302, members=302), note="has a password"
    ),
    "account_reset_password": Case(named("account_reset_password"), PUBLIC),
    "account_reset_password_done": Case(named("account_reset_password_done"), PUBLIC),
    "account_reset_password_from_key": Case(
        named("account_reset_password_from_key", uidb36="1", key="bad-key"), PUBLIC
    ),
    "account_reset_password_from_key_done": Case(
        named("account_reset_password_from_key_done"), PUBLIC
    ),
    "account_confirm_login_code": Case(
        named("account_confirm_login_code"), roles(anonymous=302, members=302)
    ),
    # --- allauth: second factor (coordinator, case worker and operator have TOTP in the world) -
    "mfa_index": Case(named("mfa_index"), SIGNED_IN),
    "mfa_authenticate": Case(named("mfa_authenticate"), roles(anonymous=302, members=302)),
    "mfa_reauthenticate": Case(
        named("mfa_reauthenticate"),
        roles(anonymous=302, members=302, coordinator=200, caseworker=200, operator=200),
    ),
    "mfa_activate_totp": Case(named("mfa_activate_totp"), roles(anonymous=302, members=302)),
    "mfa_deactivate_totp": Case(
        named("mfa_deactivate_totp"),
        roles(anonymous=302, members=404, coordinator=302, caseworker=302, operator=302),
    ),
    "mfa_view_recovery_codes": Case(
        named("mfa_view_recovery_codes"), roles(anonymous=302, members=404)
    ),
    "mfa_generate_recovery_codes": Case(
        named("mfa_generate_recovery_codes"), roles(anonymous=302, members=302)
    ),
    "mfa_download_recovery_codes": Case(
        named("mfa_download_recovery_codes"), roles(anonymous=302, members=404)
    ),
    "mfa_list_webauthn": Case(named("mfa_list_webauthn"), SIGNED_IN),
    "mfa_add_webauthn": Case(named("mfa_add_webauthn"), roles(anonymous=302, members=302)),
    "mfa_reauthenticate_webauthn": Case(
        named("mfa_reauthenticate_webauthn"), roles(anonymous=302, members=302)
    ),
    "mfa_remove_webauthn": Case(
        named("mfa_remove_webauthn", pk=1), roles(anonymous=302, members=302)
    ),
    "mfa_edit_webauthn": Case(named("mfa_edit_webauthn", pk=1), roles(anonymous=302, members=302)),
    # --- allauth: single sign-on (not configured in tests: the provider is unknown) ------------
    "socialaccount_connections": Case(named("socialaccount_connections"), SIGNED_IN),
    "socialaccount_login_cancelled": Case(named("socialaccount_login_cancelled"), PUBLIC),
    "socialaccount_login_error": Case(
        named("socialaccount_login_error"), roles(anonymous=401, members=401)
    ),
    "socialaccount_signup": Case(named("socialaccount_signup"), roles(anonymous=302, members=302)),
    "konto/social/connections/": Case(
        "/konto/social/connections/", roles(anonymous=301, members=301)
    ),
    "konto/social/login/cancelled/": Case(
        "/konto/social/login/cancelled/", roles(anonymous=301, members=301)
    ),
    "konto/social/login/error/": Case(
        "/konto/social/login/error/", roles(anonymous=301, members=301)
    ),
    "konto/social/signup/": Case("/konto/social/signup/", roles(anonymous=301, members=301)),
    "openid_connect_login": Case(
        named("openid_connect_login", provider_id="lotse-sso"), roles(anonymous=404, members=404)
    ),
    "openid_connect_callback": Case(
        named("openid_connect_callback", provider_id="lotse-sso"), roles(anonymous=404, members=404)
    ),
    "set_language": Case(
        "/i18n/setlang/",
        roles(anonymous=302, members=302),
        method="POST",
        data=lambda t: {"language": "en"},
    ),
}

# The admin site is generated per registered model; it is covered as one entry: the operator
# gets in, everybody else is sent to the admin sign-in.
ADMIN_SAMPLE = ["admin:index"]


def _access_modules() -> list[Any]:
    """The `<app>/tests/access.py` modules of the project's own apps."""
    from importlib import import_module
    from importlib.util import find_spec
    from pathlib import Path

    from django.apps import apps
    from django.conf import settings

    found = []
    for config in apps.get_app_configs():
        if Path(config.path).parent != settings.BASE_DIR:  # the project's own apps only
            continue
        module_name = f"{config.name}.tests.access"
        if find_spec(f"{config.name}.tests") is None or find_spec(module_name) is None:
            continue
        found.append(import_module(module_name))
    return found


def _target_hooks() -> list[Callable[[Organisation], dict[str, Any]]]:
    return [m.build_targets for m in _access_modules() if hasattr(m, "build_targets")]


def _app_entries() -> dict[str, Case]:
    """Project apps declare their own rows in `<app>/tests/access.py` as `ENTRIES`."""
    merged: dict[str, Case] = {}
    for module in _access_modules():
        entries = module.ENTRIES
        clash = set(entries) & (set(MATRIX) | set(merged))
        assert not clash, f"access-matrix rows declared twice: {sorted(clash)}"
        merged.update(entries)
    return merged


MATRIX.update(_app_entries())
