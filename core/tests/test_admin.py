import pytest
from django.contrib import admin
from django.test import RequestFactory
from django.urls import reverse

from core.audit import audit, record_access
from core.models import AccessRecord, AuditEvent
from districts.models import Membership, Municipality, Organisation
from districts.tests.factories import DistrictFactory, MunicipalityFactory, OrganisationFactory


@pytest.fixture
def operator_client(client, operator):
    client.force_login(operator)
    return client


@pytest.fixture
def record(network):
    return record_access(
        actor=network.caseworker, obj=network.other_org, kind="read", purpose="Verweisung lesen"
    )


@pytest.mark.parametrize("model", [AccessRecord, AuditEvent])
def test_logs_offer_no_write_permission_even_to_a_superuser(operator, model):
    request = RequestFactory().get("/")
    request.user = operator
    model_admin = admin.site._registry[model]

    assert model_admin.has_view_permission(request)
    assert not model_admin.has_add_permission(request)
    assert not model_admin.has_change_permission(request)
    assert not model_admin.has_delete_permission(request)


def test_access_record_can_be_read_but_not_changed_or_deleted_in_admin(operator_client, record):
    opts = "admin:core_accessrecord"
    assert operator_client.get(reverse(f"{opts}_changelist")).status_code == 200
    page = operator_client.get(reverse(f"{opts}_change", args=[record.pk]))
    assert page.status_code == 200
    assert "Verweisung lesen" in page.text
    assert 'name="_save"' not in page.text

    post = operator_client.post(reverse(f"{opts}_change", args=[record.pk]), {"purpose": "x"})
    delete = operator_client.post(reverse(f"{opts}_delete", args=[record.pk]), {"post": "yes"})
    add = operator_client.get(reverse(f"{opts}_add"))

    assert (post.status_code, delete.status_code, add.status_code) == (403, 403, 403)
    record.refresh_from_db()
    assert record.purpose == "Verweisung lesen"


def test_audit_trail_is_listed_read_only(operator_client, network):
    event = audit(actor=None, action="organisation.create", obj=network.other_org)
    url = reverse("admin:core_auditevent_change", args=[event.pk])

    assert operator_client.get(reverse("admin:core_auditevent_changelist")).status_code == 200
    assert operator_client.post(url, {"action": "x"}).status_code == 403
    event.refresh_from_db()
    assert event.action == "organisation.create"


@pytest.mark.django_db
def test_operator_pages_for_districts_open_and_kreise_are_searchable(operator_client, network):
    for name in ("district", "municipality", "organisation", "membership", "invitation"):
        assert operator_client.get(reverse(f"admin:districts_{name}_changelist")).status_code == 200
    for name, obj in [
        ("district", network.district),
        ("organisation", network.other_org),
        ("membership", Membership.objects.filter(user=network.staff).get()),
    ]:
        page = operator_client.get(reverse(f"admin:districts_{name}_change", args=[obj.pk]))
        assert page.status_code == 200
    kreise = operator_client.get(reverse("admin:districts_kreis_changelist"), {"q": "Mayen"})
    assert "Mayen-Koblenz" in kreise.text
    kreis_page = operator_client.get(reverse("admin:districts_kreis_change", args=["07137"]))
    assert "Westerwaldkreis" in kreis_page.text  # the neighbours are listed
    assert (
        operator_client.post(
            reverse("admin:districts_kreis_change", args=["07137"]), {"name": "x"}
        ).status_code
        == 403
    )


def test_operator_changes_are_audited(operator_client, operator, network):
    response = operator_client.post(
        reverse("admin:districts_municipality_add"),
        {"district": network.district.pk, "name": "Andernach", "kind": "stadt"},
    )

    assert response.status_code == 302
    municipality = Municipality.objects.get(name="Andernach")
    event = AuditEvent.objects.get(action="municipality.admin_create")
    assert event.actor == operator
    assert event.district == network.district
    assert event.object_id == str(municipality.pk)


def test_admin_refuses_to_mix_districts(operator_client, network):
    foreign_org = OrganisationFactory(district=DistrictFactory())
    foreign_place = MunicipalityFactory(district=foreign_org.district)
    before = Membership.objects.count()

    response = operator_client.post(
        reverse("admin:districts_membership_add"),
        {
            "district": network.district.pk,
            "user": network.staff.pk,
            "organisation": foreign_org.pk,
            "role": "staff",
            "is_active": "on",
        },
    )
    org_response = operator_client.post(
        reverse("admin:districts_organisation_add"),
        {
            "district": network.district.pk,
            "name": "Neue Beratungsstelle",
            "kind": "welfare",
            "municipality": foreign_place.pk,
            "is_member": "on",
            "is_active": "on",
        },
    )

    assert response.status_code == org_response.status_code == 200
    assert "Gehört zu einem anderen Kreis-Netzwerk." in response.text
    assert "Gehört zu einem anderen Kreis-Netzwerk." in org_response.text
    assert Membership.objects.count() == before
    assert not Organisation.objects.filter(name="Neue Beratungsstelle").exists()
