"""Reads of the meetings area: lists with the person's status, the attendance list, what is new,
and the meetings as iCalendar."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.db.models import Count, OuterRef, Q, QuerySet, Subquery
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy
from icalendar import Calendar
from icalendar import Event as VEvent

from core.richtext import plain_text

from ..activity import Activity
from ..models.meetings import (
    FollowUpTask,
    Meeting,
    MeetingKind,
    MeetingMinutes,
    Registration,
    RegistrationStatus,
)


def with_status(meetings: QuerySet[Meeting], user: Any) -> QuerySet[Meeting]:
    """Annotate `registered_count`, `waiting_count` and the person's own `my_status`."""
    mine = Registration.objects.filter(meeting=OuterRef("pk"), person_id=user.pk).values("status")[
        :1
    ]
    return meetings.annotate(
        registered_count=Count(
            "registrations", filter=Q(registrations__status=RegistrationStatus.REGISTERED)
        ),
        waiting_count=Count(
            "registrations", filter=Q(registrations__status=RegistrationStatus.WAITING)
        ),
        my_status=Subquery(mine),
    ).select_related("author_organisation")


def meeting_list(
    user: Any, district: Any, *, past: bool = False, kind: str = "", now: dt.datetime | None = None
) -> QuerySet[Meeting]:
    """Meetings the person may see: upcoming ones soonest first, or past ones latest first."""
    now = now or timezone.now()
    meetings = Meeting.objects.visible_to(user).for_district(district)
    if kind:
        meetings = meetings.filter(kind=kind)
    if past:
        meetings = meetings.past(now).order_by("-starts_at", "-pk")
    else:
        meetings = meetings.upcoming(now).order_by("starts_at", "pk")
    return with_status(meetings, user)


def meeting_with_status(user: Any, meeting: Meeting) -> Meeting:
    """The meeting again with its counts and the person's status (for the detail page)."""
    return with_status(Meeting.objects.filter(pk=meeting.pk), user).get()


def seats_left(meeting: Meeting) -> int | None:
    if meeting.capacity is None:
        return None
    return max(meeting.capacity - getattr(meeting, "registered_count", 0), 0)


def my_registration(user: Any, meeting: Meeting) -> Registration | None:
    return Registration.objects.filter(meeting=meeting, person_id=user.pk).first()


def waiting_position(registration: Registration | None) -> int | None:
    """1 for the first on the waiting list, counting only people still waiting."""
    if registration is None or registration.status != RegistrationStatus.WAITING:
        return None
    ahead = Registration.objects.filter(
        meeting_id=registration.meeting_id,
        status=RegistrationStatus.WAITING,
        position__lt=registration.position or 0,
    ).count()
    return ahead + 1


def attendance(meeting: Meeting) -> list[Registration]:
    """Registered people first, then the waiting list in its order."""
    rows = (
        Registration.objects.filter(
            meeting=meeting,
            status__in=[RegistrationStatus.REGISTERED, RegistrationStatus.WAITING],
        )
        .select_related("person", "organisation")
        # "registered" sorts before "waiting".
        .order_by("status", "position", "created_at", "pk")
    )
    return list(rows)


def minutes_versions(meeting: Meeting) -> QuerySet[MeetingMinutes]:
    return MeetingMinutes.objects.filter(meeting=meeting).select_related("uploaded_by")


def follow_up_tasks(meeting: Meeting) -> QuerySet[FollowUpTask]:
    return FollowUpTask.objects.filter(meeting=meeting).select_related(
        "owner", "owner_organisation"
    )


def registration_is_open_for(meeting: Meeting, now: dt.datetime | None = None) -> bool:
    return meeting.registration_open(now) and not meeting.has_started(now)


# --- What is new ------------------------------------------------------------------------------


