"""Which district a signed-in person is working in right now (they may belong to several)."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.utils.functional import SimpleLazyObject

from .models import District

SESSION_KEY = "lotse_district_id"


def _chosen_district(request: HttpRequest) -> District | None:
    """The district chosen in the session, else the person's first; views read it through
    `ui.kit.current_district`."""
    user = request.user
    if not user.is_authenticated:
        return None
    ids = user.district_ids()
    if not ids:
        return None
    chosen = request.session.get(SESSION_KEY)
    district_id = chosen if chosen in ids else ids[0]
    return District.objects.filter(pk=district_id, is_active=True).select_related("kreis").first()


class CurrentDistrictMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request.district = SimpleLazyObject(lambda: _chosen_district(request))  # type: ignore[attr-defined]
        return self.get_response(request)
