"""The public directory in a real browser, as a newcomer uses it without signing in.

axe-core finds no WCAG 2.1 A/AA violation on the home page, search results, an offer page and
the map in German, Arabic (right to left) and Ukrainian; no page has a script error, a CSP
violation or a request to another host. A journey in Arabic searches, filters by keyboard, opens
an offer and its print view. Without JavaScript the GET form still searches and filters; on a
phone the search page does not scroll sideways.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, cast

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import Browser, BrowserContext, Page, Route, expect

from directory.models import (
    DirectorySettings,
    Offer,
    OfferTranslation,
    Place,
    PlaceTranslation,
    TranslationState,
)
from directory.tests.factories import EventFactory, OfferFactory, PlaceFactory
from districts.models import District, Kreis
from districts.reference import read_kreise
from districts.tests.factories import DistrictFactory, MunicipalityFactory, OrganisationFactory
from districts.vocabulary import DirectoryTopic as Topic

from .axe import assert_no_violations
from .conftest import TIMEOUT_MS, PageProblems, assert_page_clean

pytestmark = pytest.mark.browser

LANGUAGES = ["de", "ar", "uk"]
DIRECTION = {"de": "ltr", "ar": "rtl", "uk": "ltr"}

COURSE_DE = "Deutschkurs A1 am Vormittag"
COURSE_AR = "دورة اللغة الألمانية A1 في الصباح"
COURSE_UK = "Курс німецької мови A1 зранку"
# What the journey types into the Arabic search box: a word of the Arabic title.
ARABIC_QUERY = "الألمانية"


@dataclass
class Directory:
    district: District
    course: Offer
    german_only: Offer
    machine: Offer
    offers: list[Offer]
    located: int  # offers with a place that has coordinates (markers on the map)


def mayen_koblenz() -> Kreis:
    """A real Kreis with its outline; the live server's database is flushed between tests."""
    kreis = Kreis.objects.filter(ags="07137").first()
    if kreis is None:
        kreis = Kreis.objects.create(ags="07137", **read_kreise()["07137"])
    return kreis


def place(
    district: District, name: str, street: str, postcode: str, city: str, **kwargs: Any
) -> Place:
    """A published place with its German original."""
    spot = cast(
        Place,
        PlaceFactory(
            district=district, name=name, street=street, postcode=postcode, city=city, **kwargs
        ),
    )
    PlaceTranslation.objects.create(
        place=spot, language="de", state=TranslationState.ORIGINAL, name=name
    )
    return spot


def translate(offer: Offer, language: str, state: str, title: str, **texts: str) -> None:
    OfferTranslation.objects.create(
        offer=offer, language=language, state=state, title=title, **texts
    )


