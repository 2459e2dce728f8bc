import datetime as dt
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.staticfiles import finders
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts.tests.factories import UserFactory
from core.models import AuditEvent
from districts.models import Role
from districts.tests.factories import (
    InvitationFactory,
    MembershipFactory,
    MunicipalityFactory,
    OrganisationFactory,
)

from .helpers import parse

pytestmark = pytest.mark.django_db

URL = reverse("ui:dashboard")


def html_of(client, user):
    client.force_login(user)
    response = client.get(URL)
    assert response.status_code == 200
    return response.content.decode()


def figures(html):
    """The coordinator's counts as {label: number}."""
    start = html.index('class="figures"')
    block = html[start : html.index("</dl>", start)]
    labels = [part.split(">")[-1] for part in block.split("</a>")[:-1]]
    numbers = [int(part.split("</dd>")[0]) for part in block.split("<dd>")[1:]]
    return dict(zip(labels, numbers, strict=True))


def test_needs_sign_in(client):
    response = client.get(URL)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_staff_sees_own_membership_and_nothing_to_manage(client, network):
    html = html_of(client, network.staff)
    assert network.other_org.name in html
    assert "Fachkraft" in html
    assert "Der Kreis in Zahlen" not in html
    assert "Letzte Änderungen im Kreis" not in html
    assert "Meine Organisation:" not in html
    assert "/verwaltung/" not in html


def test_membership_flags_are_shown(client, network):
    html = html_of(client, network.caseworker)
    row = html[html.index(f">{network.other_org.name}</th>") :]
    row = row[: row.index("</tr>")]
    cells = [cell.split("</td>")[0].strip() for cell in row.split('class="kern-table__cell">')[1:]]
    assert cells == ["Fachkraft", "nein", "ja"]


def test_second_factor_status(client, network):
    assert "Authenticator-App (TOTP)" in html_of(client, network.caseworker)
    html = html_of(client, network.staff)
    assert "nicht eingerichtet" in html
    assert 'href="/konto/2fa/"' in html


def test_coordinator_sees_the_districts_counts(client, network, other_network):
    MunicipalityFactory.create_batch(3, district=network.district)
    OrganisationFactory(district=network.district, is_active=False)
    InvitationFactory(organisation=network.other_org)
    InvitationFactory(
        organisation=network.other_org, expires_at=timezone.now() - dt.timedelta(days=1)
    )
    InvitationFactory(organisation=network.other_org, revoked_at=timezone.now())
    # The same person in two organisations counts once; nothing of the other district counts.
    MembershipFactory(user=network.staff, organisation=network.office)
    MunicipalityFactory(district=other_network.district)

    html = html_of(client, network.coordinator)
    assert figures(html) == {
        "Aktive Organisationen": 2,
        "Gemeinden": 3,
        "Aktive Mitglieder": 5,
        "Offene Einladungen": 1,
    }
    for url in [
        "/verwaltung/",
        reverse("districts:organisation_list"),
        reverse("districts:member_list"),
        reverse("districts:invitation_list"),
        reverse("districts:municipality_list"),
    ]:
        assert f'href="{url}"' in html


def test_coordinator_sees_the_latest_ten_audit_events_of_the_district(
    client, network, other_network
):
    # Later than anything the fixtures wrote, so these are the newest events.
    now = timezone.now() + dt.timedelta(hours=1)
    for minute in range(12):
        AuditEvent.objects.create(
            actor=network.org_admin,
            district=network.district,
            action="organisation.update",
            object_repr=f"Eintrag {minute:02d}",
            created_at=now - dt.timedelta(minutes=minute),
        )
    AuditEvent.objects.create(
        district=other_network.district, action="organisation.create", object_repr="Fremd"
    )
    html = html_of(client, network.coordinator)
    shown = [f"Eintrag {minute:02d}" for minute in range(12) if f"Eintrag {minute:02d}" in html]
    assert shown == [f"Eintrag {minute:02d}" for minute in range(10)]
    assert "Fremd" not in html
    assert str(network.org_admin) in html


def test_audit_events_show_the_action_in_words_not_its_code(client, network):
    for action in ("thread.close", "reply.create", "news.create", "organisation.admin_change"):
        AuditEvent.objects.create(
            district=network.district,
            action=action,
            object_type="districts.organisation",
            object_repr="Objekt",
            created_at=timezone.now() + dt.timedelta(hours=1),
        )
    html = html_of(client, network.coordinator)
    for label in (
        "Diskussion geschlossen",
        "Antwort geschrieben",
        "Neuigkeit veröffentlicht",
        "Organisation in der Betriebsverwaltung geändert",
    ):
        assert f'class="kern-table__cell">{label}</td>' in html
    for code in ("thread.close", "reply.create", "news.create", "admin_change"):
        assert code not in html

    client.cookies["lotse_language"] = "en"
    english = client.get(URL).content.decode()
    assert "Discussion closed" in english and "Diskussion geschlossen" not in english


