"""Shared view helpers of the exchange: the district of the request and the member guard."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest
from django.http.response import HttpResponseBase

from districts.models import District

from ..permissions import is_exchange_member

View = Callable[..., HttpResponseBase]


def current_district(request: HttpRequest) -> District | None:
    return getattr(request, "district", None) or None


def request_district(request: HttpRequest) -> District:
    """The current district of a guarded view (the guards let only its members through)."""
    district = current_district(request)
    if district is None:
        raise Http404
    return district


def is_htmx(request: HttpRequest) -> bool:
    """An htmx request that wants a fragment (not a history restore, which needs the page)."""
    htmx = getattr(request, "htmx", None)
    return htmx is not None and bool(htmx) and not htmx.history_restore_request


def guarded(
    allowed: Callable[[Any, District | None], bool] = is_exchange_member,
) -> Callable[[View], View]:
    """Signed-in people for whom `allowed(user, district)` holds; others get 403 (and people who
    are not signed in go to the sign-in page)."""

    def decorator(view: View) -> View:
        @wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
            if not allowed(request.user, current_district(request)):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return login_required(wrapper)

    return decorator


member_required = guarded(is_exchange_member)
