"""Directory search, the same suite on SQLite (FTS5) and PostgreSQL (tsvector + pg_trgm):
run it once plainly and once with DATABASE_URL=postgres://…"""

from __future__ import annotations

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from directory.models import Offer, OfferSearchDocument, OfferTranslation, Status
from directory.search import bulk_indexing, search_offers
from directory.tests.factories import (
    OfferFactory,
    OfferTranslationFactory,
    PlaceFactory,
    PlaceTranslationFactory,
)
from districts.tests.factories import DistrictFactory, MunicipalityFactory
from districts.vocabulary import DirectoryTopic as Topic

pytestmark = pytest.mark.django_db

COURSE = "Deutschkurs A1 am Vormittag"


def language_course(district, title=COURSE, **kwargs):
    kwargs.setdefault("kind", Offer.Kind.LANGUAGE_COURSE)
    kwargs.setdefault("topics", [Topic.LANGUAGE.value])
    return OfferFactory(district=district, title=title, **kwargs)


@pytest.fixture
def district():
    return DistrictFactory()


@pytest.fixture
def directory(district):
    """A language course among offers that have nothing to do with language."""
    course = language_course(district)
    counselling = OfferFactory(
        district=district,
        title="Beratung für Familien",
        title__summary="Wir helfen bei Anträgen und Fragen zum Aufenthalt.",
    )
    workshop = OfferFactory(
        district=district,
        kind=Offer.Kind.ACTIVITY,
        topics=[Topic.LEISURE.value],
        title="Offene Fahrradwerkstatt",
    )
    return course, counselling, workshop


@pytest.mark.parametrize("query", ["Deutschkurs", "deutsch kurs", "Deutschkrus", "Sprachkurs"])
@pytest.mark.parametrize("language", ["de", "ar", "uk"])
def test_language_course_is_found_however_it_is_typed(district, directory, query, language):
    course, counselling, workshop = directory

    result = search_offers(district=district, language=language, query=query)

    assert result.ids[0] == course.pk
    assert counselling.pk not in result.ids and workshop.pk not in result.ids


def test_prefix_of_a_word_finds_the_offer(district, directory):
    course, _counselling, workshop = directory

    assert search_offers(district=district, language="de", query="Fahrrad").ids == [workshop.pk]
    assert search_offers(district=district, language="de", query="vormit").ids == [course.pk]


def test_arabic_query_finds_the_arabic_text(district, directory):
    course, counselling, _workshop = directory
    OfferTranslationFactory(offer=course, language="ar", title="دورة لغة ألمانية للمبتدئين")
    OfferTranslationFactory(offer=counselling, language="ar", title="استشارة للعائلات")

    result = search_offers(district=district, language="ar", query="دورة لغة")

    assert result.ids == [course.pk]
    assert search_offers(district=district, language="ar", query="استشارة").ids == [counselling.pk]


def test_ukrainian_query_finds_the_ukrainian_text(district, directory):
    course, counselling, _workshop = directory
    OfferTranslationFactory(offer=course, language="uk", title="Мовний курс для дорослих")
    OfferTranslationFactory(offer=counselling, language="uk", title="Консультація для родин")

    assert search_offers(district=district, language="uk", query="мовний курс").ids == [course.pk]
    # another page language does not search the Ukrainian text
    assert search_offers(district=district, language="en", query="мовний курс").ids == []


def test_filters_combine_with_the_query(district):
    online = language_course(district, "Deutschkurs online", format=Offer.Format.ONLINE)
    language_course(district, "Deutschkurs abends", free_of_charge=False)
    language_course(district, "Deutschkurs hybrid", format=Offer.Format.HYBRID, barrier_free=True)
    OfferFactory(district=district, title="Beratung online", format=Offer.Format.ONLINE)

    result = search_offers(
        district=district,
        language="de",
        query="Deutschkurs",
        filters={"format": Offer.Format.ONLINE, "free_of_charge": True},
    )

    assert result.ids == [online.pk]
    either = search_offers(
        district=district,
        language="de",
        query="deutschkurs",
        filters={"format": ["online", "hybrid"], "topic": "language", "barrier_free": False},
    )
    assert either.total == 2


