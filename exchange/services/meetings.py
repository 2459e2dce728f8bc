"""Writes of the meetings area: meetings, registrations with a waiting list, reminders,
attendance, minutes, follow-up tasks and the personal calendar feed."""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from core.audit import audit, diff, snapshot
from core.richtext import from_user_input
from core.uploads import DOCUMENT_KINDS, check_upload
from districts.audience import audience_apply, audience_members
from districts.models import District, Membership, Organisation, Role
from districts.roles import roles_of
from exchange.notify import Category
from notifications.services import notify

from ..models.meetings import (
    CalendarFeedToken,
    FollowUpTask,
    Meeting,
    MeetingMinutes,
    MeetingStatus,
    Registration,
    RegistrationStatus,
)
from ..permissions import (
    can_manage_meeting,
    can_organise_meeting,
    can_register_for_meeting,
    organiser_organisations,
)

MEETING_FIELDS = [
    "kind",
    "phase",
    "title",
    "description",
    "agenda",
    "starts_at",
    "ends_at",
    "place",
    "online_url",
    "capacity",
    "registration_until",
]
# Changes registered people hear about.
NOTICEABLE = {"starts_at", "ends_at", "place", "online_url"}
MINUTES_MAX_BYTES = 20 * 1024 * 1024
_NULLABLE = {"capacity", "registration_until", "starts_at", "ends_at"}


def _ensure_manager(actor: Any, meeting: Meeting) -> None:
    if not can_manage_meeting(actor, meeting):
        raise PermissionDenied(_("Sie organisieren dieses Treffen nicht."))


def _apply_fields(meeting: Meeting, data: dict[str, Any]) -> None:
    for name in MEETING_FIELDS:
        if name in data:
            value = data[name]
            if name in ("description", "agenda"):
                value = from_user_input(value)
            elif isinstance(value, str):
                value = value.strip()
            setattr(meeting, name, value if value is not None or name in _NULLABLE else "")


# --- Meetings ---------------------------------------------------------------------------------


@transaction.atomic
def meeting_create(
    *,
    actor: Any,
    district: District,
    organisation: Organisation,
    data: dict[str, Any],
    audience: str,
    organisations: list[Organisation] | None = None,
    include_volunteers: bool = False,
) -> Meeting:
    """Plan a meeting for `organisation` and invite its audience."""
    if not can_organise_meeting(actor, district):
        raise PermissionDenied(_("Sie dürfen keine Treffen planen."))
    if organisation.pk not in organiser_organisations(actor, district):
        raise ValidationError(
            {"organisation": _("Für diese Organisation können Sie keine Treffen planen.")}
        )
    meeting = Meeting(district=district, author=actor, author_organisation=organisation)
    _apply_fields(meeting, data)
    meeting.full_clean(exclude=["organisations"])
    meeting.save()
    audience_apply(
        meeting,
        audience=audience,
        organisations=organisations,
        include_volunteers=include_volunteers,
    )
    audit(
        actor=actor, action="meeting.create", obj=meeting, changes={"title": [None, meeting.title]}
    )
    if meeting.has_started():
        return meeting  # a meeting recorded afterwards (for its minutes) invites nobody
    _invite(meeting, actor, audience_members(meeting))
    return meeting


