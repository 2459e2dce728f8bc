"""The network pages in a real browser: axe finds no WCAG 2.1 A/AA violation on the list (also
after the HTMX search), the Steckbrief, the profile form, the agreements and the outreach views,
with German and with Arabic chosen; no page has a script error, a CSP violation or a request to
another host. And the coordinator's way from "Netzwerk" to an edited Steckbrief, the filter by
keyboard alone.

The network map and the actor map have browser tests of their own (test_network_graph.py,
test_actor_map.py). Internal pages exist only in settings.STAFF_LANGUAGES: with Arabic chosen
they are served in German (ui/languages.py), and axe runs on what is served.
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
from playwright.sync_api import Locator, Page, expect

from conftest import Network
from districts.models import Organisation
from districts.tests.factories import MunicipalityFactory, OrganisationFactory
from network.models import Agreement, OutreachEntry, Profile, Relation
from network.services import profiles as profile_services
from network.tests.factories import (
    AgreementFactory,
    ContactFactory,
    OutreachEntryFactory,
    ProfileFactory,
    RelationFactory,
    TargetGroupFactory,
    TopicFactory,
)

from .axe import assert_no_violations
from .conftest import PageProblems, assert_page_clean, coordinator_with_totp, set_language, sign_in

pytestmark = pytest.mark.browser

LANGUAGES = ["de", "ar"]
# Keyboard steps allowed to reach a control from the top of the page.
MAX_TABS = 80

# Recorded from the first script on: the page's own policy cannot block this listener, and it
# also sees violations in content that HTMX swaps in later.
RECORD_CSP = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__cspViolations.push(
    event.violatedDirective + " " + (event.blockedURI || "inline") + " "
    + event.sourceFile + ":" + event.lineNumber + " " + event.sample
  );
});
"""


@dataclass
class Directory:
    network: Network
    secret: str
    steckbrief: Organisation
    migrant_orgs: list[Organisation]
    due_agreement: Agreement


