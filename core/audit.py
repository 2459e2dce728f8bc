"""Writing the audit trail and the access log. Services call these; views never do."""

from __future__ import annotations

from typing import Any

from django.db import models

from .models import AccessRecord, AuditEvent


def audit(
    *,
    actor: Any,
    action: str,
    obj: models.Model | None = None,
    district: Any = None,
    changes: dict[str, Any] | None = None,
) -> AuditEvent:
    """Record one write. `action` reads like `organisation.create`."""
    if district is None and obj is not None:
        district = getattr(obj, "district", None)
    return AuditEvent.objects.create(
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        district=district,
        action=action,
        object_type=obj._meta.label_lower if obj is not None else "",
        object_id=str(obj.pk) if obj is not None and obj.pk is not None else "",
        object_repr=str(obj)[:255] if obj is not None else "",
        changes=_jsonable(changes or {}),
    )


def record_access(
    *, actor: Any, obj: models.Model, kind: str, purpose: str, district: Any = None
) -> AccessRecord:
    """Record a read or change of personal data; the row can never be changed afterwards."""
    return AccessRecord.objects.create(
        actor=actor,
        actor_label=f"{actor.email} (#{actor.pk})" if actor is not None else "system",
        district=district if district is not None else getattr(obj, "district", None),
        kind=kind,
        object_type=obj._meta.label_lower,
        object_id=str(obj.pk),
        purpose=purpose,
    )


def diff(instance: models.Model, fields: list[str], before: dict[str, Any]) -> dict[str, Any]:
    """The fields whose value changed, as {field: [old, new]}."""
    changes = {}
    for name in fields:
        new = getattr(instance, name)
        if before.get(name) != new:
            changes[name] = [before.get(name), new]
    return changes


def snapshot(instance: models.Model, fields: list[str]) -> dict[str, Any]:
    return {name: getattr(instance, name) for name in fields}


def _jsonable(value: Any) -> Any:
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_jsonable(v) for v in value]
    if isinstance(value, models.Model):
        return str(value)
    if value is None or isinstance(value, bool | int | float | str):
        return value
    return str(value)
