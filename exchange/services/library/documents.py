"""Documents: upload a new one with its first version, edit it, delete it with all its versions;
its audience hears of a new document, and so does whoever a wider audience newly reaches."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from core.audit import audit
from districts.audience import Audience, audience_apply, audience_members
from districts.models import District, Organisation, Topic

from ...models.library import Document, DocumentVersion, Folder
from ...permissions import can_manage_document, can_upload_document, upload_organisations
from .common import DESCRIPTION_MAX, NOTE_MAX, TITLE_MAX, _notify, _text, search_text
from .versions import _checked, _store_version


def _topics(district: District, topics: Iterable[Topic] | None) -> QuerySet[Topic]:
    ids = [topic.pk for topic in topics or []]
    return Topic.objects.filter(district=district, pk__in=ids)


def _organisation(actor: Any, district: District, organisation: Organisation | None) -> int:
    allowed = upload_organisations(actor, district)
    if organisation is None:
        if not allowed:
            raise PermissionDenied(_("Sie dürfen keine Dokumente hochladen."))
        return allowed[0]
    if organisation.pk not in allowed:
        raise ValidationError(
            {"organisation": _("Für diese Organisation dürfen Sie nicht hochladen.")}
        )
    return organisation.pk


def _check_folder(folder: Folder, district: District) -> None:
    if folder.district_id != district.pk:
        raise ValidationError({"folder": _("Dieser Ordner gehört nicht zu Ihrem Kreis.")})


def _document_texts(title: str, description: str, audience: str) -> tuple[str, str]:
    """A document's title (required) and description, cleaned, and its audience checked."""
    title = _text(title, field="title", label=_("einen Titel"), max_length=TITLE_MAX, required=True)
    description = _text(
        description, field="description", label="", max_length=DESCRIPTION_MAX, required=False
    )
    if audience not in Audience.values:
        raise ValidationError({"audience": _("Bitte wählen Sie, für wen das Dokument ist.")})
    return title, description


def _save_document(
    document: Document,
    district: District,
    topics: Iterable[Topic] | None,
    audience: str,
    organisations: Iterable[Organisation] | None,
    include_volunteers: bool,
) -> None:
    """Save the document with its search text, then its topics and its audience."""
    document.search_text = search_text(document)
    document.full_clean(exclude=["current_version"])
    document.save()
    document.topics.set(_topics(district, topics))
    audience_apply(
        document,
        audience=audience,
        organisations=list(organisations or []),
        include_volunteers=include_volunteers,
    )


@transaction.atomic
def document_create(
    *,
    actor: Any,
    district: District,
    folder: Folder,
    title: str,
    upload: Any,
    description: str = "",
    topics: Iterable[Topic] | None = None,
    organisation: Organisation | None = None,
    audience: str = Audience.NETWORK,
    organisations: Iterable[Organisation] | None = None,
    include_volunteers: bool = False,
    note: str = "",
) -> Document:
    """A new document with its first version; its audience is notified."""
    if not can_upload_document(actor, district):
        raise PermissionDenied(_("Sie dürfen keine Dokumente hochladen."))
    _check_folder(folder, district)
    title, description = _document_texts(title, description, audience)
    note = _text(note, field="note", label="", max_length=NOTE_MAX, required=False)
    organisation_id = _organisation(actor, district, organisation)
    checked = _checked(upload)
    document = Document(
        district=district,
        folder=folder,
        title=title,
        description=description,
        author=actor,
        author_organisation_id=organisation_id,
    )
    _save_document(document, district, topics, audience, organisations, include_volunteers)
    version = _store_version(actor=actor, document=document, checked=checked, note=note)
    audit(
        actor=actor,
        action="library.document_create",
        obj=document,
        changes={
            "title": [None, title],
            "folder": [None, folder.pk],
            "sha256": [None, version.sha256],
            "audience": [None, audience],
        },
    )
    _notify(
        actor=actor,
        document=document,
        message=gettext_noop("Neues Dokument im Werkzeugkoffer: %(title)s"),
        params={"title": title},
    )
    return document


@transaction.atomic
def document_update(
    *,
    actor: Any,
    document: Document,
    folder: Folder,
    title: str,
    description: str = "",
    topics: Iterable[Topic] | None = None,
    audience: str = Audience.NETWORK,
    organisations: Iterable[Organisation] | None = None,
    include_volunteers: bool = False,
) -> Document:
    if not can_manage_document(actor, document):
        raise PermissionDenied(_("Sie dürfen dieses Dokument nicht bearbeiten."))
    district = document.district
    _check_folder(folder, district)
    title, description = _document_texts(title, description, audience)
    before = {
        "title": document.title,
        "description": document.description,
        "folder": document.folder_id,
        "audience": document.audience,
        "include_volunteers": document.include_volunteers,
    }
    reached_before = set(audience_members(document).values_list("pk", flat=True))
    document.folder, document.title, document.description = folder, title, description
    _save_document(document, district, topics, audience, organisations, include_volunteers)
    after = {
        "title": title,
        "description": description,
        "folder": folder.pk,
        "audience": audience,
        "include_volunteers": include_volunteers,
    }
    audit(
        actor=actor,
        action="library.document_update",
        obj=document,
        changes={k: [before[k], after[k]] for k in after if before[k] != after[k]},
    )
    # People whom a wider audience newly reaches hear of the document as if it were new.
    _notify(
        actor=actor,
        document=document,
        message=gettext_noop("Neues Dokument im Werkzeugkoffer: %(title)s"),
        params={"title": title},
        recipients=audience_members(document).exclude(pk__in=reached_before),
    )
    return document


@transaction.atomic
def document_delete(*, actor: Any, document: Document) -> None:
    """Delete a document with all versions; the files go once the deletion is committed."""
    if not can_manage_document(actor, document):
        raise PermissionDenied(_("Sie dürfen dieses Dokument nicht löschen."))
    names = list(DocumentVersion.objects.filter(document=document).values_list("file", flat=True))
    storage = DocumentVersion._meta.get_field("file").storage
    audit(
        actor=actor,
        action="library.document_delete",
        obj=document,
        changes={"title": [document.title, None], "versions": [len(names), None]},
    )
    Document.objects.filter(pk=document.pk).update(current_version=None)
    document.delete()

    def remove_files() -> None:
        for name in names:
            storage.delete(name)

    transaction.on_commit(remove_files)