def test_dashboard_tables_sit_in_a_scroll_region_and_reflow_on_a_phone(client, network):
    MembershipFactory(user=network.coordinator, organisation=network.other_org, is_org_admin=True)
    AuditEvent.objects.create(district=network.district, action="thread.close", object_repr="x")
    client.force_login(network.coordinator)
    page = parse(client.get(URL))
    for region in ("memberships-heading", "audit-heading"):
        wrapper = page.first("div", aria_labelledby=region)
        assert wrapper.attrs["class"] == "table-scroll"
        assert wrapper.attrs["role"] == "region" and wrapper.attrs["tabindex"] == "0"
    tables = [e for e in page.elements if e.tag == "table"]
    assert tables and all("table-reflow" in t.attrs["class"] for t in tables)
    # On a phone every cell names its column (the headings are hidden there).
    labels = {e.attrs.get("data-label") for e in page.elements if e.tag == "td"}
    assert {"Rolle", "Verwaltet die Organisation", "Fallarbeit", "Aktion", "Objekt"} <= labels


def _stylesheet(path: str) -> str:
    found = finders.find(path)
    assert found, path
    return Path(found).read_text(encoding="utf-8")


def test_the_stylesheets_the_dashboard_loads_style_its_lists_and_tables(client, network):
    """The activity list's badges mark its items: no list bullets beside them. The dashboard
    loads only the shared stylesheet, so the rules must be there (not in exchange.css)."""
    client.force_login(network.staff)
    response = client.get(URL)
    sheets = [
        e.attrs["href"].removeprefix(settings.STATIC_URL)
        for e in parse(response).elements
        if e.tag == "link" and e.attrs.get("rel") == "stylesheet"
    ]
    assert "ui/lotse.css" in sheets and "exchange/exchange.css" not in sheets
    css = re.sub(r"\s+", " ", _stylesheet("ui/lotse.css"))
    assert re.search(r"\.activity-list \{[^}]*list-style: none", css)
    assert re.search(r"@media \(max-width: 47\.99em\) \{ \.table-reflow,", css)


def test_audit_log_is_not_shown_to_organisation_admins(client, network):
    AuditEvent.objects.create(district=network.district, action="x.y", object_repr="Geheim")
    html = html_of(client, network.org_admin)
    assert "Geheim" not in html
    assert "Letzte Änderungen" not in html


def test_organisation_admin_sees_own_members_and_pending_invitations(client, network):
    pending = InvitationFactory(organisation=network.other_org)
    expired = InvitationFactory(
        organisation=network.other_org, expires_at=timezone.now() - dt.timedelta(days=1)
    )
    elsewhere = InvitationFactory(organisation=network.office)
    html = html_of(client, network.org_admin)
    assert f"Meine Organisation: {network.other_org.name}" in html
    for person in (network.staff, network.volunteer, network.caseworker, network.org_admin):
        assert person.email in html
    assert network.coordinator.email not in html
    assert pending.email in html
    assert expired.email not in html
    assert elsewhere.email not in html
    assert f'href="{reverse("districts:invitation_create")}"' in html
    assert "Der Kreis in Zahlen" not in html


def test_person_without_membership_gets_an_explanation(client, db):
    html = html_of(client, UserFactory())
    assert "Noch keine Mitgliedschaft" in html
    assert reverse("admin:index") not in html


def test_operator_without_membership_gets_a_link_to_the_admin(client, operator):
    html = html_of(client, operator)
    assert "Noch keine Mitgliedschaft" in html
    assert f'href="{reverse("admin:index")}"' in html


def test_only_memberships_of_the_current_district_are_listed(client, network, other_network):
    MembershipFactory(user=network.staff, organisation=other_network.office, role=Role.VOLUNTEER)
    html = html_of(client, network.staff)
    assert network.other_org.name in html
    assert other_network.office.name not in html


def _grow(network, size):
    for _ in range(size):
        org = OrganisationFactory(district=network.district)
        MembershipFactory(organisation=org)
        MembershipFactory(organisation=network.other_org)
        InvitationFactory(organisation=network.other_org)
        MunicipalityFactory(district=network.district)
        AuditEvent.objects.create(district=network.district, action="a.b", object_repr="x")


def _queries(client):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(URL)
    assert response.status_code == 200
    return len(queries), response.content.decode()


def test_coordinator_dashboard_query_count_is_constant(
    client, network, django_assert_max_num_queries
):
    # The coordinator also administers an organisation, so every section is on the page.
    MembershipFactory(user=network.coordinator, organisation=network.other_org, is_org_admin=True)
    client.force_login(network.coordinator)
    _grow(network, 1)
    small, _html = _queries(client)
    _grow(network, 30)
    with django_assert_max_num_queries(26):
        large, html = _queries(client)
    assert large == small
    assert "Meine Organisation:" in html
    assert "Der Kreis in Zahlen" in html


def test_member_of_two_districts_query_count_is_constant(
    client, network, other_network, django_assert_max_num_queries
):
    MembershipFactory(user=network.caseworker, organisation=other_network.office)
    client.force_login(network.caseworker)
    _grow(network, 1)
    small, _html = _queries(client)
    _grow(network, 30)
    for _ in range(5):
        MembershipFactory(user=network.caseworker, organisation=OrganisationFactory())
    with django_assert_max_num_queries(23):
        large, html = _queries(client)
    assert large == small
    assert 'action="/kreis/wechseln/"' in html
