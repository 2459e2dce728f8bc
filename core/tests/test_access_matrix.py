"""The access matrix: every URL pattern of the project × role × own/other organisation × own/other
district → the expected HTTP status.

`test_every_route_has_an_entry` walks the URL resolver; a new route without an entry in
`core/tests/access_matrix.py` breaks the build. `test_route_access` then requests each route as
every role against targets in the actor's own organisation, another organisation of the same
district and an organisation of another district, each request inside a rolled-back transaction
so that one case cannot change the next.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.conf import settings
from django.db import transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from accounts.middleware import has_second_factor
from core.tests.access_matrix import ADMIN_SAMPLE, MATRIX, ROLES, SCOPES, Case, World, build_world


def walk(resolver: URLResolver, prefix: str = "", namespace: str = "") -> list[tuple[str, str]]:
    """(key, pattern) of every URL pattern; the key is the route name, else its pattern."""
    found = []
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            ns = namespace
            if entry.namespace:
                ns = f"{namespace}:{entry.namespace}" if namespace else entry.namespace
            found += walk(entry, prefix + str(entry.pattern), ns)
        elif isinstance(entry, URLPattern):
            pattern = prefix + str(entry.pattern)
            name = f"{namespace}:{entry.name}" if namespace and entry.name else entry.name
            found.append((name or pattern, pattern))
    return found


def project_routes() -> list[tuple[str, str]]:
    admin_prefix = settings.LOTSE_ADMIN_PATH
    # The operator's admin site is one entry (ADMIN_SAMPLE): its routes are generated per model.
    return [(key, p) for key, p in walk(get_resolver()) if not p.startswith(admin_prefix)]


def test_every_route_has_an_entry() -> None:
    missing = sorted({key for key, _ in project_routes()} - set(MATRIX))
    assert not missing, (
        "Routes without an access-matrix entry (add them to core/tests/access_matrix.py): "
        + ", ".join(missing)
    )


def test_matrix_has_no_stale_entries() -> None:
    stale = sorted(set(MATRIX) - {key for key, _ in project_routes()})
    assert not stale, "Access-matrix entries for routes that no longer exist: " + ", ".join(stale)


def test_every_row_expects_a_status_for_every_role_and_scope() -> None:
    for key, case in MATRIX.items():
        for role in ROLES:
            for scope in SCOPES:
                assert isinstance(case.expected(role, scope), int), (key, role, scope)


def test_the_case_worker_is_staff_with_case_work_and_a_second_factor(db: Any) -> None:
    world = build_world()
    caseworker, staff = world.user("caseworker"), world.user("staff")
    membership = caseworker.memberships.get()
    assert membership.can_casework and membership.role == staff.memberships.get().role
    assert membership.organisation == staff.memberships.get().organisation
    assert has_second_factor(caseworker) and not has_second_factor(staff)


def _request(world: World, case: Case, role: str, scope: str) -> int:
    target = world.target(role, scope)
    url = case.url(target)
    client = Client()
    user = world.user(role)
    if user is not None:
        client.force_login(user)
    headers = {"HX-Request": "true"} if case.htmx else {}
    data = case.data(target) if case.data else {}
    if case.method == "POST":
        response = client.post(url, data, headers=headers)
    else:
        response = client.get(url, data, headers=headers)
    return response.status_code


def _check(case_key: str, case: Case, world: World) -> list[str]:
    problems = []
    for role in ROLES:
        for scope in SCOPES:
            expected = case.expected(role, scope)
            with transaction.atomic():
                status = _request(world, case, role, scope)
                transaction.set_rollback(True)
            if status != expected:
                problems.append(f"{case_key} as {role} ({scope}): {status}, expected {expected}")
    return problems


@pytest.mark.parametrize("key", sorted(MATRIX))
def test_route_access(key: str, db: Any) -> None:
    world = build_world()
    problems = _check(key, MATRIX[key], world)
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("route", ADMIN_SAMPLE)
def test_admin_is_for_the_operator_only(route: str, db: Any) -> None:
    world = build_world()
    url = reverse(route)
    for role in ROLES:
        client = Client()
        user = world.user(role)
        if user is not None:
            client.force_login(user)
        status = client.get(url).status_code
        expected = 200 if role == "operator" else 302
        assert status == expected, f"{route} as {role}: {status}, expected {expected}"
