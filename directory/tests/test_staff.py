"""Editing offers, places and events; translation states; the list's filters."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from core.models import AuditEvent
from directory.models import Event, Offer, OfferTranslation, Status, TranslationState
from directory.tests import factories

# Factories return model instances; typed loosely for mypy.
EventFactory: Any = factories.EventFactory
OfferFactory: Any = factories.OfferFactory
OfferTranslationFactory: Any = factories.OfferTranslationFactory


def _offer_post(**overrides: Any) -> dict[str, Any]:
    data = {
        "title": "Sprachcafé",
        "summary": "Deutsch üben bei Kaffee",
        "description": "Jeden Dienstag.",
        "kind": "activity",
        "topics": ["language"],
        "target_groups": ["everyone"],
        "languages": ["de", "ar"],
        "format": "in_person",
        "free_of_charge": "on",
        "barrier_free": "true",
    }
    data.update(overrides)
    return data


def test_staff_create_an_offer_of_their_organisation(client: Any, network: Any) -> None:
    client.force_login(network.staff)
    response = client.post(
        reverse("directory:offer_create"), _offer_post(organisation=network.other_org.pk)
    )
    assert response.status_code == 302
    offer = Offer.objects.get(organisation=network.other_org)
    assert offer.status == Status.DRAFT
    assert offer.barrier_free is True
    assert offer.review_on is not None and offer.review_on > timezone.localdate()
    original = offer.translations.get(language="de")
    assert (original.title, original.state) == ("Sprachcafé", TranslationState.ORIGINAL)
    assert AuditEvent.objects.filter(action="offer.create", object_id=str(offer.pk)).exists()


def test_staff_cannot_create_for_another_organisation(client: Any, network: Any) -> None:
    client.force_login(network.staff)
    response = client.post(
        reverse("directory:offer_create"), _offer_post(organisation=network.office.pk)
    )
    assert response.status_code == 200
    assert not Offer.objects.exists()


def test_who_may_edit_which_offer(client: Any, network: Any, other_network: Any) -> None:
    own = OfferFactory(district=network.district, organisation=network.other_org)
    office = OfferFactory(district=network.district, organisation=network.office)
    away = OfferFactory(district=other_network.district, organisation=other_network.other_org)

    def status(user: Any, offer: Offer) -> int:
        client.force_login(user)
        return client.get(reverse("directory:offer_edit", args=[offer.pk])).status_code

    assert status(network.staff, own) == 200
    assert status(network.org_admin, own) == 200
    assert status(network.staff, office) == 404
    assert status(network.volunteer, own) == 403
    assert status(network.coordinator, own) == 200
    assert status(network.coordinator, office) == 200
    assert status(network.coordinator, away) == 404


def test_offer_list_shows_only_editable_offers_and_filters(client: Any, network: Any) -> None:
    OfferFactory(district=network.district, organisation=network.other_org, title="Eigenes")
    OfferFactory(district=network.district, organisation=network.office, title="Fremdes")
    stale = OfferFactory(
        district=network.district, organisation=network.other_org, title="Altes Angebot"
    )
    stale.review_on = timezone.localdate() - dt.timedelta(days=1)
    stale.save()
    OfferTranslationFactory(offer=stale, language="ar", title="قديم")
    client.force_login(network.staff)
    page = client.get(reverse("directory:index")).content.decode()
    assert "Eigenes" in page and "Altes Angebot" in page and "Fremdes" not in page
    page = client.get(reverse("directory:index"), {"stale": "on"}).content.decode()
    assert "Altes Angebot" in page and "Eigenes" not in page
    page = client.get(reverse("directory:index"), {"missing": "ar"}).content.decode()
    assert "Eigenes" in page and "Altes Angebot" not in page


def test_changing_the_german_text_marks_translations_outdated(client: Any, network: Any) -> None:
    offer = OfferFactory(
        district=network.district, organisation=network.other_org, title="Sprachcafé"
    )
    OfferTranslationFactory(offer=offer, language="en", title="Language café")
    OfferTranslationFactory(
        offer=offer, language="ar", title="مقهى", state=TranslationState.MACHINE
    )
    client.force_login(network.staff)
    url = reverse("directory:offer_edit", args=[offer.pk])
    # Structured fields alone leave the translations current.
    client.post(
        url,
        _offer_post(
            title="Sprachcafé",
            summary="",
            description="",
            organisation=network.other_org.pk,
            childcare="on",
        ),
    )
    states = dict(offer.translations.values_list("language", "state"))
    assert states["en"] == TranslationState.REVIEWED
    client.post(url, _offer_post(title="Sprachcafé am Markt", organisation=network.other_org.pk))
    states = dict(offer.translations.values_list("language", "state"))
    assert states == {
        "de": TranslationState.ORIGINAL,
        "en": TranslationState.OUTDATED,
        "ar": TranslationState.OUTDATED,
    }


def test_translator_writes_arabic_right_to_left_and_reviews(client: Any, network: Any) -> None:
    offer = OfferFactory(district=network.district, organisation=network.other_org)
    client.force_login(network.staff)
    url = reverse("directory:offer_translation", args=[offer.pk, "ar"])
    page = client.get(url).content.decode()
    assert 'dir="rtl"' in page and 'lang="ar"' in page
    assert "easy_language" not in page  # Leichte Sprache is German only
    response = client.post(url, {"title": "مقهى اللغة", "description": "كل ثلاثاء"})
    assert response.status_code == 302
    row = offer.translations.get(language="ar")
    assert row.state == TranslationState.OUTDATED  # not reviewed yet: not shown publicly
    client.post(reverse("directory:offer_translation_review", args=[offer.pk, "ar"]))
    row.refresh_from_db()
    assert row.state == TranslationState.REVIEWED
    client.post(url, {"title": "مقهى", "reviewed": "on"})
    row.refresh_from_db()
    assert (row.title, row.state) == ("مقهى", TranslationState.REVIEWED)


def test_machine_translation_stays_marked_until_reviewed(client: Any, network: Any) -> None:
    offer = OfferFactory(district=network.district, organisation=network.other_org)
    OfferTranslationFactory(
        offer=offer, language="uk", title="Кафе", state=TranslationState.MACHINE
    )
    client.force_login(network.staff)
    url = reverse("directory:offer_translation", args=[offer.pk, "uk"])
    assert "maschinell übersetzt" in client.get(url).content.decode()
    client.post(url, {"title": "Мовне кафе"})
    assert offer.translations.get(language="uk").state == TranslationState.MACHINE


def test_publish_unpublish_archive_and_confirm(client: Any, network: Any) -> None:
    offer = OfferFactory(
        district=network.district, organisation=network.other_org, status=Status.DRAFT
    )
    offer.review_on = timezone.localdate() - dt.timedelta(days=30)
    offer.save()
    client.force_login(network.org_admin)
    status_url = reverse("directory:offer_status", args=[offer.pk])
    client.post(status_url, {"action": "publish"})
    offer.refresh_from_db()
    assert offer.status == Status.PUBLISHED
    client.post(status_url, {"action": "archive"})
    offer.refresh_from_db()
    assert offer.status == Status.ARCHIVED
    client.post(status_url, {"action": "delete-everything"})
    offer.refresh_from_db()
    assert offer.status == Status.ARCHIVED
    client.post(reverse("directory:offer_confirm", args=[offer.pk]))
    offer.refresh_from_db()
    assert not offer.is_stale
    assert offer.review_on is not None
    assert offer.review_on >= timezone.localdate() + dt.timedelta(days=360)


def _event_post(**overrides: Any) -> dict[str, Any]:
    data = {
        "title": "Sprachcafé",
        "starts_at": "2030-03-05T15:00",
        "ends_at": "2030-03-05T17:00",
        "rrule": "FREQ=WEEKLY;INTERVAL=2;BYDAY=TU",
        "exdates": "2030-03-19\n2030-04-02",
        "free_of_charge": "on",
    }
    data.update(overrides)
    return data


def test_event_with_recurrence_and_exceptions(client: Any, network: Any) -> None:
    client.force_login(network.staff)
    response = client.post(
        reverse("directory:event_create"), _event_post(organisation=network.other_org.pk)
    )
    assert response.status_code == 302
    event = Event.objects.get()
    assert event.rrule == "FREQ=WEEKLY;INTERVAL=2;BYDAY=TU"
    assert event.exdates == ["2030-03-19", "2030-04-02"]
    assert event.translations.get(language="de").title == "Sprachcafé"


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("rrule", "FREQ=SOMETIMES"),
        ("rrule", "FREQ=SECONDLY;BYMONTH=2;BYMONTHDAY=30"),
        ("rrule", "FREQ=DAILY;BYMONTH=2;BYMONTHDAY=30"),
        ("rrule", "FREQ=WEEKLY;UNTIL=20200101T000000Z"),
        ("rrule", "jeden zweiten Dienstag"),
        ("exdates", "19.03.2030"),
        ("ends_at", "2030-03-05T14:00"),
    ],
)
def test_bad_event_input_is_refused(client: Any, network: Any, field: str, value: str) -> None:
    client.force_login(network.staff)
    response = client.post(
        reverse("directory:event_create"),
        _event_post(organisation=network.other_org.pk, **{field: value}),
    )
    assert response.status_code == 200
    assert 'class="kern-error"' in response.content.decode()
    assert not Event.objects.exists()


def test_event_german_change_marks_translations_outdated(client: Any, network: Any) -> None:
    event = EventFactory(district=network.district, organisation=network.other_org, title="Treffen")
    event.translations.create(language="tr", title="Buluşma", state=TranslationState.REVIEWED)
    client.force_login(network.staff)
    client.post(
        reverse("directory:event_edit", args=[event.pk]),
        _event_post(title="Großes Treffen", organisation=network.other_org.pk),
    )
    assert event.translations.get(language="tr").state == TranslationState.OUTDATED


def test_place_create_and_edit(client: Any, network: Any) -> None:
    client.force_login(network.coordinator)
    response = client.post(
        reverse("directory:place_create"),
        {
            "name": "Bürgerhaus",
            "postcode": "56626",
            "city": "Andernach",
            "latitude": "50.43",
            "longitude": "7.40",
            "opening_hours": "Mo–Fr 9–12 Uhr",
        },
    )
    assert response.status_code == 302
    response = client.post(
        reverse("directory:place_create"), {"name": "Halbe Koordinate", "latitude": "50.4"}
    )
    assert response.status_code == 200
    from directory.models import Place

    assert list(Place.objects.values_list("name", flat=True)) == ["Bürgerhaus"]


texts = st.text(max_size=60)


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    title=texts,
    kind=st.sampled_from(["activity", "nonsense", ""]),
    fmt=st.sampled_from(["in_person", "online", "x"]),
    link=texts,
    review=st.sampled_from(["", "2030-02-30", "gestern", "2031-01-01"]),
    topics=st.lists(st.sampled_from(["language", "work", "unknown"]), max_size=3),
    organisation=st.sampled_from(["own", "other", "junk", ""]),
)
def test_offer_form_fuzz_never_500(
    client: Any,
    network: Any,
    title: str,
    kind: str,
    fmt: str,
    link: str,
    review: str,
    topics: list[str],
    organisation: str,
) -> None:
    client.force_login(network.staff)
    org = {"own": network.other_org.pk, "other": network.office.pk, "junk": "x", "": ""}
    before = Offer.objects.count()
    response = client.post(
        reverse("directory:offer_create"),
        _offer_post(
            title=title,
            kind=kind,
            format=fmt,
            meeting_link=link,
            review_on=review,
            topics=topics,
            organisation=org[organisation],
        ),
    )
    assert response.status_code in (200, 302)
    if response.status_code == 200:
        assert Offer.objects.count() == before
    else:
        assert Offer.objects.count() == before + 1
        assert OfferTranslation.objects.filter(offer__organisation=network.other_org).exists()


def test_volunteers_are_sent_to_the_public_directory(client, network):
    client.force_login(network.volunteer)
    response = client.get(reverse("directory:index"))
    assert response.status_code == 302
    assert response["Location"] == reverse(
        "public:home", kwargs={"district_slug": network.district.slug, "lang": "de"}
    )
