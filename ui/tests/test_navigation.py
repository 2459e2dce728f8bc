import pytest
from django.urls import reverse

from districts.models import Role
from districts.tests.factories import MembershipFactory
from ui.registry import announced, capabilities

from .helpers import parse, parse_html

pytestmark = pytest.mark.django_db

SEVEN = {
    "Netzwerk": "/netzwerk/",
    "Austausch": "/austausch/",
    "Angebote": "/angebote/",
    "Verweisungen": "/verweisungen/",
    "Monitoring": "/monitoring/",
    "Befragungen": "/befragungen/",
    "Schulungen": "/schulungen/",
}
# Capabilities whose app is built have left the "kommt bald" pages.
BUILT = {"Netzwerk", "Austausch", "Angebote"}
COMING = {label: path for label, path in SEVEN.items() if label not in BUILT}


def nav_links(response):
    """(label, href, aria-current) of the main navigation, read from the HTML."""
    html = response.content.decode()
    start = html.index('aria-label="Hauptnavigation"')
    nav = html[start : html.index("</nav>", start)]
    return [
        (a.attrs["href"], a.attrs.get("aria-current"))
        for a in parse_html(nav).find_all("a", class_="site-nav__link")
    ]


def test_navigation_shows_the_seven_capabilities_in_order(client, network):
    client.force_login(network.staff)
    response = client.get(reverse("ui:dashboard"))
    hrefs = [href for href, _current in nav_links(response)]
    assert hrefs[0] == "/uebersicht/"
    assert hrefs[1:8] == list(SEVEN.values())
    for label in SEVEN:
        assert f">{label}</a>" in response.content.decode()


def test_capability_list_matches_the_placeholder_pages():
    placeholders = [item.route_name for item in capabilities() if item.route_name.startswith("ui:")]
    assert placeholders == [f"ui:{page.slug}" for page in announced()]


@pytest.mark.parametrize(("label", "path"), COMING.items())
def test_coming_soon_page_says_so_plainly(client, network, label, path):
    client.force_login(network.volunteer)
    response = client.get(path)
    assert response.status_code == 200
    page = parse(response)
    html = response.content.decode()
    assert "kommt bald" in html
    assert f'<h1 class="kern-heading-large">{label}</h1>' in html
    assert len(page.find_all("h1")) == 1
    # No controls pretending to do something: the only forms are the shell's own.
    assert [form.attrs["action"] for form in page.find_all("form")] == [
        "/i18n/setlang/",
        "/konto/logout/",
    ]
    assert (path, "page") in nav_links(response)
    assert ("/uebersicht/", None) in nav_links(response)


@pytest.mark.parametrize("path", SEVEN.values())
def test_coming_soon_pages_need_sign_in(client, path):
    response = client.get(path)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_dashboard_is_marked_current(client, network):
    client.force_login(network.staff)
    links = nav_links(client.get("/uebersicht/"))
    assert [href for href, current in links if current == "page"] == ["/uebersicht/"]


@pytest.mark.parametrize("who", ["coordinator", "org_admin"])
def test_management_link_for_those_who_manage(client, network, who):
    client.force_login(getattr(network, who))
    assert ("/verwaltung/", None) in nav_links(client.get("/uebersicht/"))


@pytest.mark.parametrize("who", ["staff", "volunteer", "caseworker"])
def test_no_management_link_for_others(client, network, who):
    client.force_login(getattr(network, who))
    hrefs = [href for href, _ in nav_links(client.get("/uebersicht/"))]
    assert "/verwaltung/" not in hrefs
    assert len(hrefs) == 8


def test_management_link_follows_the_current_district(client, network, other_network):
    # Coordinator at home, plain staff in the other district: the link goes with the district.
    MembershipFactory(user=network.coordinator, organisation=other_network.other_org)
    client.force_login(network.coordinator)
    client.post(reverse("districts:switch"), {"district": other_network.district.pk})
    response = client.get("/uebersicht/")
    assert other_network.district.name in response.content.decode()
    assert "/verwaltung/" not in [href for href, _ in nav_links(response)]


def test_visitors_see_no_internal_navigation(client):
    response = client.get("/")
    assert 'aria-label="Hauptnavigation"' not in response.content.decode()
    assert "/netzwerk/" not in response.content.decode()


def test_navigation_works_without_javascript_on_small_screens(client, network):
    # A <details> disclosure inside the <nav>: opens and closes with no script at all.
    client.force_login(network.staff)
    html = client.get("/uebersicht/").content.decode()
    nav = html[html.index('<nav class="site-nav"') : html.index("</nav>")]
    assert "<details" in nav
    assert "<summary" in nav
    assert nav.index("<summary") < nav.index('class="site-nav__list"')


def test_district_switch_only_with_two_districts(client, network, other_network):
    client.force_login(network.staff)
    assert 'action="/kreis/wechseln/"' not in client.get("/uebersicht/").content.decode()

    MembershipFactory(user=network.staff, organisation=other_network.office, role=Role.STAFF)
    client.force_login(network.staff)
    response = client.get("/uebersicht/")
    page = parse(response)
    form = page.first("form", action="/kreis/wechseln/")
    assert form.attrs["method"] == "post"
    options = page.find_all("option")
    values = {o.attrs["value"] for o in options}
    assert {str(network.district.pk), str(other_network.district.pk)} <= values
    assert page.first("select", name="district")
    assert page.first("label", for_="shell-district")


def test_district_switch_changes_the_district_in_the_header(client, network, other_network):
    MembershipFactory(user=network.staff, organisation=other_network.office)
    client.force_login(network.staff)
    response = client.post(
        reverse("districts:switch"), {"district": other_network.district.pk}, follow=True
    )
    page = parse(response)
    selected = [o for o in page.find_all("option") if "selected" in o.attrs]
    assert str(other_network.district.pk) in [o.attrs["value"] for o in selected]
    assert other_network.office.name in response.content.decode()


def test_angebote_opens_the_editing_pages_for_staff_and_the_public_pages_for_volunteers(
    client, network
):
    def angebote_href():
        hrefs = [href for href, _current in nav_links(client.get(reverse("ui:dashboard")))]
        return hrefs[3]  # Übersicht, Netzwerk, Austausch, Angebote, …

    client.force_login(network.staff)
    assert angebote_href() == reverse("directory:index")

    client.force_login(network.volunteer)
    assert angebote_href() == reverse("directory:index")
    public = reverse("public:home", kwargs={"district_slug": network.district.slug, "lang": "de"})
    response = client.get(reverse("directory:index"))
    assert response.status_code == 302
    assert response["Location"] == public
