"""Threads: start, edit, close and reopen; whoever a thread newly reaches is told of it."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from core.audit import audit
from districts.audience import Audience, audience_apply, audience_members
from districts.models import District, Organisation
from exchange.notify import Category
from notifications import services as notifications

from ...models.discussions import Thread, ThreadStatus
from ...permissions import (
    can_close_thread,
    can_edit_thread,
    can_start_thread,
    is_exchange_coordinator,
    writes_for_volunteers,
)
from .common import _acting_organisation, _clean_title, _name, _require_open, clean_body
from .mentions import _check_mentions, _notify_mentions, _set_mentions
from .subscriptions import _subscribe_once


def _notify_new_thread(thread: Thread, actor: Any, recipients: QuerySet[Any]) -> None:
    """Tell `recipients` about a thread they can now see (a new one, or a wider audience)."""
    author = thread.author if thread.author_id else actor
    notifications.notify(
        recipients=recipients,
        category=Category.DISCUSSIONS,
        message=gettext_noop("Neue Diskussion von %(organisation)s: %(title)s"),
        params={
            "organisation": thread.author_organisation.name
            if thread.author_organisation
            else _name(author),
            "title": thread.title,
        },
        target=thread,
        url=thread.get_absolute_url(),
        actor=actor,
    )


@transaction.atomic
def thread_create(
    *,
    actor: Any,
    district: District,
    title: str,
    body: str,
    topic: Any = None,
    audience: str = Audience.NETWORK,
    organisations: list[Organisation] | None = None,
    include_volunteers: bool = False,
    mentioned_organisations: list[Organisation] | None = None,
    mentioned_people: list[Any] | None = None,
) -> Thread:
    if not can_start_thread(actor, district):
        raise PermissionDenied(_("Sie können in diesem Netzwerk keine Diskussion beginnen."))
    if topic is not None and topic.district_id != district.pk:
        raise ValidationError({"topic": _("Dieses Handlungsfeld gehört zu einem anderen Kreis.")})
    if audience not in Audience.values:
        raise ValidationError({"audience": _("Bitte wählen Sie, für wen die Diskussion ist.")})
    if writes_for_volunteers(actor, district):
        include_volunteers = True  # volunteers talk with volunteers
    html, text = clean_body(body)
    thread = Thread(
        district=district,
        title=_clean_title(title),
        topic=topic,
        body=html,
        body_text=text,
        author=actor,
        author_organisation=_acting_organisation(actor, district),
        last_activity_at=timezone.now(),
    )
    thread.full_clean(exclude=["solution"])
    thread.save()
    audience_apply(
        thread,
        audience=audience,
        organisations=organisations,
        include_volunteers=include_volunteers,
    )
    mentioned_organisations = list(mentioned_organisations or [])
    mentioned_people = list(mentioned_people or [])
    _check_mentions(thread, mentioned_organisations, mentioned_people)
    mentioned = _set_mentions(thread, mentioned_organisations, mentioned_people)
    _subscribe_once(thread, actor)
    audit(
        actor=actor,
        action="thread.create",
        obj=thread,
        changes={"audience": audience, "mentions": len(mentioned)},
    )
    url = thread.get_absolute_url()
    _notify_new_thread(thread, actor, audience_members(thread).exclude(pk__in=mentioned))
    if mentioned:
        _notify_mentions(thread, actor, audience_members(thread).filter(pk__in=mentioned), url)
    return thread


@transaction.atomic
def thread_update(
    *,
    actor: Any,
    thread: Thread,
    title: str,
    body: str,
    topic: Any = None,
    audience: str = Audience.NETWORK,
    organisations: list[Organisation] | None = None,
    include_volunteers: bool = False,
    mentioned_organisations: list[Organisation] | None = None,
    mentioned_people: list[Any] | None = None,
) -> Thread:
    if not can_edit_thread(actor, thread):
        raise PermissionDenied(
            _("Nur wer die Diskussion begonnen hat und die Koordination können sie bearbeiten.")
        )
    if not is_exchange_coordinator(actor, thread.district):
        _require_open(thread)
    if topic is not None and topic.district_id != thread.district_id:
        raise ValidationError({"topic": _("Dieses Handlungsfeld gehört zu einem anderen Kreis.")})
    if audience not in Audience.values:
        raise ValidationError({"audience": _("Bitte wählen Sie, für wen die Diskussion ist.")})
    if writes_for_volunteers(actor, thread.district):
        include_volunteers = True
    html, text = clean_body(body)
    before = {"title": thread.title, "audience": thread.audience, "topic": thread.topic_id}
    reached_before = set(audience_members(thread).values_list("pk", flat=True))
    thread.title = _clean_title(title)
    thread.body, thread.body_text, thread.topic = html, text, topic
    thread.full_clean(exclude=["solution"])
    thread.save()
    audience_apply(
        thread,
        audience=audience,
        organisations=organisations,
        include_volunteers=include_volunteers,
    )
    mentioned_organisations = list(mentioned_organisations or [])
    mentioned_people = list(mentioned_people or [])
    _check_mentions(thread, mentioned_organisations, mentioned_people)
    mentioned = _set_mentions(thread, mentioned_organisations, mentioned_people)
    audit(
        actor=actor,
        action="thread.update",
        obj=thread,
        changes={
            "before": before,
            "after": {"title": thread.title, "audience": audience, "topic": thread.topic_id},
        },
    )
    # People whom a wider audience newly reaches hear of the thread as if it were new; the
    # newly mentioned among them get the mention instead.
    _notify_new_thread(
        thread,
        actor,
        audience_members(thread).exclude(pk__in=reached_before).exclude(pk__in=mentioned),
    )
    if mentioned:
        recipients = audience_members(thread).filter(pk__in=mentioned)
        _notify_mentions(thread, actor, recipients, thread.get_absolute_url())
    return thread


@transaction.atomic
def thread_close(*, actor: Any, thread: Thread) -> Thread:
    if not can_close_thread(actor, thread):
        raise PermissionDenied(_("Sie können diese Diskussion nicht schließen."))
    if not thread.is_open:
        raise ValidationError(_("Die Diskussion ist bereits geschlossen."))
    thread.status = ThreadStatus.CLOSED
    thread.closed_at = timezone.now()
    thread.save(update_fields=["status", "closed_at", "updated_at"])
    audit(actor=actor, action="thread.close", obj=thread)
    return thread


@transaction.atomic
def thread_reopen(*, actor: Any, thread: Thread) -> Thread:
    if not can_close_thread(actor, thread):
        raise PermissionDenied(_("Sie können diese Diskussion nicht wieder öffnen."))
    if thread.is_open:
        raise ValidationError(_("Die Diskussion ist bereits offen."))
    thread.status = ThreadStatus.OPEN
    thread.closed_at = None
    thread.save(update_fields=["status", "closed_at", "updated_at"])
    audit(actor=actor, action="thread.reopen", obj=thread)
    return thread
