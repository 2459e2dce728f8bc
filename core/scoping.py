"""The one way to fetch a single district-owned object for a user."""

from __future__ import annotations

from typing import Any, TypeVar

from django.db import models
from django.http import Http404

M = TypeVar("M", bound=models.Model)


def get_visible_or_404(model: type[M], user: Any, **lookup: Any) -> M:
    """Return the object if `user` may see it; 404 alike for "missing" and "not yours".

    The model's default manager must offer `visible_to(user)` — every district-scoped
    model does through `DistrictScopedQuerySet`.
    """
    queryset = model._default_manager.all().visible_to(user)  # type: ignore[attr-defined]
    try:
        return queryset.get(**lookup)
    except (model.DoesNotExist, ValueError, TypeError) as exc:  # type: ignore[attr-defined]
        raise Http404 from exc
