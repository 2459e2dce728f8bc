from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from notifications.delivery import digests_schedule


class Command(BaseCommand):
    help = (
        "Send the daily notification digest: one e-mail per person who chose it, with what is "
        "new since their last digest in the categories they get by e-mail, only items they may "
        "still see, in their language. Nobody gets an empty digest or two in one day, so it is "
        "safe to run again. Run once every evening from a systemd timer "
        "(deploy/lotse-notifications.timer, 18:00) or cron; the e-mails are sent by the task "
        "worker (`manage.py db_worker`)."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        created = digests_schedule()
        self.stdout.write(f"{len(created)} digest e-mail(s) queued.")
