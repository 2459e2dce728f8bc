"""Arbitrary input to the forms never causes a server error, and invalid input changes nothing."""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from districts.models import Invitation, Membership, Municipality, Organisation
from districts.tests.factories import InvitationFactory

FUZZ = settings(
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
# Surrogates cannot be sent as UTF-8 by any browser, so they are not part of the input space.
text = st.text(alphabet=st.characters(codec="utf-8"), max_size=300)
choice_or_text = st.one_of(text, st.sampled_from(["", "staff", "volunteer", "coordinator"]))
checkbox = st.one_of(st.just(""), st.just("on"), text)


@pytest.fixture
def coordinator_client(client, network):
    client.force_login(network.coordinator)
    return client


@FUZZ
@given(
    name=text, short_name=text, kind=text, municipality=text, email=text, phone=text, website=text
)
@example(
    name="Verein",
    short_name="",
    kind="association",
    municipality=str(2**63),
    email="",
    phone="",
    website="",
)
def test_organisation_form(
    coordinator_client, network, name, short_name, kind, municipality, email, phone, website
):
    before = Organisation.objects.count()
    response = coordinator_client.post(
        reverse("districts:organisation_create"),
        {
            "name": name,
            "short_name": short_name,
            "kind": kind,
            "municipality": municipality,
            "email": email,
            "phone": phone,
            "website": website,
        },
    )
    assert response.status_code in {200, 302}
    if response.status_code == 200:
        assert response.context["form"].errors
        assert Organisation.objects.count() == before


@FUZZ
@given(name=text, kind=text, official_key=text, postcodes=text)
def test_municipality_form(coordinator_client, network, name, kind, official_key, postcodes):
    before = Municipality.objects.count()
    response = coordinator_client.post(
        reverse("districts:municipality_create"),
        {"name": name, "kind": kind, "official_key": official_key, "postcodes": postcodes},
    )
    assert response.status_code in {200, 302}
    if response.status_code == 200:
        assert response.context["form"].errors
        assert Municipality.objects.count() == before


@FUZZ
@given(
    email=st.one_of(text, st.emails()),
    name=text,
    organisation=text,
    role=choice_or_text,
    is_org_admin=checkbox,
    can_casework=checkbox,
)
@example(
    email="neu@example.org",
    name="Neu",
    organisation=str(2**63),
    role="staff",
    is_org_admin="",
    can_casework="",
)
def test_invitation_form(
    client, network, email, name, organisation, role, is_org_admin, can_casework
):
    client.force_login(network.org_admin)
    before = Invitation.objects.count()
    response = client.post(
        reverse("districts:invitation_create"),
        {
            "email": email,
            "name": name,
            "organisation": organisation,
            "role": role,
            "is_org_admin": is_org_admin,
            "can_casework": can_casework,
        },
    )
    assert response.status_code in {200, 302}
    if response.status_code == 200:
        assert response.context["form"].errors
        assert Invitation.objects.count() == before
    # An organisation admin never creates a coordinator invitation, whatever is sent.
    assert not Invitation.objects.filter(role="coordinator").exists()


@FUZZ
@given(name=text, password1=text, password2=st.one_of(text, st.just(None)))
def test_accept_form(client, network, name, password1, password2):
    invitation = InvitationFactory(organisation=network.other_org)
    response = client.post(
        reverse("districts:invitation_accept", kwargs={"token": invitation.token}),
        {
            "name": name,
            "password1": password1,
            "password2": password1 if password2 is None else password2,
        },
    )
    assert response.status_code in {200, 302}
    created = get_user_model().objects.filter(email=invitation.email).exists()
    if response.status_code == 200:
        assert response.context["form"].errors
        assert not created
        assert not Membership.objects.filter(user__email=invitation.email).exists()
    else:
        assert created
    client.logout()
