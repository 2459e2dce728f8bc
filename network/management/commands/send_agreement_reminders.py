"""`manage.py send_agreement_reminders`: run daily from cron or a systemd timer."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from network.tasks import send_agreement_reminders


class Command(BaseCommand):
    help = (
        "E-mail reminders about cooperation agreements whose review date or end of validity is "
        "60 or 14 days away. Each threshold is reminded once, so running it daily is safe."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        count = send_agreement_reminders.call()
        self.stdout.write(f"Reminders sent for {count} agreement(s).")
