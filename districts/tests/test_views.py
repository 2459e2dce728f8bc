import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts.tests.factories import UserFactory
from conftest import enrol_totp
from core.models import AuditEvent
from districts.models import Invitation, Membership, Municipality, Organisation, Role
from districts.tests.factories import (
    InvitationFactory,
    MembershipFactory,
    MunicipalityFactory,
    OrganisationFactory,
)

LIST_PAGES = [
    "districts:manage",
    "districts:organisation_list",
    "districts:member_list",
    "districts:invitation_list",
    "districts:invitation_create",
]
COORDINATOR_PAGES = [
    "districts:organisation_create",
    "districts:municipality_list",
    "districts:municipality_create",
]


def _person(who, network, other_network, operator):
    if who == "other_district_coordinator":
        return other_network.coordinator
    if who == "operator":
        return operator
    return getattr(network, who)


def _get(client, person, url, **extra):
    if person is not None:
        client.force_login(person)
    return client.get(url, **extra)


@pytest.mark.parametrize(
    ("who", "expected"),
    [
        ("coordinator", 200),
        ("org_admin", 200),
        ("staff", 403),
        ("volunteer", 403),
        ("caseworker", 403),
        ("operator", 403),
    ],
)
@pytest.mark.parametrize("name", LIST_PAGES)
def test_list_pages_by_role(client, network, other_network, operator, who, expected, name):
    response = _get(client, _person(who, network, other_network, operator), reverse(name))
    assert response.status_code == expected


@pytest.mark.parametrize(
    ("who", "expected"),
    [("coordinator", 200), ("org_admin", 403), ("staff", 403), ("volunteer", 403)],
)
@pytest.mark.parametrize("name", COORDINATOR_PAGES)
def test_coordinator_pages_by_role(client, network, who, expected, name):
    response = _get(client, getattr(network, who), reverse(name))
    assert response.status_code == expected


@pytest.mark.parametrize("name", LIST_PAGES + COORDINATOR_PAGES)
def test_anonymous_is_sent_to_sign_in(client, db, name):
    response = client.get(reverse(name))
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


@pytest.mark.parametrize(
    ("who", "target", "expected"),
    [
        ("coordinator", "other_org", 200),
        ("coordinator", "office", 200),
        ("org_admin", "other_org", 200),
        ("org_admin", "office", 404),
        ("staff", "other_org", 403),
        ("volunteer", "other_org", 403),
        ("other_district_coordinator", "other_org", 404),
    ],
)
def test_organisation_edit_by_role(client, network, other_network, operator, who, target, expected):
    organisation = getattr(network, target)
    url = reverse("districts:organisation_edit", args=[organisation.pk])
    response = _get(client, _person(who, network, other_network, operator), url)
    assert response.status_code == expected


@pytest.mark.parametrize(
    ("who", "expected"),
    [
        ("coordinator", 200),
        ("org_admin", 403),
        ("staff", 403),
        ("other_district_coordinator", 404),
    ],
)
def test_municipality_edit_by_role(client, network, other_network, operator, who, expected):
    municipality = MunicipalityFactory(district=network.district)
    url = reverse("districts:municipality_edit", args=[municipality.pk])
    response = _get(client, _person(who, network, other_network, operator), url)
    assert response.status_code == expected


@pytest.mark.parametrize(
    ("who", "member", "expected"),
    [
        ("coordinator", "staff", 200),
        ("org_admin", "staff", 200),
        ("org_admin", "coordinator", 404),
        ("coordinator", "coordinator", 404),
        ("staff", "volunteer", 403),
        ("other_district_coordinator", "staff", 404),
    ],
)
def test_member_edit_by_role(client, network, other_network, operator, who, member, expected):
    membership = getattr(network, member).memberships.get()
    url = reverse("districts:member_edit", args=[membership.pk])
    response = _get(client, _person(who, network, other_network, operator), url)
    assert response.status_code == expected


@pytest.mark.parametrize(
    "name",
    [
        "districts:organisation_set_active",
        "districts:municipality_delete",
        "districts:member_deactivate",
        "districts:member_reactivate",
        "districts:invitation_resend",
        "districts:invitation_revoke",
    ],
)
def test_state_changes_refuse_get(client, network, name):
    client.force_login(network.coordinator)
    response = client.get(reverse(name, args=[1]))
    assert response.status_code == 405


