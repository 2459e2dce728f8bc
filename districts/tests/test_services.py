import datetime as dt

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from core.models import AuditEvent
from districts import services
from districts.models import Invitation, Membership, Municipality, Organisation, Role
from districts.tests.factories import (
    InvitationFactory,
    MembershipFactory,
    MunicipalityFactory,
)


def _membership(user, organisation):
    return Membership.objects.get(user=user, organisation=organisation)


def _audit(action, obj):
    return AuditEvent.objects.filter(action=action, object_id=str(obj.pk))


# --- Organisations ---------------------------------------------------------------------------


def test_coordinator_creates_organisation_with_audit(network):
    organisation = services.organisation_create(
        actor=network.coordinator,
        district=network.district,
        data={"name": "Jugendmigrationsdienst", "kind": Organisation.Kind.WELFARE},
    )
    assert organisation.district == network.district
    event = _audit("organisation.create", organisation).get()
    assert event.actor == network.coordinator
    assert event.district == network.district
    assert event.changes["name"] == [None, "Jugendmigrationsdienst"]


@pytest.mark.parametrize("who", ["org_admin", "staff", "volunteer"])
def test_only_coordinators_create_organisations(network, who):
    with pytest.raises(PermissionDenied):
        services.organisation_create(
            actor=getattr(network, who), district=network.district, data={"name": "Neu"}
        )
    assert not Organisation.objects.filter(name="Neu").exists()


def test_duplicate_organisation_name_is_refused_in_german(network):
    with pytest.raises(ValidationError) as excinfo:
        services.organisation_create(
            actor=network.coordinator,
            district=network.district,
            data={"name": network.other_org.name.upper()},
        )
    assert "gibt es in diesem Kreis schon" in str(excinfo.value.message_dict["name"])


def test_org_admin_updates_own_profile_and_diff_is_audited(network):
    services.organisation_update(
        actor=network.org_admin,
        organisation=network.other_org,
        data={"phone": "02631 1234", "name": network.other_org.name},
    )
    network.other_org.refresh_from_db()
    assert network.other_org.phone == "02631 1234"
    event = _audit("organisation.update", network.other_org).get()
    assert event.changes == {"phone": ["", "02631 1234"]}


def test_org_admin_cannot_change_status_fields_or_other_orgs(network):
    with pytest.raises(PermissionDenied):
        services.organisation_update(
            actor=network.org_admin, organisation=network.other_org, data={"is_member": False}
        )
    with pytest.raises(PermissionDenied):
        services.organisation_update(
            actor=network.org_admin, organisation=network.office, data={"phone": "1"}
        )
    with pytest.raises(PermissionDenied):
        services.organisation_update(
            actor=network.staff, organisation=network.other_org, data={"phone": "1"}
        )
    network.other_org.refresh_from_db()
    assert network.other_org.is_member


def test_municipality_of_other_district_is_refused(network, other_network):
    foreign = MunicipalityFactory(district=other_network.district)
    with pytest.raises(ValidationError):
        services.organisation_update(
            actor=network.coordinator,
            organisation=network.other_org,
            data={"municipality": foreign},
        )


def test_coordinator_of_other_district_cannot_touch_organisation(network, other_network):
    with pytest.raises(PermissionDenied):
        services.organisation_update(
            actor=other_network.coordinator, organisation=network.other_org, data={"phone": "1"}
        )


def test_set_active_toggles_and_audits(network):
    services.organisation_set_active(
        actor=network.coordinator, organisation=network.other_org, is_active=False
    )
    network.other_org.refresh_from_db()
    assert not network.other_org.is_active
    assert _audit("organisation.deactivate", network.other_org).exists()
    with pytest.raises(PermissionDenied):
        services.organisation_set_active(
            actor=network.org_admin, organisation=network.other_org, is_active=True
        )


def test_office_with_last_coordinator_cannot_be_deactivated(network):
    with pytest.raises(ValidationError):
        services.organisation_set_active(
            actor=network.coordinator, organisation=network.office, is_active=False
        )
    network.office.refresh_from_db()
    assert network.office.is_active


# --- Municipalities ----------------------------------------------------------------------------


def test_municipality_create_update_delete(network):
    municipality = services.municipality_create(
        actor=network.coordinator,
        district=network.district,
        data={"name": "Andernach", "kind": Municipality.Kind.LARGE_CITY, "postcodes": "56626"},
    )
    network.other_org.municipality = municipality
    network.other_org.save()
    services.municipality_update(
        actor=network.coordinator,
        municipality=municipality,
        data={"name": "Stadt Andernach", "postcodes": "56626"},
    )
    assert _audit("municipality.update", municipality).get().changes == {
        "name": ["Andernach", "Stadt Andernach"]
    }
    pk = municipality.pk
    services.municipality_delete(actor=network.coordinator, municipality=municipality)
    assert not Municipality.objects.filter(pk=pk).exists()
    network.other_org.refresh_from_db()
    assert network.other_org.municipality is None
    assert AuditEvent.objects.filter(action="municipality.delete", object_id=str(pk)).exists()


