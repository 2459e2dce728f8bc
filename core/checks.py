"""System checks of Lotse's own settings, run by `manage.py check --deploy`."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.core.checks import Tags, Warning, register

LOOPBACK = ("127.0.0.1", "localhost", "::1", "0.0.0.0")  # noqa: S104 - names compared, not bound


@register(Tags.security, deploy=True)
def site_url_is_public(app_configs: Any = None, **kwargs: Any) -> list[Warning]:
    """E-mails, calendar feeds and the open-data export carry LOTSE_SITE_URL: in production it
    must be the address people reach, not the development default."""
    host = urlsplit(settings.SITE_URL).hostname or ""
    if not settings.PRODUCTION or (host and host not in LOOPBACK):
        return []
    return [
        Warning(
            f"LOTSE_SITE_URL is {settings.SITE_URL!r}: links in e-mails, feeds and exports "
            "would point there.",
            hint="Set LOTSE_SITE_URL to the public address, e.g. https://lotse.example.org.",
            id="lotse.W001",
        )
    ]
