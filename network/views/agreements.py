"""Kooperationsvereinbarungen under /netzwerk/vereinbarungen/: list with overview, detail,
create/edit, status, and the signed document's versions (uploaded and downloaded here only)."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.forms.models import model_to_dict
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import URLPattern, path
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from core.forms import ModelForm, SafeModelChoiceField
from core.scoping import get_visible_or_404
from districts.models import District, Organisation
from network.models import Agreement, AgreementDocument, Contact, Topic
from network.services import agreements as services
from ui.forms import KernWidgetsMixin

View = Callable[..., HttpResponseBase]


# --- Shared helpers (also used by the outreach views) -----------------------------------------


def current_district(request: HttpRequest) -> District | None:
    district = getattr(request, "district", None)
    return district if district else None


def guarded(allowed: Callable[[Any, District | None], bool]) -> Callable[[View], View]:
    """Signed-in people for whom `allowed(user, district)` holds; everyone else 403."""

    def decorator(view: View) -> View:
        @wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
            if not allowed(request.user, current_district(request)):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return login_required(wrapper)

    return decorator


def revalidate(form: forms.BaseForm) -> None:
    """Validate again after querysets were narrowed to the district.

    `KernWidgetsMixin` looks at the errors while the form is built, before the querysets are
    narrowed; without this a value from another district would pass.
    """
    form._errors = None  # type: ignore[attr-defined]
    for name, field in form.fields.items():
        attrs = field.widget.attrs
        attrs.pop("aria-invalid", None)
        attrs.pop("aria-describedby", None)
        bound = form[name]
        if bound.errors:
            attrs["aria-invalid"] = "true"
            attrs["aria-describedby"] = f"{bound.auto_id}_error"


def apply_errors(form: forms.BaseForm, exc: ValidationError | PermissionDenied) -> None:
    if isinstance(exc, PermissionDenied):
        form.add_error(None, str(exc) or _("Das dürfen Sie nicht."))
    elif hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc)


def submitted(
    request: HttpRequest, form: forms.BaseForm, call: Callable[[], Any], success: str
) -> bool:
    """True once a valid POSTed form went through its service; its errors land on the form."""
    if request.method != "POST" or not form.is_valid():
        return False
    try:
        call()
    except (ValidationError, PermissionDenied) as exc:
        apply_errors(form, exc)
        return False
    messages.success(request, success)
    return True


def act(request: HttpRequest, call: Callable[[], Any], success: str) -> None:
    """A POST-only action: the service's errors and its success are flashed."""
    try:
        call()
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, success)


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs, format="%Y-%m-%d")


# --- Forms ------------------------------------------------------------------------------------


