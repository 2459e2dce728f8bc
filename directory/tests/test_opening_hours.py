"""Opening hours (written once in German as free text) in the page's language and direction."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.urls import reverse

from directory.models import PlaceTranslation, TranslationState
from directory.opening_hours import parse, written
from districts.tests.factories import DistrictFactory
from ui.tests.helpers import parse as parse_page

from .factories import OfferFactory, PlaceFactory, PlaceTranslationFactory


def lines(text: str, language: str) -> list[tuple[str, str]]:
    # CLDR puts thin and narrow no-break spaces around dashes and before AM/PM
    def plain(value: str) -> str:
        return re.sub(r"\s", " ", value)

    return [(plain(line.days), plain(line.times)) for line in written(text, language).lines]


@pytest.mark.parametrize(
    ("text", "rules"),
    [
        ("Mo–Fr 8:00–18:00", [((0, 4),), ((8, 0), (18, 0))]),
        ("Mo, Mi 9–12 Uhr", [((0, 0), (2, 2)), ((9, 0), (12, 0))]),
        ("Di 14:00-16:00", [((1, 1),), ((14, 0), (16, 0))]),
        ("Mo bis Do 8.30 bis 12 Uhr", [((0, 3),), ((8, 30), (12, 0))]),
        ("Dienstags 13–15 Uhr", [((1, 1),), ((13, 0), (15, 0))]),
    ],
)
def test_the_common_german_patterns_are_read(text, rules):
    parsed = parse(text)
    assert parsed is not None
    days, (start, end) = rules
    assert parsed.rules[0].days == days
    assert parsed.rules[0].times == ((dt.time(*start), dt.time(*end)),)
    assert parsed.remark == ""


def test_several_rules_times_and_a_remark():
    parsed = parse("Mo–Do 8:30–12:00 und 14:00–16:00, Fr 8:30–12:00; sonst nach Vereinbarung")
    assert parsed is not None
    assert [rule.days for rule in parsed.rules] == [((0, 3),), ((4, 4),)]
    assert len(parsed.rules[0].times) == 2
    assert parsed.remark == "sonst nach Vereinbarung"


@pytest.mark.parametrize(
    "text",
    [
        "nach Vereinbarung",
        "Sprachcafé Do 16:00–18:00",  # words before the days
        "Mo 18–9 Uhr",  # ends before it begins
        "Fr–Mo 9–12",  # a range backwards through the week
        "Mo 25:00–26:00",
        "Mo–Fr",  # days without times
        "",
    ],
)
def test_other_texts_are_not_read(text):
    assert parse(text) is None
    assert written(text, "ar").lines == []
    assert written(text, "ar").text == text.strip()


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("de", [("Mo. – Fr.", "08:00–18:00 Uhr"), ("Sa.", "10:00–12:00 Uhr")]),
        ("ar", [("الاثنين – الجمعة", "8:00 ص – 6:00 م"), ("السبت", "10:00 ص – 12:00 م")]),
        ("fa", [("دوشنبه تا جمعه", "8:00 تا 18:00"), ("شنبه", "10:00 تا 12:00")]),
        ("tr", [("Pzt – Cum", "08:00–18:00"), ("Cmt", "10:00–12:00")]),
        ("uk", [("пн – пт", "08:00–18:00"), ("сб", "10:00–12:00")]),
    ],
)
def test_days_and_times_are_written_in_the_page_language(language, expected):
    assert lines("Mo–Fr 8:00–18:00, Sa 10–12 Uhr", language) == expected


def test_day_lists_and_several_times_use_the_language_conjunction():
    assert lines("Mo und Mi 9–12, 14–16 Uhr", "ar") == [
        ("الاثنين والأربعاء", "9:00 ص – 12:00 م و2:00–4:00 م")
    ]
    assert lines("Di, Do 9–12", "tr") == [("Sal ve Per", "09:00–12:00")]


def page_url(name, district, lang, **kwargs):
    return reverse(
        f"public:{name}", kwargs={"district_slug": district.slug, "lang": lang, **kwargs}
    )


@pytest.mark.django_db
def test_the_offer_page_shows_german_opening_hours_in_arabic_right_to_left(client):
    district = DistrictFactory()
    place = PlaceFactory(district=district, name="Haus der Familie")
    PlaceTranslationFactory(place=place, opening_hours="Mo–Fr 8:00–18:00, sonst nach Vereinbarung")
    offer = OfferFactory(district=district, place=place)

    response = client.get(page_url("offer", district, "ar", pk=offer.pk))

    html = response.content.decode()
    page = parse_page(response)
    assert page.first("html").attrs["dir"] == "rtl"
    block = page.first("div", data_opening_hours="")
    assert "dir" not in block.attrs and "lang" not in block.attrs  # follows the page
    assert re.search(r"<dt[^>]*>الاثنين\s–\sالجمعة</dt>\s*<dd[^>]*>8:00\sص\s–\s6:00\sم</dd>", html)
    assert "Mo–Fr" not in html
    # The remark stays as written, marked as German inside the right-to-left block.
    assert re.search(r'<span lang="de" dir="ltr">sonst nach Vereinbarung</span>', html)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "days"),
    [("de", "Di."), ("fa", "سه\u200cشنبه"), ("tr", "Sal"), ("uk", "вт")],
)
def test_the_place_page_shows_opening_hours_in_the_page_language(client, language, days):
    district = DistrictFactory()
    place = PlaceFactory(district=district)
    PlaceTranslationFactory(place=place, opening_hours="Di 14:00-16:00")

    html = client.get(page_url("place", district, language, pk=place.pk)).content.decode()

    assert f'<dt class="public-hours__days">{days}</dt>' in html
    assert "Di 14:00-16:00" not in html


@pytest.mark.django_db
def test_a_text_that_does_not_parse_is_shown_as_written_and_marked_german(client):
    district = DistrictFactory()
    place = PlaceFactory(district=district)
    PlaceTranslationFactory(place=place, opening_hours="Sprachcafé Do 16:00–18:00")

    html = client.get(page_url("place", district, "ar", pk=place.pk)).content.decode()

    assert '<span lang="de" dir="ltr">Sprachcafé Do 16:00–18:00</span>' in html
    assert "public-hours__list" not in html


@pytest.mark.django_db
def test_opening_hours_written_by_a_translator_are_shown_as_written(client):
    district = DistrictFactory()
    place = PlaceFactory(district=district)
    PlaceTranslationFactory(place=place, opening_hours="Mo–Fr 8:00–18:00")
    PlaceTranslation.objects.create(
        place=place,
        language="uk",
        state=TranslationState.REVIEWED,
        name="Будинок",
        opening_hours="пн–пт з 8 до 18, крім свят",
    )
    # a translation without opening hours: the German original's are read
    PlaceTranslation.objects.create(
        place=place, language="ar", state=TranslationState.REVIEWED, name="بيت"
    )

    ukrainian = client.get(page_url("place", district, "uk", pk=place.pk)).content.decode()
    arabic = client.get(page_url("place", district, "ar", pk=place.pk)).content.decode()

    assert re.search(r"<span\s*>пн–пт з 8 до 18, крім свят</span>", ukrainian)
    assert "الاثنين" in arabic