def test_org_admin_sees_only_own_organisation(client, network):
    client.force_login(network.org_admin)
    response = client.get(reverse("districts:organisation_list"))
    assert list(response.context["organisations"]) == [network.other_org]
    members = client.get(reverse("districts:member_list")).context["members"]
    assert {m.organisation for m in members} == {network.other_org}
    assert "Organisation anlegen" not in response.text
    assert reverse("districts:municipality_list") not in response.text


def test_coordinator_sees_all_of_the_district_but_not_others(client, network, other_network):
    client.force_login(network.coordinator)
    response = client.get(reverse("districts:organisation_list"))
    assert set(response.context["organisations"]) == {network.office, network.other_org}
    members = client.get(reverse("districts:member_list")).context["members"]
    assert {m.district_id for m in members} == {network.district.pk}
    assert len(members) == 5


def test_organisation_search_and_filter_without_js(client, network):
    OrganisationFactory(district=network.district, name="Moscheeverein Mayen", is_active=False)
    client.force_login(network.coordinator)
    url = reverse("districts:organisation_list")
    found = client.get(url, {"q": "moschee"}).context["organisations"]
    assert [o.name for o in found] == ["Moscheeverein Mayen"]
    inactive = client.get(url, {"status": "inactive"}).context["organisations"]
    assert [o.name for o in inactive] == ["Moscheeverein Mayen"]
    page = client.get(url, {"status": "nonsense", "q": "x" * 500})
    assert page.status_code == 200


def test_htmx_request_gets_only_the_rows(client, network):
    client.force_login(network.coordinator)
    url = reverse("districts:organisation_list")
    full = client.get(url, {"q": network.other_org.name})
    assert "<html" in full.text and "<tbody" in full.text
    partial = client.get(url, {"q": network.other_org.name}, headers={"HX-Request": "true"})
    assert partial.status_code == 200
    assert "<html" not in partial.text
    assert "<tbody" not in partial.text and "<h1" not in partial.text
    assert partial.text.strip().startswith("<tr")
    assert network.other_org.name in partial.text
    assert network.office.name not in partial.text
    restore = client.get(url, headers={"HX-Request": "true", "HX-History-Restore-Request": "true"})
    assert "<html" in restore.text


def test_members_list_filters_and_shows_second_factor(client, network):
    client.force_login(network.coordinator)
    url = reverse("districts:member_list")
    response = client.get(url, {"role": Role.COORDINATOR})
    assert [m.user for m in response.context["members"]] == [network.coordinator]
    assert response.context["members"][0].has_second_factor
    response = client.get(url, {"organisation": network.other_org.pk, "role": Role.VOLUNTEER})
    assert [m.user for m in response.context["members"]] == [network.volunteer]
    assert not response.context["members"][0].has_second_factor
    assert "nicht eingerichtet" in response.text


def test_members_table_scrolls_in_its_wrapper_and_reflows_on_a_phone(client, network):
    from ui.tests.helpers import parse

    client.force_login(network.coordinator)
    page = parse(client.get(reverse("districts:member_list")))
    wrapper = page.first("div", class_="kern-table-responsive")  # KERN's horizontal scroll
    assert wrapper
    table = page.first("table")
    assert table.attrs["class"].split() == ["kern-table", "table-reflow"]
    cells = [e for e in page.elements if e.tag == "td"]
    assert cells and all(cell.attrs.get("data-label") for cell in cells)
    assert {cell.attrs["data-label"] for cell in cells} == {
        "Organisation",
        "Rolle",
        "Verwaltet die Organisation",
        "Fallarbeit",
        "Status",
        "Zweiter Faktor",
    }
    # The other lists keep their plain table.
    other = parse(client.get(reverse("districts:organisation_list"))).first("table")
    assert "table-reflow" not in other.attrs["class"]


def test_org_admin_cannot_filter_for_other_organisation(client, network):
    client.force_login(network.org_admin)
    response = client.get(reverse("districts:member_list"), {"organisation": network.office.pk})
    assert response.status_code == 200
    assert network.coordinator not in [m.user for m in response.context["members"]]