def test_municipality_rules(network):
    with pytest.raises(PermissionDenied):
        services.municipality_create(
            actor=network.org_admin, district=network.district, data={"name": "X"}
        )
    with pytest.raises(ValidationError) as excinfo:
        services.municipality_create(
            actor=network.coordinator,
            district=network.district,
            data={"name": "Mayen", "official_key": "12ab"},
        )
    assert "official_key" in excinfo.value.message_dict
    assert not Municipality.objects.filter(name="Mayen").exists()


# --- Memberships -------------------------------------------------------------------------------


def test_coordinator_changes_role_and_flags(network):
    membership = _membership(network.staff, network.other_org)
    services.membership_update(
        actor=network.coordinator,
        membership=membership,
        role=Role.COORDINATOR,
        is_org_admin=True,
        can_casework=True,
    )
    membership.refresh_from_db()
    assert membership.role == Role.COORDINATOR
    event = _audit("membership.update", membership).get()
    assert set(event.changes) == {"role", "is_org_admin", "can_casework"}


def test_org_admin_grants_staff_roles_and_casework_but_not_coordinator(network):
    membership = _membership(network.volunteer, network.other_org)
    services.membership_update(
        actor=network.org_admin,
        membership=membership,
        role=Role.STAFF,
        is_org_admin=False,
        can_casework=True,
    )
    membership.refresh_from_db()
    assert (membership.role, membership.can_casework) == (Role.STAFF, True)
    with pytest.raises(PermissionDenied):
        services.membership_update(
            actor=network.org_admin,
            membership=membership,
            role=Role.COORDINATOR,
            is_org_admin=False,
            can_casework=False,
        )
    membership.refresh_from_db()
    assert membership.role == Role.STAFF


def test_org_admin_cannot_touch_other_org_or_coordinators(network):
    with pytest.raises(PermissionDenied):
        services.membership_deactivate(
            actor=network.org_admin, membership=_membership(network.coordinator, network.office)
        )
    coordinator_here = MembershipFactory(organisation=network.other_org, role=Role.COORDINATOR)
    with pytest.raises(PermissionDenied):
        services.membership_update(
            actor=network.org_admin,
            membership=coordinator_here,
            role=Role.STAFF,
            is_org_admin=False,
            can_casework=False,
        )


@pytest.mark.parametrize("who", ["coordinator", "org_admin"])
def test_nobody_changes_their_own_role(network, who):
    person = getattr(network, who)
    membership = person.memberships.get()
    with pytest.raises(PermissionDenied):
        services.membership_update(
            actor=person,
            membership=membership,
            role=Role.VOLUNTEER,
            is_org_admin=membership.is_org_admin,
            can_casework=False,
        )
    with pytest.raises(PermissionDenied):
        services.membership_deactivate(actor=person, membership=membership)


def test_coordinators_may_demote_each_other_while_one_remains(network):
    second = MembershipFactory(organisation=network.office, role=Role.COORDINATOR)
    services.membership_update(
        actor=network.coordinator,
        membership=second,
        role=Role.STAFF,
        is_org_admin=False,
        can_casework=False,
    )
    second.refresh_from_db()
    assert second.role == Role.STAFF


def test_last_coordinator_cannot_be_demoted_or_deactivated(network, monkeypatch):
    """Two coordinators demoting each other at once: the later request passed its permission
    check before the first one committed. The rule still keeps one coordinator."""
    first = _membership(network.coordinator, network.office)
    former = MembershipFactory(organisation=network.office, role=Role.STAFF).user
    monkeypatch.setattr(
        "districts.services.memberships._check_membership_access",
        lambda actor, membership: None,
    )
    with pytest.raises(ValidationError) as excinfo:
        services.membership_update(
            actor=former,
            membership=first,
            role=Role.STAFF,
            is_org_admin=False,
            can_casework=False,
        )
    assert "mindestens eine aktive Koordination" in str(excinfo.value)
    with pytest.raises(ValidationError):
        services.membership_deactivate(actor=former, membership=first)
    first.refresh_from_db()
    assert first.role == Role.COORDINATOR and first.is_active
    # A coordinator in another organisation of the district is enough.
    MembershipFactory(organisation=network.other_org, role=Role.COORDINATOR)
    services.membership_deactivate(actor=former, membership=first)
    first.refresh_from_db()
    assert not first.is_active