@transaction.atomic
def meeting_update(
    *,
    actor: Any,
    meeting: Meeting,
    data: dict[str, Any],
    audience: str,
    organisations: list[Organisation] | None = None,
    include_volunteers: bool = False,
) -> Meeting:
    """Change a meeting; more seats move people up from the waiting list, and registered people
    hear about a new time or place. People whom a wider audience newly reaches are invited, as
    long as the meeting is still ahead and not cancelled."""
    _ensure_manager(actor, meeting)
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    before = snapshot(meeting, MEETING_FIELDS)
    reached_before = set(audience_members(meeting).values_list("pk", flat=True))
    _apply_fields(meeting, data)
    meeting.full_clean(exclude=["organisations"])
    if meeting.starts_at != before["starts_at"]:
        meeting.reminded_at = None  # the new date gets its own reminder
    registered = _registered(meeting).count()
    if meeting.capacity is not None and meeting.capacity < registered:
        raise ValidationError(
            {
                "capacity": _(
                    "Es sind schon %(count)d Personen angemeldet; weniger Plätze gehen nicht."
                )
                % {"count": registered}
            }
        )
    meeting.save()
    audience_apply(
        meeting,
        audience=audience,
        organisations=organisations,
        include_volunteers=include_volunteers,
    )
    changes = diff(meeting, MEETING_FIELDS, before)
    audit(actor=actor, action="meeting.update", obj=meeting, changes=changes)
    _promote_waiting(meeting, actor=actor)
    told_of_change = bool(NOTICEABLE & set(changes)) and not meeting.is_cancelled
    if told_of_change:
        notify(
            recipients=_participants(meeting, waiting=True),
            category=Category.MEETINGS,
            message=gettext_noop("Geändert: %(title)s findet am %(date)s statt, %(place)s"),
            params=_params(meeting),
            target=meeting,
            url=meeting.get_absolute_url(),
            actor=actor,
            important=True,
        )
    if not meeting.is_cancelled and not meeting.has_started():
        newly_reached = audience_members(meeting).exclude(pk__in=reached_before)
        if told_of_change:  # registered again after a narrowing: the change notice is enough
            told = Registration.objects.filter(
                meeting=meeting,
                status__in=[RegistrationStatus.REGISTERED, RegistrationStatus.WAITING],
            ).values("person_id")
            newly_reached = newly_reached.exclude(pk__in=told)
        _invite(meeting, actor, newly_reached)
    return meeting


@transaction.atomic
def meeting_cancel(*, actor: Any, meeting: Meeting) -> Meeting:
    """Call a meeting off; everyone registered or waiting is told at once."""
    _ensure_manager(actor, meeting)
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    if meeting.is_cancelled:
        raise ValidationError(_("Das Treffen ist bereits abgesagt."))
    if meeting.is_past():
        raise ValidationError(_("Das Treffen ist schon vorbei."))
    meeting.status = MeetingStatus.CANCELLED
    meeting.cancelled_at = timezone.now()
    meeting.save(update_fields=["status", "cancelled_at", "updated_at"])
    audit(
        actor=actor,
        action="meeting.cancel",
        obj=meeting,
        changes={"status": [MeetingStatus.PLANNED, MeetingStatus.CANCELLED]},
    )
    notify(
        recipients=_participants(meeting, waiting=True),
        category=Category.MEETINGS,
        message=gettext_noop("Abgesagt: %(title)s am %(date)s"),
        params=_params(meeting),
        target=meeting,
        url=meeting.get_absolute_url(),
        actor=actor,
        important=True,
    )
    return meeting


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


def _invite(meeting: Meeting, actor: Any, recipients: Any) -> None:
    """Invite `recipients` to a meeting they can now see (a new one, or a wider audience)."""
    notify(
        recipients=recipients,
        category=Category.MEETINGS,
        message=gettext_noop("Einladung von %(organisation)s: %(title)s am %(date)s"),
        params=_params(meeting),
        target=meeting,
        url=meeting.get_absolute_url(),
        actor=actor,
    )


def _params(meeting: Meeting) -> dict[str, str]:
    start = timezone.localtime(meeting.starts_at)
    return {
        "title": meeting.title,
        "organisation": meeting.author_organisation.name if meeting.author_organisation else "",
        "date": f"{start:%d.%m.%Y %H:%M}",
        "place": meeting.place or meeting.online_url,
    }


def _registered(meeting: Meeting) -> Any:
    return Registration.objects.filter(meeting=meeting, status=RegistrationStatus.REGISTERED)


def _participants(meeting: Meeting, *, waiting: bool) -> Any:
    """People registered (and waiting) who can still see the meeting."""
    statuses = [RegistrationStatus.REGISTERED]
    if waiting:
        statuses.append(RegistrationStatus.WAITING)
    people = Registration.objects.filter(meeting=meeting, status__in=statuses).values("person_id")
    return audience_members(meeting).filter(pk__in=people)


# --- Registration -----------------------------------------------------------------------------


def _registration_organisation(actor: Any, meeting: Meeting) -> Organisation | None:
    """The organisation a person registers for: a professional membership first."""
    roles = roles_of(actor, meeting.district_id).by_organisation()
    ordered = sorted(roles, key=lambda org: (roles[org] == Role.VOLUNTEER, org))
    return Organisation.objects.filter(pk__in=ordered[:1]).first()


