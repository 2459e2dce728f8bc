"""notify(): one row per recipient, never the actor, constant queries, visibility re-check,
important items by e-mail at once."""

from __future__ import annotations

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.tests.factories import UserFactory
from districts.models import Role
from districts.tests.factories import MembershipFactory
from exchange.notify import Category
from notifications.models import EmailDelivery, Notification, NotificationPreference
from notifications.selectors import notifications_for, unread_count
from notifications.services import notify

from .factories import notify_about

pytestmark = pytest.mark.django_db


def test_notify_creates_one_row_per_recipient_and_skips_the_actor(network):
    people = [network.staff, network.volunteer, network.coordinator, network.staff]
    rows = notify_about(network.other_org, people, actor=network.coordinator)

    assert sorted(row.recipient_id for row in rows) == sorted(
        [network.staff.pk, network.volunteer.pk]
    )
    row = rows[0]
    assert row.district_id == network.district.pk
    assert row.actor_id == network.coordinator.pk
    assert row.params == {"organisation": network.other_org.name}
    assert row.read_at is None
    assert row.text("de") == f"Neues von {network.other_org.name}"


def test_notify_rejects_an_unknown_category(network):
    with pytest.raises(ValueError):
        notify(
            recipients=[network.staff],
            category="gossip",
            message="x",
            params={},
            target=network.other_org,
            url="/",
        )


def _queries_for(recipients, organisation) -> int:
    with CaptureQueriesContext(connection) as ctx:
        notify_about(organisation, recipients, important=True)
    return len(ctx.captured_queries)


def test_notify_query_count_does_not_grow_with_recipients(network):
    few = [MembershipFactory(organisation=network.other_org).user for _ in range(2)]
    many = [MembershipFactory(organisation=network.office).user for _ in range(20)]

    assert _queries_for(few, network.other_org) == _queries_for(many, network.office)


def test_a_target_that_became_invisible_is_dropped(network, other_network):
    rows = notify_about(network.other_org, [network.staff, other_network.staff])
    assert len(rows) == 2

    # The person of another district never sees it: not listed, not counted.
    assert list(notifications_for(other_network.staff)) == []
    assert unread_count(other_network.staff) == 0
    assert [n.pk for n in notifications_for(network.staff)] == [rows[0].pk]

    # Losing the membership hides it from the person who could see it before.
    network.staff.memberships.update(is_active=False)
    network.staff._district_ids = None
    assert unread_count(network.staff) == 0


def test_important_item_is_e_mailed_at_once(network, django_capture_on_commit_callbacks):
    NotificationPreference.objects.create(user=network.volunteer, immediate_important=False)
    network.other_org.name = "Caritas & <Partner>"
    network.other_org.save()
    with django_capture_on_commit_callbacks(execute=True):
        notify_about(
            network.other_org,
            [network.staff, network.volunteer],
            category=Category.MENTIONS,
            important=True,
        )

    assert [m.to for m in mail.outbox] == [[network.staff.email]]
    message = mail.outbox[0]
    assert message.subject == "Lotse – Erwähnungen: Neues von Caritas & <Partner>"
    assert "Caritas &amp; &lt;Partner&gt;" in message.alternatives[0][0]
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert "/benachrichtigungen/abmelden/" in message.extra_headers["List-Unsubscribe"]
    assert message.alternatives[0][1] == "text/html"
    delivery = EmailDelivery.objects.get()
    assert (delivery.status, delivery.kind, delivery.attempts) == ("sent", "immediate", 1)


def test_important_item_for_an_invisible_target_is_not_e_mailed(
    network, other_network, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        notify_about(network.other_org, [other_network.staff], important=True)

    assert mail.outbox == []
    assert EmailDelivery.objects.get().status == EmailDelivery.Status.SKIPPED


def test_unimportant_items_wait_for_the_digest(network, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        notify_about(network.other_org, [network.staff])
    assert mail.outbox == []
    assert EmailDelivery.objects.count() == 0
    assert Notification.objects.count() == 1


def test_recipients_may_be_a_queryset(network):
    volunteer = MembershipFactory(organisation=network.other_org, role=Role.VOLUNTEER).user
    outsider = UserFactory()
    people = type(volunteer).objects.filter(pk__in=[volunteer.pk, outsider.pk])
    assert len(notify_about(network.other_org, people)) == 2
