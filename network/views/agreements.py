"""Kooperationsvereinbarungen under /netzwerk/vereinbarungen/: list with overview, detail,
create/edit, status, and the signed document's versions (uploaded and downloaded here only)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.forms.models import model_to_dict
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import URLPattern, path
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.scoping import get_visible_or_404
from network.models import Agreement, AgreementDocument
from network.permissions import can_create_agreement, can_edit_agreement, can_see_agreements
from network.selectors import agreements as reads
from network.services import agreements as services
from ui.kit import act, current_district, guarded, is_htmx, owned_or_404, submitted

from ..forms.agreements import (
    AgreementFilterForm,
    AgreementForm,
    DocumentForm,
    StatusForm,
)

# --- Views ------------------------------------------------------------------------------------

members = guarded(can_see_agreements)


def _agreement(request: HttpRequest, pk: int) -> Agreement:
    return get_visible_or_404(Agreement, request.user, pk=pk, district=current_district(request))


@members
def agreement_list(request: HttpRequest) -> HttpResponse:
    district = current_district(request)
    assert district is not None  # noqa: S101 - guaranteed by @members
    filters = AgreementFilterForm(request.GET or None, district=district)
    values = filters.cleaned_data if filters.is_valid() else {}
    today = timezone.localdate()
    agreements = list(
        reads.agreement_list(
            request.user,
            district,
            status=values.get("status", ""),
            topic=values.get("topic"),
            party=values.get("party"),
            due_only=values.get("due", False),
        )
    )
    rows = [(agreement, reads.agreement_alerts(agreement, today=today)) for agreement in agreements]
    template = "network/agreement_list.html"
    if is_htmx(request):
        template += "#rows"
    context = {
        "filters": filters,
        "rows": rows,
        "agreements": agreements,
        "overview": reads.agreement_overview(district),
        "can_create": can_create_agreement(request.user, district),
        "highlight_days": reads.HIGHLIGHT_DAYS,
    }
    return TemplateResponse(request, template, context)


@members
def agreement_detail(request: HttpRequest, pk: int) -> HttpResponse:
    agreement = _agreement(request, pk)
    can_edit = can_edit_agreement(request.user, agreement)
    context = {
        "agreement": agreement,
        "parties": agreement.parties.order_by("name"),
        "topics": agreement.topics.all(),
        "documents": reads.agreement_documents(agreement),
        "alerts": reads.agreement_alerts(agreement),
        "can_edit": can_edit,
        "status_form": StatusForm(initial={"status": agreement.status}) if can_edit else None,
    }
    return TemplateResponse(request, "network/agreement_detail.html", context)


def _agreement_data(form: AgreementForm) -> dict[str, Any]:
    return dict(form.cleaned_data)


@guarded(can_create_agreement)
def agreement_create(request: HttpRequest) -> HttpResponse:
    district = current_district(request)
    assert district is not None  # noqa: S101
    form = AgreementForm(request.POST if request.method == "POST" else None, district=district)
    created: list[Agreement] = []
    if submitted(
        request,
        form,
        lambda: created.append(
            services.agreement_create(
                actor=request.user, district=district, data=_agreement_data(form)
            )
        ),
        _("Die Vereinbarung wurde angelegt."),
        denial="error",
    ):
        return redirect("network:agreement_detail", pk=created[0].pk)
    return TemplateResponse(request, "network/agreement_form.html", {"form": form})


@members
def agreement_edit(request: HttpRequest, pk: int) -> HttpResponse:
    agreement = owned_or_404(Agreement, request, pk, can_edit_agreement)
    form = AgreementForm(
        request.POST if request.method == "POST" else None,
        initial=model_to_dict(agreement),
        district=agreement.district,
    )
    if submitted(
        request,
        form,
        lambda: services.agreement_update(
            actor=request.user, agreement=agreement, data=_agreement_data(form)
        ),
        _("Die Änderungen wurden gespeichert."),
        denial="error",
    ):
        return redirect("network:agreement_detail", pk=agreement.pk)
    return TemplateResponse(
        request, "network/agreement_form.html", {"form": form, "agreement": agreement}
    )


@require_POST
@members
def agreement_status(request: HttpRequest, pk: int) -> HttpResponse:
    agreement = owned_or_404(Agreement, request, pk, can_edit_agreement)
    form = StatusForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            for message in errors:
                messages.error(request, str(message))
        return redirect("network:agreement_detail", pk=agreement.pk)
    act(
        request,
        lambda: services.agreement_set_status(
            actor=request.user,
            agreement=agreement,
            status=form.cleaned_data["status"],
            signed_on=form.cleaned_data["signed_on"],
        ),
        _("Der Status wurde geändert."),
    )
    return redirect("network:agreement_detail", pk=agreement.pk)


@members
def agreement_document_upload(request: HttpRequest, pk: int) -> HttpResponse:
    agreement = owned_or_404(Agreement, request, pk, can_edit_agreement)
    form = DocumentForm(
        request.POST if request.method == "POST" else None,
        request.FILES if request.method == "POST" else None,
    )
    if submitted(
        request,
        form,
        lambda: services.agreement_document_add(
            actor=request.user, agreement=agreement, upload=form.cleaned_data["file"]
        ),
        _("Die neue Version des Dokuments wurde gespeichert."),
        denial="error",
    ):
        return redirect("network:agreement_detail", pk=agreement.pk)
    context = {
        "form": form,
        "agreement": agreement,
        "documents": reads.agreement_documents(agreement),
    }
    return TemplateResponse(request, "network/agreement_document_form.html", context)


@members
def agreement_document_download(request: HttpRequest, pk: int) -> FileResponse:
    document = get_visible_or_404(
        AgreementDocument,
        request.user,
        pk=pk,
        district=current_district(request),
    )
    try:
        handle = document.file.open("rb")
    except (FileNotFoundError, ValueError) as exc:
        raise Http404 from exc
    name = slugify(document.agreement.title)[:80] or "vereinbarung"
    return FileResponse(
        handle,
        as_attachment=True,
        filename=f"{name}-v{document.version}.pdf",
        content_type="application/pdf",
    )


urlpatterns: list[URLPattern] = [
    path("vereinbarungen/", agreement_list, name="agreement_list"),
    path("vereinbarungen/neu/", agreement_create, name="agreement_create"),
    path("vereinbarungen/<int:pk>/", agreement_detail, name="agreement_detail"),
    path("vereinbarungen/<int:pk>/bearbeiten/", agreement_edit, name="agreement_edit"),
    path("vereinbarungen/<int:pk>/status/", agreement_status, name="agreement_status"),
    path(
        "vereinbarungen/<int:pk>/dokument/",
        agreement_document_upload,
        name="agreement_document_upload",
    ),
    path(
        "vereinbarungen/dokumente/<int:pk>/",
        agreement_document_download,
        name="agreement_document_download",
    ),
]
