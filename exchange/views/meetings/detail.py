"""The list of meetings, a meeting's page and registering for it (with htmx)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from districts.audience import audience_label
from ui.kit import Notice, act, current_district, is_htmx

from ...forms.meetings import KindFilterForm
from ...models.meetings import CalendarFeedToken, Meeting, Registration, RegistrationStatus
from ...permissions import can_manage_meeting, can_organise_meeting
from ...selectors import meetings as selectors
from ...services import meetings as services
from ..common import member_required
from .common import _meeting


@member_required
def meeting_list(request: HttpRequest) -> HttpResponse:
    district = current_district(request)
    past = request.GET.get("zeit") == "vergangen"
    filters = KindFilterForm(request.GET or None)
    kind = filters.cleaned_data.get("art", "") if filters.is_valid() else ""
    meetings = list(selectors.meeting_list(request.user, district, past=past, kind=kind))
    context = {
        "meetings": meetings,
        "past": past,
        "filters": filters,
        "can_organise": can_organise_meeting(request.user, district),
        "now": timezone.now(),
    }
    return TemplateResponse(request, "exchange/meetings/list.html", context)


def _detail_context(request: HttpRequest, meeting: Meeting) -> dict[str, Any]:
    meeting = selectors.meeting_with_status(request.user, meeting)
    registration = selectors.my_registration(request.user, meeting)
    can_manage = can_manage_meeting(request.user, meeting)
    return {
        "meeting": meeting,
        "registration": registration,
        "waiting_position": selectors.waiting_position(registration),
        "seats_left": selectors.seats_left(meeting),
        "registration_open": selectors.registration_is_open_for(meeting),
        "can_manage": can_manage,
        "audience": audience_label(meeting),
        "minutes": list(selectors.minutes_versions(meeting)),
        "tasks": list(selectors.follow_up_tasks(meeting)),
        "today": timezone.localdate(),
        "has_feed": CalendarFeedToken.objects.filter(user_id=request.user.pk or 0).exists(),
    }


@member_required
def meeting_detail(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _meeting(request, pk)
    return TemplateResponse(
        request, "exchange/meetings/detail.html", _detail_context(request, meeting)
    )


def _registration_response(request: HttpRequest, meeting: Meeting) -> HttpResponse:
    """htmx swaps the registration box (with its message); without JS back to the page."""
    if is_htmx(request):
        context = _detail_context(request, meeting)
        context["box_messages"] = list(messages.get_messages(request))
        return TemplateResponse(request, "exchange/meetings/detail.html#registration", context)
    return redirect(meeting.get_absolute_url() + "#anmeldung")


@require_POST
@member_required
def meeting_register(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _meeting(request, pk)

    def said(registration: Registration) -> str | Notice:
        if registration.status == RegistrationStatus.WAITING:
            return Notice(
                _(
                    "Alle Plätze sind vergeben. Sie stehen auf der Warteliste und werden "
                    "benachrichtigt, sobald ein Platz für Sie frei wird."
                )
            )
        return _("Sie sind angemeldet.")

    act(request, lambda: services.meeting_register(actor=request.user, meeting=meeting), said)
    return _registration_response(request, meeting)


@require_POST
@member_required
def meeting_unregister(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _meeting(request, pk)
    act(
        request,
        lambda: services.meeting_unregister(actor=request.user, meeting=meeting),
        _("Sie sind abgemeldet."),
        denial="error",
    )
    return _registration_response(request, meeting)
