"""Writes of the meetings area: meetings, registrations with a waiting list, reminders,
attendance, minutes, follow-up tasks and the personal calendar feed.

One module per concept: `scheduling`, `registrations`, `reminders`, `minutes`,
`follow_up` and `feed`; the public functions are importable from here."""

from .feed import feed_token_create, feed_token_hash, feed_token_revoke, feed_token_user
from .follow_up import TASK_FIELDS, task_create, task_set_done, task_update
from .minutes import MINUTES_MAX_BYTES, minutes_upload
from .registrations import (
    meeting_register,
    meeting_register_person,
    meeting_unregister,
    registration_set_attended,
)
from .reminders import REMINDER_AHEAD, send_meeting_reminders
from .scheduling import MEETING_FIELDS, NOTICEABLE, meeting_cancel, meeting_create, meeting_update

__all__ = [
    "MEETING_FIELDS",
    "MINUTES_MAX_BYTES",
    "NOTICEABLE",
    "REMINDER_AHEAD",
    "TASK_FIELDS",
    "feed_token_create",
    "feed_token_hash",
    "feed_token_revoke",
    "feed_token_user",
    "meeting_cancel",
    "meeting_create",
    "meeting_register",
    "meeting_register_person",
    "meeting_unregister",
    "meeting_update",
    "minutes_upload",
    "registration_set_attended",
    "send_meeting_reminders",
    "task_create",
    "task_set_done",
    "task_update",
]
