"""The public directory pages at /<district>/<lang>/ as a visitor uses them."""

from __future__ import annotations

import datetime as dt
import re
import zoneinfo

import pytest
import qrcode
import qrcode.constants
from django.urls import reverse
from django.utils import timezone

from directory.models import DirectorySettings, Offer, OfferTranslation, Status, TranslationState
from directory.selectors import occurrences
from districts.tests.factories import DistrictFactory, MunicipalityFactory
from ui.tests.helpers import csp_violations, parse

from .factories import EventFactory, OfferFactory, PlaceFactory, PlaceTranslationFactory

pytestmark = pytest.mark.django_db

BERLIN = zoneinfo.ZoneInfo("Europe/Berlin")


def url(name, district, lang="de", **kwargs):
    return reverse(
        f"public:{name}", kwargs={"district_slug": district.slug, "lang": lang, **kwargs}
    )


@pytest.fixture
def district():
    return DistrictFactory()


def test_home_shows_the_eight_topic_tiles_with_counts(client, district):
    OfferFactory(district=district, topics=["language", "leisure"])
    OfferFactory(district=district, topics=["language"])
    OfferFactory(district=district, topics=["health"], status=Status.DRAFT)
    response = client.get(url("home", district))
    assert response.status_code == 200
    page = parse(response)
    tiles = page.find_all("a", class_="public-tile__link")
    assert len(tiles) == 8
    assert [t.attrs["data-topic"] for t in tiles][0] == "language"
    html = response.content.decode()
    assert "2 Angebote" in html  # language
    assert "0 Angebote" in html  # health: the draft does not count
    assert page.first("form", role="search").attrs["action"] == url("search", district)


@pytest.mark.parametrize(
    ("lang", "direction"),
    [("ar", "rtl"), ("fa", "rtl"), ("fa-af", "rtl"), ("uk", "ltr"), ("de", "ltr")],
)
def test_the_url_language_sets_lang_and_dir(client, district, lang, direction):
    response = client.get(url("home", district, lang))
    html_tag = parse(response).first("html")
    assert html_tag.attrs["lang"] == lang
    assert html_tag.attrs["dir"] == direction
    assert response["Content-Language"] == lang


def test_unknown_inactive_and_unoffered_language_are_404(client, district):
    assert client.get("/gibt-es-nicht/de/").status_code == 404
    inactive = DistrictFactory(is_active=False)
    assert client.get(url("home", inactive)).status_code == 404
    DirectorySettings.objects.create(district=district, languages=["de", "en"])
    assert client.get(url("home", district, "en")).status_code == 200
    assert client.get(url("home", district, "ar")).status_code == 404


def test_language_switch_links_to_the_same_page_in_the_district_languages(client, district):
    DirectorySettings.objects.create(district=district, languages=["de", "ar", "uk"])
    offer = OfferFactory(district=district)
    response = client.get(url("offer", district, "ar", pk=offer.pk))
    links = parse(response).find_all("a", hreflang="uk") + parse(response).find_all(
        "a", hreflang="de"
    )
    assert {link.attrs["href"] for link in links} == {
        url("offer", district, "uk", pk=offer.pk),
        url("offer", district, "de", pk=offer.pk),
    }
    assert not parse(response).find_all("a", hreflang="en")


def test_german_fallback_is_announced_and_marked_in_arabic(client, district):
    offer = OfferFactory(district=district, title="Deutschkurs am Abend")
    response = client.get(url("offer", district, "ar", pk=offer.pk))
    page = parse(response)
    assert page.first("html").attrs["dir"] == "rtl"
    heading = page.first("h1")
    assert heading.attrs["lang"] == "de"
    assert heading.attrs["dir"] == "ltr"
    assert page.find_all("p", data_fallback_notice="")
    # The notice itself is in the visitor's language.
    assert "هذا النص متوفر بالألمانية فقط." in response.content.decode()


def test_arabic_translation_is_shown_without_notice_and_machine_text_is_marked(client, district):
    offer = OfferFactory(district=district, title="Beratung")
    OfferTranslation.objects.create(
        offer=offer, language="ar", state=TranslationState.MACHINE, title="استشارة"
    )
    response = client.get(url("offer", district, "ar", pk=offer.pk))
    page = parse(response)
    assert "lang" not in page.first("h1").attrs
    assert "استشارة" in response.content.decode()
    assert not page.find_all("p", data_fallback_notice="")
    assert page.find_all("p", data_machine_notice="")