def build_directory() -> Directory:
    """A district with twelve published offers across the eight topics, three places with
    coordinates in Andernach, Mayen and Mendig (and one without), and events (one recurring)."""
    district = cast(District, DistrictFactory(kreis=mayen_koblenz(), slug="mayen-koblenz"))
    DirectorySettings.objects.create(district=district, languages=["de", "en", "ar", "uk"])
    andernach_town = MunicipalityFactory(district=district, name="Andernach")
    mayen_town = MunicipalityFactory(district=district, name="Mayen")
    caritas = OrganisationFactory(district=district, name="Caritasverband Andernach")
    office = OrganisationFactory(district=district, name="Integrationsbüro Mayen-Koblenz")

    andernach = place(
        district,
        "Haus der Familie",
        "Hochstraße 12",
        "56626",
        "Andernach",
        latitude="50.43945",
        longitude="7.40166",
        municipality=andernach_town,
        barrier_free=True,
    )
    PlaceTranslation.objects.filter(place=andernach, language="de").update(
        opening_hours="Mo–Fr 9–12 Uhr", directions="Bus 351 bis Hochstraße"
    )
    PlaceTranslation.objects.create(
        place=andernach, language="ar", state=TranslationState.REVIEWED, name="بيت العائلة"
    )
    mayen = place(
        district,
        "Bürgerhaus Mayen",
        "Marktplatz 3",
        "56727",
        "Mayen",
        latitude="50.32802",
        longitude="7.22294",
        municipality=mayen_town,
    )
    mendig = place(
        district,
        "Begegnungsstätte Mendig",
        "Brauerstraße 5",
        "56743",
        "Mendig",
        latitude="50.37435",
        longitude="7.28083",
    )
    no_coordinates = place(
        district,
        "Jugendzentrum",
        "Am Bahnhof 2",
        "56626",
        "Andernach",
        latitude=None,
        longitude=None,
    )

    def offer(title: str, summary: str = "", **kwargs: Any) -> Offer:
        kwargs.setdefault("organisation", caritas)
        created = cast(
            Offer,
            OfferFactory(district=district, title=title, title__summary=summary, **kwargs),
        )
        return created

    course = offer(
        COURSE_DE,
        "Deutsch lernen von Anfang an, montags bis donnerstags.",
        kind=Offer.Kind.LANGUAGE_COURSE,
        topics=[Topic.LANGUAGE.value],
        target_groups=["refugees", "everyone"],
        languages=["de", "ar", "uk"],
        place=andernach,
        barrier_free=True,
        childcare=True,
        contact_email="deutschkurs@example.org",
        contact_phone="02632 12345",
    )
    OfferTranslation.objects.filter(offer=course, language="de").update(
        description="Ein Kurs für Menschen ohne Deutschkenntnisse.\n\nMit Lehrbuch.",
        cost_note="Die Kursgebühr übernimmt das Jobcenter.",
    )
    translate(
        course,
        "ar",
        TranslationState.REVIEWED,
        COURSE_AR,
        summary="تعلم اللغة الألمانية من البداية.",
        description="دورة للأشخاص الذين لا يعرفون اللغة الألمانية.\n\nمع كتاب تعليمي.",
        cost_note="يتحمل مركز العمل رسوم الدورة.",
    )
    translate(
        course,
        "uk",
        TranslationState.REVIEWED,
        COURSE_UK,
        summary="Вивчайте німецьку з нуля.",
        description="Курс для людей без знання німецької мови.\n\nЗ підручником.",
        cost_note="Оплату курсу бере на себе Jobcenter.",
    )
    german_only = offer(
        "Deutschkurs B1 am Abend",
        "Für Fortgeschrittene, zweimal in der Woche.",
        kind=Offer.Kind.LANGUAGE_COURSE,
        topics=[Topic.LANGUAGE.value],
        languages=["de"],
        place=mayen,
        free_of_charge=False,
    )
    integration = offer(
        "Integrationskurs mit Kinderbetreuung",
        kind=Offer.Kind.INTEGRATION_COURSE,
        topics=[Topic.LANGUAGE.value, Topic.FAMILY.value],
        target_groups=["families"],
        languages=["de", "uk"],
        place=mendig,
        childcare=True,
    )
    cafe = offer(
        "Sprachcafé Andernach",
        "Gespräche bei Kaffee und Kuchen, jeden zweiten Dienstag.",
        kind=Offer.Kind.ACTIVITY,
        topics=[Topic.LANGUAGE.value, Topic.LEISURE.value],
        languages=["de", "ar", "uk", "fa"],
        place=andernach,
    )
    translate(cafe, "ar", TranslationState.REVIEWED, "مقهى اللغة في أندرناخ")
    migration = offer(
        "Migrationsberatung für Erwachsene",
        kind=Offer.Kind.COUNSELLING,
        topics=[Topic.COUNSELLING.value, Topic.RESIDENCE.value],
        languages=["de", "ar", "ru"],
        place=mayen,
        organisation=office,
    )
    translate(migration, "ar", TranslationState.REVIEWED, "استشارة الهجرة للبالغين")
    translate(migration, "uk", TranslationState.REVIEWED, "Консультація з питань міграції")
    machine = offer(
        "Asylverfahrensberatung",
        "Unabhängige Beratung im Asylverfahren.",
        kind=Offer.Kind.COUNSELLING,
        topics=[Topic.RESIDENCE.value],
        languages=["de", "ar", "uk"],
        place=mendig,
    )
    translate(machine, "ar", TranslationState.MACHINE, "استشارة إجراءات اللجوء")
    translate(machine, "uk", TranslationState.MACHINE, "Консультація щодо процедури притулку")
    others = [
        offer(
            "Bewerbungstraining",
            kind=Offer.Kind.SERVICE,
            topics=[Topic.WORK.value],
            target_groups=["skilled"],
            format=Offer.Format.HYBRID,
            meeting_link="https://meet.example.org/bewerbung",
            place=mayen,
        ),
        offer(
            "Hilfe bei der Wohnungssuche",
            kind=Offer.Kind.COUNSELLING,
            topics=[Topic.HOUSING.value],
            format=Offer.Format.ONLINE,
            meeting_link="https://meet.example.org/wohnen",
        ),
        offer(
            "Gesundheitslotsen",
            kind=Offer.Kind.SERVICE,
            topics=[Topic.HEALTH.value],
            languages=["de", "ar", "tr"],
            place=andernach,
        ),
        offer(
            "Eltern-Kind-Gruppe",
            kind=Offer.Kind.ACTIVITY,
            topics=[Topic.FAMILY.value],
            target_groups=["families", "children"],
            place=mendig,
        ),
        offer(
            "Fahrradwerkstatt",
            kind=Offer.Kind.ACTIVITY,
            topics=[Topic.LEISURE.value],
            free_of_charge=False,
            place=no_coordinates,
        ),
        offer(
            "Jugendmigrationsdienst",
            kind=Offer.Kind.COUNSELLING,
            topics=[Topic.COUNSELLING.value],
            target_groups=["children"],
            languages=["de", "uk", "ru"],
        ),
    ]
    start = timezone.localtime().replace(hour=9, minute=0, second=0, microsecond=0)
    EventFactory(
        district=district,
        offer=course,
        place=andernach,
        title="Deutschkurs A1",
        starts_at=start + dt.timedelta(days=1),
        ends_at=start + dt.timedelta(days=1, hours=3),
        rrule="FREQ=WEEKLY;BYDAY=MO,TU,WE,TH",
        exdates=[(start + dt.timedelta(days=8)).date().isoformat()],
    )
    EventFactory(
        district=district,
        offer=cafe,
        place=andernach,
        title="Sprachcafé",
        starts_at=start + dt.timedelta(days=2, hours=8),
        rrule="FREQ=WEEKLY;INTERVAL=2;BYDAY=TU",
    )
    EventFactory(
        district=district,
        place=mayen,
        title="Infoabend Anerkennung von Berufsabschlüssen",
        starts_at=start + dt.timedelta(days=5, hours=9),
    )
    offers = [course, german_only, integration, cafe, migration, machine, *others]
    located = sum(1 for o in offers if o.place is not None and o.place.latitude is not None)
    return Directory(district, course, german_only, machine, offers, located)


