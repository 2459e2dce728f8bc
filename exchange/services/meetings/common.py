"""Helpers the meeting writes share: the organiser check, the parameters of every message
and who is registered."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.utils import timezone
from django.utils.translation import gettext as _

from districts.audience import audience_members

from ...models.meetings import Meeting, Registration, RegistrationStatus
from ...permissions import can_manage_meeting


def _ensure_manager(actor: Any, meeting: Meeting) -> None:
    if not can_manage_meeting(actor, meeting):
        raise PermissionDenied(_("Sie organisieren dieses Treffen nicht."))


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
