"""Background work of the network app."""

from __future__ import annotations

from django_tasks import task

from network.services.agreements import agreement_reminders_send


@task()
def send_agreement_reminders() -> int:
    """E-mail the responsible contact and the coordinators about agreements whose review date or
    end of validity is 60 and again 14 days away; returns how many agreements were reminded."""
    return agreement_reminders_send()
