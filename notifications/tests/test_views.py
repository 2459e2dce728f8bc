"""The pages: list, open, mark all read, unread badge, settings and the public unsubscribe."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from districts.tests.factories import OrganisationFactory
from exchange.notify import Category
from notifications.models import Notification, NotificationPreference
from notifications.tokens import make_token

from .factories import notify_about

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff_client(client, network):
    client.force_login(network.staff)
    return client


def _list_queries(client) -> tuple[int, str]:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(reverse("notifications:list"))
    assert response.status_code == 200
    return len(ctx.captured_queries), response.text


def test_list_shows_own_visible_items_with_constant_queries(staff_client, network, other_network):
    for _ in range(2):
        notify_about(OrganisationFactory(district=network.district), [network.staff])
    notify_about(other_network.other_org, [network.staff])  # another district: not visible
    few, text = _list_queries(staff_client)
    assert text.count("notification-list__item ") == 2
    assert other_network.other_org.name not in text
    assert "2 ungelesene" in text

    for _ in range(18):
        notify_about(OrganisationFactory(district=network.district), [network.staff])
    many, text = _list_queries(staff_client)
    assert text.count("notification-list__item ") == 20
    assert few == many


def test_opening_marks_read_and_follows_only_local_paths(staff_client, network):
    [item] = notify_about(network.other_org, [network.staff])
    response = staff_client.post(reverse("notifications:open", args=[item.pk]))
    assert response.status_code == 302
    assert response["Location"] == item.url
    item.refresh_from_db()
    assert item.read_at is not None

    Notification.objects.filter(pk=item.pk).update(url="//evil.example/x")
    response = staff_client.post(reverse("notifications:open", args=[item.pk]))
    assert response["Location"] == "/"


def test_the_email_link_switches_to_the_items_district_first(client, network, other_network):
    """Someone working in two districts follows an e-mail link about the other one: the
    notification switches the district, then the item opens (its own address would be 404
    while the first district is the current one)."""
    from districts.middleware import SESSION_KEY
    from districts.tests.factories import MembershipFactory

    person = network.staff
    MembershipFactory(user=person, organisation=other_network.office)
    client.force_login(person)
    session = client.session
    session[SESSION_KEY] = network.district.pk
    session.save()
    [item] = notify_about(other_network.other_org, [person])
    assert client.get(item.url).status_code == 404

    response = client.get(reverse("notifications:follow", args=[item.pk]))

    assert response.status_code == 302
    assert response["Location"] == item.url
    assert client.session[SESSION_KEY] == other_network.district.pk
    assert client.get(item.url).status_code == 200
    item.refresh_from_db()
    assert item.read_at is not None


def test_an_email_link_without_a_session_asks_to_sign_in_and_marks_nothing(client, network):
    [item] = notify_about(network.other_org, [network.staff])
    response = client.get(reverse("notifications:follow", args=[item.pk]))
    assert response.status_code == 302
    assert "/konto/" in response["Location"]
    item.refresh_from_db()
    assert item.read_at is None


def test_somebody_elses_notification_is_missing(client, network):
    [item] = notify_about(network.other_org, [network.org_admin])
    client.force_login(network.staff)
    assert client.post(reverse("notifications:open", args=[item.pk])).status_code == 404
    item.refresh_from_db()
    assert item.read_at is None


def test_mark_all_read_and_badge(staff_client, network, client):
    notify_about(network.other_org, [network.staff])
    notify_about(network.office, [network.staff])
    badge = staff_client.get(reverse("notifications:badge"), headers={"HX-Request": "true"})
    assert ">2<" in badge.text

    staff_client.post(reverse("notifications:mark_all_read"))
    assert not Notification.objects.filter(recipient=network.staff, read_at=None).exists()
    badge = staff_client.get(reverse("notifications:badge"))
    assert badge.status_code == 200 and badge.text.strip() == ""


def test_header_links_to_notifications_only_for_signed_in_people(client, network):
    assert reverse("notifications:badge") not in client.get(reverse("ui:imprint")).text
    assert client.get(reverse("notifications:badge")).status_code == 204
    client.force_login(network.staff)
    page = client.get(reverse("ui:dashboard")).text
    assert reverse("notifications:list") in page and reverse("notifications:badge") in page


def test_settings_are_saved_in_the_page_language(staff_client, network):
    url = reverse("notifications:settings")
    assert staff_client.get(url).status_code == 200
    assert not NotificationPreference.objects.exists()  # nothing written by looking

    staff_client.cookies["lotse_language"] = "en"
    response = staff_client.post(url, {"immediate_important": "on", "email_news": "on"})
    assert response.status_code == 302
    assert response["Location"] == url
    preference = NotificationPreference.objects.get(user=network.staff)
    assert not preference.daily_digest and preference.immediate_important
    assert preference.email_categories() == [Category.NEWS]
    assert preference.language == "en"


def test_unsubscribe_get_changes_nothing_post_switches_off(client, network):
    url = reverse("notifications:unsubscribe", args=[make_token(network.staff.pk, "digest")])
    page = client.get(url)
    assert page.status_code == 200 and "Abmelden" in page.text
    assert not NotificationPreference.objects.exists()

    response = client.post(url)
    assert response.status_code == 200 and "Abgemeldet" in response.text
    preference = NotificationPreference.objects.get(user=network.staff)
    assert not preference.daily_digest and preference.immediate_important


def test_one_click_unsubscribe_without_csrf_token(network):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    url = reverse(
        "notifications:unsubscribe", args=[make_token(network.staff.pk, Category.MEETINGS)]
    )
    response = client.post(url, {"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200
    assert not NotificationPreference.objects.get(user=network.staff).email_meetings


def test_forged_token_gets_a_clear_400(client, network):
    token = make_token(network.staff.pk, "digest")
    forged = token[:-3] + ("AAA" if not token.endswith("AAA") else "BBB")
    for bad in (forged, "nonsense", make_token(10**9, "digest")):
        response = client.post(reverse("notifications:unsubscribe", args=[bad]))
        assert response.status_code == 400
        assert "ungültig" in response.text
    assert not NotificationPreference.objects.exists()


def test_header_shows_no_template_comment(client, network):
    client.force_login(network.staff)
    page = client.get(reverse("notifications:list")).text
    assert "SESSION_SAVE_EVERY_REQUEST" not in page
