"""Staff pages of the directory's offers: the list with its filters, create, edit, status,
"still current" and machine translation."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from districts.models import Organisation
from districts.permissions import is_member_of_district
from ui.forms import saved_through
from ui.kit import act, current_district, is_htmx, owned_or_404, submitted

from ..forms.entries import OfferForm
from ..forms.staff import OfferFilterForm
from ..models import SOURCE_LANGUAGE, Offer
from ..permissions import can_edit_entry, can_use_directory_editing
from ..selectors.staff import staff_offers
from ..services import offers as services
from .staff import (
    DENIAL,
    coverage,
    editors,
    languages_of,
    machine_translate,
    machine_translation_context,
    organisations,
    original,
    render,
)


@login_required
def offer_list(request: HttpRequest) -> HttpResponse:
    district = current_district(request)
    if not can_use_directory_editing(request.user, district):
        # "Angebote" in the navigation: volunteers of the district read the public directory.
        if district is not None and is_member_of_district(request.user, district):
            return redirect(
                "public:home", district_slug=district.slug, lang=translation.get_language()
            )
        raise PermissionDenied
    filters = OfferFilterForm(request.GET or None)
    values = filters.cleaned_data if filters.is_valid() else {}
    languages = languages_of(district)
    rows = []
    for offer in staff_offers(request.user, district, values):
        text = next((r for r in offer.translations.all() if r.language == SOURCE_LANGUAGE), None)
        rows.append(
            {
                "offer": offer,
                "title": text.title if text else str(offer),
                "coverage": coverage(offer, languages),
            }
        )
    template = "directory/staff/offer_list.html"
    if is_htmx(request):
        template += "#rows"
    return render(request, template, {"filters": filters, "rows": rows})


@editors
def offer_create(request: HttpRequest) -> HttpResponse:
    district = current_district(request)
    assert district is not None  # noqa: S101 - guaranteed by @editors
    form = OfferForm(
        request.POST or None,
        district=district,
        organisations=organisations(request),
        initial={"free_of_charge": True},
    )
    offer = saved_through(
        form,
        lambda: services.offer_create(
            actor=request.user, district=district, data=form.entry_data(), texts=form.texts()
        ),
    )
    if offer is not None:
        messages.success(request, _("Das Angebot ist als Entwurf angelegt."))
        return redirect("directory:offer_edit", offer.pk)
    return render(request, "directory/staff/offer_form.html", {"form": form, "offer": None})


@editors
def offer_edit(request: HttpRequest, pk: int) -> HttpResponse:
    offer = owned_or_404(Offer, request, pk, can_edit_entry)
    form = OfferForm(
        request.POST or None,
        district=offer.district,
        organisations=organisations(request),
        initial=OfferForm.initial_for(offer, original(offer)),
    )
    choices = form.fields["organisation"]
    if offer.organisation_id and not choices.queryset.filter(pk=offer.organisation_id).exists():  # type: ignore[attr-defined]
        # An organisation the person may not choose stays the offer's own.
        choices.queryset = Organisation.objects.filter(pk=offer.organisation_id)  # type: ignore[attr-defined]
    if submitted(
        request,
        form,
        lambda: services.offer_update(
            actor=request.user, offer=offer, data=form.entry_data(), texts=form.texts()
        ),
        _("Das Angebot ist gespeichert."),
        denial=DENIAL,
    ):
        return redirect("directory:offer_edit", offer.pk)
    offer = Offer.objects.prefetch_related("translations").get(pk=offer.pk)
    context = {
        "form": form,
        "offer": offer,
        "coverage": coverage(offer, languages_of(offer.district)),
        **machine_translation_context(offer, key="offer"),
    }
    return render(request, "directory/staff/offer_form.html", context)


@editors
@require_POST
def offer_status(request: HttpRequest, pk: int) -> HttpResponse:
    offer = owned_or_404(Offer, request, pk, can_edit_entry)
    action = request.POST.get("action", "")
    labels = {
        "publish": _("Das Angebot ist veröffentlicht."),
        "unpublish": _("Das Angebot ist wieder ein Entwurf."),
        "archive": _("Das Angebot ist archiviert."),
    }
    act(
        request,
        lambda: services.offer_set_status(actor=request.user, offer=offer, action=action),
        labels.get(action, ""),
        denial=DENIAL,
    )
    return redirect("directory:offer_edit", offer.pk)


@editors
@require_POST
def offer_confirm(request: HttpRequest, pk: int) -> HttpResponse:
    offer = owned_or_404(Offer, request, pk, can_edit_entry)
    act(
        request,
        lambda: services.offer_confirm_current(actor=request.user, offer=offer),
        _("Danke – der Eintrag gilt für weitere zwölf Monate als aktuell."),
        denial=DENIAL,
    )
    return redirect("directory:offer_edit", offer.pk)


@editors
@require_POST
def offer_machine_translate(request: HttpRequest, pk: int) -> HttpResponse:
    return machine_translate(request, owned_or_404(Offer, request, pk, can_edit_entry), key="offer")
