"""allauth adapters: no open sign-up (people join by invitation), e-mail through the task queue,
single sign-on only for people who already have an account."""

from __future__ import annotations

import time
from typing import Any

from allauth.account.adapter import DefaultAccountAdapter
from allauth.core.exceptions import ImmediateHttpResponse
from allauth.mfa.adapter import DefaultMFAAdapter
from allauth.socialaccount.adapter import DefaultSocialAccountAdapter
from allauth.socialaccount.providers.base import AuthProcess
from django.http import HttpRequest
from django.shortcuts import render

from .models import User


class AccountAdapter(DefaultAccountAdapter):
    def is_open_for_signup(self, request: HttpRequest) -> bool:
        # Staff join through an invitation (districts.views.invitation_accept), never by sign-up.
        return False

    def send_mail(self, template_prefix: str, email: str, context: dict[str, Any]) -> None:
        from core.mail import send_rendered_mail

        msg = self.render_mail(template_prefix, email, context)
        body = msg.body
        html = None
        for content, mimetype in getattr(msg, "alternatives", []):
            if mimetype == "text/html":
                html = content
        send_rendered_mail.enqueue(
            subject=msg.subject, body=body, html=html, to=list(msg.to), from_email=msg.from_email
        )

    def is_reauthentication_required(self, *, app: str, **kwargs: Any) -> bool:
        """Someone who must enrol a second factor is sent there straight after signing in (or
        after accepting an invitation); asking for the password again at that moment only adds
        a step. Within allauth's reauthentication window, and only while the person has no
        second factor yet, the fresh sign-in counts as confirmation."""
        if app == "allauth.mfa" and _signed_in_recently_without_factor():
            return False
        return super().is_reauthentication_required(app=app, **kwargs)


def _signed_in_recently_without_factor() -> bool:
    from allauth.account import app_settings
    from allauth.account.internal.flows.login import get_authentication_records
    from allauth.core import context
    from allauth.mfa.models import Authenticator

    request = context.request
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return False
    if Authenticator.objects.filter(user=user).exists():
        return False
    records = get_authentication_records(request, user)
    if not records:
        return False
    return time.time() - records[-1]["at"] < app_settings.REAUTHENTICATION_TIMEOUT


class MfaAdapter(DefaultMFAAdapter):
    pass


def invited_person_for(sociallogin: Any) -> User | None:
    """The Lotse account whose address the identity provider confirmed, if there is one."""
    addresses = [
        address.email.strip().lower()
        for address in sociallogin.email_addresses
        if address.verified and address.email
    ]
    for email in addresses:
        user = User.objects.filter(email__iexact=email).first()
        if user is not None:
            return user
    return None


class SocialAccountAdapter(DefaultSocialAccountAdapter):
    def is_open_for_signup(self, request: HttpRequest, sociallogin: Any) -> bool:
        # Single sign-on only signs in people who were invited before.
        return False

    def pre_social_login(self, request: HttpRequest, sociallogin: Any) -> None:
        """Link a first single sign-on to the invited person with the same verified address;
        refuse everyone else with a clear page instead of creating an account."""
        if sociallogin.is_existing or sociallogin.state.get("process") == AuthProcess.CONNECT:
            return
        user = invited_person_for(sociallogin)
        if user is None:
            raise ImmediateHttpResponse(render(request, "accounts/sso_unknown.html", status=403))
        from .services import user_link_single_sign_on

        user_link_single_sign_on(actor=user, user=user, sociallogin=sociallogin, request=request)
