import datetime as dt

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone

from accounts.tests.factories import DEFAULT_PASSWORD, UserFactory
from core.models import AuditEvent
from districts import services
from districts.models import Membership, Role
from districts.tests.factories import InvitationFactory

NEW_PASSWORD = "Wasserturm-am-Rhein-2026"


def _url(invitation):
    return reverse("districts:invitation_accept", kwargs={"token": invitation.token})


def _new_account(name="Aylin Demir", password=NEW_PASSWORD, repeat=None):
    return {"name": name, "password1": password, "password2": repeat or password}


def test_link_from_the_email_leads_to_the_accept_page(client, network, mailoutbox):
    services.invitation_create(
        actor=network.coordinator, organisation=network.other_org, email="neu@example.org"
    )
    body = mailoutbox[0].body
    path = body[body.index("/einladung/") :].split()[0]
    response = client.get(path)
    assert response.status_code == 200
    assert "Einladung annehmen" in response.text
    assert network.other_org.name in response.text


def test_new_person_sets_password_and_is_signed_in(client, network):
    invitation = InvitationFactory(
        organisation=network.other_org, email="aylin@example.org", role=Role.VOLUNTEER
    )
    response = client.post(_url(invitation), _new_account())
    assert response.status_code == 302
    assert response.url == reverse("ui:dashboard")
    user = get_user_model().objects.get(email="aylin@example.org")
    assert user.name == "Aylin Demir"
    assert user.check_password(NEW_PASSWORD)
    assert not user.password.startswith(NEW_PASSWORD)
    address = EmailAddress.objects.get(user=user)
    assert address.verified and address.primary
    membership = Membership.objects.get(user=user)
    assert (membership.organisation, membership.role) == (network.other_org, Role.VOLUNTEER)
    invitation.refresh_from_db()
    assert invitation.accepted_at is not None
    assert AuditEvent.objects.filter(action="invitation.accept", actor=user).exists()
    dashboard = client.get(reverse("ui:dashboard"))
    assert dashboard.status_code == 200
    assert dashboard.wsgi_request.user == user


def test_flags_of_the_invitation_become_the_membership(client, network):
    invitation = InvitationFactory(
        organisation=network.other_org, is_org_admin=True, can_casework=True
    )
    client.post(_url(invitation), _new_account())
    membership = Membership.objects.get(user__email=invitation.email)
    assert membership.is_org_admin and membership.can_casework
    # Case work requires a second factor: the existing middleware sends the person to enrolment.
    response = client.get(reverse("ui:dashboard"))
    assert response.status_code == 302
    assert response.url == reverse("mfa_activate_totp")


@pytest.mark.parametrize(
    ("data", "field"),
    [
        (_new_account(password="kurz"), "password1"),
        (_new_account(password="123456789012345"), "password1"),
        (_new_account(repeat="Anderes-Passwort-2026"), "password2"),
        (_new_account(name="   "), "name"),
    ],
)
def test_bad_new_account_input_changes_nothing(client, network, data, field):
    invitation = InvitationFactory(organisation=network.other_org)
    response = client.post(_url(invitation), data)
    assert response.status_code == 200
    assert response.context["form"].errors[field]
    assert 'class="kern-error"' in response.text
    assert not get_user_model().objects.filter(email=invitation.email).exists()
    invitation.refresh_from_db()
    assert invitation.accepted_at is None


def _unusable(kind, network):
    if kind == "expired":
        return InvitationFactory(
            organisation=network.other_org, expires_at=timezone.now() - dt.timedelta(minutes=1)
        )
    if kind == "revoked":
        return InvitationFactory(organisation=network.other_org, revoked_at=timezone.now())
    if kind == "used":
        return InvitationFactory(organisation=network.other_org, accepted_at=timezone.now())
    invitation = InvitationFactory(organisation=network.other_org)
    network.other_org.is_active = False
    network.other_org.save()
    return invitation


