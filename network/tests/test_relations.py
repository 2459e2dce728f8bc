import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from core.models import AuditEvent
from districts.tests.factories import OrganisationFactory
from network.models import Relation
from network.services.relations import relation_create, relation_delete, relation_update

from .factories import RelationFactory

pytestmark = pytest.mark.django_db


def data(other, kind="cooperation", direction="out", **more):
    return {"other": other, "kind": kind, "direction": direction, **more}


def test_directed_relation_direction_is_kept(network):
    incoming = relation_create(
        actor=network.org_admin,
        organisation=network.other_org,
        data=data(network.office, kind="funding", direction="in"),
    )
    assert (incoming.source, incoming.target) == (network.office, network.other_org)
    event = AuditEvent.objects.get(action="relation.create")
    assert event.actor == network.org_admin and event.changes["kind"] == [None, "funding"]


@pytest.mark.parametrize(
    ("make_other", "message"),
    [
        (lambda n, o: n.other_org, "zu sich selbst"),
        (lambda n, o: o.office, "nicht zu Ihrem Kreis"),
    ],
    ids=["self", "other-district"],
)
def test_refused_relations(network, other_network, make_other, message):
    with pytest.raises(ValidationError, match=message):
        relation_create(
            actor=network.org_admin,
            organisation=network.other_org,
            data=data(make_other(network, other_network)),
        )
    assert not Relation.objects.exists()


def test_no_duplicates_undirected_in_either_direction(network):
    relation_create(
        actor=network.coordinator, organisation=network.office, data=data(network.other_org)
    )
    with pytest.raises(ValidationError, match="schon eingetragen"):
        relation_create(
            actor=network.coordinator, organisation=network.other_org, data=data(network.office)
        )
    # A directed kind may run both ways once each.
    relation_create(
        actor=network.coordinator,
        organisation=network.office,
        data=data(network.other_org, "funding"),
    )
    relation_create(
        actor=network.coordinator,
        organisation=network.office,
        data=data(network.other_org, "funding", direction="in"),
    )
    assert Relation.objects.count() == 3


def test_only_editors_of_a_side_write(network):
    third = OrganisationFactory(district=network.district)
    relation = RelationFactory(source=network.office, target=third)
    with pytest.raises(PermissionDenied):
        relation_create(actor=network.staff, organisation=network.other_org, data=data(third))
    with pytest.raises(PermissionDenied):
        relation_delete(actor=network.org_admin, relation=relation)
    assert Relation.objects.count() == 1


def test_update_and_delete_are_audited(network):
    third = OrganisationFactory(district=network.district)
    relation = RelationFactory(source=network.other_org, target=third)
    relation_update(
        actor=network.org_admin,
        relation=relation,
        organisation=network.other_org,
        data=data(third, kind="referral", note="Sprechstunde"),
    )
    relation.refresh_from_db()
    assert relation.kind == "referral" and relation.note == "Sprechstunde"
    relation_delete(actor=network.org_admin, relation=relation)
    assert not Relation.objects.exists()
    actions = set(
        AuditEvent.objects.filter(action__startswith="relation.").values_list("action", flat=True)
    )
    assert actions == {"relation.update", "relation.delete"}


def test_steckbrief_shows_direction_of_both_sides(client, network):
    RelationFactory(source=network.office, target=network.other_org, kind="funding")
    client.force_login(network.volunteer)
    office = client.get(reverse("network:organisation", args=[network.office.pk])).content.decode()
    other = client.get(
        reverse("network:organisation", args=[network.other_org.pk])
    ).content.decode()
    assert "ausgehend" in office and network.other_org.name in office
    assert "eingehend" in other and network.office.name in other


def test_relation_pages(client, network):
    client.force_login(network.org_admin)
    url = reverse("network:relation_create", args=[network.other_org.pk])
    response = client.post(
        url, {"kind": "cooperation", "direction": "out", "other": network.other_org.pk}
    )
    assert response.status_code == 200  # itself is not among the choices
    assert not Relation.objects.exists()
    response = client.post(
        url,
        {
            "kind": "membership",
            "direction": "out",
            "other": network.office.pk,
            "since": "2021-05-01",
        },
    )
    assert response.status_code == 302
    relation = Relation.objects.get()
    assert (relation.source, relation.target) == (network.other_org, network.office)
    edit = reverse("network:relation_edit", args=[relation.pk])
    assert client.get(edit).status_code == 200
    response = client.post(
        edit, {"kind": "membership", "direction": "in", "other": network.office.pk}
    )
    assert response.status_code == 302
    relation.refresh_from_db()
    assert (relation.source, relation.target) == (network.office, network.other_org)
    assert client.post(reverse("network:relation_delete", args=[relation.pk])).status_code == 302
    assert not Relation.objects.exists()
