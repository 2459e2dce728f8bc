"""The minutes of a meeting, uploaded in numbered versions."""

from __future__ import annotations

import secrets
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from core.audit import audit
from core.uploads import DOCUMENT_KINDS, check_upload

from ...models.meetings import Meeting, MeetingMinutes
from .common import _ensure_manager

MINUTES_MAX_BYTES = 20 * 1024 * 1024


@transaction.atomic
def minutes_upload(*, actor: Any, meeting: Meeting, upload: Any) -> MeetingMinutes:
    """Store a new version of the minutes, checked by content (PDF, Office, ODF, text, CSV)."""
    _ensure_manager(actor, meeting)
    checked = check_upload(upload, kinds=DOCUMENT_KINDS, max_bytes=MINUTES_MAX_BYTES)
    locked = Meeting.objects.select_for_update().get(pk=meeting.pk)
    versions = MeetingMinutes.objects.filter(meeting=locked)
    latest = versions.order_by("-version").first()
    if latest is not None and latest.sha256 == checked.sha256:
        raise ValidationError(
            {"file": _("Diese Datei ist bereits als Version %d gespeichert.") % latest.version}
        )
    version = (versions.aggregate(last=Max("version"))["last"] or 0) + 1
    minutes = MeetingMinutes(
        district=locked.district,
        meeting=locked,
        version=version,
        original_name=checked.safe_name,
        content_type=checked.content_type,
        size=checked.size,
        sha256=checked.sha256,
        uploaded_by=actor,
    )
    minutes.full_clean(exclude=["file"])
    minutes.file.save(
        f"protokoll-v{version}-{secrets.token_hex(4)}.{checked.extension}",
        ContentFile(checked.data),
        save=False,
    )
    try:
        minutes.save()
    except Exception:
        minutes.file.delete(save=False)
        raise
    audit(
        actor=actor,
        action="meeting.minutes_upload",
        obj=locked,
        changes={"version": [None, version], "sha256": [None, checked.sha256]},
    )
    return minutes
