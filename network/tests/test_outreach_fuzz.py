"""Arbitrary input to the outreach forms never causes a server error; refused input changes
nothing."""

from __future__ import annotations

import pytest
from django.urls import reverse
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from network.models import OutreachEntry
from network.tests.factories import OutreachEntryFactory

FUZZ = settings(
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
text = st.text(alphabet=st.characters(codec="utf-8"), max_size=300)
date_text = st.one_of(st.just(""), st.dates().map(lambda d: d.isoformat()), text)
number_or_text = st.one_of(st.integers(min_value=-10, max_value=10**9).map(str), text)


@pytest.fixture
def staff_client(client, network):
    client.force_login(network.staff)
    return client


@FUZZ
@given(
    organisation=number_or_text,
    date=date_text,
    channel=st.one_of(st.sampled_from(OutreachEntry.Channel.values), text),
    topic=text,
    outcome=text,
    next_step=text,
    next_step_due=date_text,
    owner=number_or_text,
)
@example(
    organisation=str(2**63),
    date="",
    channel="",
    topic="",
    outcome="",
    next_step="",
    next_step_due="",
    owner=str(2**63),
)
def test_outreach_form(
    staff_client,
    network,
    organisation,
    date,
    channel,
    topic,
    outcome,
    next_step,
    next_step_due,
    owner,
):
    before = OutreachEntry.objects.count()
    response = staff_client.post(
        reverse("network:outreach_create"),
        {
            "organisation": organisation,
            "date": date,
            "channel": channel,
            "topic": topic,
            "outcome": outcome,
            "next_step": next_step,
            "next_step_due": next_step_due,
            "owner": owner,
        },
    )
    assert response.status_code in {200, 302}
    if response.status_code == 200:
        assert response.context["form"].errors
        assert OutreachEntry.objects.count() == before
    else:
        entry = OutreachEntry.objects.order_by("-pk").first()
        assert entry is not None
        # Staff cannot hand an entry to someone else, whatever they send.
        assert entry.owner == network.staff
        assert entry.organisation.district == network.district


@FUZZ
@given(months=text, mine=text, organisation=number_or_text, page=text)
@example(months="", mine="", organisation=str(2**63), page="")
def test_list_parameters(staff_client, network, months, mine, organisation, page):
    OutreachEntryFactory(organisation=network.other_org)
    for name, params in [
        ("network:outreach_not_reached", {"months": months}),
        ("network:outreach_due", {"mine": mine}),
        ("network:outreach_list", {"organisation": organisation, "mine": mine, "seite": page}),
    ]:
        assert staff_client.get(reverse(name), params).status_code == 200


@FUZZ
@given(next_url=text)
def test_step_done_never_redirects_elsewhere(staff_client, network, next_url):
    entry = OutreachEntryFactory(organisation=network.other_org, owner=network.staff, next_step="x")
    response = staff_client.post(
        reverse("network:outreach_step_done", args=[entry.pk]), {"next": next_url}
    )
    assert response.status_code == 302
    location = response["Location"]
    assert location.startswith("/") and not location.startswith("//")
