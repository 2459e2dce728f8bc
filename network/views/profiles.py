"""The list of organisations, the Steckbrief, and editing profiles, contacts and relations."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.forms.models import model_to_dict
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import NoReverseMatch, path, reverse
from django.utils.formats import get_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.languages import language_name
from core.scoping import get_visible_or_404
from districts.geo import POSTCODE_CREDIT_TEXT, POSTCODE_CREDIT_URL, is_in_district
from districts.models import Municipality, Organisation, Topic
from districts.reference import LICENCE_NAME, LICENCE_URL
from ui.kit import current_district, guarded, is_htmx, owned_or_404, submitted

from ..forms.profiles import (
    ContactForm,
    OrganisationFilterForm,
    ProfileForm,
    ProfileTranslationForm,
    RelationForm,
)
from ..models import Contact, Profile, ProfileTranslation, Relation, translation_languages
from ..permissions import (
    audiences_for,
    can_edit_contact,
    can_edit_in_network,
    can_edit_profile,
    can_edit_relation,
    can_see_history,
    can_view_network,
    visible_parts,
)
from ..selectors import profiles as selectors
from ..services import profiles as profile_services
from ..services import relations as relation_services
from ..services.relations import INCOMING, OUTGOING
from .maps import OUTLINE_CREDIT, _tile_settings

View = Callable[..., HttpResponseBase]
PAGE_SIZE = 50


# Every member of the current district (volunteers included); everyone else 403.
network_member = guarded(can_view_network)
# Coordinators and organisation admins of the current district; everyone else 403.
network_editor = guarded(can_edit_in_network)


def _organisation(request: HttpRequest, pk: int) -> Organisation:
    return get_visible_or_404(Organisation, request.user, pk=pk, district=current_district(request))


def _optional_url(name: str, **kwargs: Any) -> str:
    """Links to pages of the network app that other parts provide, where they exist."""
    try:
        return reverse(name, kwargs=kwargs or None)
    except NoReverseMatch:
        return ""


# --- The list -------------------------------------------------------------------------------


@network_member
def index(request: HttpRequest) -> HttpResponse:
    district = current_district(request)
    assert district is not None  # noqa: S101 - guaranteed by @network_member
    audiences = audiences_for(request.user, district)
    filters = OrganisationFilterForm(
        request.GET or None,
        topics=Topic.objects.for_district(district).filter(is_active=True),
        municipalities=Municipality.objects.for_district(district),
    )
    values = filters.cleaned_data if filters.is_valid() else {}
    chosen = selectors.OrganisationFilters(
        **{k: v for k, v in values.items() if v not in (None, "")}
    )
    organisations = selectors.organisation_list(request.user, district, chosen, audiences)
    page = Paginator(organisations, PAGE_SIZE).get_page(request.GET.get("seite"))
    query = request.GET.copy()
    query.pop("seite", None)
    context = {
        "filters": filters,
        "page": page,
        "rows": selectors.organisation_rows(page.object_list, audiences),
        "query": query.urlencode(),
        "can_edit": can_edit_in_network(request.user, district),
    }
    template = "network/organisation_list.html"
    # A history restore after a cache miss needs the whole page, not just the rows.
    if is_htmx(request):
        template += "#rows"
    return TemplateResponse(request, template, context)


# --- The Steckbrief -------------------------------------------------------------------------


@network_member
def organisation_detail(request: HttpRequest, pk: int) -> HttpResponse:
    organisation = _organisation(request, pk)
    profile = selectors.profile_of(organisation)
    district = current_district(request)
    audiences = audiences_for(request.user, district)
    parts = visible_parts(profile, audiences)
    context: dict[str, Any] = {
        "organisation": organisation,
        "profile": profile,
        "parts": parts,
        "can_edit": can_edit_profile(request.user, organisation),
        "contacts": selectors.contacts_of(request.user, organisation),
        "relations": selectors.relations_of(request.user, organisation),
        "history": (
            selectors.history_rows(selectors.profile_history(profile))
            if can_see_history(request.user, district)
            else None
        ),
        "agreements_url": _optional_url("network:agreement_list"),
        "outreach_url": _optional_url("network:outreach") or _optional_url("network:outreach_list"),
    }
    if "description" in parts:
        context["description"] = selectors.profile_description(profile)
    if "topics" in parts:
        context.update(selectors.profile_vocabulary(profile))
    return TemplateResponse(request, "network/organisation_detail.html", context)


@network_member
def organisation_logo(request: HttpRequest, pk: int) -> HttpResponseBase:
    organisation = _organisation(request, pk)
    profile = getattr(organisation, "profile", None)
    if profile is None or not profile.logo:
        raise Http404
    try:
        handle = profile.logo.open("rb")
    except (FileNotFoundError, OSError) as exc:
        raise Http404 from exc
    response = FileResponse(handle)
    response["Cache-Control"] = "private, max-age=3600"
    response["X-Content-Type-Options"] = "nosniff"
    return response


# --- Editing --------------------------------------------------------------------------------


def _pin_map(organisation: Organisation) -> dict[str, Any]:
    """What the pin map on the edit page draws: the Kreis outline (from the actor map's data
    endpoint) and, only if the operator configured one, a tile layer."""
    tile_url, tile_attribution, origin = _tile_settings()
    return {
        "kreis": organisation.district.kreis,
        "tile_url": tile_url,
        "tile_attribution": tile_attribution,
        "tile_origin": origin,
        "decimal_separator": get_format("DECIMAL_SEPARATOR"),
        "outline_credit": OUTLINE_CREDIT,
        "licence_name": LICENCE_NAME,
        "licence_url": LICENCE_URL,
        "postcode_credit_text": POSTCODE_CREDIT_TEXT,
        "postcode_credit_url": POSTCODE_CREDIT_URL,
    }


def _warn_if_outside(request: HttpRequest, profile: Profile) -> None:
    """Saved, but the place from the postcode lies outside the Kreis (a point set by hand was
    confirmed on the form): an office across the border, or a wrong postcode."""
    if is_in_district(profile.district, profile.latitude, profile.longitude) is False:
        messages.warning(
            request,
            _(
                "Der Ort liegt außerhalb des Kreises. Bitte prüfen Sie Breite und Länge "
                "oder übernehmen Sie die Ortsangabe aus der Postleitzahl."
            ),
        )


@network_editor
def profile_edit(request: HttpRequest, pk: int) -> HttpResponse:
    organisation = owned_or_404(Organisation, request, pk, can_edit_profile)
    profile = selectors.profile_of(organisation)
    initial = model_to_dict(profile, exclude=["logo"])
    form = ProfileForm(
        request.POST if request.method == "POST" else None,
        request.FILES if request.method == "POST" else None,
        initial=initial,
        district=organisation.district,
    )
    if submitted(
        request,
        form,
        lambda: profile_services.profile_update(
            actor=request.user,
            profile=profile,
            data=form.service_data(),
            confirm_outside=form.confirmed_outside(),
        ),
        _("Der Steckbrief wurde gespeichert."),
    ):
        if not form.confirmed_outside():
            _warn_if_outside(request, profile)
        return redirect("network:organisation", pk=organisation.pk)
    pin_map = _pin_map(organisation)
    context = {
        "form": form,
        "organisation": organisation,
        "profile": profile,
        "pin_map": pin_map,
        "translations": selectors.translation_rows(profile),
    }
    response = TemplateResponse(request, "network/profile_form.html", context)
    if pin_map["tile_origin"]:
        # Like the actor map: only with a configured tile server may the page load its images.
        response._csp_update = {"img-src": [pin_map["tile_origin"]]}  # type: ignore[attr-defined]
    return response


# --- Translations of the description --------------------------------------------------------


def _translation_language(language: str) -> str:
    if language not in translation_languages():
        raise Http404
    return language


@network_editor
def profile_translation_edit(request: HttpRequest, pk: int, language: str) -> HttpResponse:
    organisation = owned_or_404(Organisation, request, pk, can_edit_profile)
    language = _translation_language(language)
    profile = selectors.profile_of(organisation)
    translation = (
        ProfileTranslation.objects.visible_to(request.user)
        .filter(profile=profile, language=language)
        .first()
        if profile.pk
        else None
    )
    initial: dict[str, Any] = {}
    if translation is not None:
        initial = {
            "description": translation.description,
            "reviewed": translation.state == ProfileTranslation.State.REVIEWED,
        }
    direction = selectors.text_direction(language)
    form = ProfileTranslationForm(
        request.POST if request.method == "POST" else None,
        initial=initial,
        language=language,
        direction=direction,
    )
    if submitted(
        request,
        form,
        lambda: profile_services.profile_translation_save(
            actor=request.user,
            profile=profile,
            language=language,
            description=form.cleaned_data["description"],
            reviewed=form.cleaned_data["reviewed"],
        ),
        _("Die Übersetzung wurde gespeichert."),
    ):
        return redirect(reverse("network:profile_edit", args=[organisation.pk]) + "#translations")
    context = {
        "form": form,
        "organisation": organisation,
        "profile": profile,
        "translation": translation,
        "language": language,
        "language_name": language_name(language),
        "direction": direction,
    }
    return TemplateResponse(request, "network/profile_translation_form.html", context)


@login_required
@require_POST
@network_editor
def profile_translation_delete(request: HttpRequest, pk: int, language: str) -> HttpResponse:
    organisation = owned_or_404(Organisation, request, pk, can_edit_profile)
    language = _translation_language(language)
    translation = get_visible_or_404(
        ProfileTranslation,
        request.user,
        profile__organisation=organisation,
        language=language,
    )
    profile_services.profile_translation_delete(actor=request.user, translation=translation)
    messages.success(
        request,
        _("Die Übersetzung (%s) wurde gelöscht.") % language_name(language),
    )
    return redirect(reverse("network:profile_edit", args=[organisation.pk]) + "#translations")


def _contact_page(
    request: HttpRequest, organisation: Organisation, form: ContactForm, contact: Contact | None
) -> HttpResponse:
    context = {"form": form, "organisation": organisation, "contact": contact}
    return TemplateResponse(request, "network/contact_form.html", context)


@network_editor
def contact_create(request: HttpRequest, pk: int) -> HttpResponse:
    organisation = owned_or_404(Organisation, request, pk, can_edit_profile)
    form = ContactForm(
        request.POST if request.method == "POST" else None, organisation=organisation
    )
    if submitted(
        request,
        form,
        lambda: profile_services.contact_create(
            actor=request.user, organisation=organisation, data=form.cleaned_data
        ),
        _("Die Ansprechperson wurde angelegt."),
    ):
        return redirect("network:organisation", pk=organisation.pk)
    return _contact_page(request, organisation, form, None)


@network_editor
def contact_edit(request: HttpRequest, pk: int) -> HttpResponse:
    contact = owned_or_404(Contact, request, pk, can_edit_contact)
    initial = model_to_dict(contact)
    form = ContactForm(
        request.POST if request.method == "POST" else None,
        initial=initial,
        organisation=contact.organisation,
    )
    if submitted(
        request,
        form,
        lambda: profile_services.contact_update(
            actor=request.user, contact=contact, data=form.cleaned_data
        ),
        _("Die Änderungen wurden gespeichert."),
    ):
        return redirect("network:organisation", pk=contact.organisation_id)
    return _contact_page(request, contact.organisation, form, contact)


@login_required
@require_POST
@network_editor
def contact_delete(request: HttpRequest, pk: int) -> HttpResponse:
    contact = owned_or_404(Contact, request, pk, can_edit_contact)
    organisation_id, name = contact.organisation_id, contact.name
    profile_services.contact_delete(actor=request.user, contact=contact)
    messages.success(request, _("Die Ansprechperson „%s“ wurde gelöscht.") % name)
    return redirect("network:organisation", pk=organisation_id)


def _relation_page(
    request: HttpRequest, organisation: Organisation, form: RelationForm, relation: Relation | None
) -> HttpResponse:
    context = {"form": form, "organisation": organisation, "relation": relation}
    return TemplateResponse(request, "network/relation_form.html", context)


@network_editor
def relation_create(request: HttpRequest, pk: int) -> HttpResponse:
    organisation = owned_or_404(Organisation, request, pk, can_edit_profile)
    form = RelationForm(
        request.POST if request.method == "POST" else None, organisation=organisation
    )
    if submitted(
        request,
        form,
        lambda: relation_services.relation_create(
            actor=request.user, organisation=organisation, data=form.cleaned_data
        ),
        _("Die Beziehung wurde eingetragen."),
    ):
        return redirect("network:organisation", pk=organisation.pk)
    return _relation_page(request, organisation, form, None)


def _editable_relation(request: HttpRequest, pk: int) -> tuple[Relation, Organisation]:
    """The relation and the side the person edits it from (the source where they may)."""
    relation = owned_or_404(Relation, request, pk, can_edit_relation)
    if can_edit_profile(request.user, relation.source):
        return relation, relation.source
    return relation, relation.target


@network_editor
def relation_edit(request: HttpRequest, pk: int) -> HttpResponse:
    relation, organisation = _editable_relation(request, pk)
    outgoing = relation.source_id == organisation.pk
    initial = {
        "kind": relation.kind,
        "direction": OUTGOING if outgoing else INCOMING,
        "other": relation.target_id if outgoing else relation.source_id,
        "since": relation.since,
        "note": relation.note,
    }
    form = RelationForm(
        request.POST if request.method == "POST" else None,
        initial=initial,
        organisation=organisation,
    )
    if submitted(
        request,
        form,
        lambda: relation_services.relation_update(
            actor=request.user, relation=relation, organisation=organisation, data=form.cleaned_data
        ),
        _("Die Änderungen wurden gespeichert."),
    ):
        return redirect("network:organisation", pk=organisation.pk)
    return _relation_page(request, organisation, form, relation)


@login_required
@require_POST
@network_editor
def relation_delete(request: HttpRequest, pk: int) -> HttpResponse:
    relation, organisation = _editable_relation(request, pk)
    relation_services.relation_delete(actor=request.user, relation=relation)
    messages.success(request, _("Die Beziehung wurde gelöscht."))
    return redirect("network:organisation", pk=organisation.pk)


urlpatterns = [
    path("", index, name="index"),
    path("organisationen/<int:pk>/", organisation_detail, name="organisation"),
    path("organisationen/<int:pk>/logo/", organisation_logo, name="organisation_logo"),
    path("organisationen/<int:pk>/bearbeiten/", profile_edit, name="profile_edit"),
    path(
        "organisationen/<int:pk>/beschreibung/<str:language>/",
        profile_translation_edit,
        name="profile_translation_edit",
    ),
    path(
        "organisationen/<int:pk>/beschreibung/<str:language>/loeschen/",
        profile_translation_delete,
        name="profile_translation_delete",
    ),
    path("organisationen/<int:pk>/ansprechpersonen/neu/", contact_create, name="contact_create"),
    path("ansprechpersonen/<int:pk>/", contact_edit, name="contact_edit"),
    path("ansprechpersonen/<int:pk>/loeschen/", contact_delete, name="contact_delete"),
    path("organisationen/<int:pk>/beziehungen/neu/", relation_create, name="relation_create"),
    path("beziehungen/<int:pk>/", relation_edit, name="relation_edit"),
    path("beziehungen/<int:pk>/loeschen/", relation_delete, name="relation_delete"),
]
