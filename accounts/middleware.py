"""Sends people who must use a second factor to enrol one before anything else."""

from __future__ import annotations

from collections.abc import Callable

from allauth.mfa.models import Authenticator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django_htmx.http import HttpResponseClientRedirect

from .second_factor import requires_second_factor

# Paths a person without a second factor may still reach: enrolment (allauth.mfa lives under
# /konto/2fa/), the password confirmation allauth asks for before enrolment, sign-out, the
# language switch, legal pages and files.
ALLOWED_PREFIXES = (
    "/konto/2fa/",
    "/konto/reauthenticate/",
    "/konto/logout/",
    "/i18n/",
    "/static/",
    "/media/",
    "/rechtliches/",
)


def has_second_factor(user: object) -> bool:
    return Authenticator.objects.filter(
        user=user, type__in=[Authenticator.Type.TOTP, Authenticator.Type.WEBAUTHN]
    ).exists()


class MfaRequiredMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if (
            user.is_authenticated
            and not request.path.startswith(("/static/", "/media/"))
            and requires_second_factor(user)
            and not has_second_factor(user)
        ):
            # Templates leave out what the person cannot open yet (e.g. the notifications link,
            # whose htmx request would otherwise navigate to the enrolment page).
            request.lotse_must_enrol = True  # type: ignore[attr-defined]
            if request.path.startswith(ALLOWED_PREFIXES):
                return self.get_response(request)
            target = reverse("mfa_activate_totp")
            if getattr(request, "htmx", False):
                # A 302 would be followed by htmx and swapped into the page; tell it to navigate.
                return HttpResponseClientRedirect(target)
            return redirect(target)
        return self.get_response(request)
