"""Writes of the discussions area: threads, replies, the solution, subscriptions, mentions.

Every function checks the actor's right itself, validates, writes an audit record and notifies.
Whoever is notified is always narrowed to `audience_members(thread)`: nobody hears of a thread
they cannot open. A mention of someone outside the audience is refused with a message that says
so, instead of silently notifying nobody.

One module per concept: `threads`, `replies`, `mentions` and `subscriptions`, with the shared
checks in `common`; the public functions are importable from here.
"""

from .common import BODY_MAX, TITLE_MAX, clean_body
from .mentions import mention_recipients
from .replies import reply_create, reply_delete, reply_mark_solution, reply_update
from .subscriptions import thread_subscribe, thread_unsubscribe
from .threads import thread_close, thread_create, thread_reopen, thread_update

__all__ = [
    "BODY_MAX",
    "TITLE_MAX",
    "clean_body",
    "mention_recipients",
    "reply_create",
    "reply_delete",
    "reply_mark_solution",
    "reply_update",
    "thread_close",
    "thread_create",
    "thread_reopen",
    "thread_subscribe",
    "thread_unsubscribe",
    "thread_update",
]
