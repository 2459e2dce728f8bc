"""The minutes of a meeting: uploading a version and downloading one."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from core.scoping import get_visible_or_404
from core.uploads import download_response
from ui.kit import current_district, owned_or_404, submitted

from ...forms.meetings import MinutesForm
from ...models.meetings import Meeting, MeetingMinutes
from ...permissions import can_manage_meeting
from ...selectors import meetings as selectors
from ...services import meetings as services
from ..common import member_required


@member_required
def meeting_minutes(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = owned_or_404(Meeting, request, pk, can_manage_meeting)
    form = MinutesForm(
        request.POST if request.method == "POST" else None,
        request.FILES if request.method == "POST" else None,
    )
    if submitted(
        request,
        form,
        lambda: services.minutes_upload(
            actor=request.user, meeting=meeting, upload=form.cleaned_data["file"]
        ),
        _("Das Protokoll ist gespeichert."),
        denial="error",
    ):
        return redirect(meeting.get_absolute_url() + "#protokoll")
    context = {
        "form": form,
        "meeting": meeting,
        "minutes": list(selectors.minutes_versions(meeting)),
    }
    return TemplateResponse(request, "exchange/meetings/minutes.html", context)


@require_GET
@member_required
def meeting_minutes_download(request: HttpRequest, pk: int) -> HttpResponseBase:
    minutes = get_visible_or_404(
        MeetingMinutes, request.user, pk=pk, district=current_district(request)
    )
    try:
        handle = minutes.file.open("rb")
    except (FileNotFoundError, ValueError) as exc:
        raise Http404 from exc
    return download_response(
        handle, filename=minutes.original_name, content_type=minutes.content_type
    )
