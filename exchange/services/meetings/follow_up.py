"""The follow-up tasks of a meeting: who does what by when, and whether it is done."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.audit import audit, diff, snapshot
from districts.models import Membership, Organisation

from ...models.meetings import FollowUpTask, Meeting
from .common import _ensure_manager

TASK_FIELDS = ["title", "owner", "owner_organisation", "due_on"]


def _check_task_owners(task: FollowUpTask) -> None:
    district = task.meeting.district
    errors: dict[str, str] = {}
    if (
        task.owner_organisation_id
        and not Organisation.objects.filter(
            pk=task.owner_organisation_id, district=district
        ).exists()
    ):
        errors["owner_organisation"] = _("Diese Organisation gehört nicht zum Kreis.")
    if (
        task.owner_id
        and not Membership.objects.filter(
            user_id=task.owner_id, district=district, is_active=True
        ).exists()
    ):
        errors["owner"] = _("Diese Person gehört nicht zum Netzwerk des Kreises.")
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def task_create(*, actor: Any, meeting: Meeting, data: dict[str, Any]) -> FollowUpTask:
    _ensure_manager(actor, meeting)
    task = FollowUpTask(district=meeting.district, meeting=meeting, created_by=actor)
    for name in TASK_FIELDS:
        setattr(task, name, data.get(name))
    task.title = (task.title or "").strip()
    task.full_clean()
    _check_task_owners(task)
    task.save()
    audit(
        actor=actor, action="meeting.task_create", obj=meeting, changes={"task": [None, task.title]}
    )
    return task


@transaction.atomic
def task_update(*, actor: Any, task: FollowUpTask, data: dict[str, Any]) -> FollowUpTask:
    _ensure_manager(actor, task.meeting)
    before = snapshot(task, TASK_FIELDS)
    for name in TASK_FIELDS:
        if name in data:
            setattr(task, name, data[name])
    task.title = (task.title or "").strip()
    task.full_clean()
    _check_task_owners(task)
    task.save()
    audit(
        actor=actor,
        action="meeting.task_update",
        obj=task.meeting,
        changes=diff(task, TASK_FIELDS, before),
    )
    return task


@transaction.atomic
def task_set_done(*, actor: Any, task: FollowUpTask, done: bool) -> FollowUpTask:
    _ensure_manager(actor, task.meeting)
    if task.done != done:
        task.done = done
        task.done_at = timezone.now() if done else None
        task.save(update_fields=["done", "done_at"])
        audit(
            actor=actor,
            action="meeting.task_done" if done else "meeting.task_reopen",
            obj=task.meeting,
            changes={"task": task.title, "done": [not done, done]},
        )
    return task
