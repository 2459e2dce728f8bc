"""Replies: write, edit and delete them, and mark the one that solved the question."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from core.audit import audit
from districts.audience import audience_members
from districts.models import Organisation
from exchange.notify import Category
from notifications import services as notifications

from ...models.discussions import Reply, Thread, ThreadSubscription
from ...permissions import (
    can_edit_reply,
    can_mark_solution,
    is_exchange_coordinator,
    is_exchange_member,
)
from .common import _acting_organisation, _name, _require_open, _require_visible, clean_body
from .mentions import _check_mentions, _notify_mentions, _set_mentions
from .subscriptions import _subscribe_once


@transaction.atomic
def reply_create(
    *,
    actor: Any,
    thread: Thread,
    body: str,
    mentioned_organisations: list[Organisation] | None = None,
    mentioned_people: list[Any] | None = None,
) -> Reply:
    _require_visible(actor, thread)
    if not is_exchange_member(actor, thread.district):
        raise PermissionDenied(_("Sie können hier nicht antworten."))
    thread = Thread.objects.select_for_update().get(pk=thread.pk)
    _require_open(thread)
    html, text = clean_body(body)
    mentioned_organisations = list(mentioned_organisations or [])
    mentioned_people = list(mentioned_people or [])
    _check_mentions(thread, mentioned_organisations, mentioned_people)
    now = timezone.now()
    reply = Reply.objects.create(
        district=thread.district,
        thread=thread,
        author=actor,
        author_organisation=_acting_organisation(actor, thread.district),
        body=html,
        body_text=text,
        created_at=now,
    )
    mentioned = _set_mentions(reply, mentioned_organisations, mentioned_people)
    Thread.objects.filter(pk=thread.pk).update(
        reply_count=F("reply_count") + 1, last_activity_at=now
    )
    thread.refresh_from_db(fields=["reply_count", "last_activity_at"])
    _subscribe_once(thread, actor)
    audit(actor=actor, action="reply.create", obj=reply, changes={"thread": thread.pk})
    url = reply.get_absolute_url()
    followers = ThreadSubscription.objects.filter(thread=thread, subscribed=True).values("user_id")
    notifications.notify(
        recipients=audience_members(thread).filter(pk__in=followers).exclude(pk__in=mentioned),
        category=Category.DISCUSSIONS,
        message=gettext_noop("Neue Antwort von %(name)s: %(title)s"),
        params={"name": _name(actor), "title": thread.title},
        target=thread,
        url=url,
        actor=actor,
    )
    if mentioned:
        _notify_mentions(thread, actor, audience_members(thread).filter(pk__in=mentioned), url)
    return reply


@transaction.atomic
def reply_update(
    *,
    actor: Any,
    reply: Reply,
    body: str,
    mentioned_organisations: list[Organisation] | None = None,
    mentioned_people: list[Any] | None = None,
) -> Reply:
    if not can_edit_reply(actor, reply):
        raise PermissionDenied(
            _("Nur wer die Antwort geschrieben hat und die Koordination können sie bearbeiten.")
        )
    thread = reply.thread
    if not is_exchange_coordinator(actor, thread.district):
        _require_open(thread)
    html, text = clean_body(body)
    mentioned_organisations = list(mentioned_organisations or [])
    mentioned_people = list(mentioned_people or [])
    _check_mentions(thread, mentioned_organisations, mentioned_people)
    reply.body, reply.body_text, reply.edited = html, text, True
    reply.save(update_fields=["body", "body_text", "edited", "updated_at"])
    mentioned = _set_mentions(reply, mentioned_organisations, mentioned_people)
    audit(actor=actor, action="reply.update", obj=reply, changes={"thread": thread.pk})
    if mentioned:
        recipients = audience_members(thread).filter(pk__in=mentioned)
        _notify_mentions(thread, actor, recipients, reply.get_absolute_url())
    return reply


@transaction.atomic
def reply_delete(*, actor: Any, reply: Reply) -> Thread:
    if not can_edit_reply(actor, reply):
        raise PermissionDenied(_("Sie können diese Antwort nicht löschen."))
    thread = Thread.objects.select_for_update().get(pk=reply.thread_id)
    if not is_exchange_coordinator(actor, thread.district):
        _require_open(thread)
    audit(actor=actor, action="reply.delete", obj=reply, changes={"thread": thread.pk})
    reply.delete()  # a reply marked as the solution leaves the thread unsolved (SET_NULL)
    thread.reply_count = thread.replies.count()
    thread.save(update_fields=["reply_count", "updated_at"])
    thread.refresh_from_db()
    return thread


@transaction.atomic
def reply_mark_solution(*, actor: Any, thread: Thread, reply: Reply | None) -> Thread:
    """Mark `reply` as the answer that solved the question; `None` takes the mark away."""
    if not can_mark_solution(actor, thread):
        raise PermissionDenied(
            _("Nur wer gefragt hat und die Koordination können eine Lösung markieren.")
        )
    if reply is not None and reply.thread_id != thread.pk:
        raise ValidationError(_("Diese Antwort gehört nicht zu dieser Diskussion."))
    before = thread.solution_id
    thread.solution = reply
    thread.save(update_fields=["solution", "updated_at"])
    audit(
        actor=actor,
        action="thread.solution" if reply else "thread.solution_remove",
        obj=thread,
        changes={"solution": [before, thread.solution_id]},
    )
    if reply is not None and reply.author_id and reply.pk != before:
        notifications.notify(
            recipients=audience_members(thread).filter(pk=reply.author_id),
            category=Category.DISCUSSIONS,
            message=gettext_noop("Ihre Antwort wurde als Lösung markiert: %(title)s"),
            params={"title": thread.title},
            target=thread,
            url=reply.get_absolute_url(),
            actor=actor,
        )
    return thread
