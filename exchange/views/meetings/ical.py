"""Meetings as iCalendar: the .ics file of one meeting and the personal calendar feed behind
a secret link, with its settings page."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from ...models.meetings import CalendarFeedToken
from ...selectors import meetings as selectors
from ...services import meetings as services
from ..common import member_required
from .common import _meeting

FEED_SESSION_KEY = "exchange_meeting_feed_url"


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
