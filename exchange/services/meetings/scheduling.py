"""Planning meetings: create (with the invitations), update and cancel."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from core.audit import audit, diff, snapshot
from core.richtext import from_user_input
from districts.audience import audience_apply, audience_members
from districts.models import District, Organisation
from exchange.notify import Category
from notifications.services import notify

from ...models.meetings import Meeting, MeetingStatus, Registration, RegistrationStatus
from ...permissions import can_organise_meeting, organiser_organisations
from .common import _ensure_manager, _params, _participants, _registered
from .registrations import _promote_waiting

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
_NULLABLE = {"capacity", "registration_until", "starts_at", "ends_at"}


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
