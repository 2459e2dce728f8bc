import pytest
from django.urls import reverse
from django.utils import timezone

from core.models import AuditEvent
from districts.models import TargetGroup, Topic
from network.models import Agreement, AgreementDocument, Contact, OutreachEntry, Profile, Relation

MODELS = ("topic", "targetgroup", "profile", "contact", "relation", "agreement", "outreachentry")
# The vocabulary is the district's, shared by every app; its admin pages are listed with it.
APP = {"topic": "districts", "targetgroup": "districts"}


def admin_url(name, action, *args):
    return reverse(f"admin:{APP.get(name, 'network')}_{name}_{action}", args=args)


@pytest.fixture
def operator_client(client, operator):
    client.force_login(operator)
    return client


@pytest.fixture
def rows(network):
    district, office, other = network.district, network.office, network.other_org
    topic = Topic.objects.for_district(district).get(name="Beratung")
    profile = Profile.objects.create(
        district=district, organisation=other, city="Mayen", languages=["de", "ar"]
    )
    profile.topics.add(topic)
    contact = Contact.objects.create(
        district=district, organisation=other, name="Rima Fiktiv", email="rima@example.org"
    )
    relation = Relation.objects.create(
        district=district, source=office, target=other, kind=Relation.Kind.FUNDING
    )
    agreement = Agreement.objects.create(
        district=district,
        title="Vereinbarung Beratung vor Ort",
        status=Agreement.Status.SIGNED,
        review_on=timezone.localdate(),
        responsible=contact,
    )
    agreement.parties.set([office, other])
    document = AgreementDocument.objects.create(
        district=district,
        agreement=agreement,
        version=1,
        file=f"agreements/{district.pk}/{agreement.pk}/v1.pdf",
        original_name="vereinbarung-unterschrieben.pdf",
        size=1234,
        sha256="0" * 64,
    )
    entry = OutreachEntry.objects.create(
        district=district,
        organisation=other,
        channel=OutreachEntry.Channel.PHONE,
        topic="Erstes Gespräch",
        next_step="Einladung schicken",
    )
    return {
        "topic": topic,
        "targetgroup": TargetGroup.objects.for_district(district).first(),
        "profile": profile,
        "contact": contact,
        "relation": relation,
        "agreement": agreement,
        "document": document,
        "outreachentry": entry,
    }


def test_operator_opens_every_network_list_and_page(operator_client, rows, network):
    for name in MODELS:
        page = operator_client.get(admin_url(name, "changelist"))
        assert page.status_code == 200, name
        assert network.district.name in page.text, name
        assert operator_client.get(admin_url(name, "add")).status_code == 200
    for name, obj in rows.items():
        if name == "document":
            continue
        page = operator_client.get(admin_url(name, "change", obj.pk))
        assert page.status_code == 200, name


def test_lists_are_searchable(operator_client, rows):
    contacts = operator_client.get(reverse("admin:network_contact_changelist"), {"q": "Rima"})
    agreements = operator_client.get(
        reverse("admin:network_agreement_changelist"), {"q": rows["relation"].target.name}
    )
    none = operator_client.get(reverse("admin:network_contact_changelist"), {"q": "Niemand"})

    assert "Rima Fiktiv" in contacts.text
    assert "Vereinbarung Beratung vor Ort" in agreements.text
    assert "Rima Fiktiv" not in none.text


def test_agreement_documents_are_shown_but_not_changed_in_the_admin(operator_client, rows):
    agreement = rows["agreement"]
    page = operator_client.get(reverse("admin:network_agreement_change", args=[agreement.pk]))

    assert "vereinbarung-unterschrieben.pdf" in page.text
    # Read-only: no input for the document's fields, no way to delete or add a version.
    assert 'name="documents-0-original_name"' not in page.text
    assert "documents-0-DELETE" not in page.text
    assert "add-row" not in page.text


def test_a_relation_across_districts_is_refused(operator_client, network, other_network):
    url = reverse("admin:network_relation_add")
    data = {
        "district": network.district.pk,
        "source": network.office.pk,
        "target": other_network.other_org.pk,
        "kind": Relation.Kind.COOPERATION,
        "since": "",
        "note": "",
    }

    response = operator_client.post(url, data)

    assert response.status_code == 200
    assert "Gehört zu einem anderen Kreis-Netzwerk." in response.text
    assert not Relation.objects.exists()

    data["target"] = network.other_org.pk
    assert operator_client.post(url, data).status_code == 302
    relation = Relation.objects.get()
    assert AuditEvent.objects.filter(action="relation.admin_create", object_id=relation.pk)


def test_members_of_a_district_do_not_get_into_the_admin(client, network, rows):
    client.force_login(network.coordinator)

    response = client.get(reverse("admin:network_agreement_changelist"))

    assert response.status_code == 302
    assert "login" in response.url
