"""Writing notifications. Other apps call `notify`; the rest is for this app's views, tasks and
commands."""

from __future__ import annotations

from collections.abc import Iterable
from functools import partial
from typing import Any

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction
from django.utils import timezone

from core.audit import audit

from .categories import category_slugs
from .models import (
    EmailDelivery,
    Notification,
    NotificationPreference,
    staff_language,
)


def _recipient_ids(recipients: Iterable[Any]) -> list[int]:
    ids: Iterable[Any]
    if isinstance(recipients, models.QuerySet):
        ids = recipients.values_list("pk", flat=True)
    else:
        ids = (getattr(person, "pk", person) for person in recipients)
    seen: dict[int, None] = {}
    for pk in ids:
        if pk is not None:
            seen[int(pk)] = None
    return list(seen)


@transaction.atomic
def notify(
    *,
    recipients: Iterable[Any],
    category: str,
    message: str,
    params: dict[str, str],
    target: models.Model,
    url: str,
    actor: Any = None,
    important: bool = False,
) -> int:
    """Notify `recipients` about `target`; returns how many notifications were created.

    `message` is a gettext message id (mark it with gettext_noop) with %(name)s placeholders
    filled from `params`; it is translated when shown or sent, in the reader's language.
    `target` must have a default manager with `visible_to(user)`: before anything is shown,
    counted or e-mailed, Lotse checks that the person may still see it. The actor is never
    notified. Important items go by e-mail right after the commit to people who want that.
    """
    if category not in category_slugs():
        raise ValueError(f"Unknown notification category: {category!r}")
    if target.pk is None:
        raise ValueError("The target of a notification must be saved.")
    actor_id = getattr(actor, "pk", None)
    ids = [pk for pk in _recipient_ids(recipients) if pk != actor_id]
    if not ids:
        return 0
    target_type = ContentType.objects.get_for_model(target)
    now = timezone.now()
    district_id = getattr(target, "district_id", None)
    clean_params = {str(key): str(value) for key, value in (params or {}).items()}
    rows = [
        Notification(
            recipient_id=pk,
            district_id=district_id,
            category=category,
            message=message,
            params=clean_params,
            target_type=target_type,
            target_id=target.pk,
            url=url,
            actor_id=actor_id,
            important=important,
            created_at=now,
        )
        for pk in ids
    ]
    created = Notification.objects.bulk_create(rows)
    if important:
        notification_ids = [row.pk for row in created if row.pk is not None]
        if len(notification_ids) != len(created):  # a backend without RETURNING
            notification_ids = list(
                Notification.objects.filter(
                    recipient_id__in=ids, target_type=target_type, target_id=target.pk
                )
                .filter(created_at=now, category=category)
                .values_list("pk", flat=True)
            )
        # Robust: a failure to queue the e-mails must not turn the caller's committed write
        # into an error page. The items stay un-mailed, so the evening digest still covers them.
        transaction.on_commit(partial(schedule_immediate, notification_ids), robust=True)
    return len(created)


def schedule_immediate(notification_ids: list[int]) -> list[int]:
    """Create one immediate e-mail per notification whose recipient wants it (important items,
    category switched on) and enqueue the sending. Runs after the notifying transaction."""
    from .tasks import enqueue_delivery

    notifications = list(
        Notification.objects.filter(pk__in=notification_ids, important=True).select_related(
            "recipient__notification_preference"
        )
    )
    wanted = []
    for item in notifications:
        preference = _stored_preference(item.recipient)
        if preference is None:
            preference = NotificationPreference(user=item.recipient)
        if (
            item.recipient.is_active
            and item.recipient.email
            and preference.immediate_important
            and preference.wants_email(item.category)
        ):
            wanted.append(item)
    if not wanted:
        return []
    with transaction.atomic():
        deliveries = EmailDelivery.objects.bulk_create(
            [
                EmailDelivery(recipient_id=item.recipient_id, kind=EmailDelivery.Kind.IMMEDIATE)
                for item in wanted
            ]
        )
        through = EmailDelivery.notifications.through
        through.objects.bulk_create(
            [
                through(emaildelivery_id=delivery.pk, notification_id=item.pk)
                for delivery, item in zip(deliveries, wanted, strict=True)
            ]
        )
    delivery_ids = [delivery.pk for delivery in deliveries]
    for pk in delivery_ids:
        enqueue_delivery(pk)
    return delivery_ids


