"""The notifications link in the header: there for members, left out while a person still has
to set up the second factor (its htmx request would be sent to the enrolment page)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from districts.models import Role
from districts.tests.factories import MembershipFactory

pytestmark = pytest.mark.django_db


def test_members_see_the_notifications_link(client, network):
    client.force_login(network.staff)
    html = client.get(reverse("ui:dashboard")).content.decode()
    assert reverse("notifications:list") in html
    assert reverse("notifications:badge") in html


def test_no_notifications_link_while_the_second_factor_is_missing(client, network):
    coordinator = MembershipFactory(organisation=network.office, role=Role.COORDINATOR).user
    client.force_login(coordinator)
    response = client.get(reverse("ui:dashboard"))
    assert response.status_code == 302
    enrolment = client.get(response["Location"], follow=True)  # via the password confirmation
    assert enrolment.status_code == 200
    html = enrolment.content.decode()
    assert reverse("notifications:badge") not in html
