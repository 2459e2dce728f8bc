"""The follow-up tasks of a meeting: the list with a form for a new one, edit, done."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ui.kit import act, owned_or_404, submitted

from ...forms.meetings import TaskForm
from ...models.meetings import FollowUpTask, Meeting
from ...permissions import can_manage_meeting
from ...selectors import meetings as selectors
from ...services import meetings as services
from ..common import member_required
from .common import _child


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