def build_directory() -> Directory:
    """Twelve organisations of nine types, profiles, contacts, relations, five agreements in
    different states (one due for review) and an outreach history."""
    network, secret = coordinator_with_totp()
    district = network.district
    today = timezone.localdate()
    andernach = MunicipalityFactory(district=district, name="Andernach")
    mayen = MunicipalityFactory(district=district, name="Mayen")
    housing = TopicFactory(district=district, name="Wohnen")
    work = TopicFactory(district=district, name="Arbeit und Ausbildung")
    language_topic = TopicFactory(district=district, name="Sprache")
    refugees = TargetGroupFactory(district=district, name="Geflüchtete")
    women = TargetGroupFactory(district=district, name="Frauen")

    def organisation(name: str, kind: str, **kwargs: Any) -> Organisation:
        return cast(
            Organisation,
            OrganisationFactory(district=district, name=name, kind=kind, **kwargs),
        )

    kulturverein = organisation(
        "Deutsch-Arabischer Kulturverein",
        Organisation.Kind.MIGRANT_ORG,
        municipality=andernach,
        email="info@kulturverein.example.org",
        phone="02632 123456",
        website="https://kulturverein.example.org/",
    )
    frauentreff = organisation(
        "Internationaler Frauentreff", Organisation.Kind.MIGRANT_ORG, municipality=mayen
    )
    elternverein = organisation(
        "Afghanischer Elternverein", Organisation.Kind.MIGRANT_ORG, municipality=andernach
    )
    caritas = organisation("Caritasverband Mayen", Organisation.Kind.WELFARE, municipality=mayen)
    jobcenter = organisation("Jobcenter Mayen-Koblenz", Organisation.Kind.JOBCENTRE)
    abh = organisation("Ausländerbehörde", Organisation.Kind.AUTHORITY)
    ihk = organisation("IHK Koblenz", Organisation.Kind.CHAMBER, is_member=False)
    vhs = organisation("Volkshochschule Andernach", Organisation.Kind.EDUCATION)
    moschee = organisation("Moscheegemeinde Mayen", Organisation.Kind.RELIGIOUS)
    organisation("Bäckerei Schmitz", Organisation.Kind.COMPANY, is_member=False, is_active=False)

    ProfileFactory(
        organisation=kulturverein,
        description=(
            "Wir begleiten Familien aus arabischsprachigen Ländern beim Ankommen: "
            "Hausaufgabenhilfe, Sprachcafé und Beratung zu Behördenwegen."
        ),
        languages=["de", "ar", "fa", "tr"],
        topics=[housing, language_topic],
        target_groups=[refugees, women],
    )
    ProfileFactory(organisation=caritas, topics=[housing, work], languages=["de", "ar", "ru"])
    ProfileFactory(organisation=jobcenter, topics=[work], languages=["de", "en"])
    ProfileFactory(organisation=vhs, topics=[language_topic], languages=["de", "uk"])
    ContactFactory(
        organisation=kulturverein,
        name="Samira Haddad",
        function="Vorsitzende",
        languages=["ar", "de"],
        topics=[language_topic],
        is_public=True,
    )
    ContactFactory(organisation=kulturverein, name="Karim Aziz", function="Kassenwart")
    responsible = ContactFactory(organisation=caritas, name="Petra Klein")
    RelationFactory(source=kulturverein, target=caritas, kind=Relation.Kind.COOPERATION)
    RelationFactory(
        source=caritas, target=kulturverein, kind=Relation.Kind.SPONSORSHIP, note="seit Gründung"
    )
    RelationFactory(source=kulturverein, target=vhs, kind=Relation.Kind.REFERRAL)
    RelationFactory(source=jobcenter, target=abh, kind=Relation.Kind.COOPERATION)

    due = cast(
        Agreement,
        AgreementFactory(
            parties=[network.office, caritas, kulturverein],
            title="Sprachcafé und Verweisberatung",
            topics=[language_topic],
            status=Agreement.Status.SIGNED,
            signed_on=today - dt.timedelta(days=700),
            valid_from=today - dt.timedelta(days=700),
            valid_until=today + dt.timedelta(days=400),
            review_on=today + dt.timedelta(days=20),
            responsible=responsible,
        ),
    )
    AgreementFactory(
        parties=[jobcenter, ihk],
        title="Ausbildungsbrücke",
        topics=[work],
        status=Agreement.Status.NEGOTIATION,
        signed_on=None,
        valid_from=None,
        valid_until=None,
        review_on=None,
    )
    AgreementFactory(
        parties=[network.office, moschee],
        title="Gemeinsame Sprechstunde",
        status=Agreement.Status.DRAFT,
        signed_on=None,
        valid_from=None,
        valid_until=None,
        review_on=None,
    )
    AgreementFactory(
        parties=[abh, caritas],
        title="Rückkehrberatung",
        topics=[housing],
        status=Agreement.Status.EXPIRED,
        signed_on=dt.date(2019, 1, 1),
        valid_from=dt.date(2019, 1, 1),
        valid_until=dt.date(2023, 12, 31),
        review_on=dt.date(2023, 6, 1),
    )
    AgreementFactory(
        parties=[vhs, kulturverein],
        title="Integrationskurs vor Ort",
        status=Agreement.Status.TERMINATED,
    )

    OutreachEntryFactory(
        organisation=kulturverein,
        date=today - dt.timedelta(days=10),
        channel=OutreachEntry.Channel.VISIT,
        topic="Sommerfest",
        next_step="Flyer auf Arabisch abstimmen",
        next_step_due=today - dt.timedelta(days=2),
        owner=network.coordinator,
    )
    OutreachEntryFactory(
        organisation=kulturverein,
        date=today - dt.timedelta(days=40),
        channel=OutreachEntry.Channel.PHONE,
        topic="Raumfrage",
        next_step="Termin mit der VHS",
        next_step_due=today + dt.timedelta(days=5),
        next_step_done=True,
        owner=network.coordinator,
    )
    OutreachEntryFactory(
        organisation=frauentreff,
        date=today - dt.timedelta(days=250),
        channel=OutreachEntry.Channel.EVENT,
        topic="Interkulturelle Woche",
        next_step="Einladung zum Netzwerktreffen",
        next_step_due=today + dt.timedelta(days=7),
        owner=network.coordinator,
    )
    # A change through the real service, so the Steckbrief has a history row.
    profile = Profile.objects.get(organisation=kulturverein)
    profile_services.profile_update(
        actor=network.coordinator, profile=profile, data={"opening_hours": "Di und Do 16–19 Uhr"}
    )
    return Directory(
        network=network,
        secret=secret,
        steckbrief=kulturverein,
        migrant_orgs=[kulturverein, frauentreff, elternverein],
        due_agreement=due,
    )


def signed_in(page: Page, directory: Directory, language: str = "de") -> None:
    """The coordinator signs in through the real sign-in (password and TOTP code) in German;
    the chosen language is stored afterwards the way the language switch does it."""
    page.add_init_script(RECORD_CSP)
    sign_in(page, directory.network.coordinator.email, totp=directory.secret)
    set_language(page, language)


