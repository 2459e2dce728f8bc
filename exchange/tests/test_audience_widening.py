"""An edit that widens an item's audience tells exactly the people it newly reaches, once each,
never the actor; a narrower or unchanged audience tells nobody. For threads, meetings and
documents, with a constant number of queries."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test.utils import CaptureQueriesContext

from districts.models import Role
from districts.tests.factories import MembershipFactory, OrganisationFactory
from exchange.models import Audience, Meeting, MeetingStatus
from exchange.notify import Category
from exchange.services import discussions, library, meetings
from notifications.models import Notification

from .factories_discussions import ThreadFactory
from .factories_library import FolderFactory, make_document
from .factories_meetings import in_days, make_meeting

pytestmark = pytest.mark.django_db


@dataclass(frozen=True)
class Kind:
    """How to make an item of one area (without notifying) and how to edit its audience."""

    category: str
    make: Callable[[Any, list[Any]], Any]
    edit: Callable[..., Any]


def make_thread(network: Any, orgs: list[Any], **extra: Any) -> Any:
    return ThreadFactory(
        author=network.org_admin,
        author_organisation=network.other_org,
        audience=Audience.ORGANISATIONS,
        organisations=orgs,
        **extra,
    )


def edit_thread(item: Any, actor: Any, audience: str, orgs: list[Any], volunteers: bool) -> Any:
    return discussions.thread_update(
        actor=actor,
        thread=item,
        title=item.title,
        body=item.body,
        audience=audience,
        organisations=orgs,
        include_volunteers=volunteers,
    )


def make_planned_meeting(network: Any, orgs: list[Any], **extra: Any) -> Meeting:
    return make_meeting(
        author=network.org_admin,
        author_organisation=network.other_org,
        audience=Audience.ORGANISATIONS,
        organisations=orgs,
        **extra,
    )


def edit_meeting(item: Any, actor: Any, audience: str, orgs: list[Any], volunteers: bool) -> Any:
    item.refresh_from_db()
    return meetings.meeting_update(
        actor=actor,
        meeting=item,
        data={name: getattr(item, name) for name in meetings.MEETING_FIELDS},
        audience=audience,
        organisations=orgs,
        include_volunteers=volunteers,
    )


def make_doc(network: Any, orgs: list[Any]) -> Any:
    return make_document(
        folder=FolderFactory(district=network.district),
        author=network.org_admin,
        organisation=network.other_org,
        audience=Audience.ORGANISATIONS,
        organisations=orgs,
    )


def edit_doc(item: Any, actor: Any, audience: str, orgs: list[Any], volunteers: bool) -> Any:
    item.refresh_from_db()
    return library.document_update(
        actor=actor,
        document=item,
        folder=item.folder,
        title=item.title,
        audience=audience,
        organisations=orgs,
        include_volunteers=volunteers,
    )


KINDS = {
    "thread": Kind(Category.DISCUSSIONS, make_thread, edit_thread),
    "meeting": Kind(Category.MEETINGS, make_planned_meeting, edit_meeting),
    "document": Kind(Category.DOCUMENTS, make_doc, edit_doc),
}


def notified(item: Any) -> list[int]:
    """Recipient ids of the notifications about `item`, one entry per notification."""
    return sorted(
        Notification.objects.filter(
            target_type=ContentType.objects.get_for_model(item), target_id=item.pk
        ).values_list("recipient_id", flat=True)
    )


def categories(item: Any) -> set[str]:
    return set(
        Notification.objects.filter(
            target_type=ContentType.objects.get_for_model(item), target_id=item.pk
        ).values_list("category", flat=True)
    )


def member(org: Any, role: str = Role.STAFF) -> Any:
    return MembershipFactory(organisation=org, role=role).user


@pytest.mark.parametrize("name", list(KINDS))
def test_widening_tells_exactly_the_newly_reached(network: Any, name: str) -> None:
    kind = KINDS[name]
    third = OrganisationFactory(district=network.district)
    third_staff, third_volunteer = member(third), member(third, Role.VOLUNTEER)
    office_staff = member(network.office)
    actor = network.org_admin
    item = kind.make(network, [network.other_org])
    assert notified(item) == []

    # chosen organisations -> the whole network: staff of the other organisations
    kind.edit(item, actor, Audience.NETWORK, [], False)
    assert notified(item) == sorted([third_staff.pk, office_staff.pk])
    assert categories(item) == {kind.category}

    # without -> with volunteers: the volunteers, nobody a second time
    kind.edit(item, actor, Audience.NETWORK, [], True)
    expected = [third_staff.pk, office_staff.pk, network.volunteer.pk, third_volunteer.pk]
    assert notified(item) == sorted(expected)

    # narrowing and an unchanged audience tell nobody
    kind.edit(item, actor, Audience.ORGANISATIONS, [network.other_org], False)
    kind.edit(item, actor, Audience.ORGANISATIONS, [network.other_org], False)
    assert notified(item) == sorted(expected)
    assert actor.pk not in notified(item)
    assert network.staff.pk not in notified(item)  # reached from the start


@pytest.mark.parametrize("name", list(KINDS))
def test_the_actor_is_never_told(network: Any, name: str) -> None:
    """A coordinator widening someone else's item is in the audience anyway; the author's
    colleagues and the rest are told, the coordinator not."""
    kind = KINDS[name]
    item = kind.make(network, [network.office])
    kind.edit(item, network.coordinator, Audience.NETWORK, [], True)
    assert notified(item) == sorted([network.staff.pk, network.caseworker.pk, network.volunteer.pk])


@pytest.mark.parametrize("name", list(KINDS))
def test_constant_number_of_queries(network: Any, name: str) -> None:
    kind = KINDS[name]
    third = OrganisationFactory(district=network.district)
    member(third)

    def widen() -> int:
        item = kind.make(network, [network.other_org])
        with CaptureQueriesContext(connection) as queries:
            kind.edit(item, network.org_admin, Audience.NETWORK, [], True)
        return len(queries)

    widen()  # warms the content type cache
    few = widen()
    for _ in range(8):
        member(third)
        member(third, Role.VOLUNTEER)
    assert widen() == few


def test_meetings_over_or_cancelled_invite_nobody(network: Any) -> None:
    third = OrganisationFactory(district=network.district)
    member(third)
    past = make_planned_meeting(
        network, [network.other_org], starts_at=in_days(-3), ends_at=in_days(-3, hour=12)
    )
    cancelled = make_planned_meeting(network, [network.other_org], status=MeetingStatus.CANCELLED)
    for meeting in (past, cancelled):
        edit_meeting(meeting, network.org_admin, Audience.NETWORK, [], True)
        assert notified(meeting) == []


def test_newly_mentioned_get_the_mention_only(network: Any) -> None:
    """Someone both newly reached and newly mentioned hears of the thread once, as a mention."""
    third = OrganisationFactory(district=network.district)
    third_staff, other = member(third), member(third)
    thread = make_thread(network, [network.other_org])
    discussions.thread_update(
        actor=network.org_admin,
        thread=thread,
        title=thread.title,
        body=thread.body,
        audience=Audience.NETWORK,
        mentioned_people=[third_staff],
    )
    rows = Notification.objects.filter(target_id=thread.pk).values_list("recipient_id", "category")
    assert sorted(rows) == sorted(
        [
            (third_staff.pk, Category.MENTIONS),
            (other.pk, Category.DISCUSSIONS),
        ]
    )
