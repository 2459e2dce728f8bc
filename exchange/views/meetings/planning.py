"""Planning a meeting: create, edit and cancel."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from ui.kit import act, current_district, guarded, owned_or_404, submitted

from ...forms.meetings import MeetingForm
from ...models.meetings import Meeting
from ...permissions import can_manage_meeting, can_organise_meeting, organiser_organisations
from ...selectors import meetings as selectors
from ...services import meetings as services
from ..common import member_required


def _initial(meeting: Meeting) -> dict[str, Any]:
    initial = {name: getattr(meeting, name) for name in services.MEETING_FIELDS}
    for name in ("starts_at", "ends_at", "registration_until"):
        if initial[name]:
            initial[name] = timezone.localtime(initial[name])
    initial.update(
        organisation=meeting.author_organisation_id,
        audience=meeting.audience,
        organisations=list(meeting.organisations.all()),
        include_volunteers=meeting.include_volunteers,
    )
    return initial


@guarded(can_organise_meeting)
def meeting_create(request: HttpRequest) -> HttpResponse:
    district = current_district(request)
    assert district is not None  # noqa: S101 - guaranteed by the guard
    form = MeetingForm(
        request.POST if request.method == "POST" else None,
        district=district,
        organiser_ids=organiser_organisations(request.user, district),
    )
    created: list[Meeting] = []
    if submitted(
        request,
        form,
        lambda: created.append(
            services.meeting_create(
                actor=request.user,
                district=district,
                organisation=form.cleaned_data["organisation"],
                data=form.meeting_data(),
                **form.audience_data(),
            )
        ),
        _(
            "Das Treffen ist angelegt. Wer es sehen kann, wird benachrichtigt, wenn es noch "
            "bevorsteht."
        ),
        denial="error",
    ):
        return redirect(created[0].get_absolute_url())
    return TemplateResponse(request, "exchange/meetings/form.html", {"form": form})


@member_required
def meeting_edit(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = owned_or_404(Meeting, request, pk, can_manage_meeting)
    organisers = set(organiser_organisations(request.user, meeting.district))
    if meeting.author_organisation_id:
        organisers.add(meeting.author_organisation_id)
    form = MeetingForm(
        request.POST if request.method == "POST" else None,
        initial=_initial(meeting),
        district=meeting.district,
        organiser_ids=sorted(organisers),
        organisation_fixed=True,
    )
    if submitted(
        request,
        form,
        lambda: services.meeting_update(
            actor=request.user, meeting=meeting, data=form.meeting_data(), **form.audience_data()
        ),
        _("Die Änderungen sind gespeichert."),
        denial="error",
    ):
        return redirect(meeting.get_absolute_url())
    return TemplateResponse(
        request, "exchange/meetings/form.html", {"form": form, "meeting": meeting}
    )


@member_required
def meeting_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = owned_or_404(Meeting, request, pk, can_manage_meeting)
    if request.method == "POST" and act(
        request,
        lambda: services.meeting_cancel(actor=request.user, meeting=meeting),
        _("Das Treffen ist abgesagt; die Angemeldeten wurden benachrichtigt."),
        denial="error",
    ):
        return redirect(meeting.get_absolute_url())
    context = {"meeting": selectors.meeting_with_status(request.user, meeting)}
    return TemplateResponse(request, "exchange/meetings/cancel.html", context)