def test_facets_count_the_whole_result_not_the_page(district):
    town = MunicipalityFactory(district=district)
    place = PlaceFactory(district=district, municipality=town)
    for title in ("Deutschkurs 1", "Deutschkurs 2", "Deutschkurs 3"):
        language_course(district, title, languages=["de", "uk"], place=place)
    OfferFactory(
        district=district,
        title="Deutschkurs für Eltern",
        topics=[Topic.LANGUAGE.value, Topic.FAMILY.value],
        target_groups=["families"],
        free_of_charge=False,
    )

    result = search_offers(district=district, language="de", query="Deutschkurs", limit=2)

    assert len(result.ids) == 2 and result.total == 4
    assert result.facets["topic"] == {"language": 4, "family": 1}
    assert result.facets["language"] == {"de": 4, "uk": 3, "ar": 1}
    assert result.facets["target_group"] == {"everyone": 3, "families": 1}
    assert result.facets["municipality"] == {town.pk: 3}
    assert result.facets["free_of_charge"] == {True: 3, False: 1}
    assert result.facets["format"] == {"in_person": 4}

    filtered = search_offers(
        district=district, language="de", query="Deutschkurs", filters={"topic": "family"}
    )
    assert filtered.total == 1
    # the other topics stay visible with their counts, the other facets follow the filter
    assert filtered.facets["topic"] == {"language": 4, "family": 1}
    assert filtered.facets["free_of_charge"] == {False: 1}


def test_only_published_offers_of_the_district_are_found(district, directory):
    course, _counselling, _workshop = directory
    language_course(district, status=Status.DRAFT)
    language_course(district, status=Status.SUBMITTED)
    language_course(DistrictFactory())

    assert search_offers(district=district, language="de", query="Deutschkurs").ids == [course.pk]
    assert search_offers(district=district, language="de").total == 3


def test_empty_query_lists_all_published_offers_most_recent_first(district, directory):
    course, counselling, workshop = directory
    course.contact_phone = "0261 123"
    course.save()

    result = search_offers(district=district, language="de")

    assert result.ids == [course.pk, workshop.pk, counselling.pk]
    assert result.facets["topic"] == {"language": 1, "counselling": 1, "leisure": 1}
    assert search_offers(district=district, language="de", limit=1, offset=1).ids == [workshop.pk]


def test_the_index_follows_edits_and_deletions(district, directory):
    course, _counselling, _workshop = directory
    german = course.translations.get(language="de")
    german.title = "Alphabetisierung für Erwachsene"
    german.save()
    arabic = OfferTranslationFactory(offer=course, language="ar", title="محو الأمية للكبار")

    assert search_offers(district=district, language="de", query="Alphabetisierung").ids == [
        course.pk
    ]
    assert search_offers(district=district, language="de", query="Vormittag").ids == []
    assert search_offers(district=district, language="ar", query="الأمية").ids == [course.pk]

    arabic.delete()
    assert search_offers(district=district, language="ar", query="الأمية").ids == []

    course.status = Status.ARCHIVED
    course.save()
    assert search_offers(district=district, language="de", query="Alphabetisierung").ids == []

    course.status = Status.PUBLISHED
    course.save()
    course.delete()
    assert search_offers(district=district, language="de", query="Alphabetisierung").ids == []
    assert not OfferSearchDocument.objects.filter(offer_id=german.offer_id).exists()


def test_deleting_a_district_deletes_its_offers_and_their_index(district, directory):
    district.delete()

    assert not OfferSearchDocument.objects.exists()
    assert not OfferTranslation.objects.exists()


def test_empty_result_suggests_searches_that_find_something(district, directory):
    course, _counselling, _workshop = directory

    filtered = search_offers(
        district=district, language="de", query="Deutschkurs", filters={"barrier_free": True}
    )
    nonsense = search_offers(district=district, language="de", query="Xylophon")

    assert filtered.total == 0 and nonsense.total == 0
    assert filtered.suggestions[0].query == "deutschkurs"
    assert filtered.suggestions[0].filters == {} and filtered.suggestions[0].total == 1
    assert nonsense.suggestions
    for suggestion in filtered.suggestions + nonsense.suggestions:
        tried = search_offers(
            district=district,
            language="de",
            query=suggestion.query,
            filters=suggestion.filters,
        )
        assert tried.total == suggestion.total > 0
    assert search_offers(district=district, language="de", query=COURSE).suggestions == []


