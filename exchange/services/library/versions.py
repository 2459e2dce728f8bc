"""Versions of a document: the file checked by its content and stored in the private media
storage, numbered one after the other; a file the same as the latest version is refused."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from core.audit import audit
from core.uploads import CheckedFile, check_upload

from ...models.library import Document, DocumentVersion
from ...permissions import can_manage_document
from .common import LIBRARY_KINDS, NOTE_MAX, _notify, _text


def _checked(upload: Any) -> CheckedFile:
    try:
        return check_upload(upload, kinds=LIBRARY_KINDS)
    except ValidationError as exc:
        raise ValidationError({"file": exc.messages}, code=exc.code) from exc


def _store_version(
    *, actor: Any, document: Document, checked: CheckedFile, note: str
) -> DocumentVersion:
    number = (document.versions.aggregate(last=Max("number"))["last"] or 0) + 1
    version = DocumentVersion(
        district=document.district,
        document=document,
        number=number,
        original_name=checked.safe_name,
        size=checked.size,
        sha256=checked.sha256,
        content_type=checked.content_type,
        kind=checked.kind,
        uploaded_by=actor if getattr(actor, "is_authenticated", False) else None,
        note=note,
    )
    version.full_clean(exclude=["file", "document"])
    version.file.save(f"v{number}.{checked.extension}", ContentFile(checked.data), save=False)
    try:
        version.save()
    except Exception:
        version.file.delete(save=False)
        raise
    document.current_version = version
    document.save(update_fields=["current_version", "updated_at"])
    return version


@transaction.atomic
def document_version_add(
    *, actor: Any, document: Document, upload: Any, note: str = ""
) -> DocumentVersion:
    """A new version; refused when the file is the same as the latest one."""
    if not can_manage_document(actor, document):
        raise PermissionDenied(_("Sie dürfen dieses Dokument nicht ändern."))
    note = _text(note, field="note", label="", max_length=NOTE_MAX, required=False)
    checked = _checked(upload)
    # The lock makes two simultaneous uploads take consecutive version numbers.
    locked = Document.objects.select_for_update().select_related("district").get(pk=document.pk)
    latest = locked.versions.order_by("-number").first()
    if latest is not None and latest.sha256 == checked.sha256:
        raise ValidationError(
            {
                "file": _("Diese Datei ist bereits als Version %(number)d gespeichert.")
                % {"number": latest.number}
            },
            code="duplicate",
        )
    version = _store_version(actor=actor, document=locked, checked=checked, note=note)
    document.current_version = version
    audit(
        actor=actor,
        action="library.document_version_add",
        obj=locked,
        changes={
            "version": [None, version.number],
            "sha256": [None, version.sha256],
            "size": [None, version.size],
        },
    )
    _notify(
        actor=actor,
        document=locked,
        message=gettext_noop("Neue Version %(number)s von „%(title)s“ im Werkzeugkoffer"),
        params={"number": str(version.number), "title": locked.title},
    )
    return version
