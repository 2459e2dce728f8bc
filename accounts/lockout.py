"""How django-axes names the person behind a sign-in attempt.

allauth's sign-in form posts the address as `login` but authenticates with `email=`; axes
itself calls back with `login=` (AXES_USERNAME_FORM_FIELD) after a successful sign-in. All three
must count as the same person, so the address is read from wherever it is and lower-cased.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest


def username_for_axes(request: HttpRequest | None, credentials: dict[str, Any] | None) -> str:
    credentials = credentials or {}
    value = credentials.get("email") or credentials.get(settings.AXES_USERNAME_FORM_FIELD)
    if not value and request is not None:
        data = getattr(request, "data", None) or request.POST
        value = data.get(settings.AXES_USERNAME_FORM_FIELD)
    return str(value or "").strip().lower()[:255]
