"""Writes of the library area: folders, documents and their versions.

Every function is atomic, checks who acts, validates, and writes the audit trail. Files are
checked by content (`core.uploads.check_upload`) and stored in the private media storage.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Max, QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from core.audit import audit
from core.uploads import ALL_KINDS, CheckedFile, check_upload
from districts.audience import Audience, audience_apply, audience_members
from districts.models import District, Organisation, Topic
from exchange.notify import Category
from notifications.services import notify

from ..models.library import FOLDER_DEPTH_MAX, Document, DocumentVersion, Folder
from ..permissions import (
    can_manage_document,
    can_manage_folders,
    can_upload_document,
    upload_organisations,
)

TITLE_MAX = 200
DESCRIPTION_MAX = 5000
FOLDER_NAME_MAX = 120
FOLDER_DESCRIPTION_MAX = 2000
NOTE_MAX = 500
LIBRARY_KINDS = ALL_KINDS


# --- helpers ----------------------------------------------------------------------------------


def _text(value: Any, *, field: str, label: str, max_length: int, required: bool) -> str:
    text = str(value or "").strip()
    if "\x00" in text:
        raise ValidationError({field: _("Der Text enthält ungültige Zeichen.")})
    if required and not text:
        raise ValidationError({field: _("Bitte geben Sie %(label)s an.") % {"label": label}})
    if len(text) > max_length:
        raise ValidationError({field: _("Höchstens %(max)d Zeichen.") % {"max": max_length}})
    return text


def search_text(document: Document) -> str:
    """The case-folded text the portable search looks in."""
    return "\n".join([document.title, document.description, document.folder.name]).casefold()


def _folder_depth(folder: Folder | None) -> int:
    depth = 0
    while folder is not None:
        depth += 1
        folder = folder.parent
    return depth


def _subtree_height(folder: Folder | None) -> int:
    """Levels of `folder` and everything below it (1 for a folder without subfolders, 1 for a
    new folder): what moves along when it moves."""
    if folder is None or folder.pk is None:
        return 1
    children: dict[Any, list[Any]] = {}
    for pk, parent_id in Folder.objects.for_district(folder.district_id).values_list(
        "pk", "parent_id"
    ):
        children.setdefault(parent_id, []).append(pk)

    def height(pk: Any, seen: frozenset[Any]) -> int:
        below = [child for child in children.get(pk, []) if child not in seen]
        return 1 + max((height(child, seen | {child}) for child in below), default=0)

    return height(folder.pk, frozenset({folder.pk}))


def _check_parent(folder: Folder | None, parent: Folder | None, district: District) -> None:
    if parent is None:
        return
    if parent.district_id != district.pk:
        raise ValidationError({"parent": _("Dieser Ordner gehört nicht zu Ihrem Kreis.")})
    ancestor: Folder | None = parent
    while ancestor is not None:
        if folder is not None and ancestor.pk == folder.pk:
            raise ValidationError(
                {"parent": _("Ein Ordner kann nicht in sich selbst verschoben werden.")}
            )
        ancestor = ancestor.parent
    if _folder_depth(parent) + _subtree_height(folder) > FOLDER_DEPTH_MAX:
        raise ValidationError(
            {
                "parent": _("Ordner lassen sich höchstens %(depth)d Ebenen tief verschachteln.")
                % {"depth": FOLDER_DEPTH_MAX}
            }
        )


def _unique_folder_name(district: District, parent: Folder | None, name: str, pk: Any) -> None:
    siblings = Folder.objects.for_district(district).filter(parent=parent, name__iexact=name)
    if siblings.exclude(pk=pk).exists():
        raise ValidationError({"name": _("Hier gibt es schon einen Ordner mit diesem Namen.")})


def _checked(upload: Any) -> CheckedFile:
    try:
        return check_upload(upload, kinds=LIBRARY_KINDS)
    except ValidationError as exc:
        raise ValidationError({"file": exc.messages}, code=exc.code) from exc


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


def _notify(
    *,
    actor: Any,
    document: Document,
    message: str,
    params: dict[str, str],
    recipients: QuerySet[Any] | None = None,
) -> None:
    """Tell `recipients` (by default the document's whole audience) about `document`."""
    notify(
        recipients=audience_members(document) if recipients is None else recipients,
        category=Category.DOCUMENTS,
        message=message,
        params=params,
        target=document,
        url=document.get_absolute_url(),
        actor=actor,
    )


# --- folders ----------------------------------------------------------------------------------


def _require_folder_rights(actor: Any, district: District) -> None:
    if not can_manage_folders(actor, district):
        raise PermissionDenied(_("Nur die Koordination verwaltet die Ordner."))


@transaction.atomic
def folder_create(
    *,
    actor: Any,
    district: District,
    name: str,
    description: str = "",
    parent: Folder | None = None,
    position: int | None = None,
) -> Folder:
    _require_folder_rights(actor, district)
    name = _text(
        name, field="name", label=_("einen Namen"), max_length=FOLDER_NAME_MAX, required=True
    )
    description = _text(
        description,
        field="description",
        label="",
        max_length=FOLDER_DESCRIPTION_MAX,
        required=False,
    )
    _check_parent(None, parent, district)
    _unique_folder_name(district, parent, name, None)
    if position is None:
        last = (
            Folder.objects.for_district(district)
            .filter(parent=parent)
            .aggregate(last=Max("position"))["last"]
        )
        position = 0 if last is None else last + 1
    folder = Folder(
        district=district, parent=parent, name=name, description=description, position=position
    )
    folder.full_clean()
    folder.save()
    audit(
        actor=actor,
        action="library.folder_create",
        obj=folder,
        changes={"name": [None, name], "parent": [None, parent.pk if parent else None]},
    )
    return folder


KEEP: Any = object()


@transaction.atomic
def folder_update(
    *,
    actor: Any,
    folder: Folder,
    name: str,
    description: str = "",
    position: int | None = None,
    parent: Folder | None = KEEP,
) -> Folder:
    """Rename or describe a folder; with `parent`, move it as well."""
    _require_folder_rights(actor, folder.district)
    name = _text(
        name, field="name", label=_("einen Namen"), max_length=FOLDER_NAME_MAX, required=True
    )
    description = _text(
        description,
        field="description",
        label="",
        max_length=FOLDER_DESCRIPTION_MAX,
        required=False,
    )
    target = folder.parent if parent is KEEP else parent
    _check_parent(folder, target, folder.district)
    _unique_folder_name(folder.district, target, name, folder.pk)
    fields = ["name", "description", "position", "parent_id"]
    before = {key: getattr(folder, key) for key in fields}
    folder.name, folder.description, folder.parent = name, description, target
    if position is not None:
        folder.position = position
    folder.full_clean()
    folder.save()
    if before["name"] != name:
        _refresh_search_text(folder)
    changes = {
        key: [value, getattr(folder, key)]
        for key, value in before.items()
        if value != getattr(folder, key)
    }
    audit(actor=actor, action="library.folder_update", obj=folder, changes=changes)
    return folder


def _refresh_search_text(folder: Folder) -> None:
    for document in Document.objects.filter(folder=folder).only("title", "description"):
        document.folder = folder
        Document.objects.filter(pk=document.pk).update(search_text=search_text(document))


@transaction.atomic
def folder_move(*, actor: Any, folder: Folder, parent: Folder | None) -> Folder:
    _require_folder_rights(actor, folder.district)
    _check_parent(folder, parent, folder.district)
    _unique_folder_name(folder.district, parent, folder.name, folder.pk)
    before = folder.parent_id
    folder.parent = parent
    folder.save(update_fields=["parent"])
    audit(
        actor=actor,
        action="library.folder_move",
        obj=folder,
        changes={"parent": [before, parent.pk if parent else None]},
    )
    return folder


@transaction.atomic
def folder_delete(*, actor: Any, folder: Folder) -> None:
    _require_folder_rights(actor, folder.district)
    # Documents the coordinator cannot see count too: a folder is empty only when it is empty.
    if folder.children.exists() or Document.objects.filter(folder=folder).exists():
        raise ValidationError(
            _(
                "Nur leere Ordner lassen sich löschen. Verschieben oder löschen Sie zuerst den "
                "Inhalt."
            )
        )
    audit(
        actor=actor,
        action="library.folder_delete",
        obj=folder,
        changes={"name": [folder.name, None]},
    )
    folder.delete()


# --- documents --------------------------------------------------------------------------------


def _check_folder(folder: Folder, district: District) -> None:
    if folder.district_id != district.pk:
        raise ValidationError({"folder": _("Dieser Ordner gehört nicht zu Ihrem Kreis.")})


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
    title = _text(title, field="title", label=_("einen Titel"), max_length=TITLE_MAX, required=True)
    description = _text(
        description, field="description", label="", max_length=DESCRIPTION_MAX, required=False
    )
    note = _text(note, field="note", label="", max_length=NOTE_MAX, required=False)
    if audience not in Audience.values:
        raise ValidationError({"audience": _("Bitte wählen Sie, für wen das Dokument ist.")})
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
    title = _text(title, field="title", label=_("einen Titel"), max_length=TITLE_MAX, required=True)
    description = _text(
        description, field="description", label="", max_length=DESCRIPTION_MAX, required=False
    )
    if audience not in Audience.values:
        raise ValidationError({"audience": _("Bitte wählen Sie, für wen das Dokument ist.")})
    before = {
        "title": document.title,
        "description": document.description,
        "folder": document.folder_id,
        "audience": document.audience,
        "include_volunteers": document.include_volunteers,
    }
    reached_before = set(audience_members(document).values_list("pk", flat=True))
    document.folder, document.title, document.description = folder, title, description
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