def csp_violations(page: Page) -> list[str]:
    violations: list[str] = page.evaluate("window.__cspViolations || []")
    return violations


def check(page: Page, problems: PageProblems, what: str) -> None:
    """One <h1>, axe clean, no CSP violation, no script error, no request to another host."""
    expect(page.get_by_role("heading", level=1)).to_have_count(1)
    assert_no_violations(page, what=what)
    assert csp_violations(page) == [], f"CSP violations on {what}"
    assert_page_clean(problems)


def served_language(page: Page, language: str) -> None:
    # Arabic is not a staff language: the internal page comes in German, left to right.
    expect(page.locator("html")).to_have_attribute("lang", "de")
    expect(page.locator("html")).to_have_attribute("dir", "ltr")
    cookies = {c["name"]: c["value"] for c in page.context.cookies()}
    assert cookies.get("lotse_language") == language


# --- Each page, in German and in Arabic -------------------------------------------------------


@dataclass(frozen=True)
class NetworkPage:
    name: str
    url: Callable[[Directory], str]
    shows: Callable[[Directory], str]


PAGES = [
    NetworkPage(
        "list",
        lambda d: reverse("network:index"),
        lambda d: "12 Organisationen",
    ),
    NetworkPage(
        "steckbrief",
        lambda d: reverse("network:organisation", args=[d.steckbrief.pk]),
        lambda d: "Samira Haddad",
    ),
    NetworkPage(
        "profile_edit",
        lambda d: reverse("network:profile_edit", args=[d.steckbrief.pk]),
        lambda d: "Steckbrief von Deutsch-Arabischer Kulturverein bearbeiten",
    ),
    NetworkPage(
        "agreement_list",
        lambda d: reverse("network:agreement_list"),
        lambda d: "Sprachcafé und Verweisberatung",
    ),
    NetworkPage(
        "agreement_detail",
        lambda d: reverse("network:agreement_detail", args=[d.due_agreement.pk]),
        lambda d: "Petra Klein",
    ),
    NetworkPage(
        "outreach_list",
        lambda d: reverse("network:outreach_list"),
        lambda d: "Flyer auf Arabisch abstimmen",
    ),
    NetworkPage(
        "outreach_not_reached",
        lambda d: reverse("network:outreach_not_reached"),
        lambda d: "Internationaler Frauentreff",
    ),
    NetworkPage(
        "outreach_due",
        lambda d: reverse("network:outreach_due"),
        lambda d: "Einladung zum Netzwerktreffen",
    ),
]


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("network_page", PAGES, ids=[p.name for p in PAGES])
def test_network_page_is_accessible_and_clean(
    page: Page, page_problems: PageProblems, network_page: NetworkPage, language: str
) -> None:
    directory = build_directory()
    signed_in(page, directory, language)

    response = page.goto(network_page.url(directory))

    assert response is not None and response.status == 200
    served_language(page, language)
    expect(page.locator("#main")).to_contain_text(network_page.shows(directory))
    check(page, page_problems, f"{network_page.name} ({language})")


def test_not_reached_lists_the_organisations_out_of_touch(
    page: Page, page_problems: PageProblems
) -> None:
    directory = build_directory()
    signed_in(page, directory)

    page.goto(reverse("network:outreach_not_reached"))

    names = page.locator("#not-reached-rows th[scope=row]")
    # Never contacted first, then the one last seen 250 days ago; the recent one is missing.
    expect(names).to_have_text(["Afghanischer Elternverein", "Internationaler Frauentreff"])
    expect(page.locator("#not-reached-rows")).to_contain_text("nie")
    assert_page_clean(page_problems)


def test_agreement_due_for_review_is_highlighted_in_words(
    page: Page, page_problems: PageProblems
) -> None:
    directory = build_directory()
    signed_in(page, directory)

    page.goto(reverse("network:agreement_list"))

    due_row = page.get_by_role("row").filter(
        has=page.get_by_role("rowheader", name=directory.due_agreement.title)
    )
    expect(due_row.locator(".kern-badge")).to_have_count(1)
    expect(due_row).to_contain_text("(in 20 Tagen)")
    expect(page.locator("#overview-heading + p")).to_contain_text("5 Vereinbarungen im Kreis.")
    expect(page.locator("#overview-heading + p")).to_contain_text("1 davon ist")
    assert_page_clean(page_problems)


# --- The list after the HTMX search -----------------------------------------------------------


def search_form(page: Page) -> Locator:
    return page.locator("#main form[role=search]")