def _refusal(meeting: Meeting, now: dt.datetime) -> str:
    if meeting.is_cancelled:
        return _("Das Treffen ist abgesagt; eine Anmeldung ist nicht möglich.")
    if meeting.has_started(now):
        return _(
            "Das Treffen hat schon begonnen oder ist vorbei; eine Anmeldung ist nicht möglich."
        )
    if not meeting.registration_open(now):
        return _("Die Anmeldefrist ist abgelaufen.")
    return ""


@transaction.atomic
def meeting_register(*, actor: Any, meeting: Meeting) -> Registration:
    """Register `actor`; when every seat is taken they join the waiting list."""
    return _register(actor=actor, meeting=meeting, person=actor)


@transaction.atomic
def meeting_register_person(*, actor: Any, meeting: Meeting, person: Any) -> Registration:
    """An organiser registers someone else (say, a colleague who called), under the same rules
    as registering oneself; the person is told at once, since they did not do it themself."""
    _ensure_manager(actor, meeting)
    registration = _register(actor=actor, meeting=meeting, person=person)
    if registration.status == RegistrationStatus.WAITING:
        message = gettext_noop(
            "%(actor)s hat Sie auf die Warteliste für %(title)s am %(date)s gesetzt."
        )
    else:
        message = gettext_noop("%(actor)s hat Sie für %(title)s am %(date)s angemeldet.")
    notify(
        recipients=audience_members(registration.meeting).filter(pk=person.pk),
        category=Category.MEETINGS,
        message=message,
        params={**_params(registration.meeting), "actor": str(actor)},
        target=registration.meeting,
        url=registration.meeting.get_absolute_url(),
        actor=actor,
        important=True,
    )
    return registration


def _register(*, actor: Any, meeting: Meeting, person: Any) -> Registration:
    """Register `person` on behalf of `actor` (the same person when registering oneself).

    The meeting row is locked so that two people cannot take the last seat at the same time;
    the caller holds the transaction.
    """
    locked = Meeting.objects.visible_to(person).select_for_update().filter(pk=meeting.pk).first()
    if locked is None or not can_register_for_meeting(person, locked):
        raise ValidationError(_cannot_register(actor, person))
    refusal = _refusal(locked, timezone.now())
    if refusal:
        raise ValidationError(refusal)
    registration = Registration.objects.filter(meeting=locked, person=person).first()
    if registration is not None and registration.status != RegistrationStatus.CANCELLED:
        raise ValidationError(_already_registered(actor, person, registration))
    if registration is None:
        registration = Registration(district=locked.district, meeting=locked, person=person)
    registration.organisation = _registration_organisation(person, locked)
    registration.created_at = timezone.now()
    registration.attended = False
    full = locked.capacity is not None and _registered(locked).count() >= locked.capacity
    if full:
        last = Registration.objects.filter(
            meeting=locked, status=RegistrationStatus.WAITING
        ).aggregate(last=Max("position"))["last"]
        registration.status = RegistrationStatus.WAITING
        registration.position = (last or 0) + 1
    else:
        registration.status = RegistrationStatus.REGISTERED
        registration.position = None
    registration.save()
    changes: dict[str, Any] = {"registration": [None, registration.status]}
    if person.pk != actor.pk:
        changes["person"] = [None, person.pk]
    audit(actor=actor, action="meeting.register", obj=locked, changes=changes)
    return registration


def _cannot_register(actor: Any, person: Any) -> str:
    if person.pk == actor.pk:
        return _("Für dieses Treffen können Sie sich nicht anmelden.")
    return _(
        "%(name)s kann dieses Treffen nicht sehen und deshalb nicht dafür angemeldet werden."
    ) % {"name": str(person)}


def _already_registered(actor: Any, person: Any, registration: Registration) -> str:
    waiting = registration.status == RegistrationStatus.WAITING
    if person.pk == actor.pk:
        return (
            _("Sie stehen bereits auf der Warteliste.")
            if waiting
            else _("Sie sind bereits angemeldet.")
        )
    name = {"name": str(person)}
    if waiting:
        return _("%(name)s steht bereits auf der Warteliste.") % name
    return _("%(name)s ist bereits angemeldet.") % name