def recent_activity(user: Any, district: Any, *, limit: int = 10) -> list[Activity]:
    """Upcoming meetings the person may see, the next one first, with an "Anmelden" action
    while registration is open and they are neither registered nor waiting. Two queries."""
    if district is None or not getattr(user, "is_authenticated", False):
        return []
    now = timezone.now()
    meetings = with_status(
        Meeting.objects.visible_to(user).for_district(district).upcoming(now), user
    ).order_by("starts_at", "pk")[:limit]
    rows = []
    for meeting in meetings:
        url = meeting.get_absolute_url()
        action = None
        status = meeting.my_status  # type: ignore[attr-defined]
        if status == RegistrationStatus.REGISTERED:
            summary = _("Sie sind angemeldet")
        elif status == RegistrationStatus.WAITING:
            summary = _("Sie stehen auf der Warteliste")
        elif meeting.is_cancelled:
            summary = _("abgesagt")
        else:
            summary = ""
            if registration_is_open_for(meeting, now):
                full = meeting.capacity is not None and (
                    meeting.registered_count >= meeting.capacity  # type: ignore[attr-defined]
                )
                label = (
                    gettext_lazy("Auf die Warteliste")
                    if full
                    else pgettext_lazy("Treffen", "Anmelden")
                )
                action = {"label": label, "url": f"{url}#anmeldung"}
        when_text = date_format(timezone.localtime(meeting.starts_at), "SHORT_DATETIME_FORMAT")
        summary = f"{meeting.get_kind_display()} · {when_text}" + (
            f" · {summary}" if summary else ""
        )
        rows.append(
            Activity(
                kind=gettext_lazy("Treffen"),
                title=meeting.title,
                url=url,
                when=meeting.created_at,
                summary=summary,
                organisation=(
                    meeting.author_organisation.name if meeting.author_organisation else ""
                ),
                action=action,
            )
        )
    return rows


# --- iCalendar --------------------------------------------------------------------------------


def meeting_uid(meeting: Meeting) -> str:
    host = urlsplit(settings.SITE_URL).hostname or "lotse"
    return f"lotse-meeting-{meeting.pk}@{host}"


EMAIL = re.compile(r"[\w.+-]+@[\w-]+(\.[\w-]+)+")


def _no_addresses(text: str) -> str:
    return EMAIL.sub("[…]", text)


def _location(meeting: Meeting) -> str:
    return _no_addresses(meeting.place or meeting.online_url)


def _description(meeting: Meeting) -> str:
    """Plain text for calendars: description, agenda and the online link; no people."""
    parts = []
    if meeting.kind != MeetingKind.NETWORK or meeting.phase:
        kind = meeting.get_kind_display()
        parts.append(f"{kind}: {meeting.get_phase_display()}" if meeting.phase else str(kind))
    if meeting.description:
        parts.append(plain_text(meeting.description))
    if meeting.agenda:
        parts.append(_("Tagesordnung:") + "\n" + plain_text(meeting.agenda))
    if meeting.online_url and meeting.place:
        parts.append(_("Online-Link:") + " " + meeting.online_url)
    return _no_addresses("\n\n".join(part for part in parts if part))


def build_calendar(meetings: Iterable[Meeting], *, name: str) -> bytes:
    """A VCALENDAR of meetings, times in UTC. Only what describes the meeting goes in: title,
    time, place, link and description as plain text. No participant, no author and no e-mail
    address appears in a calendar file (addresses typed into the text are left out)."""
    calendar = Calendar()
    calendar.add("prodid", "-//Lotse//Austausch//DE")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", name)
    for meeting in meetings:
        event = VEvent()
        event.add("uid", meeting_uid(meeting))
        event.add("dtstamp", meeting.updated_at.astimezone(dt.UTC))
        event.add("last-modified", meeting.updated_at.astimezone(dt.UTC))
        event.add("created", meeting.created_at.astimezone(dt.UTC))
        event.add("dtstart", meeting.starts_at.astimezone(dt.UTC))
        event.add("dtend", meeting.ends_at.astimezone(dt.UTC))
        event.add("summary", _no_addresses(meeting.title))
        location = _location(meeting)
        if location:
            event.add("location", location)
        event.add("url", settings.SITE_URL + meeting.get_absolute_url())
        description = _description(meeting)
        if description:
            event.add("description", description)
        event.add("status", "CANCELLED" if meeting.is_cancelled else "CONFIRMED")
        event.add("sequence", int(meeting.updated_at.timestamp()) % 2_000_000_000)
        calendar.add_component(event)
    return calendar.to_ical()


def feed_meetings(user: Any) -> QuerySet[Meeting]:
    """The meetings of a person's feed: registered (not waiting, not cancelled) and still
    visible to them now – in every district where they are a member."""
    registered = Registration.objects.filter(
        person_id=user.pk, status=RegistrationStatus.REGISTERED
    ).values("meeting_id")
    since = timezone.now() - dt.timedelta(days=180)
    return (
        Meeting.objects.visible_to(user)
        .filter(pk__in=registered, ends_at__gte=since)
        .order_by("starts_at", "pk")
    )


def feed_url(token: str) -> str:
    return settings.SITE_URL + reverse("exchange:meeting_feed", args=[token])
