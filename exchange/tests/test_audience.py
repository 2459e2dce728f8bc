"""The audience rule: `AudienceQuerySet.visible_to` (who sees an item) and
`audience_members` (whom to notify) must agree for every role and audience."""

from __future__ import annotations

import itertools

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from districts.audience import audience_apply, audience_label, audience_members
from districts.models import Role
from districts.tests.factories import MembershipFactory, OrganisationFactory
from exchange.models import Audience, NewsPost
from exchange.tests.factories_news import NewsPostFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def people(network):
    """One person per role in a chosen and a non-chosen organisation, plus a coordinator and a
    member of another district."""
    chosen, other = network.other_org, OrganisationFactory(district=network.district)
    cast = {
        "coordinator": network.coordinator,
        "chosen_staff": network.staff,
        "chosen_volunteer": network.volunteer,
        "other_staff": MembershipFactory(organisation=other, role=Role.STAFF).user,
        "other_volunteer": MembershipFactory(organisation=other, role=Role.VOLUNTEER).user,
        "foreign_staff": MembershipFactory(role=Role.STAFF).user,
    }
    return chosen, cast


EXPECTED = {
    # (audience, include_volunteers): who sees it
    (Audience.NETWORK, False): {"coordinator", "chosen_staff", "other_staff", "author"},
    (Audience.NETWORK, True): {
        "coordinator",
        "chosen_staff",
        "other_staff",
        "chosen_volunteer",
        "other_volunteer",
        "author",
    },
    (Audience.ORGANISATIONS, False): {"coordinator", "chosen_staff", "author"},
    (Audience.ORGANISATIONS, True): {"coordinator", "chosen_staff", "chosen_volunteer", "author"},
}


@pytest.mark.parametrize(
    ("audience", "volunteers"), list(itertools.product(Audience.values, [False, True]))
)
def test_visible_to_and_audience_members_agree(network, people, audience, volunteers):
    chosen, cast = people
    author_org = OrganisationFactory(district=network.district)
    author = MembershipFactory(organisation=author_org, role=Role.STAFF).user
    post = NewsPostFactory(author=author, author_organisation=author_org)
    audience_apply(post, audience=audience, organisations=[chosen], include_volunteers=volunteers)
    cast = {**cast, "author": author}

    seeing = {
        name for name, user in cast.items() if NewsPost.objects.visible_to(user).filter(pk=post.pk)
    }
    members = set(audience_members(post))
    notified = {name for name, user in cast.items() if user in members}

    assert seeing == EXPECTED[(audience, volunteers)]
    assert notified == seeing
    assert "foreign_staff" not in seeing


def test_chosen_organisations_always_include_the_authors_own(network):
    post = NewsPostFactory(author_organisation=network.office, author=network.coordinator)
    audience_apply(
        post,
        audience=Audience.ORGANISATIONS,
        organisations=[network.other_org],
        include_volunteers=False,
    )
    assert set(post.organisations.all()) == {network.office, network.other_org}
    assert network.office.name in audience_label(post)
    assert "ohne Ehrenamtliche" in audience_label(post)


def test_organisations_of_another_district_are_never_chosen(network, other_network):
    post = NewsPostFactory(author_organisation=network.office, author=network.coordinator)
    audience_apply(
        post,
        audience=Audience.ORGANISATIONS,
        organisations=[other_network.office],
        include_volunteers=False,
    )
    assert list(post.organisations.all()) == [network.office]


def test_inactive_memberships_and_organisations_see_nothing(network):
    post = NewsPostFactory(author_organisation=network.office, include_volunteers=True)
    network.staff.memberships.update(is_active=False)
    assert not NewsPost.objects.visible_to(network.staff).filter(pk=post.pk).exists()
    assert network.staff not in set(audience_members(post))


def test_visibility_costs_a_constant_number_of_queries(network):
    for _ in range(3):
        MembershipFactory(
            user=network.staff, organisation=OrganisationFactory(district=network.district)
        )
    NewsPostFactory.create_batch(5, author_organisation=network.office)
    with CaptureQueriesContext(connection) as queries:
        assert len(list(NewsPost.objects.visible_to(network.staff))) == 5
    assert len(queries) == 2  # the memberships (cached afterwards) and the posts