@transaction.atomic
def meeting_unregister(*, actor: Any, meeting: Meeting) -> Registration:
    """Cancel `actor`'s registration; a freed seat goes to the first on the waiting list."""
    locked = Meeting.objects.select_for_update().get(pk=meeting.pk)
    registration = Registration.objects.filter(
        meeting=locked,
        person=actor,
        status__in=[RegistrationStatus.REGISTERED, RegistrationStatus.WAITING],
    ).first()
    if registration is None:
        raise ValidationError(_("Sie sind für dieses Treffen nicht angemeldet."))
    if locked.has_started():
        raise ValidationError(
            _("Das Treffen hat schon begonnen; eine Abmeldung ist nicht mehr möglich.")
        )
    previous = registration.status
    registration.status = RegistrationStatus.CANCELLED
    registration.position = None
    registration.save(update_fields=["status", "position", "updated_at"])
    audit(
        actor=actor,
        action="meeting.unregister",
        obj=locked,
        changes={"registration": [previous, RegistrationStatus.CANCELLED]},
    )
    if previous == RegistrationStatus.REGISTERED:
        _promote_waiting(locked, actor=actor)
    return registration


def _promote_waiting(meeting: Meeting, *, actor: Any) -> list[Registration]:
    """Move people up from the waiting list while seats are free; they are told at once. The
    caller holds the lock on the meeting."""
    if meeting.is_cancelled or meeting.has_started():
        return []
    # Someone who can no longer see the meeting (membership ended) keeps waiting.
    waiting = Registration.objects.filter(
        meeting=meeting,
        status=RegistrationStatus.WAITING,
        person__in=audience_members(meeting),
    ).order_by("position", "created_at", "pk")
    if meeting.capacity is not None:
        free = meeting.capacity - _registered(meeting).count()
        waiting = waiting[: max(free, 0)]
    promoted = list(waiting)
    for registration in promoted:
        registration.status = RegistrationStatus.REGISTERED
        registration.position = None
        registration.save(update_fields=["status", "position", "updated_at"])
        audit(
            actor=actor,
            action="meeting.promote",
            obj=meeting,
            changes={"registration": [RegistrationStatus.WAITING, RegistrationStatus.REGISTERED]},
        )
        notify(
            recipients=audience_members(meeting).filter(pk=registration.person_id),
            category=Category.MEETINGS,
            message=gettext_noop(
                "Ein Platz ist frei geworden: Sie sind jetzt für %(title)s am %(date)s angemeldet."
            ),
            params=_params(meeting),
            target=meeting,
            url=meeting.get_absolute_url(),
            actor=actor,
            important=True,
        )
    return promoted


@transaction.atomic
def registration_set_attended(*, actor: Any, registration: Registration, attended: bool) -> None:
    _ensure_manager(actor, registration.meeting)
    if registration.status != RegistrationStatus.REGISTERED:
        raise ValidationError(_("Nur angemeldete Personen können als anwesend markiert werden."))
    if attended and not registration.meeting.has_started():
        raise ValidationError(_("Die Anwesenheit lässt sich erst ab Beginn des Treffens erfassen."))
    before = registration.attended
    registration.attended = attended
    registration.save(update_fields=["attended", "updated_at"])
    audit(
        actor=actor,
        action="meeting.attendance",
        obj=registration.meeting,
        changes={"attended": [before, attended]},
    )


# --- Minutes ----------------------------------------------------------------------------------


@transaction.atomic
def minutes_upload(*, actor: Any, meeting: Meeting, upload: Any) -> MeetingMinutes:
    """Store a new version of the minutes, checked by content (PDF, Office, ODF, text, CSV)."""
    _ensure_manager(actor, meeting)
    checked = check_upload(upload, kinds=DOCUMENT_KINDS, max_bytes=MINUTES_MAX_BYTES)
    locked = Meeting.objects.select_for_update().get(pk=meeting.pk)
    versions = MeetingMinutes.objects.filter(meeting=locked)
    latest = versions.order_by("-version").first()
    if latest is not None and latest.sha256 == checked.sha256:
        raise ValidationError(
            {"file": _("Diese Datei ist bereits als Version %d gespeichert.") % latest.version}
        )
    version = (versions.aggregate(last=Max("version"))["last"] or 0) + 1
    minutes = MeetingMinutes(
        district=locked.district,
        meeting=locked,
        version=version,
        original_name=checked.safe_name,
        content_type=checked.content_type,
        size=checked.size,
        sha256=checked.sha256,
        uploaded_by=actor,
    )
    minutes.full_clean(exclude=["file"])
    minutes.file.save(
        f"protokoll-v{version}-{secrets.token_hex(4)}.{checked.extension}",
        ContentFile(checked.data),
        save=False,
    )
    try:
        minutes.save()
    except Exception:
        minutes.file.delete(save=False)
        raise
    audit(
        actor=actor,
        action="meeting.minutes_upload",
        obj=locked,
        changes={"version": [None, version], "sha256": [None, checked.sha256]},
    )
    return minutes


