"""Every page a demo person reaches by following links answers without a server error.

Tests built from factories render each page with the rows the test made; the demo has the rows
people really meet first (history entries without an actor, profiles without a logo, meetings
with a waiting list …). This test loads the demo of `make run`, signs in as each demo person (and
stays anonymous once), starts at the dashboard and the public directory's home pages, and follows
same-site links breadth-first within a page budget per area, failing on any 5xx.
"""

from __future__ import annotations

import re
import traceback
from collections import deque
from dataclasses import dataclass, field
from urllib.parse import urljoin, urlsplit

import pytest
from django.test import Client
from django.urls import reverse

from accounts.models import User
from districts.demo import DISTRICTS
from districts.management.commands.seed_demo import demo_seed

HOST = "testserver"
# Links a crawl must not follow: they sign out, switch the language for the rest of the crawl,
# or download files (their content is checked by the tests of each export).
SKIP = re.compile(
    r"logout|abmelden|/i18n/|/konto/|/betrieb/|/admin/"
    r"|\.(pdf|png|jpe?g|svg|ics|csv|xlsx|zip|json|graphml|geojson|txt|xml)(\?|$)"
    r"|export|download|herunterladen|/media/|/static/|/api/",
    re.IGNORECASE,
)
PAGES_PER_AREA = 25
VARIANTS_PER_PATH = 3
BUDGET = 220

DEMO = DISTRICTS[0]
PEOPLE = {
    "coordinator": "koordination@mayen-koblenz.example.org",
    "org admin": "orga-admin@mayen-koblenz.example.org",
    "staff": "fachkraft@mayen-koblenz.example.org",
    "case worker": "fallarbeit@mayen-koblenz.example.org",
    "volunteer": "lotsin@mayen-koblenz.example.org",
    "anonymous": "",
}


@dataclass
class Crawl:
    client: Client
    seen: set[str] = field(default_factory=set)
    failures: list[str] = field(default_factory=list)
    visited: list[str] = field(default_factory=list)
    per_area: dict[str, int] = field(default_factory=dict)
    per_path: dict[str, int] = field(default_factory=dict)

    def admits(self, url: str) -> bool:
        path = url.split("?")[0]
        area = "/".join(path.split("/")[:3])
        if url in self.seen or self.per_area.get(area, 0) >= PAGES_PER_AREA:
            return False
        if self.per_path.get(path, 0) >= VARIANTS_PER_PATH:
            return False
        self.seen.add(url)
        self.per_area[area] = self.per_area.get(area, 0) + 1
        self.per_path[path] = self.per_path.get(path, 0) + 1
        return True

    def run(self, starts: list[str]) -> None:
        queue = deque(starts)
        while queue and len(self.visited) < BUDGET:
            url = queue.popleft()
            if self.admits(url):
                queue.extend(self.visit(url))

    def visit(self, url: str) -> list[str]:
        self.visited.append(url)
        try:
            response = self.client.get(url)
        except Exception as error:  # the failure is reported with every other one, below
            self.failures.append(f"{url}: {''.join(traceback.format_exception_only(error))}")
            return []
        if response.status_code >= 500:
            self.failures.append(f"{url}: {response.status_code}")
            return []
        if response.status_code in (301, 302, 303, 307) and response.get("Location"):
            return same_site([urljoin(url, response["Location"])], base=url)
        if "text/html" not in response.get("Content-Type", ""):
            return []
        html = response.content.decode(errors="replace")
        links = [href.replace("&amp;", "&") for href in re.findall(r'href="([^"#]+)', html)]
        return same_site(links, base=url)


def same_site(links: list[str], *, base: str) -> list[str]:
    found = []
    for link in links:
        parts = urlsplit(urljoin(base, link))
        if parts.scheme not in ("", "http", "https") or parts.netloc not in ("", HOST):
            continue
        path = parts.path + (f"?{parts.query}" if parts.query else "")
        if not SKIP.search(path):
            found.append(path)
    return found


@pytest.mark.django_db
@pytest.mark.parametrize("person", PEOPLE)
def test_every_linked_page_of_the_demo_answers_without_server_error(person: str) -> None:
    demo_seed()
    client = Client(raise_request_exception=True)
    starts = [f"/{DEMO.slug}/de/", f"/{DEMO.slug}/ar/"]
    if PEOPLE[person]:
        client.force_login(User.objects.get(email=PEOPLE[person]))
        starts = ["/", reverse("ui:dashboard"), *starts]

    crawl = Crawl(client)
    crawl.run(starts)

    assert not crawl.failures, "\n".join(crawl.failures)
    # A crawl that was stopped at the door proves nothing: it must have gone through the site.
    assert len(crawl.visited) >= 40, crawl.visited
    if person not in ("anonymous", "volunteer"):
        assert any(re.search(r"/netzwerk/organisationen/\d+/$", u) for u in crawl.visited)
