import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import DatabaseError
from django.http import Http404
from django.urls import reverse
from django.utils import timezone

from core.models import AccessRecord, AppendOnlyError
from core.scoping import fetch_recorded, get_visible_or_404
from districts.models import Organisation
from network.models import Contact


def test_visible_object_is_returned(network):
    org = get_visible_or_404(Organisation, network.staff, pk=network.other_org.pk)
    assert org == network.other_org


def test_other_district_looks_missing(network, other_network):
    with pytest.raises(Http404):
        get_visible_or_404(Organisation, network.staff, pk=other_network.office.pk)
    with pytest.raises(Http404):
        get_visible_or_404(Organisation, network.staff, pk=999_999)


def test_garbage_key_is_404_not_500(network):
    with pytest.raises(Http404):
        get_visible_or_404(Organisation, network.staff, pk="not-a-number")


def test_anonymous_and_operator_see_nothing(network, operator, django_user_model):
    from django.contrib.auth.models import AnonymousUser

    assert not Organisation.objects.visible_to(AnonymousUser()).exists()
    assert not Organisation.objects.visible_to(operator).exists()


# --- Fetching personal data leaves an access record ----------------------------------------
# Contacts (named people) stand in for the coming referrals' client data.


@pytest.fixture
def contact(network):
    from network.tests.factories import ContactFactory

    return ContactFactory(organisation=network.other_org)


def test_a_recorded_fetch_writes_exactly_one_access_record(network, contact):
    found = fetch_recorded(
        Contact, network.caseworker, pk=contact.pk, purpose="Verweisung an das Jobcenter prüfen"
    )
    assert found == contact
    record = AccessRecord.objects.get()
    assert record.actor == network.caseworker
    assert record.actor_label == f"{network.caseworker.email} (#{network.caseworker.pk})"
    assert record.district == network.district
    assert record.kind == AccessRecord.Kind.READ
    assert (record.object_type, record.object_id) == ("network.contact", str(contact.pk))
    assert record.purpose == "Verweisung an das Jobcenter prüfen"
    assert abs((timezone.now() - record.created_at).total_seconds()) < 60


def test_each_fetch_is_recorded_with_its_own_kind(network, contact):
    fetch_recorded(Contact, network.caseworker, pk=contact.pk, purpose="lesen")
    fetch_recorded(Contact, network.caseworker, pk=contact.pk, purpose="Auskunft", kind="export")
    assert sorted(AccessRecord.objects.values_list("kind", flat=True)) == ["export", "read"]


def test_a_404_records_nothing(network, other_network, contact):
    foreign = other_network.office
    with pytest.raises(Http404):
        fetch_recorded(Contact, network.caseworker, pk=999_999, purpose="lesen")
    with pytest.raises(Http404):
        fetch_recorded(Contact, network.caseworker, pk="kein-schlüssel", purpose="lesen")
    with pytest.raises(Http404):
        fetch_recorded(Organisation, network.caseworker, pk=foreign.pk, purpose="lesen")
    with pytest.raises(Http404):
        fetch_recorded(Contact, AnonymousUser(), pk=contact.pk, purpose="lesen")
    assert not AccessRecord.objects.exists()


@pytest.mark.parametrize(("purpose", "kind"), [("", "read"), ("   ", "read"), ("lesen", "peek")])
def test_a_fetch_without_purpose_or_with_an_unknown_kind_is_refused(
    network, contact, purpose, kind
):
    with pytest.raises(ValueError):
        fetch_recorded(Contact, network.caseworker, pk=contact.pk, purpose=purpose, kind=kind)
    assert not AccessRecord.objects.exists()


def test_no_record_no_data(network, contact, monkeypatch):
    def broken(**kwargs):
        raise DatabaseError("the log is unavailable")

    monkeypatch.setattr("core.scoping.record_access", broken)
    with pytest.raises(DatabaseError):
        fetch_recorded(Contact, network.caseworker, pk=contact.pk, purpose="lesen")


def test_the_record_can_be_neither_changed_nor_deleted(client, network, operator, contact):
    fetch_recorded(Contact, network.caseworker, pk=contact.pk, purpose="lesen")
    record = AccessRecord.objects.get()
    record.purpose = "anders"
    with pytest.raises(AppendOnlyError):
        record.save()
    with pytest.raises(AppendOnlyError):
        record.delete()
    with pytest.raises(AppendOnlyError):
        AccessRecord.objects.filter(pk=record.pk).update(purpose="anders")
    client.force_login(operator)
    admin = "admin:core_accessrecord"
    change = client.post(reverse(f"{admin}_change", args=[record.pk]), {"purpose": "anders"})
    delete = client.post(reverse(f"{admin}_delete", args=[record.pk]), {"post": "yes"})
    assert (change.status_code, delete.status_code) == (403, 403)
    # Deleting the person or the object does not touch the log either.
    contact.delete()
    assert AccessRecord.objects.get().purpose == "lesen"