def test_outdated_translation_falls_back_to_german(client, district):
    offer = OfferFactory(district=district, title="Beratung")
    OfferTranslation.objects.create(
        offer=offer, language="uk", state=TranslationState.OUTDATED, title="Стара назва"
    )
    html = client.get(url("offer", district, "uk", pk=offer.pk)).content.decode()
    assert "Стара назва" not in html
    assert "Beratung" in html


def test_offer_page_shows_what_who_where_when_languages_cost_and_contact(client, district):
    place = PlaceFactory(district=district, name="Haus der Begegnung")
    PlaceTranslationFactory(place=place, opening_hours="Mo–Fr 9–12 Uhr")
    offer = OfferFactory(
        district=district,
        place=place,
        languages=["ar", "uk"],
        free_of_charge=False,
        barrier_free=True,
        contact_email="kurs@example.org",
        booking_link="https://example.org/anmelden",
        title="Deutschkurs",
    )
    OfferTranslation.objects.filter(offer=offer).update(cost_note="20 Euro im Monat")
    EventFactory(district=district, offer=offer, title="Kurs")
    response = client.get(url("offer", district, "en", pk=offer.pk))
    html = response.content.decode()
    page = parse(response)
    for text in ("Haus der Begegnung", "20 Euro im Monat", "kurs@example.org"):
        assert text in html
    # "Mo–Fr 9–12 Uhr", written in the page language (see test_opening_hours.py)
    assert re.search(r"Mon\s*–\s*Fri</dt>\s*<dd[^>]*>9:00\sAM\s*–\s*12:00\sPM<", html)
    assert "Arabic, Ukrainian" in html  # language names in the page language (babel)
    assert page.first("a", href="https://example.org/anmelden")
    assert page.find_all("time")
    assert page.first("div", data_directory_map="").attrs["data-lat"] == "50.43945"


def test_language_names_follow_the_page_language(client, district):
    offer = OfferFactory(district=district, languages=["ar", "uk"])
    html = client.get(url("offer", district, "de", pk=offer.pk)).content.decode()
    assert "Arabisch, Ukrainisch" in html


def test_unpublished_and_foreign_objects_are_404(client, district):
    draft = OfferFactory(district=district, status=Status.DRAFT)
    foreign = OfferFactory()
    expired = OfferFactory(
        district=district, valid_until=timezone.localdate() - dt.timedelta(days=1)
    )
    hidden_place = PlaceFactory(district=district, status=Status.DRAFT)
    foreign_place = PlaceFactory()
    draft_event = EventFactory(district=district, status=Status.DRAFT)
    foreign_event = EventFactory()
    for name, obj in (
        ("offer", draft),
        ("offer", foreign),
        ("offer", expired),
        ("offer_print", draft),
        ("offer_qr", foreign),
        ("place", hidden_place),
        ("place", foreign_place),
        ("event", draft_event),
        ("event", foreign_event),
    ):
        assert client.get(url(name, district, pk=obj.pk)).status_code == 404, (name, obj)


def test_filters_combine(client, district):
    town = MunicipalityFactory(district=district)
    at_town = PlaceFactory(district=district, municipality=town)
    OfferFactory(district=district, title="A", topics=["language"], languages=["ar"], place=at_town)
    OfferFactory(district=district, title="B", topics=["language"], languages=["uk"], place=at_town)
    OfferFactory(district=district, title="C", topics=["language"], languages=["ar"])
    OfferFactory(district=district, title="D", topics=["health"], languages=["ar"], place=at_town)
    OfferFactory(
        district=district,
        title="E",
        topics=["language"],
        languages=["ar"],
        place=at_town,
        free_of_charge=False,
    )
    response = client.get(
        url("search", district),
        {"thema": "language", "sprache": "ar", "gemeinde": town.pk, "kostenlos": "1"},
    )
    titles = [a.attrs["href"] for a in parse(response).find_all("a", class_="kern-link")]
    found = [o for o in Offer.objects.all() if url("offer", district, pk=o.pk) in titles]
    assert [o.translations.get().title for o in found] == ["A"]
    assert "1 Angebot gefunden" in response.content.decode()


def test_search_matches_title_and_offers_facet_counts(client, district):
    OfferFactory(district=district, title="Deutschkurs für Frauen", topics=["language"])
    OfferFactory(district=district, title="Deutschkurs am Abend", topics=["language", "work"])
    OfferFactory(district=district, title="Schuldnerberatung", topics=["counselling"])
    response = client.get(url("search", district), {"q": "deutschkurs"})
    html = response.content.decode()
    assert "2 Angebote gefunden" in html
    assert "Schuldnerberatung" not in html
    facets = parse(response).find_all("span", class_="public-facets__count")
    assert facets  # counts are shown next to the filter links
    assert re.search(r"Sprache</a>\s*<span class=\"public-facets__count\">\(2\)", html)
    assert re.search(
        r"Arbeit und Ausbildung</a>\s*<span class=\"public-facets__count\">\(1\)", html
    )


