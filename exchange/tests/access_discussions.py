"""Access-matrix rows of the discussions area (merged by `access.py`).

The target thread is written by a member of the organisation for the whole network without
volunteers, with one reply by a colleague. Members of the district see it, volunteers do not
(404, like another district's thread); the operator holds no membership (403). Editing, closing,
the solution and changing replies are for the author and the coordinators: for everyone else
the action looks missing (404).
"""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from core.tests.access_matrix import OWN_DISTRICT, OWN_DISTRICT_POST, Case, named, roles, scoped
from districts.models import Role
from districts.tests.factories import MembershipFactory
from exchange.models import Audience
from exchange.tests.factories_discussions import ReplyFactory, ThreadFactory

MISSING = scoped(404, 404, 404)


def targets(organisation: Any) -> dict[str, Any]:
    author = MembershipFactory(organisation=organisation, role=Role.STAFF).user
    colleague = MembershipFactory(organisation=organisation, role=Role.STAFF).user
    thread = ThreadFactory(
        author_organisation=organisation,
        author=author,
        audience=Audience.NETWORK,
        include_volunteers=False,
        title="Wer kennt eine Ansprechperson für Anerkennungsfragen?",
    )
    reply = ReplyFactory(thread=thread, author=colleague, author_organisation=organisation)
    return {"thread": thread, "thread_reply": reply}


def _url(name: str, key: str) -> Any:
    return lambda t: reverse(name, args=[t.more[key].pk])


def readers(members: Any) -> dict[str, Any]:
    """Members who see the thread; volunteers don't (404), the operator is no member (403)."""
    return roles(anonymous=302, members=members, volunteer=MISSING, operator=403)


def managers(coordinator: Any) -> dict[str, Any]:
    """The author (not among the matrix's people) and the coordinators."""
    return roles(anonymous=302, members=MISSING, coordinator=coordinator, operator=403)


ENTRIES: dict[str, Case] = {
    "exchange:thread_list": Case(
        named("exchange:thread_list"), roles(anonymous=302, members=200, operator=403)
    ),
    "exchange:thread_create": Case(
        named("exchange:thread_create"),
        roles(anonymous=302, members=200, operator=403),
        note="every member starts threads; a volunteer's are open to volunteers",
    ),
    "exchange:thread_detail": Case(_url("exchange:thread_detail", "thread"), readers(OWN_DISTRICT)),
    "exchange:thread_edit": Case(_url("exchange:thread_edit", "thread"), managers(OWN_DISTRICT)),
    "exchange:thread_close": Case(
        _url("exchange:thread_close", "thread"), managers(OWN_DISTRICT_POST), method="POST"
    ),
    "exchange:thread_reopen": Case(
        _url("exchange:thread_reopen", "thread"),
        managers(OWN_DISTRICT_POST),
        method="POST",
        note="the thread is open: coordinators get the refusal as a message",
    ),
    "exchange:thread_subscription": Case(
        _url("exchange:thread_subscription", "thread"),
        readers(OWN_DISTRICT_POST),
        method="POST",
        data=lambda t: {"subscribed": "1"},
    ),
    "exchange:thread_solution": Case(
        _url("exchange:thread_solution", "thread"),
        managers(OWN_DISTRICT_POST),
        method="POST",
        data=lambda t: {"reply": t.more["thread_reply"].pk},
    ),
    "exchange:thread_reply": Case(
        _url("exchange:thread_reply", "thread"),
        readers(OWN_DISTRICT_POST),
        method="POST",
        data=lambda t: {"body": "Fragen Sie bei der Anerkennungsberatung nach."},
    ),
    "exchange:thread_reply_edit": Case(
        _url("exchange:thread_reply_edit", "thread_reply"), managers(OWN_DISTRICT)
    ),
    "exchange:thread_reply_delete": Case(
        _url("exchange:thread_reply_delete", "thread_reply"),
        managers(OWN_DISTRICT_POST),
        method="POST",
    ),
}