# --- Follow-up tasks --------------------------------------------------------------------------

TASK_FIELDS = ["title", "owner", "owner_organisation", "due_on"]


def _check_task_owners(task: FollowUpTask) -> None:
    district = task.meeting.district
    errors: dict[str, str] = {}
    if (
        task.owner_organisation_id
        and not Organisation.objects.filter(
            pk=task.owner_organisation_id, district=district
        ).exists()
    ):
        errors["owner_organisation"] = _("Diese Organisation gehört nicht zum Kreis.")
    if (
        task.owner_id
        and not Membership.objects.filter(
            user_id=task.owner_id, district=district, is_active=True
        ).exists()
    ):
        errors["owner"] = _("Diese Person gehört nicht zum Netzwerk des Kreises.")
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def task_create(*, actor: Any, meeting: Meeting, data: dict[str, Any]) -> FollowUpTask:
    _ensure_manager(actor, meeting)
    task = FollowUpTask(district=meeting.district, meeting=meeting, created_by=actor)
    for name in TASK_FIELDS:
        setattr(task, name, data.get(name))
    task.title = (task.title or "").strip()
    task.full_clean()
    _check_task_owners(task)
    task.save()
    audit(
        actor=actor, action="meeting.task_create", obj=meeting, changes={"task": [None, task.title]}
    )
    return task


@transaction.atomic
def task_update(*, actor: Any, task: FollowUpTask, data: dict[str, Any]) -> FollowUpTask:
    _ensure_manager(actor, task.meeting)
    before = snapshot(task, TASK_FIELDS)
    for name in TASK_FIELDS:
        if name in data:
            setattr(task, name, data[name])
    task.title = (task.title or "").strip()
    task.full_clean()
    _check_task_owners(task)
    task.save()
    audit(
        actor=actor,
        action="meeting.task_update",
        obj=task.meeting,
        changes=diff(task, TASK_FIELDS, before),
    )
    return task


@transaction.atomic
def task_set_done(*, actor: Any, task: FollowUpTask, done: bool) -> FollowUpTask:
    _ensure_manager(actor, task.meeting)
    if task.done != done:
        task.done = done
        task.done_at = timezone.now() if done else None
        task.save(update_fields=["done", "done_at"])
        audit(
            actor=actor,
            action="meeting.task_done" if done else "meeting.task_reopen",
            obj=task.meeting,
            changes={"task": task.title, "done": [not done, done]},
        )
    return task


# --- Calendar feed ----------------------------------------------------------------------------


def feed_token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@transaction.atomic
def feed_token_create(*, actor: Any) -> str:
    """A new secret for the person's meeting feed; any earlier link stops working. Returns the
    secret itself, which is not stored and shown only now."""
    if not getattr(actor, "is_authenticated", False):
        raise PermissionDenied
    token = secrets.token_urlsafe(32)
    replaced = CalendarFeedToken.objects.filter(user=actor).delete()[0] > 0
    CalendarFeedToken.objects.create(user=actor, token_hash=feed_token_hash(token))
    audit(
        actor=actor, action="meeting.feed_token_renew" if replaced else "meeting.feed_token_create"
    )
    return token


@transaction.atomic
def feed_token_revoke(*, actor: Any) -> bool:
    deleted = CalendarFeedToken.objects.filter(user=actor).delete()[0] > 0
    if deleted:
        audit(actor=actor, action="meeting.feed_token_revoke")
    return deleted


def feed_token_user(token: str) -> Any:
    """The active person behind a feed secret, or None; notes when the feed was fetched."""
    if not token or len(token) > 100:
        return None
    row = (
        CalendarFeedToken.objects.select_related("user")
        .filter(token_hash=feed_token_hash(token), user__is_active=True)
        .first()
    )
    if row is None:
        return None
    now = timezone.now()
    if row.last_used_at is None or now - row.last_used_at > dt.timedelta(minutes=10):
        CalendarFeedToken.objects.filter(pk=row.pk).update(last_used_at=now)
    return row.user
