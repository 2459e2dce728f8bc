"""`manage.py send_meeting_reminders`: run from the notifications timer, before the digest."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from exchange.services.meetings import send_meeting_reminders


class Command(BaseCommand):
    help = (
        "Remind everyone with a confirmed registration of each meeting that starts within the "
        "next 24 hours and has not been reminded yet. Each meeting is reminded once, so running "
        "it again (or several times a day) is safe. Run it before send_notification_digests, so "
        "the reminders go out in that evening's digest."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        count = send_meeting_reminders()
        self.stdout.write(f"Reminders sent for {count} meeting(s).")