def test_htmx_gets_only_the_results_and_a_plain_get_the_whole_page(client, district):
    OfferFactory(district=district, title="Sprachcafé")
    full = client.get(url("search", district), {"q": "sprach"})
    partial = client.get(url("search", district), {"q": "sprach"}, headers={"HX-Request": "true"})
    assert b"<html" in full.content
    assert b'id="results"' in full.content
    assert b"<html" not in partial.content
    assert partial.content.decode().strip().startswith('<section id="results"')
    assert b"Sprachcaf" in partial.content
    restore = client.get(
        url("search", district),
        {"q": "sprach"},
        headers={"HX-Request": "true", "HX-History-Restore-Request": "true"},
    )
    assert b"<html" in restore.content
    form = parse(full).first("form", role="search")
    assert form.attrs["method"] == "get"  # works without JavaScript
    assert form.attrs["hx-target"] == "#results"


@pytest.mark.parametrize("name", ["search", "events"])
def test_every_filter_select_sits_in_the_kern_wrapper_that_draws_border_and_arrow(
    client, district, name
):
    MunicipalityFactory(district=district)
    html = client.get(url(name, district, "ar")).content.decode()
    selects = re.findall(r"<select\b", html)
    wrapped = re.findall(
        r'<div class="kern-form-input__select-wrapper">\s*<select class="kern-form-input__select"',
        html,
    )
    assert len(selects) >= 3
    assert len(wrapped) == len(selects)
    # KERN floats the legend; the fieldset body below it clears the float
    assert re.search(
        r'<legend class="kern-label">[^<]*</legend>\s*<div class="kern-fieldset__body ', html
    )


def test_the_language_switch_is_a_labelled_disclosure_with_a_marker(client, district):
    html = client.get(url("home", district, "ar")).content.decode()
    summary = re.search(
        r'<summary class="public-languages__toggle">(.*?)</summary>', html, re.DOTALL
    )
    assert summary is not None
    inside = summary.group(1)
    # one label with a space before "(Language)", and a chevron hidden from screen readers
    assert re.search(
        r'<span class="public-languages__label">اللغة <span lang="en" dir="ltr">\(Language\)',
        inside,
    )
    assert '<span class="public-languages__marker" aria-hidden="true"></span>' in inside


def test_htmx_is_loaded_only_on_the_search_page(client, district):
    home = client.get(url("home", district)).content.decode()
    results = client.get(url("search", district)).content.decode()
    assert "htmx.min.js" not in home
    assert "htmx.min.js" in results


def test_empty_results_suggest_what_to_try(client, district):
    OfferFactory(district=district, title="Sprachcafé", topics=["language"])
    response = client.get(url("search", district), {"q": "xyzzy", "kostenlos": "1"})
    page = parse(response)
    assert page.find_all("div", data_empty_results="")
    html = response.content.decode()
    assert "Schreiben Sie das Wort anders" in html
    assert "Entfernen Sie die Filter." in html
    assert len(page.find_all("a", class_="public-tile__link")) == 8


def test_recurrence_is_expanded_without_the_exception_date(district):
    first = dt.datetime(2030, 3, 5, 18, 0, tzinfo=BERLIN)  # a Tuesday
    event = EventFactory(
        district=district,
        starts_at=first,
        ends_at=first + dt.timedelta(hours=2),
        rrule="FREQ=WEEKLY;INTERVAL=2;BYDAY=TU",
        exdates=["2030-03-19"],
    )
    hits = occurrences(event, first - dt.timedelta(days=1), first + dt.timedelta(weeks=8))
    days = [hit.starts_at.date().isoformat() for hit in hits]
    assert days == ["2030-03-05", "2030-04-02", "2030-04-16", "2030-04-30"]
    # local wall-clock time stays at 18:00 across the change to summer time
    assert {hit.starts_at.astimezone(BERLIN).hour for hit in hits} == {18}
    assert all(hit.ends_at - hit.starts_at == dt.timedelta(hours=2) for hit in hits)


