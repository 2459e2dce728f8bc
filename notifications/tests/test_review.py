"""Review findings of the notifications app: each test failed before its fix."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from notifications.models import Notification

from .factories import notify_about

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "url",
    [
        "/\t/evil.example/x",  # browsers drop tabs and newlines: "//evil.example/x"
        "/\t\\evil.example/x",
        " //evil.example/x",
        "/\x1b/evil.example",
        "https://evil.example/",
    ],
)
def test_open_never_redirects_off_site(client: Any, network: Any, url: str) -> None:
    [item] = notify_about(network.other_org, [network.staff])
    Notification.objects.filter(pk=item.pk).update(url=url)
    client.force_login(network.staff)
    response = client.post(reverse("notifications:open", args=[item.pk]))
    assert response.status_code == 302
    assert response["Location"] == "/"


def test_open_switches_to_the_district_of_the_item(
    client: Any, network: Any, other_network: Any
) -> None:
    """A person in two districts sees notifications of both; opening one of the district they
    are not working in right now must lead to the item, not to a 404."""
    from districts.models import Role
    from districts.tests.factories import MembershipFactory
    from exchange.notify import Category
    from exchange.tests.factories_news import NewsPostFactory
    from notifications.services import notify

    person = network.staff
    MembershipFactory(user=person, organisation=other_network.other_org, role=Role.STAFF)
    client.force_login(person)
    post: Any = NewsPostFactory(author_organisation=other_network.office)
    if other_network.district.pk == person.district_ids()[0]:
        post = NewsPostFactory(author_organisation=network.office)
    notify(
        recipients=[person],
        category=Category.NEWS,
        message="Neu: %(title)s",
        params={"title": post.title},
        target=post,
        url=post.get_absolute_url(),
    )
    item = Notification.objects.get(recipient=person)
    response = client.post(reverse("notifications:open", args=[item.pk]), follow=True)
    assert response.status_code == 200
    assert post.title in response.text
