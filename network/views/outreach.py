"""Dialog mit Organisationen under /netzwerk/dialog/: the outreach log, per organisation, with
"nicht erreicht seit N Monaten" and "fällige nächste Schritte"."""

from __future__ import annotations

from typing import Any

from django.core.paginator import Paginator
from django.forms.models import model_to_dict
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import URLPattern, path, reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.scoping import get_visible_or_404
from districts.models import District, Organisation
from districts.permissions import is_coordinator
from network.models import OutreachEntry
from network.permissions import can_edit_outreach_entry, can_see_outreach
from network.selectors import outreach as reads
from network.services import outreach as services
from ui.kit import act, current_district, guarded, is_htmx, owned_or_404, submitted

from ..forms.outreach import MineForm, MonthsForm, OutreachEntryForm, OutreachFilterForm

PAGE_SIZE = 100


# --- Views ------------------------------------------------------------------------------------

members = guarded(can_see_outreach)


def _context(request: HttpRequest, **extra: Any) -> dict[str, Any]:
    return {"today": timezone.localdate(), **extra}


def _editable_marked(request: HttpRequest, entries: Any) -> list[OutreachEntry]:
    """Who may edit which row, decided without a query per row."""
    coordinator = is_coordinator(request.user, current_district(request))
    rows = list(entries)
    for entry in rows:
        entry.editable = coordinator or entry.owner_id == request.user.pk
    return rows


def _partial(request: HttpRequest, template: str) -> str:
    return f"{template}#rows" if is_htmx(request) else template


@members
def outreach_list(request: HttpRequest) -> HttpResponse:
    district = current_district(request)
    assert district is not None  # noqa: S101 - guaranteed by @members
    filters = OutreachFilterForm(request.GET or None, district=district)
    values = filters.cleaned_data if filters.is_valid() else {}
    entries = reads.outreach_entries(
        request.user,
        district,
        organisation=values.get("organisation"),
        owner=request.user if values.get("mine") else None,
        open_only=values.get("open_only", False),
    )
    page = Paginator(entries, PAGE_SIZE).get_page(request.GET.get("seite"))
    context = _context(
        request, filters=filters, entries=_editable_marked(request, page.object_list), page=page
    )
    return TemplateResponse(request, _partial(request, "network/outreach_list.html"), context)


@members
def outreach_organisation(request: HttpRequest, pk: int) -> HttpResponse:
    district = current_district(request)
    assert district is not None  # noqa: S101
    organisation = get_visible_or_404(Organisation, request.user, pk=pk, district=district)
    entries = _editable_marked(
        request, reads.outreach_entries(request.user, district, organisation=organisation)
    )
    context = _context(
        request,
        organisation=organisation,
        entries=entries,
        last_contact=entries[0].date if entries else None,
    )
    return TemplateResponse(request, "network/outreach_organisation.html", context)


def _entry_form(request: HttpRequest, district: District, **kwargs: Any) -> OutreachEntryForm:
    return OutreachEntryForm(
        request.POST if request.method == "POST" else None,
        district=district,
        can_assign=is_coordinator(request.user, district),
        **kwargs,
    )


@members
def outreach_create(request: HttpRequest) -> HttpResponse:
    district = current_district(request)
    assert district is not None  # noqa: S101
    initial = {"date": timezone.localdate(), "owner": request.user.pk}
    organisation_id = request.GET.get("organisation", "")
    if organisation_id.isdigit():
        initial["organisation"] = int(organisation_id)
    form = _entry_form(request, district, initial=initial)
    if submitted(
        request,
        form,
        lambda: services.outreach_entry_create(
            actor=request.user, district=district, data=form.cleaned_data
        ),
        _("Der Kontakt wurde eingetragen."),
        denial="error",
    ):
        return redirect("network:outreach_organisation", pk=form.cleaned_data["organisation"].pk)
    return TemplateResponse(request, "network/outreach_form.html", {"form": form})


@members
def outreach_edit(request: HttpRequest, pk: int) -> HttpResponse:
    entry = owned_or_404(OutreachEntry, request, pk, can_edit_outreach_entry)
    form = _entry_form(request, entry.district, initial=model_to_dict(entry))
    if submitted(
        request,
        form,
        lambda: services.outreach_entry_update(
            actor=request.user, entry=entry, data=form.cleaned_data
        ),
        _("Die Änderungen wurden gespeichert."),
        denial="error",
    ):
        return redirect("network:outreach_organisation", pk=entry.organisation_id)
    return TemplateResponse(request, "network/outreach_form.html", {"form": form, "entry": entry})


def _safe_next(request: HttpRequest, fallback: str) -> str:
    target = request.POST.get("next", "")
    # Back to the page the button was on, but only ever to a page of this site.
    if target.startswith("/") and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return fallback


@require_POST
@members
def outreach_step_done(request: HttpRequest, pk: int) -> HttpResponse:
    entry = owned_or_404(OutreachEntry, request, pk, can_edit_outreach_entry)
    act(
        request,
        lambda: services.outreach_step_complete(actor=request.user, entry=entry),
        _("Der nächste Schritt ist als erledigt markiert."),
    )
    fallback = reverse("network:outreach_organisation", kwargs={"pk": entry.organisation_id})
    return redirect(_safe_next(request, fallback))


@members
def outreach_not_reached(request: HttpRequest) -> HttpResponse:
    district = current_district(request)
    assert district is not None  # noqa: S101
    form = MonthsForm(request.GET or None)
    months = (form.cleaned_data.get("months") if form.is_valid() else None) or (
        reads.DEFAULT_MONTHS
    )
    organisations = reads.not_reached(request.user, district, months=months)
    context = _context(request, form=form, months=months, organisations=organisations)
    return TemplateResponse(
        request, _partial(request, "network/outreach_not_reached.html"), context
    )


@members
def outreach_due(request: HttpRequest) -> HttpResponse:
    district = current_district(request)
    assert district is not None  # noqa: S101
    form = MineForm(request.GET or None)
    mine = form.is_valid() and form.cleaned_data["mine"]
    entries = _editable_marked(
        request, reads.due_steps(request.user, district, owner=request.user if mine else None)
    )
    context = _context(request, form=form, entries=entries, within_days=reads.DUE_WITHIN_DAYS)
    return TemplateResponse(request, _partial(request, "network/outreach_due.html"), context)


urlpatterns: list[URLPattern] = [
    path("dialog/", outreach_list, name="outreach_list"),
    path("dialog/neu/", outreach_create, name="outreach_create"),
    path("dialog/nicht-erreicht/", outreach_not_reached, name="outreach_not_reached"),
    path("dialog/faellig/", outreach_due, name="outreach_due"),
    path("dialog/organisation/<int:pk>/", outreach_organisation, name="outreach_organisation"),
    path("dialog/<int:pk>/bearbeiten/", outreach_edit, name="outreach_edit"),
    path("dialog/<int:pk>/erledigt/", outreach_step_done, name="outreach_step_done"),
]