def test_invitation_list_statuses(client, network):
    InvitationFactory(organisation=network.other_org, email="offen@example.org")
    InvitationFactory(
        organisation=network.other_org, email="alt@example.org", expires_at=timezone.now()
    )
    client.force_login(network.org_admin)
    url = reverse("districts:invitation_list")
    pending = client.get(url, {"status": "pending"}).context["invitations"]
    assert [i.email for i in pending] == ["offen@example.org"]
    expired = client.get(url, {"status": "expired"}).context["invitations"]
    assert [i.email for i in expired] == ["alt@example.org"]


# --- Writes through the pages ----------------------------------------------------------------


def test_create_organisation_through_the_page(client, network):
    client.force_login(network.coordinator)
    url = reverse("districts:organisation_create")
    response = client.post(url, {"name": "Lotsenhaus", "kind": "initiative", "is_member": "on"})
    assert response.status_code == 302
    organisation = Organisation.objects.get(name="Lotsenhaus")
    assert organisation.district == network.district
    followed = client.get(response.url)
    assert "wurde angelegt" in followed.text


def test_invalid_organisation_input_rerenders_in_german(client, network):
    client.force_login(network.coordinator)
    url = reverse("districts:organisation_create")
    response = client.post(url, {"name": "", "kind": "nonsense", "email": "kein-mail"})
    assert response.status_code == 200
    assert "Dieses Feld ist zwingend erforderlich." in response.text
    assert 'aria-describedby="id_name_error"' in response.text
    duplicate = client.post(url, {"name": network.office.name, "kind": "other"})
    assert duplicate.status_code == 200
    assert "gibt es in diesem Kreis schon" in duplicate.text
    assert Organisation.objects.filter(district=network.district).count() == 2


def test_org_admin_edit_form_has_no_status_fields(client, network):
    client.force_login(network.org_admin)
    url = reverse("districts:organisation_edit", args=[network.other_org.pk])
    page = client.get(url)
    assert 'name="is_member"' not in page.text
    assert reverse("districts:organisation_set_active", args=[network.other_org.pk]) not in (
        page.text
    )
    response = client.post(
        url,
        {"name": network.other_org.name, "kind": "welfare", "phone": "0261 1", "is_member": ""},
    )
    assert response.status_code == 302
    network.other_org.refresh_from_db()
    assert network.other_org.phone == "0261 1" and network.other_org.is_member


def test_deactivate_organisation_by_post(client, network):
    client.force_login(network.coordinator)
    url = reverse("districts:organisation_set_active", args=[network.other_org.pk])
    response = client.post(url, {"active": "0"})
    assert response.status_code == 302
    network.other_org.refresh_from_db()
    assert not network.other_org.is_active
    client.force_login(network.org_admin)
    assert client.post(url, {"active": "1"}).status_code == 403


def test_office_with_last_coordinator_shows_message(client, network):
    client.force_login(network.coordinator)
    url = reverse("districts:organisation_set_active", args=[network.office.pk])
    response = client.post(url, {"active": "0"}, follow=True)
    assert "mindestens eine aktive Koordination" in response.text
    network.office.refresh_from_db()
    assert network.office.is_active


def test_municipality_pages(client, network):
    client.force_login(network.coordinator)
    response = client.post(
        reverse("districts:municipality_create"),
        {"name": "Mendig", "kind": "stadt", "official_key": "07137068", "postcodes": "56743"},
    )
    assert response.status_code == 302
    municipality = Municipality.objects.get(name="Mendig")
    bad = client.post(
        reverse("districts:municipality_edit", args=[municipality.pk]),
        {"name": "Mendig", "kind": "stadt", "official_key": "abc"},
    )
    assert bad.status_code == 200
    assert "Nur 8 bis 12 Ziffern." in bad.text
    response = client.post(reverse("districts:municipality_delete", args=[municipality.pk]))
    assert response.status_code == 302
    assert not Municipality.objects.filter(pk=municipality.pk).exists()


def test_member_edit_and_deactivate(client, network):
    membership = network.volunteer.memberships.get()
    client.force_login(network.org_admin)
    page = client.get(reverse("districts:member_edit", args=[membership.pk]))
    assert f'value="{Role.COORDINATOR}"' not in page.text
    response = client.post(
        reverse("districts:member_edit", args=[membership.pk]),
        {"role": Role.COORDINATOR},
    )
    assert response.status_code == 200
    assert response.context["form"].errors["role"]
    response = client.post(
        reverse("districts:member_edit", args=[membership.pk]),
        {"role": Role.STAFF, "can_casework": "on"},
    )
    assert response.status_code == 302
    membership.refresh_from_db()
    assert membership.role == Role.STAFF and membership.can_casework
    client.post(reverse("districts:member_deactivate", args=[membership.pk]))
    membership.refresh_from_db()
    assert not membership.is_active
    client.post(reverse("districts:member_reactivate", args=[membership.pk]))
    membership.refresh_from_db()
    assert membership.is_active
    assert AuditEvent.objects.filter(
        action="membership.deactivate", actor=network.org_admin
    ).exists()


