"""The districts a person can switch between, for the shell's district switch."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from .models import District


def _switchable_districts(request: HttpRequest) -> list[District]:
    """The person's districts, when there is more than one to choose from."""
    user: Any = request.user
    if not user.is_authenticated or len(user.district_ids()) < 2:
        return []
    return list(District.objects.visible_to(user).active().only("pk", "name"))


def district_switch(request: HttpRequest) -> dict[str, Any]:
    return {"switchable_districts": SimpleLazyObject(lambda: _switchable_districts(request))}
