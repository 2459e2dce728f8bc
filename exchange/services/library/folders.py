"""Folders: create, rename, move and delete them; only the coordination manages them, and they
nest at most `FOLDER_DEPTH_MAX` levels deep."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from core.audit import audit
from districts.models import District

from ...models.library import FOLDER_DEPTH_MAX, Document, Folder
from ...permissions import can_manage_folders
from .common import FOLDER_DESCRIPTION_MAX, FOLDER_NAME_MAX, _text, search_text


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


def _require_folder_rights(actor: Any, district: District) -> None:
    if not can_manage_folders(actor, district):
        raise PermissionDenied(_("Nur die Koordination verwaltet die Ordner."))


def _folder_texts(name: str, description: str) -> tuple[str, str]:
    """A folder's name (required) and description, cleaned and checked for length."""
    return (
        _text(
            name, field="name", label=_("einen Namen"), max_length=FOLDER_NAME_MAX, required=True
        ),
        _text(
            description,
            field="description",
            label="",
            max_length=FOLDER_DESCRIPTION_MAX,
            required=False,
        ),
    )


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
    name, description = _folder_texts(name, description)
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
    name, description = _folder_texts(name, description)
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
