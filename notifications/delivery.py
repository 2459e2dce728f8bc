"""The e-mail outbox: building the daily digests, sending one delivery, retrying failures.

Each e-mail is an `EmailDelivery` row before anything is sent. Sending claims the row, renders
the mail in the recipient's language with only the notifications whose targets the person may
still see, and records the outcome. A failure keeps the error, counts the attempt and schedules a
retry with growing pauses; after MAX_ATTEMPTS the delivery is "given up" and shows in the
operator's admin, where it can be retried by hand.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from datetime import datetime, timedelta
from functools import partial
from typing import Any

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from .categories import categories, category_label
from .models import (
    EmailDelivery,
    Notification,
    NotificationPreference,
    default_preference,
)
from .tokens import unsubscribe_url

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 6
# A claimed delivery whose worker died is released again after this long.
STALE_CLAIM = timedelta(minutes=30)
# The digest covers what arrived since the last one, but never more than this far back.
DIGEST_WINDOW = timedelta(days=3)
ACTIVE_STATUSES = (
    EmailDelivery.Status.PENDING,
    EmailDelivery.Status.SENDING,
    EmailDelivery.Status.SENT,
)


def retry_delay(attempts: int) -> timedelta:
    """5 min, 15 min, 45 min, 2¼ h, 6¾ h … capped at 12 h."""
    return min(timedelta(minutes=5 * 3 ** max(attempts - 1, 0)), timedelta(hours=12))


def preference_of(user: Any) -> NotificationPreference:
    try:
        return user.notification_preference
    except NotificationPreference.DoesNotExist:
        return default_preference(user)


# --- Sending -------------------------------------------------------------------------------


def delivery_send(*, delivery_id: int) -> str:
    """Send one delivery if it is due; returns its status afterwards."""
    now = timezone.now()
    claimed = EmailDelivery.objects.filter(
        pk=delivery_id, status=EmailDelivery.Status.PENDING, next_attempt_at__lte=now
    ).update(status=EmailDelivery.Status.SENDING, claimed_at=now)
    delivery = (
        EmailDelivery.objects.select_related("recipient__notification_preference")
        .filter(pk=delivery_id)
        .first()
    )
    if delivery is None:
        return "missing"
    if not claimed:
        return delivery.status
    try:
        message = build_message(delivery)
        if message is not None:
            message.send()
    except Exception as exc:  # any mail or rendering error must be recorded, never lost
        return _record_failure(delivery, exc)
    delivery.status = (
        EmailDelivery.Status.SENT if message is not None else EmailDelivery.Status.SKIPPED
    )
    delivery.attempts += 1
    delivery.sent_at = timezone.now() if message is not None else None
    delivery.last_error = ""
    delivery.save(update_fields=["status", "attempts", "sent_at", "last_error"])
    return delivery.status


def _record_failure(delivery: EmailDelivery, exc: Exception) -> str:
    delivery.attempts += 1
    delivery.last_error = f"{type(exc).__name__}: {exc}"[:4000]
    if delivery.attempts >= MAX_ATTEMPTS:
        delivery.status = EmailDelivery.Status.GIVEN_UP
        logger.error(
            "Notification e-mail %s to user %s given up after %s attempts: %s",
            delivery.pk,
            delivery.recipient_id,
            delivery.attempts,
            delivery.last_error,
        )
    else:
        delivery.status = EmailDelivery.Status.PENDING
        delivery.next_attempt_at = timezone.now() + retry_delay(delivery.attempts)
        logger.warning(
            "Notification e-mail %s failed (attempt %s), retry at %s: %s",
            delivery.pk,
            delivery.attempts,
            delivery.next_attempt_at.isoformat(),
            delivery.last_error,
        )
    delivery.save(update_fields=["status", "attempts", "last_error", "next_attempt_at"])
    if delivery.status == EmailDelivery.Status.PENDING:
        from .tasks import enqueue_delivery

        enqueue_delivery(delivery.pk, run_after=delivery.next_attempt_at)
    return delivery.status


def deliveries_retry(*, now: datetime | None = None) -> int:
    """Queue every due delivery again (for cron); releases claims of workers that died."""
    from .tasks import enqueue_delivery

    now = now or timezone.now()
    EmailDelivery.objects.filter(
        status=EmailDelivery.Status.SENDING, claimed_at__lt=now - STALE_CLAIM
    ).update(status=EmailDelivery.Status.PENDING)
    due = list(
        EmailDelivery.objects.filter(
            status=EmailDelivery.Status.PENDING, next_attempt_at__lte=now
        ).values_list("pk", flat=True)
    )
    for pk in due:
        enqueue_delivery(pk)
    return len(due)


def deliveries_retry_now(*, delivery_ids: list[int]) -> int:
    """The operator's "retry now": given-up or waiting deliveries are due again at once, with
    a fresh count of attempts."""
    from .tasks import enqueue_delivery

    ids = list(
        EmailDelivery.objects.filter(
            pk__in=delivery_ids,
            status__in=[EmailDelivery.Status.PENDING, EmailDelivery.Status.GIVEN_UP],
        ).values_list("pk", flat=True)
    )
    EmailDelivery.objects.filter(pk__in=ids).update(
        status=EmailDelivery.Status.PENDING, attempts=0, next_attempt_at=timezone.now()
    )
    for pk in ids:
        transaction.on_commit(partial(enqueue_delivery, pk))
    return len(ids)


# --- Rendering -----------------------------------------------------------------------------


def build_message(delivery: EmailDelivery) -> EmailMultiAlternatives | None:
    """The e-mail of a delivery, or None when nothing is left to say (targets no longer
    visible, e-mails switched off since, no address)."""
    user = delivery.recipient
    if not user.is_active or not user.email:
        return None
    preference = preference_of(user)
    digest = delivery.kind == EmailDelivery.Kind.DIGEST
    if digest and not preference.daily_digest:
        return None
    if not digest and not preference.immediate_important:
        return None
    items = list(
        delivery.notifications.all()
        .with_visible_targets(user)
        .filter(category__in=preference.email_categories())
        .order_by("created_at", "pk")
    )
    if not items:
        return None
    with translation.override(preference.language):
        context = _context(delivery, items, user)
        name = "digest" if digest else "immediate"
        subject = render_to_string(f"notifications/email/{name}_subject.txt", context)
        text = render_to_string(f"notifications/email/{name}.txt", context)
        html = render_to_string(f"notifications/email/{name}.html", context)
    unsubscribe = context["unsubscribe_url"]
    message = EmailMultiAlternatives(
        subject=" ".join(subject.split()),
        body=text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[user.email],
        headers={
            "List-Unsubscribe": f"<{unsubscribe}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            "Auto-Submitted": "auto-generated",
        },
    )
    message.attach_alternative(html, "text/html")
    return message


def _context(delivery: EmailDelivery, items: list[Notification], user: Any) -> dict[str, Any]:
    site = settings.SITE_URL
    entries = [
        {
            "text": item.text(),
            # Through the notification: it switches to the item's district first.
            "url": f"{site}{reverse('notifications:follow', args=[item.pk])}",
            "created_at": item.created_at,
            "category": item.category,
            "category_label": category_label(item.category),
        }
        for item in items
    ]
    groups = []
    for category in categories():
        in_group = [entry for entry in entries if entry["category"] == category.slug]
        if in_group:
            groups.append(
                {
                    "label": category.label,
                    "entries": in_group,
                    "unsubscribe_url": unsubscribe_url(user.pk, category.slug),
                }
            )
    what = "digest" if delivery.kind == EmailDelivery.Kind.DIGEST else "immediate"
    return {
        "user": user,
        "entries": entries,
        "groups": groups,
        "count": len(entries),
        "site_url": site,
        "list_url": f"{site}{reverse('notifications:list')}",
        "settings_url": f"{site}{reverse('notifications:settings')}",
        "unsubscribe_url": unsubscribe_url(user.pk, what),
        "digest_date": delivery.digest_date,
    }


# --- Daily digest --------------------------------------------------------------------------


@transaction.atomic
def digests_schedule(*, now: datetime | None = None) -> list[int]:
    """Create today's digest for everyone who wants one and has something new; returns the
    deliveries created (they are sent after the commit). A person gets at most one a day."""
    from .tasks import enqueue_delivery

    now = now or timezone.now()
    today = timezone.localdate(now)
    through = EmailDelivery.notifications.through
    already_mailed = through.objects.filter(
        notification_id=OuterRef("pk"), emaildelivery__status__in=ACTIVE_STATUSES
    )
    digest_today = EmailDelivery.objects.filter(
        recipient_id=OuterRef("recipient_id"),
        kind=EmailDelivery.Kind.DIGEST,
        digest_date=today,
    )
    rows = (
        Notification.objects.filter(
            created_at__gte=now - DIGEST_WINDOW,
            created_at__lte=now,
            read_at__isnull=True,
            recipient__is_active=True,
        )
        .exclude(recipient__email="")
        .exclude(recipient__notification_preference__daily_digest=False)
        .filter(~Exists(already_mailed), ~Exists(digest_today))
        .order_by("recipient_id", "created_at", "pk")
        .values_list("pk", "recipient_id", "category")
    )
    by_recipient: dict[int, list[tuple[int, str]]] = defaultdict(list)
    for pk, recipient_id, category in rows:
        by_recipient[recipient_id].append((pk, category))
    stored = {
        p.user_id: p for p in NotificationPreference.objects.filter(user_id__in=list(by_recipient))
    }
    chosen: dict[int, list[int]] = {}
    for recipient_id, items in by_recipient.items():
        preference = stored.get(recipient_id) or NotificationPreference()
        wanted = [pk for pk, category in items if preference.wants_email(category)]
        if wanted:
            chosen[recipient_id] = wanted
    deliveries = EmailDelivery.objects.bulk_create(
        [
            EmailDelivery(
                recipient_id=recipient_id, kind=EmailDelivery.Kind.DIGEST, digest_date=today
            )
            for recipient_id in chosen
        ]
    )
    through.objects.bulk_create(
        [
            through(emaildelivery_id=delivery.pk, notification_id=pk)
            for delivery in deliveries
            for pk in chosen[delivery.recipient_id]
        ]
    )
    ids = [delivery.pk for delivery in deliveries]
    for pk in ids:
        transaction.on_commit(partial(enqueue_delivery, pk))
    return ids