def test_events_calendar_lists_occurrences_by_day(client, district):
    now = timezone.localtime()
    start = (now + dt.timedelta(days=1)).replace(hour=18, minute=0, second=0, microsecond=0)
    skipped = (start + dt.timedelta(weeks=1)).date().isoformat()
    event = EventFactory(
        district=district, starts_at=start, rrule="FREQ=WEEKLY", exdates=[skipped], title="Treff"
    )
    EventFactory(district=district, starts_at=now + dt.timedelta(weeks=10), title="Später")
    EventFactory(district=district, starts_at=start, status=Status.DRAFT, title="Geheim")
    # The calendar shows a week at a time; its "next week" links walk nine weeks from this one.
    address, html, entries = url("events", district), "", 0
    for _week in range(9):
        response = client.get(address)
        page = parse(response)
        html += response.content.decode()
        entries += len(page.find_all("li", data_event=str(event.pk)))
        address = url("events", district) + page.first("a", data_next="").attrs["href"]
    today = timezone.localdate()
    end = today - dt.timedelta(days=today.weekday()) + dt.timedelta(weeks=9)
    dates = [start + dt.timedelta(weeks=n) for n in range(10)]
    assert entries == sum(1 for moment in dates if moment.date() < end) - 1  # one exception
    assert f'datetime="{skipped}"' not in html
    assert "Später" not in html
    assert "Geheim" not in html


def test_event_page_lists_its_dates(client, district):
    event = EventFactory(district=district, rrule="FREQ=DAILY;COUNT=3", title="Woche")
    response = client.get(url("event", district, pk=event.pk))
    assert len(parse(response).find_all("time")) == 3


def _modules_from_path(svg: str) -> set[tuple[int, int]]:
    path = re.search(r'<path[^>]* d="([^"]+)"', svg)
    assert path, "no path in the SVG"
    cells = set()
    for x, y, x2, y2 in re.findall(r"M(\d+),(\d+)H(\d+)V(\d+)H\d+z", path.group(1)):
        for col in range(int(x), int(x2)):
            for row in range(int(y), int(y2)):
                cells.add((col, row))
    return cells


def test_qr_code_is_an_svg_path_that_encodes_the_offer_url(client, district):
    offer = OfferFactory(district=district)
    response = client.get(url("offer_qr", district, "ar", pk=offer.pk))
    assert response.status_code == 200
    assert response["Content-Type"] == "image/svg+xml"
    svg = response.content.decode()
    assert svg.startswith("<svg") and "<path" in svg
    expected = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, border=4)
    expected.add_data(f"http://testserver{url('offer', district, 'ar', pk=offer.pk)}")
    expected.make(fit=True)
    matrix = expected.get_matrix()
    dark = {(c, r) for r, line in enumerate(matrix) for c, on in enumerate(line) if on}
    assert _modules_from_path(svg) == dark
    other = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, border=4)
    other.add_data("http://testserver/anders/")
    other.make(fit=True)
    other_dark = {
        (c, r) for r, ln in enumerate(other.get_matrix()) for c, on in enumerate(ln) if on
    }
    assert _modules_from_path(svg) != other_dark


def test_print_view_is_one_page_with_qr_code_and_print_styles(client, district):
    offer = OfferFactory(district=district, title="Sprachcafé")
    response = client.get(url("offer_print", district, pk=offer.pk))
    html = response.content.decode()
    page = parse(response)
    assert response.status_code == 200
    assert "public--print" in page.first("body").attrs["class"]
    assert page.first("div", data_qr="")
    assert "<svg" in html and "<path" in html
    assert f"http://testserver{url('offer', district, pk=offer.pk)}" in html
    assert not page.find_all("div", data_directory_map="")  # no map on paper
    css = pytest.importorskip("pathlib").Path(__file__).parents[1] / "static/directory/public.css"
    assert "@media print" in css.read_text()


def test_map_data_has_the_outline_and_the_located_offers(client, district):
    district.kreis.outline = {
        "type": "Polygon",
        "coordinates": [[[7.0, 50.0], [7.5, 50.0], [7.5, 50.5], [7.0, 50.5], [7.0, 50.0]]],
    }
    district.kreis.save()
    located = OfferFactory(district=district, place=PlaceFactory(district=district), title="Hier")
    OfferFactory(district=district, title="Ohne Ort")
    OfferFactory(district=district, place=PlaceFactory(district=district, status=Status.DRAFT))
    data = client.get(url("map_data", district)).json()
    roles = [f["properties"]["role"] for f in data["features"]]
    assert roles == ["outline", "offer"]
    assert data["features"][1]["id"] == located.pk
    assert data["features"][1]["properties"]["url"] == url("offer", district, pk=located.pk)
    page = client.get(url("map", district))
    assert b"leaflet.markercluster.js" in page.content
    assert b"Hier" in page.content and b"Ohne Ort" not in page.content


