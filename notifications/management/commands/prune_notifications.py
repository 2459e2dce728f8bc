from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import models, transaction
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from notifications.models import EmailDelivery, Notification

FINISHED = (EmailDelivery.Status.SENT, EmailDelivery.Status.SKIPPED)


def prunable_deliveries(now: datetime, days: int) -> models.QuerySet[EmailDelivery]:
    """Sent or skipped e-mails older than `days`, given-up ones older than twice that.
    Pending and sending e-mails (including failed ones waiting for their retry) never match."""
    cutoff = now - timedelta(days=days)
    return EmailDelivery.objects.filter(
        Q(status__in=FINISHED, created_at__lt=cutoff)
        | Q(status=EmailDelivery.Status.GIVEN_UP, created_at__lt=cutoff - timedelta(days=days))
    )


def prunable_notifications(now: datetime, days: int) -> models.QuerySet[Notification]:
    """Notifications older than `days`, read or not, that no remaining e-mail still covers.

    Deleting a notification drops its rows in the delivery↔notification table, so one that a
    pending, sending or still kept given-up e-mail refers to stays until that e-mail is gone
    (the e-mail would otherwise lose its content)."""
    through = EmailDelivery.notifications.through
    covered = through.objects.filter(notification_id=OuterRef("pk"))
    return Notification.objects.filter(created_at__lt=now - timedelta(days=days)).filter(
        ~Exists(covered)
    )


def delete_in_batches(queryset: models.QuerySet[Any], batch_size: int) -> int:
    """Delete what `queryset` matches, `batch_size` rows per transaction; returns the count.
    Each batch is re-checked against the queryset's condition inside its transaction, so a
    row that changed in between (e.g. an e-mail retried by hand) is left alone."""
    label = queryset.model._meta.label
    total = 0
    while True:
        ids = list(queryset.order_by("pk").values_list("pk", flat=True)[:batch_size])
        if not ids:
            return total
        with transaction.atomic():
            _, per_model = queryset.filter(pk__in=ids).delete()
        deleted = per_model.get(label, 0)
        total += deleted
        if deleted == 0:
            # Every selected row changed in between; stop rather than loop for ever.
            return total


class Command(BaseCommand):
    help = (
        "Delete old notifications and notification e-mails (data minimisation). Notifications "
        "older than LOTSE_NOTIFICATION_RETENTION_DAYS (default 180), read or unread, are "
        "deleted, and so are sent or skipped e-mails older than that; e-mails that were given "
        "up stay for twice the period so the operator can see them. Pending e-mails (also "
        "failed ones waiting for a retry) and the notifications they cover are never deleted. "
        "Deletes in batches so no table is locked for long; safe to run again. Run daily from "
        "deploy/lotse-maintenance.service."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--days",
            type=int,
            default=None,
            help="Retention period in days (default: LOTSE_NOTIFICATION_RETENTION_DAYS).",
        )
        parser.add_argument(
            "--batch-size",
            type=int,
            default=5000,
            help="Rows per DELETE statement (default: 5000).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        days = options["days"]
        if days is None:
            days = settings.LOTSE_NOTIFICATION_RETENTION_DAYS
        batch_size = options["batch_size"]
        if days < 1:
            raise CommandError("The retention period must be at least 1 day.")
        if batch_size < 1:
            raise CommandError("--batch-size must be at least 1.")
        now = timezone.now()
        # E-mails first: a notification covered only by e-mails deleted here becomes free.
        deliveries = delete_in_batches(prunable_deliveries(now, days), batch_size)
        notifications = delete_in_batches(prunable_notifications(now, days), batch_size)
        self.stdout.write(
            f"{notifications} notification(s) and {deliveries} notification e-mail(s) "
            f"older than {days} days deleted."
        )
