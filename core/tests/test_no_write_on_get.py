"""Reading never writes: every GET route of the access matrix, opened by each role, leaves the
database as it was (no row created in the viewer's name, no audit event for looking).

The few deliberate writes on GET are listed in `DELIBERATE` with the reason; a new one has to be
added there on purpose. Sessions are not data: signing in and messages write them on any request.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from django.db import connection, transaction
from django.test import Client

from core.tests.access_matrix import MATRIX, World, build_world
from network.models import Profile

_WRITE = re.compile(r'^\s*(INSERT INTO|UPDATE|DELETE FROM|REPLACE INTO)\s+"?(\w+)"?', re.I)

# Tables any request may write: the session store and allauth's record of sessions.
ALWAYS_ALLOWED = {"django_session", "accounts_usersession"}

# Route → tables it writes on GET on purpose.
DELIBERATE: dict[str, set[str]] = {
    # The link in a notification e-mail marks it read: following it is what opening means (the
    # page's own "open" button is a POST).
    "notifications:follow": {"notifications_notification"},
    # The calendar settings page shows when the feed was last fetched (at most every 10 minutes).
    "exchange:meeting_feed": {"exchange_calendarfeedtoken"},
    # An export of the network's contacts (names, e-mail addresses) is recorded on purpose.
    "network:export_download": {"core_auditevent"},
    # The preview of an Integreat import runs the import inside a transaction it rolls back, so
    # the report shows exactly what would happen; nothing stays.
    "directory:integreat_preview": {
        "core_auditevent",
        "directory_event",
        "directory_eventtranslation",
        "directory_offer",
        "directory_offersearchdocument",
        "directory_offertranslation",
        "directory_place",
        "directory_placetranslation",
        # PostgreSQL's word vocabulary for typo-tolerant search (SQLite uses FTS5 instead).
        "directory_searchword",
    },
}


@contextmanager
def recorded_writes() -> Iterator[list[str]]:
    """The tables written by the statements run inside the block."""
    tables: list[str] = []

    def record(execute: Callable[..., Any], sql: str, params: Any, many: bool, context: Any) -> Any:
        match = _WRITE.match(sql)
        if match:
            tables.append(match.group(2).lower())
        return execute(sql, params, many, context)

    with connection.execute_wrapper(record):
        yield tables


def writes_on_get(world: World, role: str, scope: str) -> list[str]:
    problems = []
    user, target = world.user(role), world.target(role, scope)
    for key, case in sorted(MATRIX.items()):
        if case.method != "GET":
            continue
        data = case.data(target) if case.data else {}
        headers = {"HX-Request": "true"} if case.htmx else {}
        with transaction.atomic():
            client = Client(raise_request_exception=False)
            if user is not None:
                client.force_login(user)
            with recorded_writes() as tables:
                response = client.get(case.url(target), data, headers=headers)
                if getattr(response, "streaming", False):
                    b"".join(response.streaming_content)  # type: ignore[attr-defined]
            transaction.set_rollback(True)
        written = set(tables) - ALWAYS_ALLOWED - DELIBERATE.get(key, set())
        if written:
            problems.append(f"{key} as {role} ({scope}): writes {sorted(written)}")
    return problems


# The coordinator's own organisation has a Steckbrief, every other one none yet: reading one that
# was never saved must not save it.
WALKS = [
    ("anonymous", "own_org"),
    ("volunteer", "own_org"),
    ("staff", "own_org"),
    ("org_admin", "own_org"),
    ("coordinator", "own_org"),
    ("coordinator", "other_org"),
]


@pytest.mark.parametrize(("role", "scope"), WALKS)
def test_no_get_route_writes_anything(role: str, scope: str, db: Any) -> None:
    world = build_world()
    Profile.objects.filter(organisation=world.home.other_org).delete()
    problems = writes_on_get(world, role, scope)
    assert not problems, "GET requests that write:\n" + "\n".join(problems)
