"""Weigh a public directory page on first load: HTML, CSS, JavaScript and fonts, gzipped.

    .venv/bin/python bench/page_weight.py [--lang de] [--offers 30]
    .venv/bin/python bench/page_weight.py https://lotse.example/kreis-x/ar/suche/?q=kurs

Without a URL the script migrates a temporary SQLite database (unless DATABASE_URL is set:
then use a throwaway database), seeds a district with `--offers` published offers, and renders
its search results page and its map page with Django's test client. With a URL it fetches that
page and its files from the running server. Either way it collects the HTML and every file the
page links to (stylesheets, scripts, and the fonts and images named by `url(...)` in those
stylesheets), gzips each at level 9 as the static-file server does, prints each size and the
total against the budget: 150 KB for a page with results. The map page is weighed separately:
the map library (`vendor/leaflet/`) is allowed on top of the budget and shown apart.
Exit status 1 when a page is over budget.
"""

from __future__ import annotations

import argparse
import gzip
import os
import re
import shutil
import sys
import tempfile
import urllib.request
from collections.abc import Callable
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import urljoin, urlsplit

BUDGET = 150 * 1024
MAP_LIBRARY = "/vendor/leaflet/"


class Links(HTMLParser):
    """Stylesheets and scripts a browser loads on first paint."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        if tag == "link" and "stylesheet" in values.get("rel", "").split() and values.get("href"):
            self.found.append(values["href"])
        if tag == "script" and values.get("src"):
            self.found.append(values["src"])


def gz(data: bytes) -> int:
    return len(gzip.compress(data, compresslevel=9))


def css_urls(css: bytes) -> list[str]:
    """Files named by url(...) in a stylesheet: fonts (every declared face counts, the worst
    case) and images; data: URIs are inline and already counted."""
    found = []
    for raw in re.findall(rb"url\(\s*['\"]?([^'\")]+)['\"]?\s*\)", css):
        target = raw.decode()
        if not target.startswith(("data:", "#")):
            found.append(target)
    return found


def weigh(
    page_url: str, fetch: Callable[[str], bytes], title: str
) -> tuple[int, int, list[tuple[str, int, int]]]:
    """(total, map-library part, rows of (file, raw bytes, gzipped bytes))."""
    html = fetch(page_url)
    rows = [("HTML " + urlsplit(page_url).path, len(html), gz(html))]
    parser = Links()
    parser.feed(html.decode())
    seen: set[str] = set()
    queue = [urljoin(page_url, link) for link in parser.found]
    while queue:
        asset = queue.pop(0)
        key = urlsplit(asset).path
        if key in seen:
            continue
        seen.add(key)
        body = fetch(asset)
        rows.append((key, len(body), gz(body)))
        if key.endswith(".css"):
            queue += [urljoin(asset, target) for target in css_urls(body)]
    total = sum(row[2] for row in rows)
    library = sum(row[2] for row in rows if MAP_LIBRARY in row[0])
    print(f"\n{title}: {page_url}")
    for name, raw, packed in rows:
        print(f"  {packed / 1024:8.1f} KB gz  {raw / 1024:8.1f} KB raw  {name}")
    return total, library, rows


def report(title: str, total: int, allowed_extra: int = 0) -> bool:
    counted = total - allowed_extra
    verdict = "within" if counted <= BUDGET else "OVER"
    extra = f" (+ {allowed_extra / 1024:.1f} KB map library, allowed)" if allowed_extra else ""
    print(
        f"  total {counted / 1024:.1f} KB gz{extra} — {verdict} the budget of "
        f"{BUDGET / 1024:.0f} KB ({title})"
    )
    return counted <= BUDGET


def against_server(url: str) -> bool:
    def fetch(target: str) -> bytes:
        with urllib.request.urlopen(target, timeout=30) as response:  # noqa: S310 - operator's URL
            return bytes(response.read())

    total, _library, _rows = weigh(url, fetch, "page")
    return report("page", total)


def seed(offers: int) -> Any:
    from directory.models import OfferTranslation, Status, TranslationState
    from directory.tests.factories import EventFactory, OfferFactory, PlaceFactory
    from districts.tests.factories import DistrictFactory, MunicipalityFactory

    district = DistrictFactory(slug="seitengewicht")
    towns = [MunicipalityFactory(district=district) for _ in range(5)]
    topics = ["language", "work", "housing", "health", "family", "residence", "leisure"]
    for number in range(offers):
        place = PlaceFactory(district=district, municipality=towns[number % len(towns)])
        offer: Any = OfferFactory(
            district=district,
            place=place,
            status=Status.PUBLISHED,
            topics=[topics[number % len(topics)], "counselling"],
            languages=["de", "ar", "uk", "en"][: 1 + number % 4],
            title=f"Deutschkurs und Beratung {number}",
            title__summary="Kurs für Anfängerinnen und Anfänger, mit Kinderbetreuung, abends.",
        )
        OfferTranslation.objects.create(
            offer=offer,
            language="ar",
            state=TranslationState.MACHINE,
            title=f"دورة اللغة الألمانية {number}",
            summary="دورة للمبتدئين مع رعاية الأطفال في المساء.",
        )
        EventFactory(district=district, offer=offer, place=place, rrule="FREQ=WEEKLY")
    return district


def with_test_client(lang: str, offers: int) -> bool:
    root = Path(__file__).resolve().parent.parent
    sys.path.insert(0, str(root))
    workdir = tempfile.mkdtemp(prefix="lotse-weight-")
    if not os.environ.get("DATABASE_URL"):
        os.environ["DATABASE_URL"] = f"sqlite:///{workdir}/weight.sqlite3"
    os.environ.setdefault("LOTSE_DATA_DIR", workdir)
    os.environ["LOTSE_ENV"] = "test"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lotse.settings")
    try:
        import django

        django.setup()
        from django.conf import settings
        from django.contrib.staticfiles import finders
        from django.core.management import call_command
        from django.test import Client
        from django.urls import reverse

        call_command("migrate", verbosity=0)
        district = seed(offers)
        client = Client()

        def fetch(target: str) -> bytes:
            path = urlsplit(target).path
            if path.startswith(settings.STATIC_URL):
                found = finders.find(path[len(settings.STATIC_URL) :])
                if not found:
                    raise FileNotFoundError(path)
                return Path(str(found)).read_bytes()
            query = urlsplit(target).query
            response = client.get(f"{path}?{query}" if query else path)
            if response.status_code != 200:
                raise RuntimeError(f"{target}: HTTP {response.status_code}")
            return bytes(response.content)

        kwargs = {"district_slug": district.slug, "lang": lang}
        search = "http://testserver" + reverse("public:search", kwargs=kwargs) + "?q=deutschkurs"
        total, _library, _rows = weigh(search, fetch, "search results")
        ok = report("search results", total)
        map_url = "http://testserver" + reverse("public:map", kwargs=kwargs)
        map_total, library, _rows = weigh(map_url, fetch, "map")
        ok = report("map", map_total, allowed_extra=library) and ok
        return ok
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("url", nargs="?", help="a page of a running server (else: test client)")
    parser.add_argument("--lang", default="de")
    parser.add_argument("--offers", type=int, default=30)
    args = parser.parse_args()
    ok = against_server(args.url) if args.url else with_test_client(args.lang, args.offers)
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