def public_url(name: str, directory: Directory, lang: str, **kwargs: Any) -> str:
    return reverse(
        f"public:{name}",
        kwargs={"district_slug": directory.district.slug, "lang": lang, **kwargs},
    )


def expect_language(page: Page, lang: str) -> None:
    html = page.locator("html")
    expect(html).to_have_attribute("lang", lang)
    expect(html).to_have_attribute("dir", DIRECTION[lang])


def open_map(page: Page, directory: Directory, lang: str) -> None:
    page.goto(public_url("map", directory, lang))
    canvas = page.locator("#directory-map")
    # map.js marks the canvas when the GeoJSON is drawn.
    expect(canvas).to_have_attribute("data-state", "ready")
    expect(canvas).to_have_attribute("data-marker-count", str(directory.located))


# --- axe and a clean page on every main page, in three languages ------------------------------


@pytest.mark.parametrize("lang", LANGUAGES)
def test_home_is_accessible(page: Page, page_problems: PageProblems, lang: str) -> None:
    directory = build_directory()

    page.goto(public_url("home", directory, lang))

    expect_language(page, lang)
    expect(page.locator("a.public-tile__link")).to_have_count(len(Topic))
    expect(page.locator("a.public-tile__link[data-topic=language]")).to_contain_text("4")
    page.locator("summary.public-languages__toggle").click()  # axe the open language menu too
    expect(page.locator(".public-languages__list a[hreflang=uk]")).to_be_visible()
    assert_no_violations(page, what=f"public home ({lang})")
    assert_page_clean(page_problems)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_search_results_are_accessible(page: Page, page_problems: PageProblems, lang: str) -> None:
    directory = build_directory()

    page.goto(public_url("search", directory, lang) + "?q=Deutschkurs&thema=language")

    expect_language(page, lang)
    results = page.locator("#results .public-result")
    expect(results).to_have_count(2)
    titles = {"de": COURSE_DE, "ar": COURSE_AR, "uk": COURSE_UK}
    expect(results.get_by_role("link", name=titles[lang])).to_be_visible()
    b1 = results.filter(has_text="Deutschkurs B1 am Abend")
    if lang == "de":
        expect(b1.locator("[data-fallback-notice]")).to_have_count(0)
    else:
        expect(b1.locator("[data-fallback-notice]")).to_be_visible()
        expect(b1.get_by_role("link")).to_have_attribute("lang", "de")
    expect(page.locator("#filter-topic")).to_have_value("language")
    page.locator("details.public-facets > summary").click()  # axe the facet counts too
    expect(page.locator(".public-facets__list").first).to_be_visible()
    assert_no_violations(page, what=f"public search results ({lang})")
    assert_page_clean(page_problems)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_offer_page_is_accessible(page: Page, page_problems: PageProblems, lang: str) -> None:
    directory = build_directory()

    page.goto(public_url("offer", directory, lang, pk=directory.course.pk))

    expect_language(page, lang)
    titles = {"de": COURSE_DE, "ar": COURSE_AR, "uk": COURSE_UK}
    expect(page.get_by_role("heading", level=1)).to_have_text(titles[lang])
    expect(page.locator("[data-fallback-notice]")).to_have_count(0)
    descriptions = {"de": "Mit Lehrbuch.", "ar": "مع كتاب تعليمي.", "uk": "З підручником."}
    expect(page.locator(".public-text").first).to_contain_text(descriptions[lang])
    expect(page.locator(".public-dates time").first).to_be_visible()  # the recurring course
    # The small map of the place: one marker, drawn by map.js.
    expect(page.locator(".public-map--small .leaflet-marker-icon")).to_have_count(1)
    assert_no_violations(page, what=f"public offer page ({lang})")
    assert_page_clean(page_problems)


