"""Themen und Zielgruppen: coordinators keep the district's Handlungsfelder and target groups."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from core.models import AuditEvent
from districts.models import TargetGroup, Topic
from districts.vocabulary import DEFAULT_TARGET_GROUPS, DEFAULT_TOPICS
from network.selectors import vocabulary as reads
from network.services import vocabulary as services
from network.tests.factories import (
    AgreementFactory,
    ContactFactory,
    ProfileFactory,
    TargetGroupFactory,
    TopicFactory,
)

LIST = reverse("network:vocabulary")
FUZZ = settings(
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)


def create_url(kind="handlungsfelder"):
    return reverse("network:vocabulary_create", kwargs={"kind": kind})


def entry_url(name, entry):
    kind = "handlungsfelder" if isinstance(entry, Topic) else "zielgruppen"
    return reverse(f"network:vocabulary_{name}", kwargs={"kind": kind, "pk": entry.pk})


def topic_names(district, **filters):
    return list(
        Topic.objects.for_district(district).filter(**filters).values_list("name", flat=True)
    )


def topic(network, name="Wohnen"):
    return Topic.objects.get(district=network.district, name=name)


@pytest.fixture
def coordinator_client(client, network):
    client.force_login(network.coordinator)
    return client


# --- Who may ----------------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["staff", "org_admin", "volunteer", "caseworker"])
def test_only_coordinators_open_the_page(client, network, role):
    client.force_login(getattr(network, role))

    assert client.get(LIST).status_code == 403
    assert client.post(create_url(), {"name": "Mobilität"}).status_code == 403
    assert client.post(entry_url("delete", topic(network))).status_code == 403
    assert "Mobilität" not in topic_names(network.district)
    assert Topic.objects.filter(pk=topic(network).pk).exists()


@pytest.mark.django_db
def test_anonymous_people_are_sent_to_sign_in(client, network):
    response = client.get(LIST)

    assert response.status_code == 302
    assert reverse("account_login") in response["Location"]


@pytest.mark.django_db
def test_the_entries_of_another_district_look_missing(coordinator_client, network, other_network):
    foreign = topic(other_network)

    assert coordinator_client.get(entry_url("edit", foreign)).status_code == 404
    assert coordinator_client.post(entry_url("delete", foreign)).status_code == 404
    assert (
        coordinator_client.post(entry_url("set_active", foreign), {"active": "0"}).status_code
        == 404
    )
    foreign.refresh_from_db()
    assert foreign.is_active


@pytest.mark.django_db
def test_an_unknown_list_is_not_found(coordinator_client, network):
    url = reverse("network:vocabulary_create", kwargs={"kind": "sprachen"})
    assert coordinator_client.get(url).status_code == 404
    target_group = TargetGroup.objects.get(district=network.district, name="Familien")
    assert coordinator_client.get(entry_url("edit", target_group)).status_code == 200


@pytest.mark.django_db
def test_services_refuse_people_who_are_not_coordinators(network):
    with pytest.raises(PermissionDenied):
        services.vocabulary_create(
            actor=network.staff,
            district=network.district,
            kind=reads.KINDS["handlungsfelder"],
            name="Mobilität",
        )
    with pytest.raises(PermissionDenied):
        services.vocabulary_delete(actor=network.org_admin, entry=topic(network))


@pytest.mark.django_db
def test_the_sub_navigation_offers_the_page_to_coordinators_only(client, network):
    client.force_login(network.coordinator)
    assert LIST in client.get(reverse("network:index")).content.decode()
    client.force_login(network.staff)
    assert LIST not in client.get(reverse("network:index")).content.decode()


# --- The list ---------------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_page_lists_both_vocabularies_with_how_often_each_is_used(coordinator_client, network):
    housing = topic(network)
    families = TargetGroup.objects.get(district=network.district, name="Familien")
    ProfileFactory(organisation=network.office, topics=[housing], target_groups=[families])
    ProfileFactory(organisation=network.other_org, topics=[housing])
    ContactFactory(organisation=network.office, topics=[housing])
    AgreementFactory(parties=[network.office, network.other_org], topics=[housing])

    response = coordinator_client.get(LIST)

    assert response.status_code == 200
    sections = {s["kind"].slug: s for s in response.context["sections"]}
    topics = {entry.name: entry for entry in sections["handlungsfelder"]["entries"]}
    groups = {entry.name: entry for entry in sections["zielgruppen"]["entries"]}
    assert list(topics) == list(DEFAULT_TOPICS)
    assert list(groups) == list(DEFAULT_TARGET_GROUPS)
    # Every app that carries entries counts (in the order of INSTALLED_APPS): the network's
    # Steckbriefe, contacts and agreements, the directory's offers, the exchange's documents and
    # discussions.
    labels = [str(label) for label in sections["handlungsfelder"]["labels"]]
    assert labels == [
        "Steckbriefe",
        "Ansprechpersonen",
        "Vereinbarungen",
        "Angebote im Wegweiser",
        "Dokumente",
        "Diskussionen",
    ]
    assert topics["Wohnen"].usage == [2, 1, 1, 0, 0, 0]
    assert topics["Gesundheit"].usage == [0, 0, 0, 0, 0, 0]
    assert groups["Familien"].usage == [1, 0]
    page = response.content.decode()
    assert "Handlungsfeld anlegen" in page and "Zielgruppe anlegen" in page


@pytest.mark.django_db
def test_the_list_needs_the_same_number_of_queries_for_1_and_for_50_entries(
    coordinator_client, network
):
    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert coordinator_client.get(LIST).status_code == 200
        return len(captured)

    for model in (Topic, TargetGroup):
        model.objects.for_district(network.district).exclude(position=10).delete()
    profile = ProfileFactory(organisation=network.office)
    profile.topics.set(Topic.objects.for_district(network.district))
    assert Topic.objects.for_district(network.district).count() == 1
    coordinator_client.get(LIST)  # warm up
    with_one = queries()

    for i in range(49):
        extra_topic = TopicFactory(district=network.district, name=f"Thema {i}", position=20 + i)
        group = TargetGroupFactory(district=network.district, name=f"Gruppe {i}", position=20 + i)
        profile.topics.add(extra_topic)
        profile.target_groups.add(group)
        ContactFactory(organisation=network.other_org, topics=[extra_topic])
    assert Topic.objects.for_district(network.district).count() == 50

    assert queries() == with_one


# --- Create and rename ------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_new_entry_goes_to_the_end_of_the_list_and_is_audited(coordinator_client, network):
    response = coordinator_client.post(create_url(), {"name": "  Mobilität   im  Kreis "})

    assert response.status_code == 302
    assert topic_names(network.district)[-1] == "Mobilität im Kreis"
    entry = topic(network, "Mobilität im Kreis")
    event = AuditEvent.objects.get(action="topic.create", object_id=str(entry.pk))
    assert event.actor == network.coordinator
    assert event.district == network.district
    # …and it is offered in the filters of the organisation list right away.
    page = coordinator_client.get(reverse("network:index")).content.decode()
    assert "Mobilität im Kreis" in page


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["wohnen", "WOHNEN", " Wohnen ", "wOhNeN"])
def test_names_are_unique_in_a_district_regardless_of_case(coordinator_client, network, name):
    before = topic_names(network.district)

    response = coordinator_client.post(create_url(), {"name": name})

    assert response.status_code == 200
    assert "„Wohnen“ gibt es in dieser Liste schon." in response.content.decode()
    assert topic_names(network.district) == before


@pytest.mark.django_db
def test_case_is_ignored_beyond_ascii_too(coordinator_client, network):
    before = list(TargetGroup.objects.for_district(network.district))

    response = coordinator_client.post(create_url("zielgruppen"), {"name": "ÄLTERE"})

    assert "„Ältere“ gibt es in dieser Liste schon." in response.content.decode()
    assert list(TargetGroup.objects.for_district(network.district)) == before


@pytest.mark.django_db
def test_a_deactivated_namesake_is_pointed_out_for_reactivation(coordinator_client, network):
    Topic.objects.filter(pk=topic(network).pk).update(is_active=False)

    response = coordinator_client.post(create_url(), {"name": "wohnen"})

    assert "Aktivieren Sie den Eintrag wieder" in response.content.decode()
    assert topic_names(network.district).count("Wohnen") == 1


@pytest.mark.django_db
def test_the_same_name_is_fine_in_another_district_and_in_the_other_list(
    coordinator_client, network, other_network
):
    TopicFactory(district=other_network.district, name="Mobilität")

    assert coordinator_client.post(create_url(), {"name": "Mobilität"}).status_code == 302
    response = coordinator_client.post(create_url("zielgruppen"), {"name": "Wohnen"})
    assert response.status_code == 302
    assert TargetGroup.objects.filter(district=network.district, name="Wohnen").exists()


@pytest.mark.django_db
def test_renaming_keeps_the_entry_on_its_records_and_is_audited(coordinator_client, network):
    housing = topic(network)
    profile = ProfileFactory(organisation=network.office, topics=[housing])

    response = coordinator_client.post(entry_url("edit", housing), {"name": "Wohnen & Umzug"})

    assert response.status_code == 302
    assert list(profile.topics.values_list("name", flat=True)) == ["Wohnen & Umzug"]
    event = AuditEvent.objects.get(action="topic.rename", object_id=str(housing.pk))
    assert event.changes == {"name": ["Wohnen", "Wohnen & Umzug"]}
    detail = coordinator_client.get(reverse("network:organisation", args=[network.office.pk]))
    assert "Wohnen &amp; Umzug" in detail.content.decode()


@pytest.mark.django_db
def test_renaming_to_a_namesake_is_refused(coordinator_client, network):
    housing = topic(network)

    response = coordinator_client.post(entry_url("edit", housing), {"name": "gesundheit"})

    assert "„Gesundheit“ gibt es in dieser Liste schon." in response.content.decode()
    housing.refresh_from_db()
    assert housing.name == "Wohnen"
    assert not AuditEvent.objects.filter(action="topic.rename").exists()


@pytest.mark.django_db
def test_changing_only_the_case_of_a_name_is_a_rename(coordinator_client, network):
    housing = topic(network)

    assert (
        coordinator_client.post(entry_url("edit", housing), {"name": "WOHNEN"}).status_code == 302
    )
    housing.refresh_from_db()
    assert housing.name == "WOHNEN"


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["", "   ", "\t\n", "a" * 101, "Null\x00byte"])
def test_bad_names_are_refused_with_a_message(coordinator_client, network, name):
    before = topic_names(network.district)

    response = coordinator_client.post(create_url(), {"name": name})

    assert response.status_code == 200
    assert 'aria-invalid="true"' in response.content.decode()
    assert topic_names(network.district) == before


# --- Order ------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_moving_an_entry_up_and_down_swaps_it_with_its_neighbour(coordinator_client, network):
    housing = topic(network)
    names = list(DEFAULT_TOPICS)
    index = names.index("Wohnen")

    response = coordinator_client.post(entry_url("move", housing), {"direction": "up"})

    assert response.status_code == 302
    names[index - 1], names[index] = names[index], names[index - 1]
    assert topic_names(network.district) == names
    assert AuditEvent.objects.filter(action="topic.move", object_id=str(housing.pk)).count() == 1

    coordinator_client.post(entry_url("move", housing), {"direction": "down"})
    coordinator_client.post(entry_url("move", housing), {"direction": "down"})
    expected = list(DEFAULT_TOPICS)
    expected[index], expected[index + 1] = expected[index + 1], expected[index]
    assert topic_names(network.district) == expected


@pytest.mark.django_db
def test_the_first_entry_cannot_move_further_up(coordinator_client, network):
    first = topic(network, DEFAULT_TOPICS[0])

    coordinator_client.post(entry_url("move", first), {"direction": "up"})

    assert topic_names(network.district) == list(DEFAULT_TOPICS)
    assert not AuditEvent.objects.filter(action="topic.move").exists()


@pytest.mark.django_db
def test_moving_works_when_positions_are_equal(coordinator_client, network):
    Topic.objects.for_district(network.district).update(position=100)
    ordered = topic_names(network.district)  # by name when positions tie
    second = topic(network, ordered[1])

    coordinator_client.post(entry_url("move", second), {"direction": "up"})

    assert topic_names(network.district)[:2] == [ordered[1], ordered[0]]


# --- Deactivate -------------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_deactivated_entry_leaves_the_filters_but_stays_on_records(coordinator_client, network):
    housing = topic(network)
    ProfileFactory(organisation=network.office, topics=[housing])
    option = f'<option value="{housing.pk}">Wohnen</option>'
    assert option in coordinator_client.get(reverse("network:index")).content.decode()

    response = coordinator_client.post(entry_url("set_active", housing), {"active": "0"})

    assert response.status_code == 302
    housing.refresh_from_db()
    assert not housing.is_active
    assert option not in coordinator_client.get(reverse("network:index")).content.decode()
    agreement_form = coordinator_client.get(reverse("network:agreement_create")).content.decode()
    assert option not in agreement_form
    detail = coordinator_client.get(reverse("network:organisation", args=[network.office.pk]))
    assert "Wohnen" in detail.content.decode()
    assert list(network.office.profile.topics.all()) == [housing]
    event = AuditEvent.objects.get(action="topic.deactivate", object_id=str(housing.pk))
    assert event.changes == {"is_active": [True, False]}
    assert "deaktiviert" in coordinator_client.get(LIST).content.decode()

    coordinator_client.post(entry_url("set_active", housing), {"active": "1"})
    housing.refresh_from_db()
    assert housing.is_active
    assert AuditEvent.objects.filter(action="topic.reactivate").count() == 1
    assert option in coordinator_client.get(reverse("network:index")).content.decode()


@pytest.mark.django_db
def test_deactivating_twice_writes_one_audit_row(coordinator_client, network):
    housing = topic(network)
    for _ in range(2):
        coordinator_client.post(entry_url("set_active", housing), {"active": "0"})

    assert AuditEvent.objects.filter(action="topic.deactivate").count() == 1


# --- Delete -----------------------------------------------------------------------------------


@pytest.mark.django_db
def test_an_unused_entry_can_be_deleted(coordinator_client, network):
    health = topic(network, "Gesundheit")

    response = coordinator_client.post(entry_url("delete", health), follow=True)

    assert "„Gesundheit“ wurde gelöscht." in response.content.decode()
    assert "Gesundheit" not in topic_names(network.district)
    event = AuditEvent.objects.get(action="topic.delete")
    assert event.object_id == str(health.pk)
    assert event.changes["name"] == "Gesundheit"


@pytest.mark.django_db
@pytest.mark.parametrize("where", ["profile", "contact", "agreement"])
def test_an_entry_in_use_is_not_deleted_and_deactivation_is_suggested(
    coordinator_client, network, where
):
    housing = topic(network)
    if where == "profile":
        ProfileFactory(organisation=network.office, topics=[housing])
    elif where == "contact":
        ContactFactory(organisation=network.office, topics=[housing])
    else:
        AgreementFactory(parties=[network.office, network.other_org], topics=[housing])

    response = coordinator_client.post(entry_url("delete", housing), follow=True)

    page = response.content.decode()
    assert "„Wohnen“ wird noch verwendet" in page
    assert "Deaktivieren Sie den Eintrag stattdessen" in page
    assert Topic.objects.filter(pk=housing.pk).exists()
    assert not AuditEvent.objects.filter(action="topic.delete").exists()
    assert response.redirect_chain[-1][0] == entry_url("edit", housing)


@pytest.mark.django_db
def test_a_target_group_in_use_is_not_deleted(coordinator_client, network):
    families = TargetGroup.objects.get(district=network.district, name="Familien")
    ProfileFactory(organisation=network.office, target_groups=[families])

    response = coordinator_client.post(entry_url("delete", families), follow=True)

    assert "(Steckbriefe: 1)" in response.content.decode()
    assert TargetGroup.objects.filter(pk=families.pk).exists()


@pytest.mark.django_db
def test_the_edit_page_offers_deleting_only_while_unused(coordinator_client, network):
    housing = topic(network)
    delete = entry_url("delete", housing)
    assert delete in coordinator_client.get(entry_url("edit", housing)).content.decode()

    ProfileFactory(organisation=network.office, topics=[housing])

    page = coordinator_client.get(entry_url("edit", housing)).content.decode()
    assert delete not in page
    assert "Deaktivieren Sie ihn stattdessen" in page


# --- Fuzzing ----------------------------------------------------------------------------------


@pytest.mark.django_db
@FUZZ
@given(name=st.text(max_size=150), kind=st.sampled_from(["handlungsfelder", "zielgruppen"]))
def test_any_name_is_saved_or_refused_with_a_message(coordinator_client, network, name, kind):
    model = Topic if kind == "handlungsfelder" else TargetGroup
    before = model.objects.for_district(network.district).count()

    response = coordinator_client.post(create_url(kind), {"name": name})

    assert response.status_code in (200, 302)
    after = model.objects.for_district(network.district).count()
    if response.status_code == 302:
        assert after == before + 1
        created = model.objects.for_district(network.district).order_by("-pk").first()
        assert created.name == " ".join(name.split())
    else:
        assert after == before
        assert 'aria-invalid="true"' in response.content.decode()


@pytest.mark.django_db
@FUZZ
@given(name=st.text(max_size=150), direction=st.text(max_size=10), active=st.text(max_size=5))
def test_any_rename_or_action_never_fails(coordinator_client, network, name, direction, active):
    entry = Topic.objects.for_district(network.district).order_by("pk").first()

    assert coordinator_client.post(entry_url("edit", entry), {"name": name}).status_code in (
        200,
        302,
    )
    move = coordinator_client.post(entry_url("move", entry), {"direction": direction})
    assert move.status_code == 302
    toggle = coordinator_client.post(entry_url("set_active", entry), {"active": active})
    assert toggle.status_code == 302
    entry.refresh_from_db()
    assert entry.is_active is (active == "1")


@pytest.mark.django_db
def test_an_entry_used_by_a_document_discussion_or_offer_is_not_deleted(
    coordinator_client, network
):
    from directory.tests.factories import OfferFactory
    from exchange.tests.factories_discussions import ThreadFactory

    housing = topic(network)
    OfferFactory(district=network.district, topics=[housing.code])
    ThreadFactory(author_organisation=network.office, topic=housing)

    response = coordinator_client.post(entry_url("delete", housing))

    assert Topic.objects.filter(pk=housing.pk).exists()
    assert response.status_code == 302
    page = coordinator_client.get(response["Location"]).content.decode()
    assert "Diskussionen: 1" in page and "Angebote im Wegweiser: 1" in page
