"""Pages of the discussions area under /austausch/diskussionen/: the list with search and filters,
a thread with its replies, writing and editing, closing, the solution and subscriptions.

A thread the person may not see is missing (404), as is anything they may see but not change.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import URLPattern, path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.scoping import get_visible_or_404
from districts.audience import audience_label
from districts.models import Topic
from ui.forms import saved_through
from ui.kit import act, guarded, is_htmx, owned_or_404, request_district

from ..forms.discussions import ReplyForm, ThreadFilterForm, ThreadForm
from ..models.discussions import Reply, Thread
from ..permissions import (
    can_close_thread,
    can_edit_reply,
    can_edit_thread,
    can_mark_solution,
    can_reply,
    can_start_thread,
    is_exchange_coordinator,
    writes_for_volunteers,
)
from ..selectors import discussions as selectors
from ..services import discussions as services
from .common import member_required

PAGE_SIZE = 20


# --- helpers ----------------------------------------------------------------------------------


def _thread(request: HttpRequest, pk: int) -> Thread:
    return get_visible_or_404(Thread, request.user, pk=pk, district=request_district(request))


def _detail_context(
    request: HttpRequest, thread: Thread, reply_form: ReplyForm | None = None, **extra: Any
) -> dict[str, Any]:
    user = request.user
    # A closed thread is frozen; only the coordinators still tidy it up.
    changeable = thread.is_open or is_exchange_coordinator(user, thread.district)
    replies = selectors.thread_replies(thread)
    for reply in replies:
        reply.editable = changeable and can_edit_reply(user, reply)  # type: ignore[attr-defined]
    solution = next((r for r in replies if r.pk == thread.solution_id), None)
    replying = can_reply(user, thread)
    if replying and reply_form is None:
        reply_form = ReplyForm(district=thread.district)
    return {
        "thread": thread,
        "replies": replies,
        "solution": solution,
        "audience": audience_label(thread),
        "mentioned_organisations": thread.mentioned_organisations.order_by("name"),
        "mentioned_people": thread.mentioned_people.order_by("name"),
        "can_reply": replying,
        "can_edit": changeable and can_edit_thread(user, thread),
        "can_close": can_close_thread(user, thread),
        "can_mark": can_mark_solution(user, thread),
        "subscribed": selectors.is_subscribed(user, thread),
        "reply_form": reply_form,
        **extra,
    }


# --- list -------------------------------------------------------------------------------------


@member_required
def thread_list(request: HttpRequest) -> HttpResponse:
    district = request_district(request)
    topics = (
        Topic.objects.for_district(district).filter(is_active=True).order_by("position", "name")
    )
    filters = ThreadFilterForm(request.GET or None, topics=topics)
    values = filters.cleaned_data if filters.is_valid() else {}
    threads = selectors.threads_for(
        request.user,
        district,
        q=values.get("q") or "",
        topic=values.get("topic"),
        status=values.get("status") or "",
    )
    page = Paginator(threads, PAGE_SIZE).get_page(request.GET.get("seite"))
    query = request.GET.copy()
    query.pop("seite", None)
    context = {
        "filters": filters,
        "page": page,
        "threads": page.object_list,
        "query": query.urlencode(),
        "searching": bool(values.get("q")),
        "can_start": can_start_thread(request.user, district),
    }
    template = "exchange/discussions/list.html"
    return TemplateResponse(
        request, f"{template}#results" if is_htmx(request) else template, context
    )


# --- threads ----------------------------------------------------------------------------------


@guarded(can_start_thread)
def thread_create(request: HttpRequest) -> HttpResponse:
    district = request_district(request)
    volunteer_only = writes_for_volunteers(request.user, district)
    form = ThreadForm(request.POST or None, district=district, volunteer_only=volunteer_only)
    if request.method == "POST":
        thread = saved_through(
            form,
            lambda: services.thread_create(
                actor=request.user, district=district, **form.service_data()
            ),
        )
        if thread is not None:
            messages.success(request, _("Ihre Diskussion ist eröffnet."))
            return redirect(thread)
    return TemplateResponse(
        request, "exchange/discussions/form.html", {"form": form, "thread": None}
    )


@member_required
def thread_detail(request: HttpRequest, pk: int) -> HttpResponse:
    thread = _thread(request, pk)
    return TemplateResponse(
        request, "exchange/discussions/detail.html", _detail_context(request, thread)
    )


@member_required
def thread_edit(request: HttpRequest, pk: int) -> HttpResponse:
    thread = owned_or_404(Thread, request, pk, can_edit_thread)
    district = thread.district
    initial = {
        "title": thread.title,
        "topic": thread.topic_id,
        "body": thread.body,
        "audience": thread.audience,
        "organisations": list(thread.organisations.values_list("pk", flat=True)),
        "include_volunteers": thread.include_volunteers,
        "mentioned_organisations": list(
            thread.mentioned_organisations.values_list("pk", flat=True)
        ),
        "mentioned_people": list(thread.mentioned_people.values_list("pk", flat=True)),
    }
    form = ThreadForm(
        request.POST or None,
        initial=initial,
        district=district,
        volunteer_only=writes_for_volunteers(request.user, district),
    )
    if request.method == "POST":
        saved = saved_through(
            form,
            lambda: services.thread_update(
                actor=request.user, thread=thread, **form.service_data()
            ),
        )
        if saved is not None:
            messages.success(request, _("Die Diskussion ist gespeichert."))
            return redirect(saved)
    return TemplateResponse(
        request, "exchange/discussions/form.html", {"form": form, "thread": thread}
    )


@require_POST
@member_required
def thread_close(request: HttpRequest, pk: int) -> HttpResponse:
    thread = _thread(request, pk)
    act(
        request,
        lambda: services.thread_close(actor=request.user, thread=thread),
        _("Die Diskussion ist geschlossen."),
        denial="not_found",
    )
    return redirect(thread)


@require_POST
@member_required
def thread_reopen(request: HttpRequest, pk: int) -> HttpResponse:
    thread = _thread(request, pk)
    act(
        request,
        lambda: services.thread_reopen(actor=request.user, thread=thread),
        _("Die Diskussion ist wieder offen."),
        denial="not_found",
    )
    return redirect(thread)


@require_POST
@member_required
def thread_subscription(request: HttpRequest, pk: int) -> HttpResponse:
    thread = _thread(request, pk)
    if request.POST.get("subscribed") == "1":
        act(
            request,
            lambda: services.thread_subscribe(actor=request.user, thread=thread),
            _("Sie folgen dieser Diskussion und werden über neue Antworten benachrichtigt."),
            denial="not_found",
        )
    else:
        act(
            request,
            lambda: services.thread_unsubscribe(actor=request.user, thread=thread),
            _("Sie folgen dieser Diskussion nicht mehr."),
            denial="not_found",
        )
    return redirect(thread)


@require_POST
@member_required
def thread_solution(request: HttpRequest, pk: int) -> HttpResponse:
    thread = owned_or_404(Thread, request, pk, can_mark_solution)
    raw = request.POST.get("reply", "")
    reply = None
    if raw:
        reply = (
            thread.replies.filter(pk=int(raw)).first() if raw.isdigit() and len(raw) < 19 else None
        )
        if reply is None:
            messages.error(request, _("Diese Antwort gibt es in dieser Diskussion nicht."))
            return redirect(thread)
    act(
        request,
        lambda: services.reply_mark_solution(actor=request.user, thread=thread, reply=reply),
        _("Die Antwort ist als Lösung markiert.") if reply else _("Die Markierung ist entfernt."),
        denial="not_found",
    )
    return redirect(thread)


# --- replies ----------------------------------------------------------------------------------


@require_POST
@member_required
def thread_reply(request: HttpRequest, pk: int) -> HttpResponse:
    thread = _thread(request, pk)
    form = ReplyForm(request.POST, district=thread.district)
    reply = saved_through(
        form,
        lambda: services.reply_create(actor=request.user, thread=thread, **form.service_data()),
    )
    if reply is not None:
        thread.refresh_from_db()
        if is_htmx(request):
            context = _detail_context(request, thread, posted=reply)
            return TemplateResponse(request, "exchange/discussions/detail.html#discussion", context)
        messages.success(request, _("Ihre Antwort ist veröffentlicht."))
        return HttpResponseRedirect(reply.get_absolute_url())
    template = "exchange/discussions/detail.html"
    if is_htmx(request):
        template += "#discussion"
    return TemplateResponse(request, template, _detail_context(request, thread, form))


@member_required
def thread_reply_edit(request: HttpRequest, pk: int) -> HttpResponse:
    reply = owned_or_404(Reply, request, pk, can_edit_reply)
    initial = {
        "body": reply.body,
        "mentioned_organisations": list(reply.mentioned_organisations.values_list("pk", flat=True)),
        "mentioned_people": list(reply.mentioned_people.values_list("pk", flat=True)),
    }
    form = ReplyForm(request.POST or None, initial=initial, district=reply.district)
    if request.method == "POST":
        saved = saved_through(
            form,
            lambda: services.reply_update(actor=request.user, reply=reply, **form.service_data()),
        )
        if saved is not None:
            messages.success(request, _("Die Antwort ist gespeichert."))
            return HttpResponseRedirect(saved.get_absolute_url())
    return TemplateResponse(
        request, "exchange/discussions/reply_form.html", {"form": form, "reply": reply}
    )


@require_POST
@member_required
def thread_reply_delete(request: HttpRequest, pk: int) -> HttpResponse:
    reply = owned_or_404(Reply, request, pk, can_edit_reply)
    thread = reply.thread
    act(
        request,
        lambda: services.reply_delete(actor=request.user, reply=reply),
        _("Die Antwort ist gelöscht."),
        denial="not_found",
    )
    return redirect(thread)


urlpatterns: list[URLPattern] = [
    path("diskussionen/", thread_list, name="thread_list"),
    path("diskussionen/neu/", thread_create, name="thread_create"),
    path("diskussionen/<int:pk>/", thread_detail, name="thread_detail"),
    path("diskussionen/<int:pk>/bearbeiten/", thread_edit, name="thread_edit"),
    path("diskussionen/<int:pk>/schliessen/", thread_close, name="thread_close"),
    path("diskussionen/<int:pk>/oeffnen/", thread_reopen, name="thread_reopen"),
    path("diskussionen/<int:pk>/folgen/", thread_subscription, name="thread_subscription"),
    path("diskussionen/<int:pk>/loesung/", thread_solution, name="thread_solution"),
    path("diskussionen/<int:pk>/antworten/", thread_reply, name="thread_reply"),
    path(
        "diskussionen/antworten/<int:pk>/bearbeiten/",
        thread_reply_edit,
        name="thread_reply_edit",
    ),
    path(
        "diskussionen/antworten/<int:pk>/loeschen/",
        thread_reply_delete,
        name="thread_reply_delete",
    ),
]
