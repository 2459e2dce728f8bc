"""Integreat import for coordinators (/angebote/integreat/…): upload the region's JSON files (or a
zip of them), see a report of what would change, then import — all or nothing.

The upload is kept in the cache between preview and import (at most PREVIEW_SECONDS), under a
random token bound to the district; nothing of it is stored in the database.
"""

from __future__ import annotations

import secrets
from typing import Any

from django.contrib import messages
from django.core.cache import cache
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from districts.models import District
from districts.permissions import can_manage_district
from ui.kit import current_district, guarded

from ..forms.integreat import UploadForm
from ..integreat.report import IntegreatImportError, Report
from ..services.imports import integreat_import

PREVIEW_SECONDS = 2 * 60 * 60
coordination = guarded(can_manage_district)


def _key(token: str) -> str:
    return f"directory:integreat:{token}"


def store_upload(*, district: District, region: str, files: list[tuple[str, bytes]]) -> str:
    """Keep an upload for its preview; returns the token of the preview page."""
    token = secrets.token_urlsafe(16)
    cache.set(
        _key(token), {"district": district.pk, "region": region, "files": files}, PREVIEW_SECONDS
    )
    return token


def _upload(request: HttpRequest, token: str) -> dict[str, Any]:
    district = current_district(request)
    stored = cache.get(_key(token))
    if not stored or district is None or stored.get("district") != district.pk:
        raise Http404
    return dict(stored)


def _run(request: HttpRequest, stored: dict[str, Any], *, dry_run: bool) -> Report:
    district = current_district(request)
    assert district is not None  # noqa: S101 - checked by @coordination and _upload
    try:
        return integreat_import(
            actor=request.user,
            district=district,
            region=stored["region"],
            files=stored["files"],
            dry_run=dry_run,
        )
    except IntegreatImportError as exc:
        return exc.report


@coordination
def integreat_upload(request: HttpRequest) -> HttpResponse:
    district = current_district(request)
    assert district is not None  # noqa: S101 - guaranteed by @coordination
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        files = [(upload.name or "", upload.read()) for upload in form.cleaned_data["uploads"]]
        token = store_upload(district=district, region=form.cleaned_data["region"], files=files)
        return redirect("directory:integreat_preview", token=token)
    return TemplateResponse(request, "directory/integreat/upload.html", {"form": form})


@coordination
def integreat_preview(request: HttpRequest, token: str) -> HttpResponse:
    stored = _upload(request, token)
    report = _run(request, stored, dry_run=True)
    context = {"report": report, "token": token, "region": stored["region"]}
    return TemplateResponse(request, "directory/integreat/preview.html", context)


@require_POST
@coordination
def integreat_run(request: HttpRequest, token: str) -> HttpResponse:
    stored = _upload(request, token)
    report = _run(request, stored, dry_run=False)
    if not report.ok:
        context = {"report": report, "token": token, "region": stored["region"]}
        return TemplateResponse(request, "directory/integreat/preview.html", context)
    transaction.on_commit(lambda: cache.delete(_key(token)))
    counts = ", ".join(
        _("%(label)s: %(new)d neu, %(updated)d aktualisiert, %(archived)d archiviert")
        % {"label": label, "new": new, "updated": updated, "archived": archived}
        for label, new, updated, archived in report.summary()
    )
    messages.success(
        request,
        _("Integreat-Region „%(region)s“ importiert. %(counts)s.")
        % {"region": report.region, "counts": counts},
    )
    return redirect("directory:integreat_upload")
