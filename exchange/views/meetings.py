"""Pages of the meetings area under /austausch/treffen/: the list, a meeting with registration,
planning (create, edit, cancel), attendance, minutes, follow-up tasks, the .ics file of a meeting
and the personal calendar feed behind a secret link."""

from __future__ import annotations

import csv
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import URLPattern, path
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from core.scoping import get_visible_or_404
from core.uploads import download_response
from districts.audience import audience_label
from ui.kit import act, current_district, guarded, is_htmx, owned_or_404, submitted

from ..forms.meetings import (
    KindFilterForm,
    MeetingForm,
    MinutesForm,
    RegisterPersonForm,
    TaskForm,
)
from ..models.meetings import (
    CalendarFeedToken,
    FollowUpTask,
    Meeting,
    MeetingMinutes,
    Registration,
    RegistrationStatus,
)
from ..permissions import can_manage_meeting, can_organise_meeting, organiser_organisations
from ..selectors import meetings as selectors
from ..services import meetings as services
from .common import member_required

FEED_SESSION_KEY = "exchange_meeting_feed_url"


# --- helpers ----------------------------------------------------------------------------------


def _meeting(request: HttpRequest, pk: int) -> Meeting:
    return get_visible_or_404(Meeting, request.user, pk=pk, district=current_district(request))


def _child(request: HttpRequest, model: Any, pk: int) -> Any:
    row = get_visible_or_404(model, request.user, pk=pk, district=current_district(request))
    if not can_manage_meeting(request.user, row.meeting):
        raise Http404
    return row


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


# --- list and detail --------------------------------------------------------------------------


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
    try:
        registration = services.meeting_register(actor=request.user, meeting=meeting)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        if registration.status == RegistrationStatus.WAITING:
            messages.info(
                request,
                _(
                    "Alle Plätze sind vergeben. Sie stehen auf der Warteliste und werden "
                    "benachrichtigt, sobald ein Platz für Sie frei wird."
                ),
            )
        else:
            messages.success(request, _("Sie sind angemeldet."))
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


