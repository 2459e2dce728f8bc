"""The directory's demo: Mayen-Koblenz full of offers in several languages, Koblenz a few."""

import datetime
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from core.models import AuditEvent
from directory import demo
from directory.models import (
    Event,
    EventTranslation,
    Offer,
    OfferTranslation,
    Place,
    Status,
    Submission,
    TranslationState,
)
from districts.models import District

MODELS = (Place, Offer, OfferTranslation, Event, EventTranslation, Submission, AuditEvent)


def snapshot():
    return {model.__name__: model.objects.count() for model in MODELS}


@pytest.fixture
def myk(db):
    call_command("seed_demo", stdout=StringIO())
    return District.objects.get(slug="mayen-koblenz")


def test_mayen_koblenz_has_about_forty_offers_in_several_languages(myk):
    offers = Offer.objects.for_district(myk)
    published = offers.filter(status=Status.PUBLISHED)
    assert 36 <= published.count() <= 42
    assert all(o.organisation_id for o in published)
    rows = OfferTranslation.objects.filter(offer__in=published)
    by_offer = {}
    for row in rows:
        by_offer.setdefault(row.offer_id, {})[row.language] = row.state
    assert all(states.get("de") == TranslationState.ORIGINAL for states in by_offer.values())
    translated = [s for s in by_offer.values() if {"en", "ar", "uk"} <= set(s)]
    german_only = [s for s in by_offer.values() if set(s) == {"de"}]
    assert len(translated) >= 20 and len(german_only) >= 4
    states = [state for s in by_offer.values() for state in s.values()]
    assert states.count(TranslationState.MACHINE) >= 3
    assert states.count(TranslationState.OUTDATED) == 1

    title = "Deutschkurs A1 am Vormittag"
    a1 = published.get(translations__language="de", translations__title=title)
    assert a1.kind == Offer.Kind.LANGUAGE_COURSE and a1.childcare
    assert a1.place.city == "Andernach" and a1.place.postcode == "56626"
    assert 50.4 < float(a1.place.latitude) < 50.5 and 7.3 < float(a1.place.longitude) < 7.5

    today = timezone.localdate()
    assert 3 <= sum(1 for o in published if o.review_on < today) <= 6
    assert published.filter(free_of_charge=False).count() >= 3
    assert published.filter(barrier_free=False).exists()
    assert {"de", "ar", "uk", "fa"} <= {code for o in published for code in o.languages}
    for place in Place.objects.for_district(myk):
        assert place.postcode.startswith("56") and place.latitude is not None
    assert not any(o.contact_email and not o.contact_email.endswith("example.org") for o in offers)


def test_events_include_every_second_tuesday_with_an_exception(myk):
    events = Event.objects.for_district(myk).filter(status=Status.PUBLISHED)
    assert 14 <= events.count() <= 16
    assert events.exclude(rrule="").count() >= 8
    tuesday = events.get(rrule="FREQ=WEEKLY;INTERVAL=2;BYDAY=TU")
    assert timezone.localtime(tuesday.starts_at).weekday() == 1
    assert len(tuesday.exdates) == 1
    assert tuesday.translations.filter(language="ar").exists()
    assert events.filter(starts_at__date__gte=timezone.localdate()).count() == events.count()


def test_two_community_proposals_wait_for_moderation(myk):
    waiting = Offer.objects.for_district(myk).filter(status=Status.SUBMITTED)
    assert waiting.count() == 2
    emails = sorted(Submission.objects.for_district(myk).values_list("email", flat=True))
    assert all(e.endswith("@example.org") for e in emails) and len(emails) == 2
    titles = OfferTranslation.objects.filter(offer__in=waiting).values_list("title", flat=True)
    assert any("Sprachcafé" in t for t in titles)


def test_koblenz_has_a_few_offers_of_its_own(myk):
    koblenz = District.objects.get(slug="koblenz")
    offers = Offer.objects.for_district(koblenz)
    assert 2 <= offers.count() <= 5
    assert all(o.organisation.district_id == koblenz.pk for o in offers)
    assert not Event.objects.for_district(koblenz).exists()


def test_second_run_creates_nothing(myk):
    before = snapshot()
    assert not demo.seed()
    out = StringIO()
    call_command("seed_demo", stdout=out)
    assert snapshot() == before
    assert "nothing to do" in out.getvalue()


def test_second_run_on_a_later_day_creates_nothing(myk):
    before = snapshot()
    assert not demo.seed(today=timezone.localdate() + datetime.timedelta(days=40))
    assert snapshot() == before
