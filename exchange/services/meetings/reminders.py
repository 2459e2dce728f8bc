"""The daily reminder of the meetings starting within the next 24 hours."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_noop

from exchange.notify import Category
from notifications.services import notify

from ...models.meetings import Meeting, MeetingStatus
from .common import _params, _participants

REMINDER_AHEAD = dt.timedelta(hours=24)


def send_meeting_reminders(*, now: dt.datetime | None = None) -> int:
    """Remind everyone with a confirmed seat (not the waiting list) of each planned meeting that
    starts between `now` and `now` + 24 hours, both bounds included; returns how many meetings
    were reminded. Cancelled meetings and meetings that have already started are never reminded.

    Each meeting is claimed by setting `reminded_at` where it is still empty, in the same
    transaction as its notifications: a second or overlapping run finds it claimed and sends
    nothing. Reminders are not important: they follow the person's e-mail settings for meetings
    and, with the daily run just before the digest, arrive in that evening's digest.
    """
    now = now or timezone.now()
    due = list(_due_for_reminder(now).values_list("pk", flat=True))
    return sum(_remind(pk, now=now) for pk in due)


def _due_for_reminder(now: dt.datetime) -> Any:
    return Meeting.objects.filter(
        status=MeetingStatus.PLANNED,
        reminded_at__isnull=True,
        starts_at__gte=now,
        starts_at__lte=now + REMINDER_AHEAD,
    )


@transaction.atomic
def _remind(pk: int, *, now: dt.datetime) -> bool:
    # The conditional update is the claim: of two runs, the second one's update changes no row
    # (on PostgreSQL it waits for the first one's row lock, then sees `reminded_at` set). The
    # conditions are checked again in case the meeting was cancelled or moved since the listing.
    claimed = _due_for_reminder(now).filter(pk=pk).update(reminded_at=now)
    if not claimed:
        return False
    meeting = Meeting.objects.select_related("author_organisation").get(pk=pk)
    notify(
        recipients=_participants(meeting, waiting=False),
        category=Category.MEETINGS,
        message=gettext_noop("Erinnerung: %(title)s beginnt am %(date)s"),
        params=_params(meeting),
        target=meeting,
        url=meeting.get_absolute_url(),
    )
    return True
