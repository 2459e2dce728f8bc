"""Data minimisation: `prune_notifications` deletes old notifications and finished e-mails."""

from __future__ import annotations

from datetime import timedelta
from io import StringIO
from typing import Any

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from accounts.tests.factories import UserFactory
from exchange.notify import Category
from notifications.models import EmailDelivery, Notification

pytestmark = pytest.mark.django_db

Status = EmailDelivery.Status


def _notification(user: Any, age_days: int, *, read: bool = False) -> Notification:
    created = timezone.now() - timedelta(days=age_days)
    return Notification.objects.create(
        recipient=user,
        category=Category.NEWS,
        message="Neues",
        target_type=ContentType.objects.get_for_model(user),
        target_id=user.pk,
        url="/",
        created_at=created,
        read_at=created if read else None,
    )


def _delivery(user: Any, age_days: int, status: str, *items: Notification) -> EmailDelivery:
    delivery = EmailDelivery.objects.create(
        recipient=user,
        kind=EmailDelivery.Kind.IMMEDIATE,
        status=status,
        created_at=timezone.now() - timedelta(days=age_days),
        next_attempt_at=timezone.now() + timedelta(minutes=5),
    )
    delivery.notifications.set(items)
    return delivery


def _prune(**options: Any) -> str:
    out = StringIO()
    call_command("prune_notifications", stdout=out, **options)
    return out.getvalue()


def test_prunes_old_rows_and_keeps_what_must_stay(settings):
    settings.LOTSE_NOTIFICATION_RETENTION_DAYS = 180
    user = UserFactory()
    old_read = _notification(user, 200, read=True)
    old_unread = _notification(user, 200)
    new = _notification(user, 10)
    # Covered by a pending e-mail (failed once, retry due later): both must stay.
    in_pending = _notification(user, 200)
    # Covered by a given-up e-mail that is still kept: stays with it.
    in_given_up = _notification(user, 200)
    # Only in an old sent e-mail that is deleted now: free to go.
    in_sent = _notification(user, 200)
    sent_old = _delivery(user, 200, Status.SENT, in_sent)
    skipped_old = _delivery(user, 200, Status.SKIPPED)
    sent_new = _delivery(user, 10, Status.SENT, new)
    pending_old = _delivery(user, 400, Status.PENDING, in_pending)
    sending_old = _delivery(user, 400, Status.SENDING)
    given_up_kept = _delivery(user, 200, Status.GIVEN_UP, in_given_up)
    given_up_old = _delivery(user, 361, Status.GIVEN_UP)

    output = _prune()

    assert set(Notification.objects.values_list("pk", flat=True)) == {
        new.pk,
        in_pending.pk,
        in_given_up.pk,
    }
    assert set(EmailDelivery.objects.values_list("pk", flat=True)) == {
        sent_new.pk,
        pending_old.pk,
        sending_old.pk,
        given_up_kept.pk,
    }
    assert not {old_read.pk, old_unread.pk, in_sent.pk} & set(
        Notification.objects.values_list("pk", flat=True)
    )
    # The kept e-mails still have their content.
    assert list(pending_old.notifications.all()) == [in_pending]
    assert list(given_up_kept.notifications.all()) == [in_given_up]
    assert list(sent_new.notifications.all()) == [new]
    # No dangling rows of the m2m table.
    assert EmailDelivery.notifications.through.objects.count() == 3
    assert {sent_old.pk, skipped_old.pk, given_up_old.pk}.isdisjoint(
        EmailDelivery.objects.values_list("pk", flat=True)
    )
    assert output == "3 notification(s) and 3 notification e-mail(s) older than 180 days deleted.\n"

    # Idempotent: nothing more to do.
    assert _prune() == (
        "0 notification(s) and 0 notification e-mail(s) older than 180 days deleted.\n"
    )
    assert Notification.objects.count() == 3
    assert EmailDelivery.objects.count() == 4


def test_setting_and_option_set_the_period(settings):
    user = UserFactory()
    _notification(user, 40)
    _delivery(user, 40, Status.SENT)
    settings.LOTSE_NOTIFICATION_RETENTION_DAYS = 60
    assert _prune().startswith("0 notification(s) and 0 ")
    settings.LOTSE_NOTIFICATION_RETENTION_DAYS = 30
    assert _prune().startswith("1 notification(s) and 1 ")
    _notification(user, 8)
    assert _prune(days=7).startswith("1 notification(s) and 0 ")


def test_deletes_in_batches(settings):
    settings.LOTSE_NOTIFICATION_RETENTION_DAYS = 180
    user = UserFactory()
    for _ in range(5):
        _notification(user, 200)
    kept = _notification(user, 1)

    with CaptureQueriesContext(connection) as queries:
        output = _prune(batch_size=2)

    assert output.startswith("5 notification(s) and 0 ")
    assert list(Notification.objects.values_list("pk", flat=True)) == [kept.pk]
    deletes = [
        q["sql"]
        for q in queries.captured_queries
        if q["sql"].startswith('DELETE FROM "notifications_notification"')
    ]
    # 2 + 2 + 1 rows: three DELETE statements for the notifications.
    assert len(deletes) == 3


@pytest.mark.parametrize("options", [{"days": 0}, {"batch_size": 0}])
def test_rejects_nonsense_options(options):
    with pytest.raises(CommandError):
        _prune(**options)
