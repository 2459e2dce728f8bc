"""Reads of the library area: the folder tree, documents a person may see, search, activity.

Every document read starts from `Document.objects.visible_to(user)`, so search, lists and the
activity feed can never show what the audience rule hides.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.contrib.postgres.search import SearchQuery, SearchVector
from django.db import connection
from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from districts.models import District, Topic

from ..activity import Activity
from ..models.library import Document, DocumentVersion, Folder

QUERY_MAX = 200
WORDS_MAX = 8


@dataclass
class FolderNode:
    folder: Folder
    depth: int
    count: int = 0  # documents in this folder the person may see
    children: list[FolderNode] = field(default_factory=list)


def folder_tree(user: Any, district: District) -> list[FolderNode]:
    """All folders of the district as a tree (two queries), with counts of visible documents."""
    folders = list(Folder.objects.for_district(district).order_by("position", "name"))
    counts = dict(
        documents(user, district)
        .order_by()
        .values_list("folder_id")
        .annotate(n=Count("pk"))
        .values_list("folder_id", "n")
    )
    nodes = {folder.pk: FolderNode(folder, 0, counts.get(folder.pk, 0)) for folder in folders}
    roots: list[FolderNode] = []
    for folder in folders:
        node = nodes[folder.pk]
        parent = nodes.get(folder.parent_id) if folder.parent_id else None
        (parent.children if parent else roots).append(node)
    _set_depth(roots, 0)
    return roots


def _set_depth(nodes: list[FolderNode], depth: int) -> None:
    for node in nodes:
        node.depth = depth
        _set_depth(node.children, depth + 1)


def flatten(nodes: list[FolderNode]) -> list[FolderNode]:
    rows: list[FolderNode] = []
    for node in nodes:
        rows.append(node)
        rows.extend(flatten(node.children))
    return rows


def folder_path(folder: Folder) -> list[Folder]:
    """The folder and its ancestors, outermost first (one query per level, at most four)."""
    path = [folder]
    parent = folder.parent
    while parent is not None:
        path.insert(0, parent)
        parent = parent.parent
    return path


def documents(user: Any, district: District) -> QuerySet[Document]:
    """Documents of the district the person may see, with what lists show."""
    return (
        Document.objects.visible_to(user)
        .for_district(district)
        .with_current()
        .prefetch_related(Prefetch("topics", queryset=Topic.objects.order_by("name")))
    )


def folder_documents(user: Any, folder: Folder) -> QuerySet[Document]:
    return documents(user, folder.district).filter(folder=folder).order_by("title")


def recent_documents(user: Any, district: District, *, limit: int = 8) -> list[Document]:
    return list(
        documents(user, district)
        .filter(current_version__isnull=False)
        .order_by("-current_version__uploaded_at", "-pk")[:limit]
    )


def document_versions(document: Document) -> QuerySet[DocumentVersion]:
    return DocumentVersion.objects.filter(document=document).select_related("uploaded_by")


def _words(query: str) -> list[str]:
    return [word for word in query.casefold().split() if word][:WORDS_MAX]


def document_search(
    user: Any,
    district: District,
    *,
    query: str = "",
    topic: Topic | None = None,
    kind: str = "",
) -> QuerySet[Document]:
    """Visible documents whose title, description or folder name match `query`, optionally of a
    topic and a kind of file.

    Every word must occur as a part of a word (so "Verweis" finds "Verweisberatung"), on every
    database. On PostgreSQL the German full-text search also matches inflected forms
    ("Leitfäden" finds "Leitfaden").
    """
    found = documents(user, district)
    query = query.strip()[:QUERY_MAX]
    words = _words(query)
    if words:
        partial = Q()
        for word in words:
            partial &= Q(search_text__contains=word)
        if connection.vendor == "postgresql":
            vector = (
                SearchVector("title", weight="A", config="german")
                + SearchVector("description", weight="B", config="german")
                + SearchVector("folder__name", weight="C", config="german")
            )
            matched = SearchQuery(query, config="german", search_type="websearch")
            found = found.annotate(search=vector).filter(Q(search=matched) | partial)
        else:
            found = found.filter(partial)
    if topic is not None:
        found = found.filter(topics=topic)
    if kind:
        found = found.filter(current_version__kind=kind)
    return found.order_by("title", "pk")


KIND = gettext_lazy("Dokument")


def recent_activity(user: Any, district: Any, *, limit: int = 10) -> list[Activity]:
    """What is new in this area for the person, newest first, in a fixed number of queries."""
    if district is None:
        return []
    latest = (
        Document.objects.visible_to(user)
        .for_district(district)
        .with_current()
        .filter(current_version__isnull=False)
        .order_by("-current_version__uploaded_at", "-pk")[:limit]
    )
    rows = []
    for document in latest:
        version = document.current_version
        if version is None:
            continue
        summary = (
            _("Neue Version %(number)d") % {"number": version.number}
            if version.number > 1
            else _("Neues Dokument")
        )
        rows.append(
            Activity(
                kind=KIND,
                title=document.title,
                url=document.get_absolute_url(),
                when=version.uploaded_at,
                summary=summary,
                organisation=document.author_organisation.name
                if document.author_organisation
                else "",
            )
        )
    return rows