class AgreementForm(KernWidgetsMixin, ModelForm):
    class Meta:
        model = Agreement
        fields = [
            "title",
            "subject",
            "parties",
            "topics",
            "status",
            "signed_on",
            "valid_from",
            "valid_until",
            "review_on",
            "responsible",
        ]
        widgets = {
            "signed_on": DateInput(),
            "valid_from": DateInput(),
            "valid_until": DateInput(),
            "review_on": DateInput(),
        }
        help_texts = {
            "parties": gettext_lazy("Mindestens zwei Organisationen Ihres Kreises."),
            "review_on": gettext_lazy(
                "Vor der Überprüfung und vor dem Ende der Gültigkeit erinnert Lotse per E-Mail."
            ),
            "responsible": gettext_lazy("Eine Ansprechperson einer der Vertragsparteien."),
        }

    def __init__(self, *args: Any, district: District, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["parties"].queryset = Organisation.objects.for_district(  # type: ignore[attr-defined]
            district
        ).order_by("name")
        agreement = self.instance
        self.fields["topics"].queryset = Topic.objects.for_district(district).choosable(  # type: ignore[attr-defined]
            agreement.topics.values_list("pk", flat=True) if agreement.pk else ()
        )
        self.fields["responsible"].queryset = (  # type: ignore[attr-defined]
            Contact.objects.for_district(district).select_related("organisation")
        )
        revalidate(self)


class StatusForm(KernWidgetsMixin, forms.Form):
    status = forms.ChoiceField(label=gettext_lazy("Neuer Status"), choices=Agreement.Status.choices)
    signed_on = forms.DateField(
        label=gettext_lazy("unterzeichnet am"),
        required=False,
        widget=DateInput(),
        help_text=gettext_lazy("Nur beim Unterzeichnen nötig."),
    )


class DocumentForm(KernWidgetsMixin, forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Unterzeichnetes Dokument (PDF)"),
        help_text=gettext_lazy(
            "Eine PDF-Datei, höchstens 10 MB. Frühere Versionen bleiben erhalten."
        ),
        widget=forms.FileInput(attrs={"accept": "application/pdf,.pdf"}),
    )


class AgreementFilterForm(KernWidgetsMixin, forms.Form):
    status = forms.ChoiceField(
        label=gettext_lazy("Status"),
        required=False,
        choices=[("", gettext_lazy("alle")), *Agreement.Status.choices],
    )
    topic = SafeModelChoiceField(
        label=gettext_lazy("Handlungsfeld"),
        required=False,
        queryset=Topic.objects.none(),
        empty_label=gettext_lazy("alle"),
    )
    party = SafeModelChoiceField(
        label=gettext_lazy("Vertragspartei"),
        required=False,
        queryset=Organisation.objects.none(),
        empty_label=gettext_lazy("alle"),
    )
    due = forms.BooleanField(label=gettext_lazy("nur bald fällige"), required=False)

    def __init__(self, *args: Any, district: District, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["topic"].queryset = Topic.objects.for_district(district).choosable()  # type: ignore[attr-defined]
        self.fields["party"].queryset = Organisation.objects.for_district(district).order_by(  # type: ignore[attr-defined]
            "name"
        )
        revalidate(self)


# --- Views ------------------------------------------------------------------------------------

members = guarded(services.can_see_agreements)


def _agreement(request: HttpRequest, pk: int) -> Agreement:
    return get_visible_or_404(Agreement, request.user, pk=pk, district=current_district(request))


def _editable(request: HttpRequest, pk: int) -> Agreement:
    """404 alike for missing, other district and "visible but not yours to edit"."""
    agreement = _agreement(request, pk)
    if not services.can_edit_agreement(request.user, agreement):
        raise Http404
    return agreement


@members
def agreement_list(request: HttpRequest) -> HttpResponse:
    district = current_district(request)
    assert district is not None  # noqa: S101 - guaranteed by @members
    filters = AgreementFilterForm(request.GET or None, district=district)
    values = filters.cleaned_data if filters.is_valid() else {}
    today = timezone.localdate()
    agreements = list(
        services.agreement_list(
            request.user,
            district,
            status=values.get("status", ""),
            topic=values.get("topic"),
            party=values.get("party"),
            due_only=values.get("due", False),
        )
    )
    rows = [
        (agreement, services.agreement_alerts(agreement, today=today)) for agreement in agreements
    ]
    template = "network/agreement_list.html"
    htmx = getattr(request, "htmx", None)
    if htmx and not htmx.history_restore_request:
        template += "#rows"
    context = {
        "filters": filters,
        "rows": rows,
        "agreements": agreements,
        "overview": services.agreement_overview(district),
        "can_create": services.can_create_agreement(request.user, district),
        "highlight_days": services.HIGHLIGHT_DAYS,
    }
    return TemplateResponse(request, template, context)


@members
def agreement_detail(request: HttpRequest, pk: int) -> HttpResponse:
    agreement = _agreement(request, pk)
    can_edit = services.can_edit_agreement(request.user, agreement)
    context = {
        "agreement": agreement,
        "parties": agreement.parties.order_by("name"),
        "topics": agreement.topics.all(),
        "documents": services.agreement_documents(agreement),
        "alerts": services.agreement_alerts(agreement),
        "can_edit": can_edit,
        "status_form": StatusForm(initial={"status": agreement.status}) if can_edit else None,
    }
    return TemplateResponse(request, "network/agreement_detail.html", context)


def _agreement_data(form: AgreementForm) -> dict[str, Any]:
    return dict(form.cleaned_data)


@guarded(services.can_create_agreement)
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
    ):
        return redirect("network:agreement_detail", pk=created[0].pk)
    return TemplateResponse(request, "network/agreement_form.html", {"form": form})


@members
def agreement_edit(request: HttpRequest, pk: int) -> HttpResponse:
    agreement = _editable(request, pk)
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
    ):
        return redirect("network:agreement_detail", pk=agreement.pk)
    return TemplateResponse(
        request, "network/agreement_form.html", {"form": form, "agreement": agreement}
    )


@require_POST
@members
def agreement_status(request: HttpRequest, pk: int) -> HttpResponse:
    agreement = _editable(request, pk)
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
    agreement = _editable(request, pk)
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
    ):
        return redirect("network:agreement_detail", pk=agreement.pk)
    context = {
        "form": form,
        "agreement": agreement,
        "documents": services.agreement_documents(agreement),
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
