"""Cooperation agreements: who may do what, date logic, highlighting, overview, query counts."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from core.models import AuditEvent
from districts.models import Organisation
from districts.tests.factories import OrganisationFactory
from network.models import Agreement
from network.services import agreements as services
from network.tests.factories import AgreementFactory, ContactFactory, TopicFactory

TODAY = timezone.localdate()


def days(n: int) -> dt.date:
    return TODAY + dt.timedelta(days=n)


def form_data(parties, **overrides):
    data = {
        "title": "Gemeinsame Sprechstunde",
        "subject": "Beratung im Rathaus",
        "parties": [party.pk for party in parties],
        "status": Agreement.Status.DRAFT,
        "signed_on": "",
        "valid_from": "",
        "valid_until": "",
        "review_on": "",
        "responsible": "",
    }
    data.update(overrides)
    return data


def create(client, data):
    return client.post(reverse("network:agreement_create"), data)


# --- Permissions -------------------------------------------------------------------------------


def test_the_coordinator_creates_an_agreement_between_two_organisations(client, network):
    topic = TopicFactory(district=network.district, name="Arbeit & Ausbildung")
    contact = ContactFactory(organisation=network.other_org)
    client.force_login(network.coordinator)
    response = create(
        client,
        form_data(
            [network.office, network.other_org],
            topics=[topic.pk],
            status=Agreement.Status.SIGNED,
            signed_on=days(-10).isoformat(),
            valid_from=days(-10).isoformat(),
            valid_until=days(700).isoformat(),
            review_on=days(300).isoformat(),
            responsible=contact.pk,
        ),
    )
    agreement = Agreement.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("network:agreement_detail", args=[agreement.pk])
    assert set(agreement.parties.all()) == {network.office, network.other_org}
    assert list(agreement.topics.all()) == [topic]
    assert agreement.district == network.district
    event = AuditEvent.objects.get(action="agreement.create")
    assert event.actor == network.coordinator
    assert sorted(event.changes["parties"][1]) == sorted(
        [network.office.name, network.other_org.name]
    )


def test_an_org_admin_creates_agreements_only_with_their_own_organisation(client, network):
    third = OrganisationFactory(district=network.district)
    client.force_login(network.org_admin)
    response = create(client, form_data([network.office, third]))
    assert response.status_code == 200
    assert "Ihre eigene Organisation" in response.content.decode()
    assert not Agreement.objects.exists()
    assert create(client, form_data([network.other_org, third])).status_code == 302
    assert Agreement.objects.count() == 1


@pytest.mark.parametrize("role", ["staff", "volunteer"])
def test_staff_and_volunteers_cannot_create(client, network, role):
    client.force_login(getattr(network, role))
    assert create(client, form_data([network.office, network.other_org])).status_code == 403
    assert not Agreement.objects.exists()


def test_parties_of_another_district_are_refused(client, network, other_network):
    client.force_login(network.coordinator)
    response = create(client, form_data([network.office, other_network.other_org]))
    assert response.status_code == 200
    assert response.context["form"].errors["parties"]
    assert not Agreement.objects.exists()


def test_one_party_is_not_enough(client, network):
    client.force_login(network.coordinator)
    response = create(client, form_data([network.office]))
    assert "mindestens zwei" in response.content.decode()
    assert not Agreement.objects.exists()


def test_the_responsible_contact_belongs_to_a_party(network):
    stranger = ContactFactory(organisation=OrganisationFactory(district=network.district))
    with pytest.raises(ValidationError) as raised:
        services.agreement_create(
            actor=network.coordinator,
            district=network.district,
            data={
                "title": "X",
                "status": Agreement.Status.DRAFT,
                "parties": [network.office, network.other_org],
                "responsible": stranger,
            },
        )
    assert "responsible" in raised.value.error_dict


def test_volunteers_see_no_agreements(client, network):
    agreement = AgreementFactory(parties=[network.office, network.other_org])
    client.force_login(network.volunteer)
    assert client.get(reverse("network:agreement_list")).status_code == 403
    assert client.get(reverse("network:agreement_detail", args=[agreement.pk])).status_code == 403


def test_staff_read_but_do_not_edit(client, network):
    agreement = AgreementFactory(parties=[network.office, network.other_org])
    client.force_login(network.staff)
    page = client.get(reverse("network:agreement_detail", args=[agreement.pk]))
    assert page.status_code == 200
    assert reverse("network:agreement_edit", args=[agreement.pk]) not in page.content.decode()
    assert client.get(reverse("network:agreement_edit", args=[agreement.pk])).status_code == 404
    with pytest.raises(PermissionDenied):
        services.agreement_update(actor=network.staff, agreement=agreement, data={"title": "Neu"})


def test_an_org_admin_edits_only_agreements_of_their_organisation(client, network):
    own = AgreementFactory(
        parties=[network.other_org, OrganisationFactory(district=network.district)]
    )
    foreign = AgreementFactory(
        parties=[network.office, OrganisationFactory(district=network.district)]
    )
    client.force_login(network.org_admin)
    assert client.get(reverse("network:agreement_edit", args=[own.pk])).status_code == 200
    assert client.get(reverse("network:agreement_edit", args=[foreign.pk])).status_code == 404


def test_an_org_admin_cannot_remove_their_own_organisation(client, network):
    third, fourth = OrganisationFactory.create_batch(2, district=network.district)
    agreement = AgreementFactory(parties=[network.other_org, third])
    client.force_login(network.org_admin)
    response = client.post(
        reverse("network:agreement_edit", args=[agreement.pk]),
        form_data([third, fourth], title=agreement.title, status=Agreement.Status.DRAFT),
    )
    assert response.status_code == 200
    assert set(agreement.parties.all()) == {network.other_org, third}


def test_another_districts_agreements_look_missing(client, network, other_network):
    agreement = AgreementFactory(parties=[other_network.office, other_network.other_org])
    client.force_login(network.coordinator)
    for name in ("network:agreement_detail", "network:agreement_edit"):
        assert client.get(reverse(name, args=[agreement.pk])).status_code == 404
    page = client.get(reverse("network:agreement_list")).content.decode()
    assert agreement.title not in page


def test_editing_changes_fields_and_parties_and_is_audited(client, network):
    third = OrganisationFactory(district=network.district)
    agreement = AgreementFactory(
        parties=[network.office, network.other_org], status=Agreement.Status.DRAFT, signed_on=None
    )
    client.force_login(network.coordinator)
    response = client.post(
        reverse("network:agreement_edit", args=[agreement.pk]),
        form_data(
            [network.office, network.other_org, third],
            title="Neuer Titel",
            valid_from="2024-01-01",
            valid_until="2026-12-31",
            review_on="2025-06-30",
        ),
    )
    assert response.status_code == 302
    agreement.refresh_from_db()
    assert agreement.title == "Neuer Titel"
    assert agreement.parties.count() == 3
    changes = AuditEvent.objects.get(action="agreement.update").changes
    assert changes["title"][1] == "Neuer Titel"
    assert third.name in changes["parties"][1]


# --- Date logic ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"valid_from": "2025-05-01", "valid_until": "2025-04-30"}, "valid_until"),
        ({"status": "signed"}, "signed_on"),
        ({"status": "draft", "signed_on": "2024-01-01"}, "signed_on"),
        ({"status": "signed", "signed_on": days(3).isoformat()}, "signed_on"),
        ({"valid_from": "2025-05-01", "review_on": "2025-04-01"}, "review_on"),
        ({"status": "expired", "signed_on": "2020-01-01"}, "valid_until"),
        (
            {"status": "expired", "signed_on": "2020-01-01", "valid_until": days(10).isoformat()},
            "valid_until",
        ),
    ],
)
def test_contradictory_dates_are_refused(client, network, overrides, field):
    client.force_login(network.coordinator)
    response = create(client, form_data([network.office, network.other_org], **overrides))
    assert response.status_code == 200
    assert response.context["form"].errors[field]
    assert not Agreement.objects.exists()


@pytest.mark.parametrize(
    "overrides",
    [
        {"status": "signed", "signed_on": "2024-01-01", "valid_from": "2024-01-01"},
        {"valid_from": "2025-01-01", "valid_until": "2025-01-01", "review_on": "2025-01-01"},
        {"status": "expired", "signed_on": "2020-01-01", "valid_until": days(-1).isoformat()},
        {"status": "terminated", "signed_on": "2020-01-01"},
        {"status": "negotiation"},
    ],
)
def test_consistent_dates_are_accepted(client, network, overrides):
    client.force_login(network.coordinator)
    response = create(client, form_data([network.office, network.other_org], **overrides))
    assert response.status_code == 302
    assert Agreement.objects.count() == 1


def test_signing_through_the_status_change_needs_the_date(client, network):
    agreement = AgreementFactory(
        parties=[network.office, network.other_org],
        status=Agreement.Status.NEGOTIATION,
        signed_on=None,
    )
    client.force_login(network.coordinator)
    url = reverse("network:agreement_status", args=[agreement.pk])
    response = client.post(url, {"status": "signed"}, follow=True)
    assert "wann die Vereinbarung unterzeichnet wurde" in response.content.decode()
    agreement.refresh_from_db()
    assert agreement.status == Agreement.Status.NEGOTIATION
    client.post(url, {"status": "signed", "signed_on": days(-1).isoformat()})
    agreement.refresh_from_db()
    assert agreement.status == Agreement.Status.SIGNED
    assert agreement.signed_on == days(-1)
    assert AuditEvent.objects.filter(action="agreement.set_status").count() == 1


def test_an_unknown_status_changes_nothing(client, network):
    agreement = AgreementFactory(parties=[network.office, network.other_org])
    client.force_login(network.coordinator)
    response = client.post(
        reverse("network:agreement_status", args=[agreement.pk]), {"status": "weg"}
    )
    assert response.status_code == 302
    agreement.refresh_from_db()
    assert agreement.status == Agreement.Status.SIGNED


# --- List: highlighting, overview, filters -------------------------------------------------------


def test_agreements_due_within_60_days_are_highlighted_with_words(client, network):
    parties = [network.office, network.other_org]
    AgreementFactory(
        parties=parties, title="Bald prüfen", review_on=days(30), valid_until=days(400)
    )
    AgreementFactory(parties=parties, title="Läuft aus", review_on=days(300), valid_until=days(10))
    AgreementFactory(parties=parties, title="Überfällig", review_on=days(-5), valid_until=days(400))
    AgreementFactory(parties=parties, title="Ruhig", review_on=days(200), valid_until=days(400))
    AgreementFactory(
        parties=parties,
        title="Beendet",
        status=Agreement.Status.TERMINATED,
        review_on=days(5),
        valid_until=days(5),
    )
    client.force_login(network.staff)
    response = client.get(reverse("network:agreement_list"))
    alerts = {agreement.title: alerts for agreement, alerts in response.context["rows"]}
    assert [a.label for a in alerts["Bald prüfen"]] == ["Überprüfung fällig"]
    assert [a.label for a in alerts["Läuft aus"]] == ["läuft bald ab"]
    assert [a.label for a in alerts["Überfällig"]] == ["Überprüfung überfällig"]
    assert alerts["Ruhig"] == []
    assert alerts["Beendet"] == []
    page = response.content.decode()
    assert "kern-badge--warning" in page and "kern-badge--danger" in page
    assert "(in 30 Tagen)" in page and "(seit 5 Tagen)" in page
    assert response.context["overview"]["due"] == 3


def test_the_overview_counts_by_status_and_topic(client, network):
    parties = [network.office, network.other_org]
    language = TopicFactory(district=network.district, name="Sprache & Bildung")
    work = TopicFactory(district=network.district, name="Arbeit & Ausbildung")
    AgreementFactory(parties=parties, topics=[language, work])
    AgreementFactory(parties=parties, topics=[language], status=Agreement.Status.DRAFT)
    AgreementFactory(parties=parties, status=Agreement.Status.DRAFT)
    client.force_login(network.coordinator)
    overview = client.get(reverse("network:agreement_list")).context["overview"]
    counts = {value: count for value, _label, count in overview["by_status"]}
    assert counts["signed"] == 1 and counts["draft"] == 2 and counts["expired"] == 0
    assert {t.name: t.agreement_count for t in overview["by_topic"]} == {
        "Sprache & Bildung": 2,
        "Arbeit & Ausbildung": 1,
    }
    assert overview["without_topic"] == 1
    assert overview["total"] == 3


def test_filters_by_status_topic_and_party(client, network):
    third = OrganisationFactory(district=network.district, name="Jobcenter")
    topic = TopicFactory(district=network.district)
    a = AgreementFactory(parties=[network.office, third], topics=[topic], title="A")
    b = AgreementFactory(parties=[network.office, network.other_org], status="draft", title="B")
    client.force_login(network.coordinator)
    url = reverse("network:agreement_list")

    def titles(**params):
        return [agreement.title for agreement, _ in client.get(url, params).context["rows"]]

    assert titles() == ["A", "B"]
    assert titles(status="draft") == [b.title]
    assert titles(topic=topic.pk) == [a.title]
    assert titles(party=third.pk) == [a.title]
    assert titles(party=network.office.pk) == ["A", "B"]


def test_htmx_filter_returns_only_the_rows(client, network):
    AgreementFactory(parties=[network.office, network.other_org], title="Nur die Zeile")
    client.force_login(network.coordinator)
    response = client.get(reverse("network:agreement_list"), headers={"HX-Request": "true"})
    body = response.content.decode()
    assert "Nur die Zeile" in body
    assert "<h1" not in body


# The same at 1 and at 50 rows; one of them reads which network sections the person may open.
AGREEMENT_LIST_QUERIES = 22


@pytest.mark.parametrize("rows", [1, 50])
def test_agreement_list_queries_are_constant(client, network, django_assert_max_num_queries, rows):
    topic = TopicFactory(district=network.district)
    for _ in range(rows):
        contact = ContactFactory(organisation=network.other_org)
        AgreementFactory(
            parties=[
                network.office,
                network.other_org,
                OrganisationFactory(district=network.district),
            ],
            topics=[topic],
            responsible=contact,
            review_on=days(20),
        )
    client.force_login(network.coordinator)
    with django_assert_max_num_queries(AGREEMENT_LIST_QUERIES):
        response = client.get(reverse("network:agreement_list"))
    assert len(response.context["rows"]) == rows


def test_organisation_kinds_exist():
    # The outreach views rely on the migrant organisation kind.
    assert Organisation.Kind.MIGRANT_ORG == "migrant_org"