@require_GET
@member_required
def meeting_ical(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _meeting(request, pk)
    body = selectors.build_calendar([meeting], name=meeting.title)
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    name = slugify(meeting.title)[:60] or "treffen"
    response["Content-Disposition"] = f'attachment; filename="{name}.ics"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


# --- planning ---------------------------------------------------------------------------------


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


# --- attendance -------------------------------------------------------------------------------


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
    try:
        registration = services.meeting_register_person(
            actor=request.user, meeting=meeting, person=person
        )
    except (ValidationError, PermissionDenied) as exc:
        for message in getattr(exc, "messages", [str(exc)]):
            messages.error(request, message)
    else:
        if registration.status == RegistrationStatus.WAITING:
            messages.info(
                request,
                _("Alle Plätze sind vergeben. %(name)s steht jetzt auf der Warteliste.")
                % {"name": name},
            )
        else:
            messages.success(request, _("%(name)s ist angemeldet.") % {"name": name})
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


# --- minutes ----------------------------------------------------------------------------------


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


# --- follow-up tasks --------------------------------------------------------------------------


@member_required
def meeting_tasks(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = owned_or_404(Meeting, request, pk, can_manage_meeting)
    form = TaskForm(request.POST if request.method == "POST" else None, district=meeting.district)
    if submitted(
        request,
        form,
        lambda: services.task_create(actor=request.user, meeting=meeting, data=form.cleaned_data),
        _("Die Aufgabe ist angelegt."),
        denial="error",
    ):
        return redirect("exchange:meeting_tasks", pk=meeting.pk)
    context = {
        "form": form,
        "meeting": meeting,
        "tasks": list(selectors.follow_up_tasks(meeting)),
        "today": timezone.localdate(),
    }
    return TemplateResponse(request, "exchange/meetings/tasks.html", context)


@member_required
def meeting_task_edit(request: HttpRequest, pk: int) -> HttpResponse:
    task: FollowUpTask = _child(request, FollowUpTask, pk)
    form = TaskForm(
        request.POST if request.method == "POST" else None,
        initial={
            "title": task.title,
            "owner": task.owner_id,
            "owner_organisation": task.owner_organisation_id,
            "due_on": task.due_on,
        },
        district=task.meeting.district,
    )
    if submitted(
        request,
        form,
        lambda: services.task_update(actor=request.user, task=task, data=form.cleaned_data),
        _("Die Aufgabe ist gespeichert."),
        denial="error",
    ):
        return redirect("exchange:meeting_tasks", pk=task.meeting_id)
    return TemplateResponse(
        request, "exchange/meetings/task_form.html", {"form": form, "task": task}
    )


@require_POST
@member_required
def meeting_task_done(request: HttpRequest, pk: int) -> HttpResponse:
    task: FollowUpTask = _child(request, FollowUpTask, pk)
    done = request.POST.get("done") == "1"
    act(
        request,
        lambda: services.task_set_done(actor=request.user, task=task, done=done),
        _("Die Aufgabe ist erledigt.") if done else _("Die Aufgabe ist wieder offen."),
        denial="error",
    )
    return redirect("exchange:meeting_tasks", pk=task.meeting_id)


# --- personal calendar feed -------------------------------------------------------------------


@never_cache
@member_required
def meeting_calendar_settings(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        action = request.POST.get("action")
        if action == "new":
            token = services.feed_token_create(actor=request.user)
            # Kept in the session only until the next page has shown it once.
            request.session[FEED_SESSION_KEY] = selectors.feed_url(token)
        elif action == "revoke" and services.feed_token_revoke(actor=request.user):
            messages.success(
                request, _("Der Kalender-Link ist gelöscht; er funktioniert nicht mehr.")
            )
        return redirect("exchange:meeting_calendar_settings")
    feed = CalendarFeedToken.objects.filter(user_id=request.user.pk or 0).first()
    context = {"feed": feed, "new_url": request.session.pop(FEED_SESSION_KEY, "")}
    return TemplateResponse(request, "exchange/meetings/calendar_settings.html", context)


@require_GET
def meeting_feed(request: HttpRequest, token: str) -> HttpResponse:
    """The person's meetings as a calendar subscription; the secret in the link is the key."""
    user = services.feed_token_user(token)
    if user is None:
        raise Http404
    body = selectors.build_calendar(selectors.feed_meetings(user), name=_("Lotse – meine Treffen"))
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    response["Referrer-Policy"] = "no-referrer"
    return response


urlpatterns: list[URLPattern] = [
    path("treffen/", meeting_list, name="meeting_list"),
    path("treffen/neu/", meeting_create, name="meeting_create"),
    path("treffen/kalender/", meeting_calendar_settings, name="meeting_calendar_settings"),
    path("treffen/kalender/<str:token>.ics", meeting_feed, name="meeting_feed"),
    path("treffen/<int:pk>/", meeting_detail, name="meeting_detail"),
    path("treffen/<int:pk>/bearbeiten/", meeting_edit, name="meeting_edit"),
    path("treffen/<int:pk>/absagen/", meeting_cancel, name="meeting_cancel"),
    path("treffen/<int:pk>/anmelden/", meeting_register, name="meeting_register"),
    path("treffen/<int:pk>/abmelden/", meeting_unregister, name="meeting_unregister"),
    path("treffen/<int:pk>/kalender.ics", meeting_ical, name="meeting_ical"),
    path("treffen/<int:pk>/teilnehmende/", meeting_attendance, name="meeting_attendance"),
    path(
        "treffen/<int:pk>/teilnehmende/anmelden/",
        meeting_register_person,
        name="meeting_register_person",
    ),
    path(
        "treffen/<int:pk>/teilnehmende.csv", meeting_attendance_csv, name="meeting_attendance_csv"
    ),
    path("treffen/anmeldungen/<int:pk>/anwesend/", meeting_attended, name="meeting_attended"),
    path("treffen/<int:pk>/protokoll/", meeting_minutes, name="meeting_minutes"),
    path("treffen/protokolle/<int:pk>/", meeting_minutes_download, name="meeting_minutes_download"),
    path("treffen/<int:pk>/aufgaben/", meeting_tasks, name="meeting_tasks"),
    path("treffen/aufgaben/<int:pk>/", meeting_task_edit, name="meeting_task_edit"),
    path("treffen/aufgaben/<int:pk>/erledigt/", meeting_task_done, name="meeting_task_done"),
]
