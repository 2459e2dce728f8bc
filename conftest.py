"""Fixtures shared by all apps' tests: a district with one person per role, and a second one."""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Any

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings

from accounts.tests.factories import UserFactory
from districts.models import Role
from districts.tests.factories import DistrictFactory, MembershipFactory, OrganisationFactory

# `make test` draws the same examples on every run, so that CI passes or fails by the code, not
# by luck; `make fuzz` (HYPOTHESIS_PROFILE=fuzz) looks further with fresh random examples and
# prints how to replay what it finds: add that as an @example. Tests whose @settings name their
# own max_examples keep it in both.
HEALTH_CHECKS = [HealthCheck.function_scoped_fixture, HealthCheck.too_slow]
hypothesis_settings.register_profile(
    "ci",
    derandomize=True,
    database=None,
    max_examples=25,
    print_blob=True,
    deadline=None,
    suppress_health_check=HEALTH_CHECKS,
)
hypothesis_settings.register_profile(
    "fuzz",
    derandomize=False,
    database=None,
    max_examples=int(os.environ.get("FUZZ_EXAMPLES", "500")),
    print_blob=True,
    deadline=None,
    suppress_health_check=HEALTH_CHECKS,
)
hypothesis_settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))


def enrol_totp(user: Any) -> str:
    """Give `user` a TOTP authenticator; returns the secret so tests can compute codes."""
    secret = generate_totp_secret()
    TOTP.activate(user, secret)
    return secret


@dataclass
class Network:
    """One district with an integration office, a second organisation and a person per role."""

    district: Any
    office: Any
    other_org: Any
    coordinator: Any
    org_admin: Any
    staff: Any
    volunteer: Any
    caseworker: Any


def build_network(**district_kwargs: Any) -> Network:
    district: Any = DistrictFactory(**district_kwargs)
    office = OrganisationFactory(
        district=district, name=f"Integrationsbüro {district.pk}", is_integration_office=True
    )
    other = OrganisationFactory(district=district)
    coordinator = MembershipFactory(organisation=office, role=Role.COORDINATOR).user
    org_admin = MembershipFactory(organisation=other, role=Role.STAFF, is_org_admin=True).user
    staff = MembershipFactory(organisation=other, role=Role.STAFF).user
    volunteer = MembershipFactory(organisation=other, role=Role.VOLUNTEER).user
    caseworker = MembershipFactory(organisation=other, role=Role.STAFF, can_casework=True).user
    for person in (coordinator, caseworker):
        enrol_totp(person)
    return Network(district, office, other, coordinator, org_admin, staff, volunteer, caseworker)


@pytest.fixture(autouse=True)
def _clear_cache() -> None:
    """allauth keeps rate-limit counters in the cache; each test starts with none."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture(autouse=True)
def _default_language() -> Any:
    """Every test starts in the site's language: a request through LocaleMiddleware leaves its
    language active in the thread (a server's next request activates its own), so without this
    a test calling a service right after another test's English request got English messages,
    depending on which tests xdist gave the same worker."""
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.deactivate()


@pytest.fixture(autouse=True)
def _media_in_tmp(settings: Any, tmp_path_factory: Any) -> None:
    """Uploads made by tests land in a throw-away folder, never in the project's var/."""
    settings.MEDIA_ROOT = tmp_path_factory.mktemp("media")


@pytest.fixture
def network(db: Any) -> Network:
    return build_network()


@pytest.fixture
def other_network(db: Any) -> Network:
    return build_network()


@pytest.fixture
def operator(db: Any) -> Any:
    """The operator uses Django admin and, like every privileged account, a second factor."""
    user = UserFactory(is_staff=True, is_superuser=True)
    enrol_totp(user)
    return user


__all__ = ["Authenticator", "Network", "build_network", "enrol_totp"]
