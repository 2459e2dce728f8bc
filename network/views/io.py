"""Import of organisations from CSV/XLSX (coordinators) and export of the network's data
(coordinators and staff): /netzwerk/import/… and /netzwerk/export/…"""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.core.cache import cache
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import URLPattern, path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.scoping import get_visible_or_404
from districts.permissions import can_manage_district
from network.permissions import can_export_network
from ui.forms import saved_through
from ui.kit import act, current_district, guarded, is_htmx

from ..io import services
from ..io.exporter import DATASETS, FORMATS, network_export
from ..io.forms import MappingForm, UploadForm
from ..io.importer import INVALID, NEW, SKIP
from ..models import ImportJob

View = Callable[..., HttpResponse]
MAX_SHOWN = 500


coordination = guarded(can_manage_district)
exporting = guarded(can_export_network)


def _job(request: HttpRequest, pk: int) -> ImportJob:
    return get_visible_or_404(ImportJob, request.user, pk=pk, district=current_district(request))


# --- Import ---------------------------------------------------------------------------------


@coordination
def import_upload(request: HttpRequest) -> HttpResponse:
    district = current_district(request)
    assert district is not None  # noqa: S101 - guaranteed by @coordination
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST":

        def create() -> ImportJob:
            upload = form.cleaned_data["file"]
            return services.import_job_create(
                actor=request.user,
                district=district,
                file_name=upload.name or "",
                data=upload.read(),
            )

        job = saved_through(form, create, field="file")
        if job is not None:
            return redirect("network:import_preview", pk=job.pk)
    jobs = (
        ImportJob.objects.visible_to(request.user)
        .for_district(district)
        .select_related("created_by")
        .defer("rows")[:20]
    )
    return TemplateResponse(request, "network/import_upload.html", {"form": form, "jobs": jobs})


@coordination
def import_preview(request: HttpRequest, pk: int) -> HttpResponse:
    job = _job(request, pk)
    if job.status != ImportJob.Status.DRAFT:
        return redirect("network:import_status", pk=job.pk)
    samples = [cells for _n, cells in job.rows[:5]]
    form = MappingForm(
        request.POST or None, headers=job.headers, samples=samples, mapping=job.mapping
    )
    if request.method == "POST":
        mapped = saved_through(
            form,
            lambda: services.import_job_set_mapping(
                actor=request.user, job=job, mapping=form.mapping()
            ),
        )
        if mapped is not None:
            return redirect("network:import_check", pk=job.pk)
    context = {"job": job, "form": form, "samples": job.rows[:5]}
    return TemplateResponse(request, "network/import_preview.html", context)


@coordination
def import_check(request: HttpRequest, pk: int) -> HttpResponse:
    job = _job(request, pk)
    if job.status != ImportJob.Status.DRAFT:
        return redirect("network:import_status", pk=job.pk)
    if "name" not in job.mapping.values():
        messages.error(request, _("Ordnen Sie eine Spalte dem Feld „Name der Organisation“ zu."))
        return redirect("network:import_preview", pk=job.pk)
    decisions = job.decisions
    skip_invalid = job.skip_invalid
    if request.method == "POST":
        decisions = {
            key.removeprefix("row_"): value
            for key, value in request.POST.items()
            if key.startswith("row_")
        }
        skip_invalid = request.POST.get("skip_invalid") == "on"
        started = act(
            request,
            lambda: services.import_job_start(
                actor=request.user, job=job, decisions=decisions, skip_invalid=skip_invalid
            ),
            None,  # the status page shows the import's progress
            denial="error",
        )
        if started:
            return redirect("network:import_status", pk=job.pk)
    plan = services.import_job_plan(job=job, decisions=decisions)
    context = {
        "job": job,
        "plan": plan,
        "problems": plan.problems[:MAX_SHOWN],
        "duplicates": plan.duplicates[:MAX_SHOWN],
        "counts": {
            "create": plan.count("create"),
            "merge": plan.count("merge"),
            "skip": plan.count(SKIP),
            "invalid": plan.count(INVALID),
        },
        "skip_invalid": skip_invalid,
        "decisions": decisions,
        "NEW": NEW,
        "shown": MAX_SHOWN,
    }
    return TemplateResponse(request, "network/import_check.html", context)


@coordination
def import_status(request: HttpRequest, pk: int) -> HttpResponse:
    job = _job(request, pk)
    processed = job.processed
    if job.status == ImportJob.Status.WRITING:
        processed = max(processed, cache.get(services.progress_key(job), 0))
    percent = round(100 * processed / job.total) if job.total else 0
    context = {"job": job, "processed": processed, "percent": percent}
    template = "network/import_status.html"
    if is_htmx(request):
        template += "#progress"
    return TemplateResponse(request, template, context)


@coordination
@require_POST
def import_discard(request: HttpRequest, pk: int) -> HttpResponse:
    job = _job(request, pk)
    if not act(
        request,
        lambda: services.import_job_discard(actor=request.user, job=job),
        _("Der Import wurde verworfen; die hochgeladenen Daten sind gelöscht."),
    ):
        return redirect("network:import_status", pk=job.pk)
    return redirect("network:import_upload")


# --- Export ---------------------------------------------------------------------------------


@exporting
def export(request: HttpRequest) -> HttpResponse:
    datasets = [(key, label) for key, (_build, label) in DATASETS.items()]
    return TemplateResponse(request, "network/export.html", {"datasets": datasets})


@exporting
def export_download(request: HttpRequest, dataset: str, fmt: str) -> HttpResponse:
    district = current_district(request)
    assert district is not None  # noqa: S101 - guaranteed by @exporting
    if dataset not in DATASETS or fmt not in FORMATS:
        raise Http404
    file_name, content_type, content = network_export(
        actor=request.user, district=district, dataset=dataset, fmt=fmt
    )
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{file_name}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


urlpatterns: list[URLPattern] = [
    path("import/", import_upload, name="import_upload"),
    path("import/<int:pk>/", import_preview, name="import_preview"),
    path("import/<int:pk>/pruefen/", import_check, name="import_check"),
    path("import/<int:pk>/status/", import_status, name="import_status"),
    path("import/<int:pk>/verwerfen/", import_discard, name="import_discard"),
    path("export/", export, name="export"),
    path("export/<slug:dataset>/<slug:fmt>/", export_download, name="export_download"),
]