@pytest.mark.parametrize("lang", ["ar", "uk"])
def test_german_only_and_machine_texts_are_announced(
    page: Page, page_problems: PageProblems, lang: str
) -> None:
    directory = build_directory()

    page.goto(public_url("offer", directory, lang, pk=directory.german_only.pk))
    heading = page.get_by_role("heading", level=1)
    expect(heading).to_have_text("Deutschkurs B1 am Abend")
    expect(heading).to_have_attribute("lang", "de")
    expect(heading).to_have_attribute("dir", "ltr")
    expect(page.locator("p[data-fallback-notice]")).to_be_visible()
    assert_no_violations(page, what=f"German-only offer ({lang})")

    page.goto(public_url("offer", directory, lang, pk=directory.machine.pk))
    expect(page.locator("p[data-machine-notice]")).to_be_visible()
    expect(page.locator("[data-fallback-notice]")).to_have_count(0)
    assert_no_violations(page, what=f"machine-translated offer ({lang})")
    assert_page_clean(page_problems)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_map_is_accessible(page: Page, page_problems: PageProblems, lang: str) -> None:
    directory = build_directory()

    open_map(page, directory, lang)

    expect_language(page, lang)
    canvas = page.locator("#directory-map")
    expect(canvas.locator("path.leaflet-interactive, path")).not_to_have_count(0)  # Kreis outline
    markers = canvas.locator(".leaflet-marker-icon")
    expect(markers.first).to_be_visible()
    expect(canvas.locator(".leaflet-tile")).to_have_count(0)  # no tile server configured
    expect(page.locator("[data-map-status]")).to_contain_text(str(directory.located))
    expect(page.locator("#offer-list .public-result")).to_have_count(directory.located)
    assert_no_violations(page, what=f"public map ({lang})")
    assert_page_clean(page_problems)


