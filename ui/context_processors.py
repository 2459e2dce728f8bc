"""What every page's shell needs: the current district, the navigation, the languages."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest


def shell(request: HttpRequest) -> dict[str, Any]:
    return {
        "current_district": getattr(request, "district", None),
        "lotse_operator": settings.LOTSE_OPERATOR,
    }
