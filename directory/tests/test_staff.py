"""Editing offers, places and events; translation states; the list's filters."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone
from hypothesis import HealthCheck, example, given, settings
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


@pytest.fixture
def myk(db: Any) -> Any:
    """A network in the Landkreis Mayen-Koblenz, whose outline the reference data carry."""
    from conftest import build_network
    from districts.models import Kreis

    return build_network(kreis=Kreis.objects.get(ags="07137"))


OUTSIDE_QUESTION = "Der Punkt liegt außerhalb des Kreises. Trotzdem speichern?"
OUTSIDE_REFUSAL = "Der Punkt liegt außerhalb des Kreises. Bitte prüfen Sie Breite und Länge"


def _place_post(latitude: str, longitude: str, **extra: Any) -> dict[str, Any]:
    return {"name": "Beratungsstelle", "latitude": latitude, "longitude": longitude, **extra}


@pytest.mark.parametrize(
    ("latitude", "longitude"),
    [("0", "0"), ("-33.87", "151.21"), ("50.36", "7.59"), ("50.30669", "6.959")],
    ids=["null-island", "sydney", "koblenz-city", "just-west"],
)
def test_a_place_outside_the_kreis_needs_a_confirmation(
    client: Any, myk: Any, latitude: str, longitude: str
) -> None:
    from directory.models import Place

    client.force_login(myk.coordinator)
    url = reverse("directory:place_create")

    refused = client.post(url, _place_post(latitude, longitude))
    assert refused.status_code == 200
    page = refused.content.decode()
    assert OUTSIDE_QUESTION in page and OUTSIDE_REFUSAL in page
    assert 'name="confirm_outside"' in page
    assert not Place.objects.exists()

    accepted = client.post(url, _place_post(latitude, longitude, confirm_outside="on"))
    assert accepted.status_code == 302
    place = Place.objects.get()
    assert (str(place.latitude), str(place.longitude)) == (
        f"{float(latitude):.5f}",
        f"{float(longitude):.5f}",
    )

    # Saved once with a confirmation, the place is not asked about again on the next edit …
    edit = reverse("directory:place_edit", args=[place.pk])
    again = client.post(edit, _place_post(latitude, longitude, name="Neuer Name"))
    assert again.status_code == 302
    # … but moving it elsewhere outside is.
    moved = client.post(edit, _place_post("48.1", "11.5"))
    assert moved.status_code == 200 and OUTSIDE_QUESTION in moved.content.decode()
    place.refresh_from_db()
    assert place.name == "Neuer Name" and str(place.latitude) != "48.10000"


def test_a_place_inside_the_kreis_is_saved_without_a_question(client: Any, myk: Any) -> None:
    from directory.models import Place

    client.force_login(myk.coordinator)
    response = client.post(reverse("directory:place_create"), _place_post("50.33", "7.22"))
    assert response.status_code == 302
    assert Place.objects.get().name == "Beratungsstelle"
    form = client.get(reverse("directory:place_edit", args=[Place.objects.get().pk]))
    assert 'name="confirm_outside"' not in form.content.decode()


def test_the_place_services_refuse_a_point_outside_without_confirmation(myk: Any) -> None:
    from django.core.exceptions import ValidationError

    from directory.services import places as services

    data = {"name": "Sydney", "latitude": "-33.87", "longitude": "151.21"}
    with pytest.raises(ValidationError) as refused:
        services.place_create(actor=myk.coordinator, district=myk.district, data=data, texts={})
    assert "confirm_outside" in refused.value.message_dict
    place = services.place_create(
        actor=myk.coordinator,
        district=myk.district,
        data={**data, "latitude": "50.33", "longitude": "7.22"},
        texts={},
    )
    with pytest.raises(ValidationError):
        services.place_update(actor=myk.coordinator, place=place, data=data, texts={})
    services.place_update(
        actor=myk.coordinator, place=place, data=data, texts={}, confirm_outside=True
    )


texts = st.text(max_size=60)


@settings(
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
    organisation=st.sampled_from(["own", "other", "junk", "", "huge"]),
)
@example(
    title="Kurs",
    kind="activity",
    fmt="in_person",
    link="",
    review="",
    topics=[],
    organisation="huge",
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
    org["huge"] = str(2**63)  # one past the largest id (issue 10)
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