@pytest.mark.parametrize("view", ["woche", "monat"])
@pytest.mark.parametrize("lang", ["de", "ar"])
def test_events_calendar_is_accessible(
    page: Page, page_problems: PageProblems, lang: str, view: str
) -> None:
    """The week and the month view, with the filters open, and the next period reached by a
    plain link."""
    directory = build_directory()

    page.goto(public_url("events", directory, lang) + f"?ansicht={view}")

    expect_language(page, lang)
    expect(page.locator(f"section[data-period={view}]")).to_be_visible()
    expect(page.locator("[data-event], [data-empty-events]").first).to_be_visible()
    page.locator("summary.public-filter-box__toggle").click()
    expect(page.locator("#filter-topic")).to_be_visible()
    assert_no_violations(page, what=f"events, {view} ({lang})")

    page.locator("a[data-next]").click()
    page.wait_for_url(re.compile(rf"ansicht={view}&von=\d{{4}}-\d{{2}}-\d{{2}}$"))
    expect(page.locator("[data-event]").first).to_be_visible()  # the weekly course goes on
    expect(page.locator("a[data-previous]")).to_be_visible()
    day_headings = page.locator(".public-day h3")
    expect(day_headings.first).to_be_visible()
    assert_no_violations(page, what=f"events, next {view} ({lang})")
    assert_page_clean(page_problems)


# --- the journey in Arabic ----------------------------------------------------------------------


