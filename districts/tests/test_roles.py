"""The role context: one query answers every predicate of a request, and it never goes stale
when a membership changes."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from directory.permissions import can_moderate, can_use_directory_editing
from districts.models import Role
from districts.permissions import can_see_management, is_coordinator, requires_second_factor
from districts.roles import forget_roles, roles_of
from districts.tests.factories import MembershipFactory, OrganisationFactory
from exchange.permissions import is_exchange_member, is_professional
from network.permissions import can_export_network, can_view_network

pytestmark = pytest.mark.django_db


def test_every_predicate_of_a_request_costs_one_query(network):
    user = network.org_admin
    with CaptureQueriesContext(connection) as queries:
        answers = [
            is_coordinator(user, network.district),
            can_see_management(user, network.district),
            is_exchange_member(user, network.district),
            is_professional(user, network.district),
            can_view_network(user, network.district),
            can_export_network(user, network.district),
            can_use_directory_editing(user, network.district),
            can_moderate(user, network.district),
        ]
    assert answers == [False, True, True, True, True, True, True, True]
    assert len(queries) == 1


def test_a_new_membership_counts_at_once(network):
    user = network.staff
    assert not is_coordinator(user, network.district)
    MembershipFactory(
        user=user,
        organisation=OrganisationFactory(district=network.district),
        role=Role.COORDINATOR,
    )
    assert is_coordinator(user, network.district)
    assert requires_second_factor(user)


def test_a_deactivated_organisation_takes_its_seats_away(network):
    user = network.staff
    assert roles_of(user, network.district).member
    network.other_org.is_active = False
    network.other_org.save()
    assert not roles_of(user, network.district).member


def test_a_bulk_update_is_seen_after_forget_roles(network):
    user = network.staff
    assert roles_of(user, network.district).member
    user.memberships.update(is_active=False)
    forget_roles(user)
    assert not roles_of(user, network.district).member


def test_another_district_and_anonymous_have_no_roles(network, other_network):
    from django.contrib.auth.models import AnonymousUser

    assert not roles_of(network.coordinator, other_network.district).member
    assert not roles_of(AnonymousUser(), network.district).member
    assert not roles_of(network.coordinator, None).member
