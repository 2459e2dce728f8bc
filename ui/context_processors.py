"""What every page's shell needs: the current district, the navigation, the languages (the
districts to switch between come from `districts.context_processors`).

Everything that needs the database is lazy, so a page that does not show it costs nothing.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.utils import translation
from django.utils.functional import SimpleLazyObject

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


def shell(request: HttpRequest) -> dict[str, Any]:
    return {
        "current_district": getattr(request, "district", None),
        "lotse_operator": settings.LOTSE_OPERATOR,
        "navigation": SimpleLazyObject(lambda: build_navigation(request)),
        "shell_languages": _languages(request),
    }
