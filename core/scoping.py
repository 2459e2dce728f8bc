"""The one way to fetch a single district-owned object for a user, and its variant for personal
data that leaves an access record."""

from __future__ import annotations

from typing import Any, TypeVar

from django.db import models, transaction
from django.http import Http404

from .audit import record_access
from .models import AccessRecord

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


def fetch_recorded(
    model: type[M],
    user: Any,
    *,
    purpose: str,
    kind: str = AccessRecord.Kind.READ,
    **lookup: Any,
) -> M:
    """`get_visible_or_404` for client data (DESIGN §5): the fetch writes an access record –
    who, when, which object, why (`purpose`) – in the same transaction, so there is no read
    without its record: if the record cannot be written, the object is not returned. A 404
    (missing or not yours) records nothing, as nothing was read. The record is append-only
    (ADR 0004).
    """
    if not purpose.strip():
        raise ValueError("An access to personal data names its purpose.")
    if kind not in AccessRecord.Kind.values:
        raise ValueError(f"Unknown kind of access: {kind!r}")
    if not getattr(user, "is_authenticated", False):
        raise Http404
    with transaction.atomic():
        obj = get_visible_or_404(model, user, **lookup)
        record_access(actor=user, obj=obj, kind=kind, purpose=purpose.strip())
    return obj