def test_a_misspelt_word_is_respelt_from_the_district_vocabulary(district, directory):
    course, _counselling, _workshop = directory

    result = search_offers(district=district, language="de", query="Vormttgkrs")

    assert result.total == 0
    respelt = [s for s in result.suggestions if s.query]
    assert respelt and respelt[0].query == "vormittag"


def _queries(district, **search):
    with CaptureQueriesContext(connection) as captured:
        search_offers(district=district, language="ar", **search)
    return len(captured.captured_queries)


@pytest.mark.parametrize(
    "search",
    [
        {},
        {"query": "Deutschkrus", "filters": {"topic": "language"}},
        {"query": "Xylophon", "filters": {"free_of_charge": True}},
    ],
)
def test_query_count_does_not_grow_with_the_offers(district, search):
    language_course(district)
    few = _queries(district, **search)
    for number in range(30):
        language_course(district, f"Deutschkurs {number}", free_of_charge=False)

    assert _queries(district, **search) == few <= 5


def test_rebuild_command_restores_the_index(district, directory):
    course, _counselling, _workshop = directory
    other = DistrictFactory()
    elsewhere = language_course(other)
    OfferSearchDocument.objects.all().delete()

    call_command("rebuild_search_index", "--district", district.slug)

    assert search_offers(district=district, language="de", query="Deutschkurs").ids == [course.pk]
    assert search_offers(district=other, language="de", query="Deutschkurs").ids == []
    call_command("rebuild_search_index")
    assert search_offers(district=other, language="de", query="Deutschkurs").ids == [elsewhere.pk]
    with pytest.raises(CommandError):
        call_command("rebuild_search_index", "--district", "gibt-es-nicht")


def test_bulk_indexing_indexes_each_offer_once_at_the_end(district):
    with bulk_indexing():
        course = language_course(district)
        OfferTranslationFactory(offer=course, language="uk", title="Мовний курс")
        assert not OfferSearchDocument.objects.filter(offer_id=course.pk).exists()

    assert search_offers(district=district, language="uk", query="мовний").ids == [course.pk]


def test_a_misspelling_matches_the_word_not_every_text_that_shares_a_part(district, directory):
    course, _counselling, _workshop = directory
    related = OfferFactory(district=district, title="Leben in Deutschland: Tipps auf Deutsch")

    result = search_offers(district=district, language="de", query="Deutschkrus")

    assert result.ids == [course.pk]
    assert related.pk not in result.ids


def test_facet_counts_follow_edits_made_after_a_search(district, directory):
    course, _counselling, _workshop = directory
    before = search_offers(district=district, language="de")

    course.topics = [Topic.LANGUAGE.value, Topic.FAMILY.value]
    course.save()
    after = search_offers(district=district, language="de")
    course.delete()
    gone = search_offers(district=district, language="de")

    assert Topic.FAMILY.value not in before.facets["topic"]
    assert after.facets["topic"][Topic.FAMILY.value] == 1
    assert gone.total == before.total - 1
    assert Topic.LANGUAGE.value not in gone.facets["topic"]


def test_api_version_follows_a_change_to_a_place_text(district):
    place = PlaceFactory(district=district)
    text = PlaceTranslationFactory(place=place, name="Rathaus")
    OfferFactory(district=district, place=place)
    url = reverse("api:offer_list", kwargs={"slug": district.slug})
    etag = Client().get(url)["ETag"]
    assert Client().get(url, HTTP_IF_NONE_MATCH=etag).status_code == 304

    text.name = "Altes Rathaus"
    text.save()

    changed = Client().get(url, HTTP_IF_NONE_MATCH=etag)
    assert changed.status_code == 200
    assert changed["ETag"] != etag
