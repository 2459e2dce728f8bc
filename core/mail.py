"""Sending e-mail: every app hands its rendered message to `send_rendered_mail`, a background
task, so a slow or failing mail server never slows or breaks the request that caused it."""

from __future__ import annotations

from django.core.mail import EmailMultiAlternatives
from django_tasks import task


@task()
def send_rendered_mail(
    *, subject: str, body: str, to: list[str], from_email: str, html: str | None = None
) -> None:
    message = EmailMultiAlternatives(subject=subject, body=body, from_email=from_email, to=to)
    if html:
        message.attach_alternative(html, "text/html")
    message.send()