@pytest.mark.parametrize("language", LANGUAGES)
def test_list_filtered_by_typing_is_accessible_and_clean(
    page: Page, page_problems: PageProblems, language: str
) -> None:
    directory = build_directory()
    signed_in(page, directory, language)
    page.goto(reverse("network:index"))
    rows = page.locator("#organisation-results tbody th[scope=row]")
    expect(rows).to_have_count(12)

    with page.expect_request(lambda request: "q=verein" in request.url) as swapped:
        search_form(page).get_by_label("Suche").press_sequentially("verein", delay=30)
    assert swapped.value.headers.get("hx-request") == "true"

    expect(rows).to_have_text(["Afghanischer Elternverein", "Deutsch-Arabischer Kulturverein"])
    expect(page.locator("#organisation-results")).to_contain_text("2 Organisationen")
    expect(page).to_have_url(re.compile(r"[?&]q=verein"))
    # Only the rows were swapped: the page still has its one heading and its search field.
    expect(search_form(page).get_by_label("Suche")).to_have_value("verein")
    served_language(page, language)
    check(page, page_problems, f"list after HTMX search ({language})")


# --- The coordinator's journey ----------------------------------------------------------------


def tab_to(page: Page, target: Locator, what: str) -> None:
    """Presses Tab until `target` has the focus, as someone without a mouse would."""
    for _press in range(MAX_TABS):
        page.keyboard.press("Tab")
        if target.evaluate("element => element === document.activeElement"):
            return
    raise AssertionError(f"{what} cannot be reached with Tab within {MAX_TABS} presses")


def test_coordinator_filters_by_keyboard_and_edits_a_steckbrief(
    page: Page, page_problems: PageProblems
) -> None:
    directory = build_directory()
    signed_in(page, directory)
    expect(page.get_by_role("heading", level=1)).to_have_text("Meine Übersicht")

    page.get_by_role("navigation", name="Hauptnavigation").get_by_role(
        "link", name="Netzwerk"
    ).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Organisationen im Netzwerk")
    rows = page.locator("#organisation-results tbody th[scope=row]")
    expect(rows).to_have_count(12)

    # Keyboard only: Tab to the type filter, choose with the arrow keys, Tab to "Filtern", Enter.
    # The label reads "Art – optional".
    kind = search_form(page).get_by_label(re.compile(r"^\s*Art\b"))
    tab_to(page, kind, "The filter „Art“")
    for _press in range(len(Organisation.Kind.choices)):
        if kind.input_value() == Organisation.Kind.MIGRANT_ORG:
            break
        page.keyboard.press("ArrowDown")
    expect(kind).to_have_value(Organisation.Kind.MIGRANT_ORG)
    submit = search_form(page).get_by_role("button", name="Filtern")
    tab_to(page, submit, "The button „Filtern“")
    with page.expect_request(lambda request: "kind=migrant_org" in request.url) as submitted:
        page.keyboard.press("Enter")
    assert submitted.value.headers.get("hx-request") == "true"

    expect(page).to_have_url(re.compile(r"[?&]kind=migrant_org"))
    expect(rows).to_have_text(
        [
            "Afghanischer Elternverein",
            "Deutsch-Arabischer Kulturverein",
            "Internationaler Frauentreff",
        ]
    )

    page.get_by_role("link", name="Deutsch-Arabischer Kulturverein").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Deutsch-Arabischer Kulturverein")
    expect(page.locator("#part-history + table")).to_contain_text("Steckbrief geändert")
    page.get_by_role("link", name="Steckbrief bearbeiten").click()

    expect(page.get_by_role("heading", level=1)).to_contain_text("Steckbrief von")
    new_text = "Neu: offene Sprechstunde für Familien jeden Dienstag, auch auf Arabisch."
    description = page.get_by_role("textbox", name=re.compile(r"^Beschreibung"))
    description.fill(new_text)
    page.get_by_role("button", name="Speichern").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Deutsch-Arabischer Kulturverein")
    expect(page.get_by_role("status")).to_contain_text("Der Steckbrief wurde gespeichert.")
    expect(page.locator("#part-description ~ p")).to_have_text(new_text)
    newest = page.locator("#part-history + table tbody tr").first
    expect(newest).to_contain_text("Steckbrief geändert")
    expect(newest).to_contain_text("Beschreibung")
    expect(newest).to_contain_text(directory.network.coordinator.name)
    assert Profile.objects.get(organisation=directory.steckbrief).description == new_text

    check(page, page_problems, "Steckbrief after saving (de)")
