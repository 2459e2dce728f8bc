"""Pages of the notifications: the list, the settings, the unread badge and the public
unsubscribe page reached from e-mails."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from districts.middleware import SESSION_KEY as DISTRICT_SESSION_KEY
from districts.models import District

from . import selectors, services
from .categories import category_label
from .forms import PreferenceForm
from .tokens import read_token

PAGE_SIZE = 25


@login_required
@require_GET
def notification_list(request: HttpRequest) -> HttpResponse:
    page = Paginator(selectors.notifications_for(request.user), PAGE_SIZE).get_page(
        request.GET.get("seite")
    )
    items = [{"notification": item, "text": item.text()} for item in page.object_list]
    unread = selectors.unread_count(request.user)
    return render(
        request,
        "notifications/list.html",
        {"page": page, "items": items, "unread": unread},
    )


@login_required
@require_POST
def notification_mark_all_read(request: HttpRequest) -> HttpResponse:
    count = services.notification_mark_all_read(actor=request.user)
    if count:
        messages.success(request, _("Alle Benachrichtigungen sind als gelesen markiert."))
    return redirect("notifications:list")


@login_required
@require_POST
def notification_open(request: HttpRequest, pk: int) -> HttpResponse:
    """Mark read and go to the item. Only a same-site path is followed (no open redirect)."""
    return _follow(request, pk)


@login_required
@require_GET
def notification_follow(request: HttpRequest, pk: int) -> HttpResponse:
    """The link in an e-mail: like "open", as a GET (a mail client follows links only so).
    The item may belong to another of the person's districts than the one they work in right
    now; the direct address would then answer 404. Without a session the sign-in comes first,
    so a link scanner marks nothing read."""
    return _follow(request, pk)


def _follow(request: HttpRequest, pk: int) -> HttpResponse:
    notification = selectors.notifications_for(request.user).filter(pk=pk).first()
    if notification is None:
        raise Http404
    services.notification_mark_read(notification=notification, actor=request.user)
    # The list holds items of every district the person belongs to; work on in the item's.
    district_id = notification.district_id
    if (
        district_id is not None
        and district_id in request.user.district_ids()  # type: ignore[union-attr]
        and District.objects.filter(pk=district_id, is_active=True).exists()
    ):
        request.session[DISTRICT_SESSION_KEY] = district_id
    return HttpResponseRedirect(notification.safe_url)


@require_GET
def unread_badge(request: HttpRequest) -> HttpResponse:
    """The unread count for the header (loaded by htmx). After the session ended it answers
    "no content" rather than a redirect, which htmx would follow and paste the sign-in page
    into the header."""
    if not request.user.is_authenticated:
        return HttpResponse(status=204)
    return render(
        request,
        "notifications/_badge.html",
        {"unread": selectors.unread_count(request.user)},
    )


@login_required
@require_http_methods(["GET", "POST"])
def preference_edit(request: HttpRequest) -> HttpResponse:
    preference = selectors.preference_for(request.user)
    # Not `request.POST or None`: with every box unticked the POST is empty but still a choice.
    data = request.POST if request.method == "POST" else None
    form = PreferenceForm(data, instance=preference)
    if request.method == "POST" and form.is_valid():
        services.preference_update(
            actor=request.user,
            values=form.cleaned_data,
            language=translation.get_language(),
        )
        messages.success(request, _("Ihre Einstellungen sind gespeichert."))
        return redirect("notifications:settings")
    return render(request, "notifications/settings.html", {"form": form})


def _unsubscribe_label(what: str) -> str:
    if what == "digest":
        return _("die tägliche Zusammenfassung per E-Mail")
    if what == "immediate":
        return _("wichtige Benachrichtigungen sofort per E-Mail")
    return _("E-Mails zum Bereich „%(category)s“") % {"category": category_label(what)}


# The token in the address is the authentication; mail clients send the RFC 8058 one-click
# POST without any CSRF token, so this one route is exempt. GET never changes anything, so
# link scanners that open the address do not unsubscribe anybody.
@csrf_exempt
@require_http_methods(["GET", "POST"])
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    request_ = read_token(token)
    person = None
    if request_ is not None:
        person = get_user_model().objects.filter(pk=request_.user_id).first()
    if request_ is None or person is None:
        return render(request, "notifications/unsubscribe_invalid.html", status=400)
    context = {"what": _unsubscribe_label(request_.what), "token": token, "done": False}
    if request.method == "POST":
        services.preference_unsubscribe(
            user=person, what=request_.what, language=translation.get_language()
        )
        context["done"] = True
    return render(request, "notifications/unsubscribe.html", context)
