"""Arbitrary input to the settings form and to the unsubscribe route never causes a server
error; a refused token changes nothing."""

from __future__ import annotations

import pytest
from django.urls import NoReverseMatch, reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from notifications.models import NotificationPreference
from notifications.services import preference_fields

FUZZ = settings(
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
text = st.text(alphabet=st.characters(codec="utf-8"), max_size=200)


@pytest.fixture
def staff_client(client, network):
    client.force_login(network.staff)
    return client


@pytest.mark.django_db
@FUZZ
@given(data=st.dictionaries(st.sampled_from([*preference_fields(), "language", "x"]), text))
def test_preference_form(staff_client, network, data):
    response = staff_client.post(reverse("notifications:settings"), data)
    assert response.status_code in (200, 302)
    preference = NotificationPreference.objects.get(user=network.staff)
    assert preference.language in ("de", "en")


@pytest.mark.django_db
@FUZZ
@given(token=text, method=st.sampled_from(["get", "post"]))
def test_unsubscribe_token(client, network, token, method):
    try:
        url = reverse("notifications:unsubscribe", args=[token])
    except NoReverseMatch:
        return  # the route itself refuses it (empty, or with a slash)
    response = getattr(client, method)(url)
    assert response.status_code in (400, 404)
    assert not NotificationPreference.objects.exists()
