"""allauth adapters: no open sign-up (people join by invitation), e-mail through the task queue."""

from __future__ import annotations

from typing import Any

from allauth.account.adapter import DefaultAccountAdapter
from allauth.mfa.adapter import DefaultMFAAdapter
from allauth.socialaccount.adapter import DefaultSocialAccountAdapter
from django.http import HttpRequest


class AccountAdapter(DefaultAccountAdapter):
    def is_open_for_signup(self, request: HttpRequest) -> bool:
        # Staff join through an invitation (districts.views.invitation_accept), never by sign-up.
        return False

    def send_mail(self, template_prefix: str, email: str, context: dict[str, Any]) -> None:
        from .tasks import send_rendered_mail

        msg = self.render_mail(template_prefix, email, context)
        body = msg.body
        html = None
        for content, mimetype in getattr(msg, "alternatives", []):
            if mimetype == "text/html":
                html = content
        send_rendered_mail.enqueue(
            subject=msg.subject, body=body, html=html, to=list(msg.to), from_email=msg.from_email
        )


class MfaAdapter(DefaultMFAAdapter):
    pass


class SocialAccountAdapter(DefaultSocialAccountAdapter):
    def is_open_for_signup(self, request: HttpRequest, sociallogin: Any) -> bool:
        # Single sign-on only signs in people who were invited before.
        return False
