"""Pages of the library area (Werkzeugkoffer) under /austausch/werkzeugkoffer/.

Documents and their versions are fetched through `get_visible_or_404`: a document outside the
person's audience, and every version of it, looks missing. Actions the person may not take on a
document they can see look missing too. Folders are visible to every member of the district.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import URLPattern, path
from django.utils.translation import gettext as _

from core.scoping import get_visible_or_404
from core.uploads import download_response
from districts.audience import audience_label
from ui.forms import saved_through
from ui.kit import act, guarded, owned_or_404, request_district

from ..forms.library import DocumentForm, FolderForm, SearchForm, VersionForm
from ..models.library import Document, DocumentVersion, Folder
from ..permissions import (
    can_manage_document,
    can_manage_folders,
    can_upload_document,
    upload_organisations,
)
from ..selectors import library as selectors
from ..services import library as services
from .common import member_required

# --- helpers ----------------------------------------------------------------------------------


def _folder(request: HttpRequest, pk: int) -> Folder:
    return get_visible_or_404(Folder, request.user, pk=pk, district=request_district(request))


def _document(request: HttpRequest, pk: int) -> Document:
    return get_visible_or_404(Document, request.user, pk=pk, district=request_district(request))


def _posted(request: HttpRequest) -> tuple[Any, Any]:
    if request.method == "POST":
        return request.POST, request.FILES
    return None, None


# --- start page and search --------------------------------------------------------------------


@member_required
def library(request: HttpRequest) -> HttpResponse:
    district = request_district(request)
    user = request.user
    search = SearchForm(request.GET or None, district=district)
    results = None
    if search.is_bound and search.active:
        data = search.cleaned_data
        results = list(
            selectors.document_search(
                user,
                district,
                query=data.get("q") or "",
                topic=data.get("topic"),
                kind=data.get("kind") or "",
            )[:100]
        )
    return TemplateResponse(
        request,
        "exchange/library/index.html",
        {
            "tree": selectors.folder_tree(user, district),
            "recent": selectors.recent_documents(user, district) if results is None else [],
            "search": search,
            "results": results,
            "can_upload": can_upload_document(user, district),
            "can_manage_folders": can_manage_folders(user, district),
        },
    )


# --- folders ----------------------------------------------------------------------------------


@member_required
def folder_detail(request: HttpRequest, pk: int) -> HttpResponse:
    folder = _folder(request, pk)
    user = request.user
    return TemplateResponse(
        request,
        "exchange/library/folder.html",
        {
            "folder": folder,
            "path": selectors.folder_path(folder),
            "subfolders": list(Folder.objects.filter(parent=folder).order_by("position", "name")),
            "documents": list(selectors.folder_documents(user, folder)),
            "can_upload": can_upload_document(user, folder.district),
            "can_manage_folders": can_manage_folders(user, folder.district),
        },
    )


@guarded(can_manage_folders)
def folder_create(request: HttpRequest) -> HttpResponse:
    district = request_district(request)
    tree = selectors.folder_tree(request.user, district)
    initial = {"parent": request.GET.get("in", "")}
    form = FolderForm(request.POST or None, tree=tree, initial=initial)
    if request.method == "POST":
        folder = saved_through(
            form,
            lambda: services.folder_create(
                actor=request.user, district=district, **form.service_data()
            ),
        )
        if folder is not None:
            messages.success(request, _("Der Ordner ist angelegt."))
            return redirect(folder)
    return TemplateResponse(request, "exchange/library/folder_form.html", {"form": form})


@guarded(can_manage_folders)
def folder_edit(request: HttpRequest, pk: int) -> HttpResponse:
    folder = _folder(request, pk)
    tree = selectors.folder_tree(request.user, folder.district)
    initial = {
        "name": folder.name,
        "description": folder.description,
        "parent": folder.parent_id or "",
        "position": folder.position,
    }
    form = FolderForm(request.POST or None, tree=tree, folder=folder, initial=initial)
    if request.method == "POST":
        saved = saved_through(
            form,
            lambda: services.folder_update(
                actor=request.user, folder=folder, **form.service_data()
            ),
        )
        if saved is not None:
            messages.success(request, _("Der Ordner ist gespeichert."))
            return redirect(saved)
    return TemplateResponse(
        request, "exchange/library/folder_form.html", {"form": form, "folder": folder}
    )


@guarded(can_manage_folders)
def folder_delete(request: HttpRequest, pk: int) -> HttpResponse:
    folder = _folder(request, pk)
    refused = False
    if request.method == "POST":
        parent = folder.parent
        deleted = act(
            request,
            lambda: services.folder_delete(actor=request.user, folder=folder),
            _("Der Ordner ist gelöscht."),
        )
        if deleted:
            return redirect(parent or "exchange:library")
        refused = True  # the service's reason is in the messages above the page
    empty = not folder.children.exists() and not Document.objects.filter(folder=folder).exists()
    return TemplateResponse(
        request,
        "exchange/library/folder_delete.html",
        {"folder": folder, "empty": empty},
        status=400 if refused else 200,
    )


# --- documents --------------------------------------------------------------------------------


@guarded(can_upload_document)
def document_create(request: HttpRequest) -> HttpResponse:
    district = request_district(request)
    user = request.user
    organisation_ids = upload_organisations(user, district)
    data, files = _posted(request)
    form = DocumentForm(
        data,
        files,
        district=district,
        tree=selectors.folder_tree(user, district),
        organisation_ids=organisation_ids,
        initial={"folder": request.GET.get("ordner", "")},
    )
    if request.method == "POST":
        document = saved_through(
            form,
            lambda: services.document_create(actor=user, district=district, **form.service_data()),
        )
        if document is not None:
            messages.success(request, _("Das Dokument ist hochgeladen."))
            return redirect(document)
    return TemplateResponse(request, "exchange/library/document_form.html", {"form": form})


@member_required
def document_detail(request: HttpRequest, pk: int) -> HttpResponse:
    document = _document(request, pk)
    return TemplateResponse(
        request,
        "exchange/library/document.html",
        {
            "document": document,
            "path": selectors.folder_path(document.folder),
            "versions": list(selectors.document_versions(document)),
            "topics": list(document.topics.order_by("name")),
            "audience": audience_label(document),
            "can_manage": can_manage_document(request.user, document),
        },
    )


@member_required
def document_edit(request: HttpRequest, pk: int) -> HttpResponse:
    document = owned_or_404(Document, request, pk, can_manage_document)
    user = request.user
    initial = {
        "title": document.title,
        "description": document.description,
        "folder": document.folder_id,
        "topics": list(document.topics.all()),
        "audience": document.audience,
        "organisations": list(document.organisations.all()),
        "include_volunteers": document.include_volunteers,
    }
    form = DocumentForm(
        request.POST or None,
        district=document.district,
        tree=selectors.folder_tree(user, document.district),
        organisation_ids=[],
        editing=True,
        initial=initial,
    )
    if request.method == "POST":
        saved = saved_through(
            form,
            lambda: services.document_update(actor=user, document=document, **form.service_data()),
        )
        if saved is not None:
            messages.success(request, _("Das Dokument ist gespeichert."))
            return redirect(saved)
    return TemplateResponse(
        request, "exchange/library/document_form.html", {"form": form, "document": document}
    )


@member_required
def document_delete(request: HttpRequest, pk: int) -> HttpResponse:
    document = owned_or_404(Document, request, pk, can_manage_document)
    if request.method == "POST":
        folder = document.folder
        services.document_delete(actor=request.user, document=document)
        messages.success(request, _("Das Dokument ist gelöscht."))
        return redirect(folder)
    return TemplateResponse(
        request, "exchange/library/document_delete.html", {"document": document}
    )


@member_required
def document_version_add(request: HttpRequest, pk: int) -> HttpResponse:
    document = owned_or_404(Document, request, pk, can_manage_document)
    data, files = _posted(request)
    form = VersionForm(data, files)
    if request.method == "POST":
        version = saved_through(
            form,
            lambda: services.document_version_add(
                actor=request.user,
                document=document,
                upload=form.cleaned_data["file"],
                note=form.cleaned_data.get("note") or "",
            ),
        )
        if version is not None:
            messages.success(
                request, _("Version %(number)d ist hochgeladen.") % {"number": version.number}
            )
            return redirect(document)
    return TemplateResponse(
        request, "exchange/library/version_form.html", {"form": form, "document": document}
    )


@member_required
def document_download(request: HttpRequest, pk: int, number: int) -> HttpResponseBase:
    version = get_visible_or_404(
        DocumentVersion,
        request.user,
        document_id=pk,
        number=number,
        district=request_district(request),
    )
    try:
        handle = version.file.open("rb")
    except (FileNotFoundError, OSError) as exc:
        raise Http404 from exc
    response = download_response(
        handle, filename=version.original_name, content_type=version.content_type
    )
    response["Cache-Control"] = "private, no-store"
    return response


urlpatterns: list[URLPattern] = [
    path("werkzeugkoffer/", library, name="library"),
    path("werkzeugkoffer/ordner/neu/", folder_create, name="folder_create"),
    path("werkzeugkoffer/ordner/<int:pk>/", folder_detail, name="folder_detail"),
    path("werkzeugkoffer/ordner/<int:pk>/bearbeiten/", folder_edit, name="folder_edit"),
    path("werkzeugkoffer/ordner/<int:pk>/loeschen/", folder_delete, name="folder_delete"),
    path("werkzeugkoffer/dokumente/neu/", document_create, name="document_create"),
    path("werkzeugkoffer/dokumente/<int:pk>/", document_detail, name="document_detail"),
    path("werkzeugkoffer/dokumente/<int:pk>/bearbeiten/", document_edit, name="document_edit"),
    path("werkzeugkoffer/dokumente/<int:pk>/loeschen/", document_delete, name="document_delete"),
    path(
        "werkzeugkoffer/dokumente/<int:pk>/neue-version/",
        document_version_add,
        name="document_version_add",
    ),
    path(
        "werkzeugkoffer/dokumente/<int:pk>/versionen/<int:number>/",
        document_download,
        name="document_download",
    ),
]