def tab_to(page: Page, element_id: str, limit: int = 25) -> None:
    """Presses Tab until the element with `element_id` has the focus."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement && document.activeElement.id") == element_id:
            return
    raise AssertionError(f"#{element_id} was not reached with the Tab key")


def test_journey_in_arabic_search_filter_offer_print(
    page: Page, page_problems: PageProblems
) -> None:
    directory = build_directory()
    search_path = public_url("search", directory, "ar")

    page.goto(public_url("home", directory, "ar"))
    expect_language(page, "ar")
    box = page.locator("#public-q")
    box.fill(ARABIC_QUERY)
    box.press("Enter")  # the home page's form is a plain GET form
    page.wait_for_url(re.compile(re.escape(search_path) + r"\?q="))
    results = page.locator("#results")
    # The best match comes first. (Other hits are the search engine's business: see
    # directory/tests/test_search.py.)
    expect(results.locator(".public-result").first.get_by_role("link")).to_have_text(COURSE_AR)

    # From here on HTMX: nothing reloads the document (the marker would be gone).
    page.evaluate("window.__sameDocument = true")
    box = page.locator("#public-q")
    box.fill("Deutschkurs")  # typing updates the results after a short pause
    expect(results.locator(".public-result")).to_have_count(2)
    page.wait_for_url(re.compile(r"\?q=Deutschkurs"))
    expect(results.get_by_role("link", name="Deutschkurs B1 am Abend")).to_be_visible()

    box.focus()
    tab_to(page, "filter-free")
    page.keyboard.press("Space")  # "free of charge": the B1 course costs money
    expect(page.locator("#filter-free")).to_be_checked()
    expect(results.locator(".public-result")).to_have_count(1)
    page.wait_for_url(re.compile(r"kostenlos=1"))
    expect(results.locator(".public-chip--active")).to_have_count(1)
    assert page.evaluate("window.__sameDocument === true"), "the search reloaded the page"

    link = results.get_by_role("link", name=COURSE_AR)
    link.focus()
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/angebot/\d+/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(COURSE_AR)
    expect_language(page, "ar")

    qr_href = page.locator("a[href$='/qr.svg']").get_attribute("href")
    assert qr_href is not None
    page.locator("a[href$='/drucken/']").click()
    page.wait_for_url(re.compile(r"/angebot/\d+/drucken/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(COURSE_AR)
    expect(page.locator("button[data-print]")).to_be_visible()  # public.js shows it
    header = page.locator("header.public-header")
    expect(header).to_be_visible()
    qr = page.locator("[data-qr] svg")
    expect(qr).to_be_visible()
    assert_no_violations(page, what="print view (ar)")

    page.emulate_media(media="print")
    expect(header).to_be_hidden()
    expect(page.locator("footer.site-footer")).to_be_hidden()
    expect(page.locator(".public-print__actions")).to_be_hidden()
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    expect(qr).to_be_visible()

    qr_response = page.request.get(qr_href)
    assert qr_response.status == 200
    assert qr_response.headers["content-type"].startswith("image/svg+xml")
    assert b"<svg" in qr_response.body()
    # The image decodes in the browser (an SVG a poster printer would get).
    page.emulate_media(media="screen")
    page.goto(qr_href)
    size = page.evaluate(
        "() => { const svg = document.querySelector('svg'); const box = svg.getBBox();"
        " return [box.width, box.height]; }"
    )
    assert size[0] > 0 and size[1] > 0
    assert_page_clean(page_problems)


def print_pages(page: Page) -> int:
    """How many A4 pages the browser's print of the current page takes (the page's @page rule)."""
    pdf = page.pdf(format="A4", prefer_css_page_size=True)
    counts = [int(n) for n in re.findall(rb"/Type\s*/Pages\b[^>]*?/Count\s+(\d+)", pdf)]
    counts += [int(n) for n in re.findall(rb"/Count\s+(\d+)[^>]*?/Type\s*/Pages\b", pdf)]
    assert counts, "no page tree in the PDF"
    return max(counts)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_print_view_of_a_weekly_course_fits_on_one_page(
    page: Page, page_problems: PageProblems, lang: str
) -> None:
    """The course meets four times a week, so the print view lists ten upcoming dates."""
    directory = build_directory()

    page.goto(public_url("offer_print", directory, lang, pk=directory.course.pk))
    expect(page.locator(".public-dates li")).to_have_count(10)
    page.emulate_media(media="print")

    pages = print_pages(page)
    assert pages == 1, f"the print view ({lang}) takes {pages} A4 pages, not one"
    assert_page_clean(page_problems)


# --- without JavaScript --------------------------------------------------------------------------


def test_search_and_filters_work_without_javascript(
    browser: Browser, live_server: Any, page_problems: PageProblems
) -> None:
    directory = build_directory()
    origin = live_server.url.rstrip("/")

    def only_this_site(route: Route) -> None:
        if route.request.url.startswith(origin + "/"):
            route.continue_()
        else:
            page_problems.items.append(f"request to another host: {route.request.url}")
            route.abort()

    context = browser.new_context(base_url=origin, locale="de-DE", java_script_enabled=False)
    try:
        context.set_default_timeout(TIMEOUT_MS)
        context.route("**/*", only_this_site)
        page = context.new_page()
        page.goto(public_url("search", directory, "uk"))
        expect_language(page, "uk")
        expect(page.locator("#results .public-result")).to_have_count(len(directory.offers))

        page.locator("#public-q").fill("Deutschkurs")
        page.locator("#filter-topic").select_option("language")
        page.locator("#filter-free").check()
        page.locator("form[role=search] button[type=submit]").click()

        page.wait_for_url(re.compile(r"kostenlos=1"))
        assert "q=Deutschkurs" in page.url and "thema=language" in page.url
        results = page.locator("#results .public-result")
        expect(results).to_have_count(1)
        expect(results.get_by_role("link", name=COURSE_UK)).to_be_visible()
        expect(page.locator("#filter-free")).to_be_checked()

        # Removing a filter is a plain link: the paid B1 course is back.
        page.locator(".public-chip--active").filter(has_text="безкоштовно").or_(
            page.locator(".public-chip--active").filter(has_text="kostenlos")
        ).click()
        expect(page.locator("#results .public-result")).to_have_count(2)
        expect(page.locator("#filter-free")).not_to_be_checked()
    finally:
        context.close()
    assert_page_clean(page_problems)


# --- on a phone ----------------------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["de", "ar"])
@pytest.mark.parametrize("name", ["search", "events"])
def test_filter_selects_have_a_frame_and_an_arrow_on_a_phone(
    new_context: Callable[..., BrowserContext], page_problems: PageProblems, lang: str, name: str
) -> None:
    directory = build_directory()
    page = new_context().new_page()
    page.set_viewport_size({"width": 390, "height": 800})

    page.goto(public_url(name, directory, lang))
    if name == "events":
        page.locator("summary.public-filter-box__toggle").click()
    wrapper = page.locator(".kern-form-input__select-wrapper").first
    expect(wrapper).to_be_visible()
    looks = wrapper.evaluate(
        "(w) => { const s = getComputedStyle(w), a = getComputedStyle(w, '::after');"
        " const label = document.querySelector('label[for=filter-topic]').getBoundingClientRect();"
        " const legend = document.querySelector('.public-filters legend').getBoundingClientRect();"
        " return {border: parseFloat(s.borderBottomWidth), mask: a.maskImage || a.webkitMaskImage,"
        " arrow: a.width, below: label.top >= legend.bottom - 1}; }"
    )
    assert looks["border"] >= 2, looks
    assert looks["mask"].startswith("url("), looks
    assert looks["arrow"] != "auto" and looks["arrow"] != "0px", looks
    assert looks["below"], f"the legend runs into the first label: {looks}"

    toggle = page.locator("summary.public-languages__toggle")
    box = toggle.bounding_box()
    assert box is not None and box["height"] >= 44
    expect(toggle).to_contain_text("(Language)")
    toggle.focus()
    page.keyboard.press("Enter")
    expect(page.locator(".public-languages__list")).to_be_visible()
    page.keyboard.press("Escape")
    expect(page.locator(".public-languages__list")).to_be_hidden()
    assert_page_clean(page_problems)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_search_page_does_not_scroll_sideways_on_a_phone(
    new_context: Callable[..., BrowserContext], page_problems: PageProblems, lang: str
) -> None:
    directory = build_directory()
    page = new_context().new_page()
    page.set_viewport_size({"width": 375, "height": 700})

    page.goto(public_url("search", directory, lang) + "?q=Deutschkurs")
    expect(page.locator("#results .public-result")).to_have_count(2)
    page.locator("details.public-facets > summary").click()
    page.locator("summary.public-languages__toggle").click()

    overflow = page.evaluate(
        "() => [document.documentElement.scrollWidth, window.innerWidth,"
        " Array.from(document.querySelectorAll('body *')).filter((e) => {"
        " const r = e.getBoundingClientRect();"
        " return r.width > 0 && (r.right > window.innerWidth + 1 || r.left < -1); })"
        ".slice(0, 5).map((e) => e.outerHTML.slice(0, 120))]"
    )
    scroll_width, inner_width, too_wide = overflow
    assert scroll_width <= inner_width, (
        f"the search page ({lang}) is {scroll_width}px wide on a {inner_width}px screen; "
        f"too wide: {too_wide}"
    )
    assert_page_clean(page_problems)