def test_member_actions_by_staff_are_forbidden(client, network):
    membership = network.volunteer.memberships.get()
    client.force_login(network.staff)
    response = client.post(reverse("districts:member_deactivate", args=[membership.pk]))
    assert response.status_code == 403
    membership.refresh_from_db()
    assert membership.is_active


def test_invite_through_the_page(client, network):
    client.force_login(network.org_admin)
    url = reverse("districts:invitation_create")
    page = client.get(url)
    assert f'value="{network.office.pk}"' not in page.text
    response = client.post(
        url,
        {"email": "kollegin@example.org", "organisation": network.other_org.pk, "role": "staff"},
    )
    assert response.status_code == 302
    assert Invitation.objects.filter(email="kollegin@example.org").exists()
    assert len(mail.outbox) == 1
    again = client.post(
        url,
        {"email": "kollegin@example.org", "organisation": network.other_org.pk, "role": "staff"},
    )
    assert again.status_code == 200
    assert "offene Einladung" in again.text
    foreign = client.post(
        url, {"email": "x@example.org", "organisation": network.office.pk, "role": "staff"}
    )
    assert foreign.status_code == 200
    assert foreign.context["form"].errors["organisation"]
    assert Invitation.objects.count() == 1


def test_resend_and_revoke_through_the_page(client, network):
    invitation = InvitationFactory(organisation=network.other_org)
    token = invitation.token
    client.force_login(network.org_admin)
    response = client.post(reverse("districts:invitation_resend", args=[invitation.pk]))
    assert response.status_code == 302
    invitation.refresh_from_db()
    assert invitation.token != token
    client.post(reverse("districts:invitation_revoke", args=[invitation.pk]))
    invitation.refresh_from_db()
    assert invitation.revoked_at is not None
    followed = client.post(
        reverse("districts:invitation_revoke", args=[invitation.pk]), follow=True
    )
    assert "bereits zurückgezogen" in followed.text


def test_resend_of_other_organisations_invitation_is_404(client, network):
    invitation = InvitationFactory(organisation=network.office)
    client.force_login(network.org_admin)
    response = client.post(reverse("districts:invitation_resend", args=[invitation.pk]))
    assert response.status_code == 404


def test_csrf_is_required(network):
    client = Client(enforce_csrf_checks=True)
    client.force_login(network.coordinator)
    response = client.post(
        reverse("districts:organisation_set_active", args=[network.other_org.pk]),
        {"active": "0"},
    )
    assert response.status_code == 403
    network.other_org.refresh_from_db()
    assert network.other_org.is_active


# --- Query counts ----------------------------------------------------------------------------

ORGANISATION_LIST_QUERIES = 14
MEMBER_LIST_QUERIES = 16


@pytest.mark.parametrize("rows", [1, 50])
def test_organisation_list_queries_are_constant(
    client, network, django_assert_max_num_queries, rows
):
    for _ in range(rows):
        organisation = OrganisationFactory(
            district=network.district, municipality=MunicipalityFactory(district=network.district)
        )
        MembershipFactory(organisation=organisation)
    client.force_login(network.coordinator)
    url = reverse("districts:organisation_list")
    with django_assert_max_num_queries(ORGANISATION_LIST_QUERIES):
        response = client.get(url)
    assert len(response.context["organisations"]) == rows + 2


@pytest.mark.parametrize("rows", [1, 50])
def test_member_list_queries_are_constant(client, network, django_assert_max_num_queries, rows):
    for _ in range(rows):
        enrol_totp(MembershipFactory(organisation=network.other_org, user=UserFactory()).user)
    client.force_login(network.coordinator)
    url = reverse("districts:member_list")
    with django_assert_max_num_queries(MEMBER_LIST_QUERIES):
        response = client.get(url)
    assert len(response.context["members"]) == rows + 5
    assert Membership.objects.count() >= rows + 5
