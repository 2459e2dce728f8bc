"""What every page's shell needs: the current district, the navigation, the languages.

Everything that needs the database is lazy, so a page that does not show it costs nothing.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.utils import translation
from django.utils.functional import SimpleLazyObject

from districts.models import District

from .languages import offered_languages
from .navigation import build_navigation


def _languages(request: HttpRequest) -> list[dict[str, Any]]:
    current = translation.get_language()
    return [
        {
            "code": code,
            "name_local": translation.get_language_info(code)["name_local"],
            "current": code == current,
        }
        for code in offered_languages(request)
    ]


def _switchable_districts(request: HttpRequest) -> list[District]:
    """The person's districts, when there is more than one to choose from."""
    user: Any = request.user
    if not user.is_authenticated or len(user.district_ids()) < 2:
        return []
    return list(District.objects.visible_to(user).active().only("pk", "name"))


def shell(request: HttpRequest) -> dict[str, Any]:
    return {
        "current_district": getattr(request, "district", None),
        "lotse_operator": settings.LOTSE_OPERATOR,
        "navigation": SimpleLazyObject(lambda: build_navigation(request)),
        "shell_languages": _languages(request),
        "switchable_districts": SimpleLazyObject(lambda: _switchable_districts(request)),
    }
