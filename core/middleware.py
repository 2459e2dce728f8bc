"""No cache keeps what a signed-in person was shown: `Cache-Control: no-store` on every response
to them, whatever the view set (the public directory's `public, max-age=…` included).

Listed right after AuthenticationMiddleware, so it sees every response of the middleware and
views after it (redirects to enrolment, lockout pages, downloads). Static files never get here
(WhiteNoise answers first) and stay cacheable.
"""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponseBase
from django.utils.cache import patch_vary_headers

NO_STORE = "private, no-store"


def _is_signed_in(request: HttpRequest) -> bool:
    user = getattr(request, "user", None)
    return bool(user is not None and user.is_authenticated)


def has_no_store(response: HttpResponseBase) -> bool:
    directives = response.get("Cache-Control", "").split(",")
    return any(d.split("=", 1)[0].strip().lower() == "no-store" for d in directives)


class NoStoreForSignedInMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        # Asked before and after the view, so that signing in and signing out count too.
        signed_in = _is_signed_in(request)
        response = self.get_response(request)
        if (signed_in or _is_signed_in(request)) and not has_no_store(response):
            # Replaced, not merged: `public` or a max-age beside no-store would only confuse.
            response["Cache-Control"] = NO_STORE
            if "Expires" in response:
                del response["Expires"]
        # The same URL is cacheable without a session cookie and not with one.
        patch_vary_headers(response, ("Cookie",))
        return response
