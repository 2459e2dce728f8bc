"""The exchange's panel of "Meine Übersicht": what is new for the person (registered in
`apps.py`)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from districts.roles import roles_of
from ui.kit import current_district
from ui.registry import register_panel

from .selectors.activity import exchange_activity

ACTIVITY_SHOWN = 8


def activity_panel(request: HttpRequest) -> dict[str, Any] | None:
    district = current_district(request)
    if district is None or not roles_of(request.user, district).member:
        return None
    return {"activity": exchange_activity(request.user, district, limit=ACTIVITY_SHOWN)}


def register() -> None:
    register_panel(
        "exchange_activity", "exchange/dashboard/activity.html", activity_panel, order=10
    )
