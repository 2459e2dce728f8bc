"""Who follows a thread: subscribing, unsubscribing, and the subscription a post brings."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from core.audit import audit

from ...models.discussions import Thread, ThreadSubscription
from .common import _require_visible


def _subscribe_once(thread: Thread, user: Any) -> None:
    """Subscribe unless the person has a row already (an opt-out is kept)."""
    ThreadSubscription.objects.get_or_create(
        thread=thread, user=user, defaults={"district": thread.district, "subscribed": True}
    )


@transaction.atomic
def thread_subscribe(*, actor: Any, thread: Thread) -> ThreadSubscription:
    return _set_subscription(actor, thread, subscribed=True)


@transaction.atomic
def thread_unsubscribe(*, actor: Any, thread: Thread) -> ThreadSubscription:
    return _set_subscription(actor, thread, subscribed=False)


def _set_subscription(actor: Any, thread: Thread, *, subscribed: bool) -> ThreadSubscription:
    _require_visible(actor, thread)
    subscription, _created = ThreadSubscription.objects.update_or_create(
        thread=thread,
        user=actor,
        defaults={"district": thread.district, "subscribed": subscribed},
    )
    audit(
        actor=actor,
        action="thread.subscribe" if subscribed else "thread.unsubscribe",
        obj=thread,
    )
    return subscription
