"""The public submission form at /<district>/<lang>/vorschlagen/: anyone may propose an offer or
an event, without an account.

Spam is kept out without third parties: a honeypot field, a minimum fill time (signed
timestamp) and a limit per IP address and hour. The address itself is never stored: the limit
counts under a keyed hash in the cache, which forgets it after the hour.
"""

from __future__ import annotations

import hashlib
import hmac

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods
from ipware import get_client_ip

from ui.forms import saved_through

from ..forms.submissions import SubmissionForm
from ..services.submissions import submission_create
from .shell import enter_public_page, render

RATE_LIMIT = 5
RATE_WINDOW_SECONDS = 3600


def _rate_key(request: HttpRequest) -> str:
    ip, _routable = get_client_ip(
        request, proxy_count=getattr(settings, "AXES_IPWARE_PROXY_COUNT", 0) or None
    )
    digest = hmac.new(
        settings.SECRET_KEY.encode(), (ip or "unknown").encode(), hashlib.sha256
    ).hexdigest()
    return f"directory:submissions:{digest[:32]}"


def _count(request: HttpRequest) -> int:
    return int(cache.get(_rate_key(request), 0))


def _note(request: HttpRequest) -> None:
    key = _rate_key(request)
    if not cache.add(key, 1, RATE_WINDOW_SECONDS):
        try:
            cache.incr(key)
        except ValueError:
            cache.set(key, 1, RATE_WINDOW_SECONDS)


@require_http_methods(["GET", "POST"])
def submit(request: HttpRequest, district_slug: str, lang: str) -> HttpResponse:
    district = enter_public_page(request, district_slug, lang)
    form = SubmissionForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if _count(request) >= RATE_LIMIT:
            form.add_error(
                None,
                _(
                    "Von diesem Anschluss kamen in der letzten Stunde schon viele Vorschläge. "
                    "Bitte versuchen Sie es später noch einmal."
                ),
            )
            status = 429
        elif form.is_valid():
            data = form.cleaned_data
            proposed = saved_through(
                form,
                lambda: submission_create(
                    district=district,
                    kind=data["kind"],
                    title=data["title"],
                    description=data["description"],
                    when=data["when"],
                    where=data["where"],
                    starts_at=data["starts_at"],
                    email=data["email"],
                    name=data["name"],
                    language=lang,
                ),
            )
            if proposed is not None:
                _note(request)
                return redirect("public:submit_thanks", district_slug=district.slug, lang=lang)
        elif form.is_spam:
            _note(request)
            if form.has_error("website"):
                # Bots learn nothing from the answer; nothing was stored.
                return redirect("public:submit_thanks", district_slug=district.slug, lang=lang)
    response = render(request, district, lang, "directory/submit/form.html", {"form": form})
    response.status_code = status
    return response


@require_http_methods(["GET"])
def submit_thanks(request: HttpRequest, district_slug: str, lang: str) -> HttpResponse:
    district = enter_public_page(request, district_slug, lang)
    return render(request, district, lang, "directory/submit/thanks.html", {})