@pytest.mark.parametrize("kind", ["expired", "revoked", "used", "organisation_inactive"])
def test_unusable_links_show_the_same_page_and_change_nothing(client, network, kind):
    invitation = _unusable(kind, network)
    for response in (client.get(_url(invitation)), client.post(_url(invitation), _new_account())):
        assert response.status_code == 410
        assert "nicht mehr gültig" in response.text
    assert not get_user_model().objects.filter(email=invitation.email).exists()


def test_unknown_token_is_404_with_the_same_page(client, db):
    response = client.get(reverse("districts:invitation_accept", kwargs={"token": "x" * 43}))
    assert response.status_code == 404
    assert "nicht mehr gültig" in response.text


def test_used_link_cannot_be_used_again(client, network):
    invitation = InvitationFactory(organisation=network.other_org)
    client.post(_url(invitation), _new_account())
    client.logout()
    response = client.post(_url(invitation), _new_account(name="Jemand anderes"))
    assert response.status_code == 410
    assert get_user_model().objects.filter(email=invitation.email).count() == 1
    assert get_user_model().objects.get(email=invitation.email).name == "Aylin Demir"


def test_double_accept_creates_one_membership(network):
    existing = UserFactory()
    invitation = InvitationFactory(organisation=network.other_org, email=existing.email)
    services.invitation_accept(actor=existing, token=invitation.token)
    with pytest.raises(services.InvitationUnavailable) as excinfo:
        services.invitation_accept(actor=existing, token=invitation.token)
    assert excinfo.value.gone
    assert Membership.objects.filter(user=existing, organisation=network.other_org).count() == 1


def test_double_submit_of_the_new_account_form(client, network):
    invitation = InvitationFactory(organisation=network.other_org)
    first = client.post(_url(invitation), _new_account())
    second = client.post(_url(invitation), _new_account())
    assert first.status_code == 302
    assert second.status_code == 410
    assert Membership.objects.filter(user__email=invitation.email).count() == 1


def test_existing_account_must_sign_in_first(client, network):
    existing = UserFactory(email="schon.da@example.org")
    invitation = InvitationFactory(organisation=network.other_org, email="Schon.Da@example.org")
    response = client.get(_url(invitation))
    assert response.status_code == 200
    login = f"{reverse('account_login')}?next={_url(invitation)}"
    assert login in response.text
    response = client.post(_url(invitation))
    assert not Membership.objects.filter(user=existing).exists()
    assert response.status_code == 200


def test_existing_account_accepts_with_one_button(client, network):
    existing = UserFactory()
    invitation = InvitationFactory(organisation=network.other_org, email=existing.email)
    client.force_login(existing)
    page = client.get(_url(invitation))
    assert page.status_code == 200
    assert "Einladung annehmen" in page.text
    assert 'name="password1"' not in page.text
    response = client.post(_url(invitation))
    assert response.status_code == 302
    assert Membership.objects.get(user=existing).organisation == network.other_org
    existing.refresh_from_db()
    assert existing.check_password(DEFAULT_PASSWORD)


def test_signed_in_as_someone_else_changes_nothing(client, network):
    invitation = InvitationFactory(organisation=network.other_org)
    client.force_login(network.staff)
    response = client.post(_url(invitation), _new_account())
    assert response.status_code == 200
    assert "andere E-Mail-Adresse" in response.text
    assert not get_user_model().objects.filter(email=invitation.email).exists()
    owner = UserFactory()
    invitation = InvitationFactory(organisation=network.other_org, email=owner.email)
    response = client.post(_url(invitation))
    assert response.status_code == 200
    assert not Membership.objects.filter(user=owner).exists()
    with pytest.raises(PermissionDenied):
        services.invitation_accept(actor=network.staff, token=invitation.token)


def test_existing_member_cannot_accept_twice(client, network):
    invitation = InvitationFactory(organisation=network.other_org, email=network.staff.email)
    client.force_login(network.staff)
    response = client.post(_url(invitation), follow=True)
    assert "bereits Mitglied" in response.text
    invitation.refresh_from_db()
    assert invitation.accepted_at is None
