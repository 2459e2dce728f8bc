from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from notifications.delivery import deliveries_retry


class Command(BaseCommand):
    help = (
        "Queue notification e-mails whose retry is due again, and release e-mails whose worker "
        "stopped in the middle of sending. Failed e-mails are retried with growing pauses; after "
        "the last attempt they are 'given up' and listed in the admin under 'E-Mail-Zustellungen'. "
        "The worker retries by itself; run this from cron or a systemd timer (deploy/ runs it "
        "with the evening digest) to catch up after the worker was down."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        count = deliveries_retry()
        self.stdout.write(f"{count} notification e-mail(s) queued again.")
