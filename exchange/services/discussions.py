"""Writes of the discussions area: threads, replies, the solution, subscriptions, mentions.

Every function checks the actor's right itself, validates, writes an audit record and notifies.
Whoever is notified is always narrowed to `audience_members(thread)`: nobody hears of a thread
they cannot open. A mention of someone outside the audience is refused with a message that says
so, instead of silently notifying nobody.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from core.audit import audit
from core.richtext import from_user_input, plain_text
from districts.audience import Audience, audience_apply, audience_members
from districts.models import District, Membership, Organisation, Role
from districts.roles import roles_of
from exchange.notify import Category
from notifications import services as notifications

from ..models.discussions import Reply, Thread, ThreadStatus, ThreadSubscription
from ..permissions import (
    can_close_thread,
    can_edit_reply,
    can_edit_thread,
    can_mark_solution,
    can_start_thread,
    is_exchange_coordinator,
    is_exchange_member,
    writes_for_volunteers,
)

TITLE_MAX = 200
BODY_MAX = 50_000  # characters of HTML: a long post, never a pasted database dump


# --- helpers ----------------------------------------------------------------------------------


def clean_body(raw: str, *, field: str = "body") -> tuple[str, str]:
    """(sanitised HTML, plain text) of a post; text typed without the toolbar (or without
    JavaScript) keeps its paragraphs."""
    raw = (raw or "").strip()
    if len(raw) > BODY_MAX:
        raise ValidationError(
            {field: _("Der Text ist zu lang (höchstens %(max)s Zeichen).") % {"max": BODY_MAX}}
        )
    html = from_user_input(raw)
    text = plain_text(html).strip()
    if not text:
        raise ValidationError({field: _("Bitte schreiben Sie einen Text.")})
    return html, text


def _clean_title(title: str) -> str:
    title = " ".join((title or "").split())
    if not title:
        raise ValidationError({"title": _("Bitte geben Sie einen Titel ein.")})
    if len(title) > TITLE_MAX:
        raise ValidationError(
            {"title": _("Der Titel ist zu lang (höchstens %(max)s Zeichen).") % {"max": TITLE_MAX}}
        )
    return title


def _acting_organisation(actor: Any, district: District) -> Organisation | None:
    """The organisation a person writes for: a professional membership first."""
    roles = roles_of(actor, district).by_organisation()
    if not roles:
        return None
    ranked = sorted(roles.items(), key=lambda item: (item[1] == Role.VOLUNTEER, item[0]))
    return Organisation.objects.filter(pk=ranked[0][0]).first()


def _require_visible(actor: Any, thread: Thread) -> None:
    if not Thread.objects.visible_to(actor).filter(pk=thread.pk).exists():
        raise PermissionDenied(_("Diese Diskussion ist für Sie nicht sichtbar."))


def _require_open(thread: Thread) -> None:
    if not thread.is_open:
        raise ValidationError(
            _("Diese Diskussion ist geschlossen. Antworten und Änderungen sind nicht mehr möglich.")
        )


def _check_mentions(
    thread: Thread, organisations: Iterable[Organisation], people: Iterable[Any]
) -> None:
    """Refuse mentions of organisations and people who cannot see the thread."""
    errors: dict[str, list[str]] = {}
    chosen = set(thread.organisations.values_list("pk", flat=True))
    for org in organisations:
        outside = org.district_id != thread.district_id or (
            thread.audience == Audience.ORGANISATIONS and org.pk not in chosen
        )
        if outside:
            errors.setdefault("mentioned_organisations", []).append(
                _(
                    "„%(name)s“ kann diese Diskussion nicht sehen und wird nicht benachrichtigt. "
                    "Nehmen Sie die Organisation in den Kreis der Empfänger auf oder entfernen "
                    "Sie die Erwähnung."
                )
                % {"name": org.name}
            )
    people = list(people)
    reach = set(
        audience_members(thread).filter(pk__in=[p.pk for p in people]).values_list("pk", flat=True)
    )
    for person in people:
        if person.pk not in reach:
            errors.setdefault("mentioned_people", []).append(
                _(
                    "„%(name)s“ kann diese Diskussion nicht sehen und wird nicht benachrichtigt. "
                    "Erweitern Sie den Kreis der Empfänger oder entfernen Sie die Erwähnung."
                )
                % {"name": str(person)}
            )
    if errors:
        raise ValidationError(errors)


def mention_recipients(
    thread: Thread, organisations: Iterable[Organisation], people: Iterable[Any]
) -> QuerySet[Any]:
    """The mentioned people and the active members of the mentioned organisations, narrowed to
    the people who may see the thread."""
    org_ids = [org.pk for org in organisations]
    person_ids = [person.pk for person in people]
    if not org_ids and not person_ids:
        return get_user_model().objects.none()
    members = Membership.objects.filter(
        organisation_id__in=org_ids, is_active=True, organisation__is_active=True
    ).values("user_id")
    return audience_members(thread).filter(Q(pk__in=person_ids) | Q(pk__in=members))


def _subscribe_once(thread: Thread, user: Any) -> None:
    """Subscribe unless the person has a row already (an opt-out is kept)."""
    ThreadSubscription.objects.get_or_create(
        thread=thread, user=user, defaults={"district": thread.district, "subscribed": True}
    )


def _name(actor: Any) -> str:
    return str(actor)


def _notify_mentions(thread: Thread, actor: Any, recipients: QuerySet[Any], url: str) -> None:
    notifications.notify(
        recipients=recipients,
        category=Category.MENTIONS,
        message=gettext_noop("%(name)s hat Sie oder Ihre Organisation erwähnt: %(title)s"),
        params={"name": _name(actor), "title": thread.title},
        target=thread,
        url=url,
        actor=actor,
        important=True,
    )


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


def _set_mentions(item: Thread | Reply, organisations: list[Any], people: list[Any]) -> set[int]:
    """Store the mentions; returns the ids of the people newly reached by them."""
    thread = item if isinstance(item, Thread) else item.thread
    before = set(
        mention_recipients(
            thread, item.mentioned_organisations.all(), item.mentioned_people.all()
        ).values_list("pk", flat=True)
        if item.pk
        else []
    )
    item.mentioned_organisations.set(organisations)
    item.mentioned_people.set(people)
    after = set(mention_recipients(thread, organisations, people).values_list("pk", flat=True))
    return after - before


# --- threads ----------------------------------------------------------------------------------


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


@transaction.atomic
def thread_subscribe(*, actor: Any, thread: Thread) -> ThreadSubscription:
    return _set_subscription(actor, thread, subscribed=True)


@transaction.atomic
def thread_unsubscribe(*, actor: Any, thread: Thread) -> ThreadSubscription:
    return _set_subscription(actor, thread, subscribed=False)


def _set_subscription(actor: Any, thread: Thread, *, subscribed: bool) -> ThreadSubscription:
    _require_visible(actor, thread)
    subscription, _created = ThreadSubscription.objects.update_or_create(
        thread=thread,
        user=actor,
        defaults={"district": thread.district, "subscribed": subscribed},
    )
    audit(
        actor=actor,
        action="thread.subscribe" if subscribed else "thread.unsubscribe",
        obj=thread,
    )
    return subscription


# --- replies ----------------------------------------------------------------------------------


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