def _stored_preference(user: Any) -> NotificationPreference | None:
    try:
        return user.notification_preference
    except NotificationPreference.DoesNotExist:
        return None


# --- Reading -------------------------------------------------------------------------------


def notification_mark_read(*, notification: Notification, actor: Any) -> Notification:
    """Mark one of the person's own notifications read (no audit: reading is not a change of
    anybody's data)."""
    if notification.recipient_id != actor.pk:
        raise PermissionError("Only the recipient marks a notification read.")
    if notification.read_at is None:
        notification.read_at = timezone.now()
        Notification.objects.filter(pk=notification.pk, read_at__isnull=True).update(
            read_at=notification.read_at
        )
    return notification


def notification_mark_all_read(*, actor: Any) -> int:
    return Notification.objects.visible_to(actor).unread().update(read_at=timezone.now())


# --- Preferences ---------------------------------------------------------------------------

DELIVERY_FIELDS = ["daily_digest", "immediate_important"]


def preference_fields() -> list[str]:
    """The switches of the settings page: how e-mail is delivered, then one per category."""
    return [
        *DELIVERY_FIELDS,
        *[NotificationPreference.category_field(c) for c in category_slugs()],
    ]


@transaction.atomic
def preference_update(
    *, actor: Any, values: dict[str, bool], language: str
) -> NotificationPreference:
    """Save the person's e-mail choices; the e-mail language follows the page language."""
    preference, _created = NotificationPreference.objects.select_for_update().get_or_create(
        user=actor, defaults={"language": staff_language(language)}
    )
    fields = preference_fields()
    before = {name: getattr(preference, name) for name in [*fields, "language"]}
    for name in fields:
        if name not in values:
            continue
        if name in DELIVERY_FIELDS:
            setattr(preference, name, bool(values[name]))
        else:
            category = name.removeprefix(NotificationPreference.CATEGORY_PREFIX)
            preference.set_email(category, bool(values[name]))
    preference.language = staff_language(language)
    preference.full_clean()
    preference.save()
    changes = {
        name: [before[name], getattr(preference, name)]
        for name in before
        if before[name] != getattr(preference, name)
    }
    audit(actor=actor, action="notification_preference.update", obj=preference, changes=changes)
    return preference


def unsubscribe_choices() -> tuple[str, ...]:
    return ("digest", "immediate", *category_slugs())


@transaction.atomic
def preference_unsubscribe(
    *, user: Any, what: str, language: str | None = None
) -> NotificationPreference:
    """Switch one kind of e-mail off (from the link in an e-mail, without signing in). A new
    settings row takes the page's language, as the settings page would."""
    if what not in unsubscribe_choices():
        raise ValueError(f"Unknown unsubscribe choice: {what!r}")
    preference, _created = NotificationPreference.objects.select_for_update().get_or_create(
        user=user, defaults={"language": staff_language(language or settings.LANGUAGE_CODE)}
    )
    field = {"digest": "daily_digest", "immediate": "immediate_important"}.get(
        what, NotificationPreference.category_field(what)
    )
    if getattr(preference, field):
        if field in DELIVERY_FIELDS:
            setattr(preference, field, False)
            preference.save(update_fields=[field, "updated_at"])
        else:
            preference.set_email(what, False)
            preference.save(update_fields=["email_off", "updated_at"])
        audit(
            actor=user,
            action="notification_preference.unsubscribe",
            obj=preference,
            changes={field: [True, False]},
        )
    return preference
