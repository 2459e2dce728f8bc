"""The outreach log: who may write what, "nicht erreicht seit N Monaten", due next steps."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone

from core.models import AuditEvent
from districts.models import Organisation
from districts.tests.factories import OrganisationFactory
from network.models import OutreachEntry
from network.selectors import outreach as reads
from network.services import outreach as services
from network.tests.factories import OutreachEntryFactory

TODAY = timezone.localdate()


def ago(days: int) -> dt.date:
    return TODAY - dt.timedelta(days=days)


def entry_data(organisation, **overrides):
    data = {
        "organisation": organisation.pk,
        "date": TODAY.isoformat(),
        "channel": OutreachEntry.Channel.VISIT,
        "topic": "Vorstellung beim Vereinsabend",
        "outcome": "Interesse an Sprachmittlung",
        "next_step": "Termin für Infoabend vorschlagen",
        "next_step_due": (TODAY + dt.timedelta(days=7)).isoformat(),
    }
    data.update(overrides)
    return data


# --- Writing -------------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ["coordinator", "staff", "org_admin"])
def test_members_log_a_contact_and_own_it(client, network, role):
    user = getattr(network, role)
    client.force_login(user)
    response = client.post(reverse("network:outreach_create"), entry_data(network.other_org))
    assert response.status_code == 302
    entry = OutreachEntry.objects.get()
    assert entry.owner == user
    assert entry.district == network.district
    assert AuditEvent.objects.filter(action="outreach_entry.create", actor=user).exists()


def test_volunteers_are_refused(client, network):
    client.force_login(network.volunteer)
    for name in ("outreach_list", "outreach_create", "outreach_not_reached", "outreach_due"):
        assert client.get(reverse(f"network:{name}")).status_code == 403
    response = client.post(reverse("network:outreach_create"), entry_data(network.other_org))
    assert response.status_code == 403
    assert not OutreachEntry.objects.exists()


def test_staff_cannot_assign_entries_to_others(network):
    with pytest.raises(Exception) as raised:
        services.outreach_entry_create(
            actor=network.staff,
            district=network.district,
            data={
                "organisation": network.other_org,
                "date": TODAY,
                "channel": "phone",
                "topic": "Anruf",
                "owner": network.coordinator,
            },
        )
    assert "owner" in raised.value.error_dict


def test_the_coordinator_assigns_an_owner(client, network):
    client.force_login(network.coordinator)
    data = entry_data(network.other_org, owner=network.staff.pk)
    assert client.post(reverse("network:outreach_create"), data).status_code == 302
    assert OutreachEntry.objects.get().owner == network.staff


def test_owners_of_another_district_are_refused(client, network, other_network):
    client.force_login(network.coordinator)
    data = entry_data(network.other_org, owner=other_network.staff.pk)
    response = client.post(reverse("network:outreach_create"), data)
    assert response.status_code == 200
    assert not OutreachEntry.objects.exists()


def test_organisations_of_another_district_are_refused(client, network, other_network):
    client.force_login(network.coordinator)
    response = client.post(reverse("network:outreach_create"), entry_data(other_network.other_org))
    assert response.status_code == 200
    assert response.context["form"].errors["organisation"]


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"date": (TODAY + dt.timedelta(days=1)).isoformat()}, "date"),
        ({"next_step": ""}, "next_step"),
        ({"next_step_due": ago(3).isoformat()}, "next_step_due"),
        ({"channel": "brieftaube"}, "channel"),
        ({"topic": ""}, "topic"),
    ],
)
def test_invalid_entries_are_refused(client, network, overrides, field):
    client.force_login(network.coordinator)
    response = client.post(
        reverse("network:outreach_create"), entry_data(network.other_org, **overrides)
    )
    assert response.status_code == 200
    assert response.context["form"].errors[field]
    assert not OutreachEntry.objects.exists()


def test_the_owner_and_coordinators_edit_others_do_not(client, network):
    entry = OutreachEntryFactory(organisation=network.other_org, owner=network.staff)
    url = reverse("network:outreach_edit", args=[entry.pk])
    client.force_login(network.org_admin)
    assert client.get(url).status_code == 404
    with pytest.raises(PermissionDenied):
        services.outreach_step_complete(actor=network.org_admin, entry=entry)
    client.force_login(network.staff)
    assert client.get(url).status_code == 200
    response = client.post(url, entry_data(network.other_org, topic="Neues Thema"))
    assert response.status_code == 302
    entry.refresh_from_db()
    assert entry.topic == "Neues Thema"
    client.force_login(network.coordinator)
    assert client.get(url).status_code == 200


def test_marking_the_next_step_done(client, network):
    entry = OutreachEntryFactory(
        organisation=network.other_org,
        owner=network.staff,
        next_step="Rückruf",
        next_step_due=TODAY,
    )
    client.force_login(network.staff)
    url = reverse("network:outreach_step_done", args=[entry.pk])
    response = client.post(url, {"next": reverse("network:outreach_due")})
    assert response.status_code == 302
    assert response["Location"] == reverse("network:outreach_due")
    entry.refresh_from_db()
    assert entry.next_step_done
    response = client.post(url, {"next": "https://example.com/"}, follow=True)
    assert "bereits erledigt" in response.content.decode()
    assert response.redirect_chain[0][0] == reverse(
        "network:outreach_organisation", args=[network.other_org.pk]
    )
    assert AuditEvent.objects.filter(action="outreach_entry.complete_step").count() == 1


def test_changing_the_step_opens_it_again(network):
    entry = OutreachEntryFactory(
        organisation=network.other_org,
        owner=network.staff,
        next_step="Rückruf",
        next_step_done=True,
    )
    services.outreach_entry_update(
        actor=network.staff, entry=entry, data={"next_step": "Besuch vereinbaren"}
    )
    entry.refresh_from_db()
    assert not entry.next_step_done


def test_other_districts_entries_look_missing(client, network, other_network):
    entry = OutreachEntryFactory(organisation=other_network.other_org)
    client.force_login(network.coordinator)
    assert client.get(reverse("network:outreach_edit", args=[entry.pk])).status_code == 404
    url = reverse("network:outreach_organisation", args=[other_network.other_org.pk])
    assert client.get(url).status_code == 404
    assert entry.topic not in client.get(reverse("network:outreach_list")).content.decode()


# --- "Nicht erreicht" -----------------------------------------------------------------------


def test_months_before_keeps_the_day_or_takes_the_months_last():
    assert reads.months_before(dt.date(2026, 8, 31), 6) == dt.date(2026, 2, 28)
    assert reads.months_before(dt.date(2026, 3, 15), 6) == dt.date(2025, 9, 15)
    assert reads.months_before(dt.date(2026, 1, 10), 13) == dt.date(2024, 12, 10)


def test_not_reached_lists_migrant_organisations_and_those_with_entries(network):
    kind = Organisation.Kind.MIGRANT_ORG
    never = OrganisationFactory(district=network.district, kind=kind, name="A nie erreicht")
    long_ago = OrganisationFactory(district=network.district, kind=kind, name="B lange her")
    recent = OrganisationFactory(district=network.district, kind=kind, name="C kürzlich")
    dormant = OrganisationFactory(district=network.district, kind=kind, is_active=False)
    OrganisationFactory(district=network.district, name="D nicht im Blick")  # welfare, no entries
    OutreachEntryFactory(organisation=long_ago, date=ago(400))
    OutreachEntryFactory(organisation=long_ago, date=ago(200))
    OutreachEntryFactory(organisation=recent, date=ago(10))
    OutreachEntryFactory(organisation=network.other_org, date=ago(300))  # any kind, with entries
    result = {
        o.name: o.last_contact
        for o in reads.not_reached(network.coordinator, network.district, today=TODAY)
    }
    assert result == {never.name: None, long_ago.name: ago(200), network.other_org.name: ago(300)}
    assert dormant.name not in result
    twelve = reads.not_reached(network.coordinator, network.district, months=12, today=TODAY)
    assert [o.name for o in twelve] == [never.name]


def test_the_not_reached_page_shows_the_last_contact_or_never(client, network):
    kind = Organisation.Kind.MIGRANT_ORG
    OrganisationFactory(district=network.district, kind=kind, name="Kulturverein Nie")
    old = OrganisationFactory(district=network.district, kind=kind, name="Elternverein Alt")
    OutreachEntryFactory(organisation=old, date=dt.date(2020, 5, 4))
    client.force_login(network.staff)
    page = client.get(reverse("network:outreach_not_reached")).content.decode()
    assert "Kulturverein Nie" in page and "nie" in page
    assert "04.05.2020" in page
    assert "Seit mehr als 6 Monaten" in page
    page = client.get(reverse("network:outreach_not_reached"), {"months": "abc"})
    assert page.status_code == 200


# --- Due next steps -------------------------------------------------------------------------


def test_due_steps_are_open_and_due_within_14_days(client, network):
    def entry(**kwargs):
        return OutreachEntryFactory(organisation=network.other_org, next_step="Schritt", **kwargs)

    overdue = entry(next_step_due=ago(3), owner=network.staff)
    today = entry(next_step_due=TODAY, owner=network.coordinator)
    soon = entry(next_step_due=TODAY + dt.timedelta(days=14))
    entry(next_step_due=TODAY + dt.timedelta(days=15))
    entry(next_step_due=ago(3), next_step_done=True)
    entry(next_step_due=None)
    client.force_login(network.staff)
    response = client.get(reverse("network:outreach_due"))
    assert [e.pk for e in response.context["entries"]] == [overdue.pk, today.pk, soon.pk]
    page = response.content.decode()
    assert "überfällig" in page and "heute fällig" in page
    mine = client.get(reverse("network:outreach_due"), {"mine": "on"}).context["entries"]
    assert [e.pk for e in mine] == [overdue.pk]


# The same at 1 and at 50 rows; one of them reads which network sections the person may open.
OUTREACH_LIST_QUERIES = 16


@pytest.mark.parametrize("name", ["outreach_list", "outreach_due", "outreach_not_reached"])
@pytest.mark.parametrize("rows", [1, 50])
def test_outreach_pages_queries_are_constant(
    client, network, django_assert_max_num_queries, name, rows
):
    for _ in range(rows):
        organisation = OrganisationFactory(
            district=network.district, kind=Organisation.Kind.MIGRANT_ORG
        )
        OutreachEntryFactory(
            organisation=organisation,
            owner=network.staff,
            date=ago(400),
            next_step="Nachfassen",
            next_step_due=TODAY,
        )
    client.force_login(network.coordinator)
    with django_assert_max_num_queries(OUTREACH_LIST_QUERIES):
        response = client.get(reverse(f"network:{name}"))
    shown = response.context["organisations" if name == "outreach_not_reached" else "entries"]
    assert len(shown) == rows


@pytest.mark.parametrize("rows", [1, 50])
def test_organisation_log_queries_are_constant(
    client, network, django_assert_max_num_queries, rows
):
    OutreachEntryFactory.create_batch(rows, organisation=network.other_org, owner=network.staff)
    client.force_login(network.coordinator)
    url = reverse("network:outreach_organisation", args=[network.other_org.pk])
    with django_assert_max_num_queries(OUTREACH_LIST_QUERIES):
        response = client.get(url)
    assert len(response.context["entries"]) == rows