def test_deactivate_and_reactivate(network):
    membership = _membership(network.staff, network.other_org)
    services.membership_deactivate(actor=network.org_admin, membership=membership)
    membership.refresh_from_db()
    assert not membership.is_active
    assert (
        network.district.pk
        not in type(network.staff).objects.get(pk=network.staff.pk).district_ids()
    )
    with pytest.raises(ValidationError):
        services.membership_deactivate(actor=network.org_admin, membership=membership)
    services.membership_reactivate(actor=network.org_admin, membership=membership)
    membership.refresh_from_db()
    assert membership.is_active
    assert _audit("membership.deactivate", membership).exists()
    assert _audit("membership.reactivate", membership).exists()


# --- Invitations -------------------------------------------------------------------------------


def test_invitation_create_sends_german_mail_with_link(network, settings):
    settings.SITE_URL = "https://lotse.example.org"
    invitation = services.invitation_create(
        actor=network.org_admin,
        organisation=network.other_org,
        email=" Neue.Kollegin@Example.org ",
        name="Neue Kollegin",
        role=Role.STAFF,
    )
    assert invitation.email == "neue.kollegin@example.org"
    assert invitation.invited_by == network.org_admin
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["neue.kollegin@example.org"]
    assert f"https://lotse.example.org/einladung/{invitation.token}/" in message.body
    assert network.other_org.name in message.body
    assert network.org_admin.name in message.body
    expiry = timezone.localtime(invitation.expires_at)
    assert f"{expiry.day}. " in message.body and str(expiry.year) in message.body
    assert "Einladung" in message.subject
    assert _audit("invitation.create", invitation).get().actor == network.org_admin


def test_invitation_rules(network):
    with pytest.raises(PermissionDenied):
        services.invitation_create(
            actor=network.org_admin,
            organisation=network.other_org,
            email="chefin@example.org",
            role=Role.COORDINATOR,
        )
    with pytest.raises(PermissionDenied):
        services.invitation_create(
            actor=network.org_admin, organisation=network.office, email="x@example.org"
        )
    with pytest.raises(PermissionDenied):
        services.invitation_create(
            actor=network.staff, organisation=network.other_org, email="x@example.org"
        )
    with pytest.raises(ValidationError) as excinfo:
        services.invitation_create(
            actor=network.coordinator,
            organisation=network.other_org,
            email=network.staff.email.upper(),
        )
    assert "bereits Mitglied" in str(excinfo.value)
    services.invitation_create(
        actor=network.coordinator, organisation=network.other_org, email="doppelt@example.org"
    )
    with pytest.raises(ValidationError) as excinfo:
        services.invitation_create(
            actor=network.org_admin, organisation=network.other_org, email="Doppelt@example.org"
        )
    assert "offene Einladung" in str(excinfo.value)
    # Another organisation may invite the same address.
    services.invitation_create(
        actor=network.coordinator, organisation=network.office, email="doppelt@example.org"
    )
    assert Invitation.objects.filter(email="doppelt@example.org").count() == 2
    assert len(mail.outbox) == 2


def test_invitation_to_inactive_organisation_is_refused(network):
    network.other_org.is_active = False
    network.other_org.save()
    with pytest.raises(ValidationError):
        services.invitation_create(
            actor=network.coordinator, organisation=network.other_org, email="x@example.org"
        )


def test_resend_gives_new_token_and_expiry(network):
    invitation = InvitationFactory(
        organisation=network.other_org,
        expires_at=timezone.now() - dt.timedelta(days=1),
    )
    old_token = invitation.token
    services.invitation_resend(actor=network.org_admin, invitation=invitation)
    invitation.refresh_from_db()
    assert invitation.token != old_token
    assert invitation.is_usable
    assert invitation.token in mail.outbox[-1].body
    assert old_token not in mail.outbox[-1].body
    assert _audit("invitation.resend", invitation).exists()


def test_revoke_and_its_rules(network):
    invitation = InvitationFactory(organisation=network.other_org)
    with pytest.raises(PermissionDenied):
        services.invitation_revoke(actor=network.staff, invitation=invitation)
    services.invitation_revoke(actor=network.org_admin, invitation=invitation)
    invitation.refresh_from_db()
    assert invitation.revoked_at is not None and not invitation.is_usable
    with pytest.raises(ValidationError):
        services.invitation_revoke(actor=network.org_admin, invitation=invitation)
    with pytest.raises(ValidationError):
        services.invitation_resend(actor=network.org_admin, invitation=invitation)
    coordinator_invite = InvitationFactory(organisation=network.other_org, role=Role.COORDINATOR)
    with pytest.raises(PermissionDenied):
        services.invitation_revoke(actor=network.org_admin, invitation=coordinator_invite)
