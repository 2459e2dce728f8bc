"""Nothing shown to a signed-in person is stored by a cache (core.middleware).

Every URL pattern of the project is requested with GET as a signed-in coordinator (second factor
enrolled, as in every test world) and must answer `Cache-Control: no-store`, unless it sends the
person to another site; the public directory keeps its own caching for anonymous visitors; and a
staff page under production settings, in a fresh process, says the same.
"""

from __future__ import annotations

import json
import subprocess
import sys
from typing import Any
from urllib.parse import urlsplit

from django.db import transaction
from django.http import HttpResponseBase
from django.test import Client
from django.urls import reverse

from accounts.tests.helpers import post_login, signed_in_user_id
from core.middleware import has_no_store
from core.tests.access_matrix import ADMIN_SAMPLE, MATRIX, Case, World, build_world
from core.tests.test_access_matrix import project_routes
from core.tests.test_settings import ROOT, production_environ

# Routes that serve stored files to members: the walk must really get a file from each.
DOWNLOADS = [
    "network:organisation_logo",
    "network:agreement_document_download",
    "exchange:document_download",
]


def leaves_the_site(response: HttpResponseBase) -> bool:
    if not 300 <= response.status_code < 400:
        return False
    host = urlsplit(response.get("Location", "")).netloc
    return host not in {"", "testserver"}


def get_as(user: Any, url: str, case: Case | None = None, **data: Any) -> HttpResponseBase:
    """GET inside a rolled-back transaction, with a fresh sign-in, so no route changes the next."""
    headers = {"HX-Request": "true"} if case is not None and case.htmx else {}
    with transaction.atomic():
        client = Client(raise_request_exception=False)
        client.force_login(user)
        response = client.get(url, data, headers=headers)
        if getattr(response, "streaming", False):
            # Read to the end: the test client then closes the file (without closing the
            # database connection, as a plain response.close() would).
            b"".join(response.streaming_content)  # type: ignore[attr-defined]
        transaction.set_rollback(True)
    return response


def walk_as_coordinator(world: World) -> dict[str, HttpResponseBase]:
    """Every URL pattern of the project, built as the access matrix builds it (which has an
    entry for each: test_access_matrix.py)."""
    coordinator = world.user("coordinator")
    target = world.target("coordinator", "own_org")
    responses = {}
    for key in sorted({key for key, _pattern in project_routes()}):
        assert key in MATRIX, f"{key}: no access-matrix entry to build its URL from"
        case = MATRIX[key]
        data = case.data(target) if case.data and case.method == "GET" else {}
        responses[key] = get_as(coordinator, case.url(target), case, **data)
    return responses


def test_every_route_answers_a_signed_in_person_with_no_store(db: Any) -> None:
    world = build_world()
    responses = walk_as_coordinator(world)
    problems = [
        f"{key} ({response.status_code}): Cache-Control {response.get('Cache-Control')!r}"
        for key, response in responses.items()
        if not leaves_the_site(response) and not has_no_store(response)
    ]
    assert not problems, "Responses a cache may keep:\n" + "\n".join(problems)
    for key in DOWNLOADS:
        assert responses[key].status_code == 200, key
        assert getattr(responses[key], "streaming", False), f"{key} served no file"
    for route in ADMIN_SAMPLE:
        assert has_no_store(get_as(world.operator, reverse(route)))


def test_a_public_page_keeps_its_caching_for_anonymous_visitors_only(db: Any) -> None:
    world = build_world()
    url = MATRIX["public:map_data"].url(world.target("coordinator", "own_org"))

    anonymous = Client().get(url)
    signed_in = get_as(world.user("coordinator"), url)

    assert anonymous.status_code == signed_in.status_code == 200
    assert anonymous["Cache-Control"] == "public, max-age=300"
    assert signed_in["Cache-Control"] == "private, no-store"
    for response in (anonymous, signed_in):
        assert "Cookie" in response["Vary"]


def test_the_answers_to_signing_in_and_out_are_not_stored_either(network: Any) -> None:
    client = Client()
    signed_in = post_login(client, network.staff.email)
    assert signed_in.status_code == 302
    assert signed_in_user_id(client) == str(network.staff.pk)
    signed_out = client.post(reverse("account_logout"))
    assert signed_out.status_code == 302
    assert signed_in_user_id(client) is None
    assert has_no_store(signed_in)
    assert has_no_store(signed_out)


# A staff page under production settings: a fresh interpreter, its own test database, HTTPS.
PRODUCTION_REQUEST = """
import json
import django
from django.conf import settings
django.setup()
from django.db import connection
from django.test import Client, override_settings
from django.test.utils import setup_test_environment
from conftest import build_network

setup_test_environment()
project_database = connection.settings_dict["NAME"]
connection.creation.create_test_db(verbosity=0, autoclobber=True)
# The manifest of collected static files is not the subject here.
storages = {**settings.STORAGES, "staticfiles": {
    "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}
with override_settings(STORAGES=storages):
    client = Client()
    client.force_login(build_network().coordinator)
    response = client.get("/netzwerk/", secure=True, headers={"host": "lotse.example.org"})
connection.creation.destroy_test_db(project_database, verbosity=0)
print(json.dumps({
    "middleware": settings.MIDDLEWARE, "status": response.status_code,
    "cache_control": response.get("Cache-Control", ""), "vary": response.get("Vary", ""),
}))
"""


def test_a_staff_page_is_not_stored_under_production_settings(tmp_path: Any) -> None:
    env = production_environ(tmp_path)
    result = subprocess.run(  # noqa: S603 - our own interpreter, fixed code
        [sys.executable, "-c", PRODUCTION_REQUEST],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    values = json.loads(result.stdout.strip().splitlines()[-1])
    assert "core.middleware.NoStoreForSignedInMiddleware" in values["middleware"]
    assert values["status"] == 200
    assert values["cache_control"] == "private, no-store"
    assert "Cookie" in values["vary"]
