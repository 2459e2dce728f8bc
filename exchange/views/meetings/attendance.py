"""Who comes: the attendance list (also as CSV), registering someone else and marking who
attended."""

from __future__ import annotations

import csv

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ui.kit import Notice, act, owned_or_404

from ...forms.meetings import RegisterPersonForm
from ...models.meetings import Meeting, Registration, RegistrationStatus
from ...permissions import can_manage_meeting
from ...selectors import meetings as selectors
from ...services import meetings as services
from ..common import member_required
from .common import _child


@member_required
def meeting_attendance(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = owned_or_404(Meeting, request, pk, can_manage_meeting)
    context = {
        "meeting": selectors.meeting_with_status(request.user, meeting),
        "rows": selectors.attendance(meeting),
        "started": meeting.has_started(),
        "register_form": RegisterPersonForm(meeting=meeting),
    }
    return TemplateResponse(request, "exchange/meetings/attendance.html", context)


@require_POST
@member_required
def meeting_register_person(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = owned_or_404(Meeting, request, pk, can_manage_meeting)
    form = RegisterPersonForm(request.POST, meeting=meeting)
    if not form.is_valid():
        messages.error(request, _("Bitte wählen Sie eine Person aus der Liste."))
        return redirect("exchange:meeting_attendance", pk=meeting.pk)
    person = form.cleaned_data["person"]
    name = str(person)

    def said(registration: Registration) -> str | Notice:
        if registration.status == RegistrationStatus.WAITING:
            return Notice(
                _("Alle Plätze sind vergeben. %(name)s steht jetzt auf der Warteliste.")
                % {"name": name}
            )
        return _("%(name)s ist angemeldet.") % {"name": name}

    act(
        request,
        lambda: services.meeting_register_person(
            actor=request.user, meeting=meeting, person=person
        ),
        said,
        denial="error",
    )
    return redirect("exchange:meeting_attendance", pk=meeting.pk)


@member_required
def meeting_attendance_csv(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = owned_or_404(Meeting, request, pk, can_manage_meeting)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    name = slugify(meeting.title)[:60] or "treffen"
    response["Content-Disposition"] = f'attachment; filename="teilnehmende-{name}.csv"'
    response.write("\ufeff")  # Excel opens UTF-8 with the byte-order mark correctly
    writer = csv.writer(response, delimiter=";")
    writer.writerow(
        [
            _("Name"),
            _("Organisation"),
            _("Status"),
            _("Warteliste"),
            _("angemeldet am"),
            _("teilgenommen"),
        ]
    )
    for row in selectors.attendance(meeting):
        writer.writerow(
            [
                _csv_safe(str(row.person)),
                _csv_safe(row.organisation.name if row.organisation else ""),
                row.get_status_display(),
                row.position or "",
                timezone.localtime(row.created_at).strftime("%d.%m.%Y %H:%M"),
                _("ja") if row.attended else _("nein"),
            ]
        )
    return response


def _csv_safe(value: str) -> str:
    """Spreadsheets run cells that start with = + - @ as formulas."""
    return "'" + value if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value


@require_POST
@member_required
def meeting_attended(request: HttpRequest, pk: int) -> HttpResponse:
    registration = _child(request, Registration, pk)
    attended = request.POST.get("attended") == "1"
    act(
        request,
        lambda: services.registration_set_attended(
            actor=request.user, registration=registration, attended=attended
        ),
        _("Die Anwesenheit ist gespeichert."),
        denial="error",
    )
    return redirect("exchange:meeting_attendance", pk=registration.meeting_id)
