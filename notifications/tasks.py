"""Background work of the notifications app: sending one e-mail of the outbox."""

from __future__ import annotations

from datetime import datetime

from django_tasks import task


@task()
def send_delivery(*, delivery_id: int) -> str:
    """Send one outbox e-mail (immediate or digest); returns the delivery's new status."""
    from .delivery import delivery_send

    return delivery_send(delivery_id=delivery_id)


def enqueue_delivery(delivery_id: int, *, run_after: datetime | None = None) -> bool:
    """Queue the sending. A retry later in time needs a backend that can defer tasks; without
    one, `manage.py notifications_retry` (cron) picks the delivery up when it is due."""
    if run_after is None:
        send_delivery.enqueue(delivery_id=delivery_id)
        return True
    if not send_delivery.get_backend().supports_defer:
        return False
    send_delivery.using(run_after=run_after).enqueue(delivery_id=delivery_id)
    return True