def test_map_loads_tiles_only_when_configured(client, district, settings):
    response = client.get(url("map", district))
    assert parse(response).first("div", id="directory-map").attrs["data-tile-url"] == ""
    assert "tiles.example.org" not in response["Content-Security-Policy"]
    settings.LOTSE_MAP_TILE_URL = "https://tiles.example.org/{z}/{x}/{y}.png"
    settings.LOTSE_MAP_TILE_ATTRIBUTION = "© Beispiel"
    response = client.get(url("map", district))
    assert "https://tiles.example.org" in response["Content-Security-Policy"]


def test_every_public_page_has_nothing_inline(client, district):
    place = PlaceFactory(district=district)
    offer = OfferFactory(district=district, place=place)
    event = EventFactory(district=district, offer=offer, place=place)
    for lang in ("de", "ar"):
        for name, kwargs in (
            ("home", {}),
            ("search", {}),
            ("offer", {"pk": offer.pk}),
            ("offer_print", {"pk": offer.pk}),
            ("place", {"pk": place.pk}),
            ("event", {"pk": event.pk}),
            ("events", {}),
            ("map", {}),
        ):
            response = client.get(url(name, district, lang, **kwargs))
            assert response.status_code == 200, name
            assert csp_violations(response.content.decode()) == [], name


def test_signed_in_people_see_the_public_page_in_the_url_language(client, district):
    from accounts.tests.factories import UserFactory

    client.force_login(UserFactory())
    page = parse(client.get(url("home", district, "ar")))
    assert page.first("html").attrs["lang"] == "ar"


@pytest.mark.parametrize("count", [1, 30])
def test_query_count_does_not_grow_with_offers(
    client, district, count, django_assert_max_num_queries
):
    town = MunicipalityFactory(district=district)
    offers = [
        OfferFactory(
            district=district,
            place=PlaceFactory(district=district, municipality=town),
            topics=["language"],
        )
        for _ in range(count)
    ]
    for offer in offers:
        OfferTranslation.objects.create(offer=offer, language="ar", title="عنوان")
        EventFactory(district=district, offer=offer, place=offer.place)
    with django_assert_max_num_queries(8):
        assert client.get(url("home", district, "ar")).status_code == 200
    with django_assert_max_num_queries(8):
        assert client.get(url("search", district, "ar"), {"thema": "language"}).status_code == 200
    with django_assert_max_num_queries(10):
        assert client.get(url("offer", district, "ar", pk=offers[0].pk)).status_code == 200
    with django_assert_max_num_queries(10):
        assert client.get(url("events", district, "ar")).status_code == 200
    with django_assert_max_num_queries(8):
        assert client.get(url("map", district, "ar")).status_code == 200


def test_results_are_paged_twenty_at_a_time(client, district):
    for number in range(23):
        OfferFactory(district=district, title=f"Kurs {number}")
    first = client.get(url("search", district))
    assert "23 Angebote gefunden" in first.content.decode()
    assert len(parse(first).find_all("li", class_="public-result")) == 20
    next_link = parse(first).first("a", rel="next").attrs["href"]
    second = client.get(url("search", district) + next_link)
    assert len(parse(second).find_all("li", class_="public-result")) == 3
    assert parse(second).first("a", rel="prev")


def test_a_misspelt_search_suggests_the_spelling_that_exists(client, district):
    OfferFactory(district=district, title="Schuldnerberatung")
    response = client.get(url("search", district), {"q": "Schuldnerberatung", "form": "online"})
    page = parse(response)
    assert page.find_all("div", data_empty_results="")
    assert page.find_all("li", data_suggestion="")


def test_a_district_saved_elsewhere_is_seen_at_once_though_its_address_is_cached(client, district):
    """The district and its languages are cached per address; saving the district or its
    directory settings forgets that, whichever process answers next."""
    assert client.get(url("home", district, "ar")).status_code == 200
    settings_row = DirectorySettings.objects.create(district=district, languages=["de", "en"])
    assert client.get(url("home", district, "ar")).status_code == 404
    settings_row.languages = ["de", "ar"]
    settings_row.save()
    assert client.get(url("home", district, "ar")).status_code == 200
    settings_row.delete()
    assert client.get(url("home", district, "uk")).status_code == 200

    old = url("home", district)
    district.slug = "neuer-name"
    district.save()
    assert client.get(old).status_code == 404
    assert client.get(url("home", district)).status_code == 200
    district.is_active = False
    district.save()
    assert client.get(url("home", district)).status_code == 404
    assert client.get(f"/api/v1/districts/{district.slug}/topics/").status_code == 404


def test_a_cached_district_costs_no_query(client, district, django_assert_num_queries):
    client.get(url("home", district))
    api = f"/api/v1/districts/{district.slug}/topics/"
    with django_assert_num_queries(0):
        assert client.get(api).status_code == 200
