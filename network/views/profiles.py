"""The list of organisations, the Steckbrief, and editing profiles, contacts and relations."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.forms import BaseForm
from django.forms.models import model_to_dict
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import NoReverseMatch, path, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.scoping import get_visible_or_404
from districts.models import District, Municipality, Organisation

from .. import selectors
from ..forms import ContactForm, OrganisationFilterForm, ProfileForm, RelationForm
from ..models import Contact, Relation, Topic
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
from ..services import profiles as profile_services
from ..services import relations as relation_services
from ..services.relations import INCOMING, OUTGOING

View = Callable[..., HttpResponseBase]
PAGE_SIZE = 50


def _district(request: HttpRequest) -> District | None:
    return getattr(request, "district", None) or None


def network_member(view: View) -> View:
    """Every member of the current district (volunteers included); everyone else 403."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if not can_view_network(request.user, _district(request)):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return login_required(wrapper)


def network_editor(view: View) -> View:
    """Coordinators and organisation admins of the current district; everyone else 403."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if not can_edit_in_network(request.user, _district(request)):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return login_required(wrapper)


def _organisation(request: HttpRequest, pk: int) -> Organisation:
    return get_visible_or_404(Organisation, request.user, pk=pk, district=_district(request))


def _editable_organisation(request: HttpRequest, pk: int) -> Organisation:
    """404 alike for missing, other district and "visible but not yours to edit"."""
    organisation = _organisation(request, pk)
    if not can_edit_profile(request.user, organisation):
        raise Http404
    return organisation


def _apply_errors(form: BaseForm, exc: ValidationError | PermissionDenied) -> None:
    if isinstance(exc, PermissionDenied):
        form.add_error(None, str(exc))
    elif hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc)


def _submitted(request: HttpRequest, form: BaseForm, call: Callable[[], Any], success: str) -> bool:
    """True once a valid POSTed form went through its service; its errors land on the form."""
    if request.method != "POST" or not form.is_valid():
        return False
    try:
        call()
    except ValidationError as exc:
        _apply_errors(form, exc)
        return False
    messages.success(request, success)
    return True


def _optional_url(name: str, **kwargs: Any) -> str:
    """Links to pages of the network app that other parts provide, where they exist."""
    try:
        return reverse(name, kwargs=kwargs or None)
    except NoReverseMatch:
        return ""


# --- The list -------------------------------------------------------------------------------


@network_member
def index(request: HttpRequest) -> HttpResponse:
    district = _district(request)
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
    htmx = getattr(request, "htmx", None)
    # A history restore after a cache miss needs the whole page, not just the rows.
    if htmx and not htmx.history_restore_request:
        template += "#rows"
    return TemplateResponse(request, template, context)


# --- The Steckbrief -------------------------------------------------------------------------


@network_member
def organisation_detail(request: HttpRequest, pk: int) -> HttpResponse:
    organisation = _organisation(request, pk)
    profile = profile_services.profile_get_or_create(actor=request.user, organisation=organisation)
    district = _district(request)
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
    if "topics" in parts:
        context["topics"] = profile.topics.order_by("name")
        context["target_groups"] = profile.target_groups.order_by("name")
        context["languages"] = selectors.language_names(profile.languages)
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


@network_editor
def profile_edit(request: HttpRequest, pk: int) -> HttpResponse:
    organisation = _editable_organisation(request, pk)
    profile = profile_services.profile_get_or_create(actor=request.user, organisation=organisation)
    initial = model_to_dict(profile, exclude=["logo"])
    form = ProfileForm(
        request.POST if request.method == "POST" else None,
        request.FILES if request.method == "POST" else None,
        initial=initial,
        district=organisation.district,
    )
    if _submitted(
        request,
        form,
        lambda: profile_services.profile_update(
            actor=request.user, profile=profile, data=form.cleaned_data
        ),
        _("Der Steckbrief wurde gespeichert."),
    ):
        return redirect("network:organisation", pk=organisation.pk)
    context = {"form": form, "organisation": organisation, "profile": profile}
    return TemplateResponse(request, "network/profile_form.html", context)


def _contact_page(
    request: HttpRequest, organisation: Organisation, form: ContactForm, contact: Contact | None
) -> HttpResponse:
    context = {"form": form, "organisation": organisation, "contact": contact}
    return TemplateResponse(request, "network/contact_form.html", context)


@network_editor
def contact_create(request: HttpRequest, pk: int) -> HttpResponse:
    organisation = _editable_organisation(request, pk)
    form = ContactForm(
        request.POST if request.method == "POST" else None, organisation=organisation
    )
    if _submitted(
        request,
        form,
        lambda: profile_services.contact_create(
            actor=request.user, organisation=organisation, data=form.cleaned_data
        ),
        _("Die Ansprechperson wurde angelegt."),
    ):
        return redirect("network:organisation", pk=organisation.pk)
    return _contact_page(request, organisation, form, None)


def _editable_contact(request: HttpRequest, pk: int) -> Contact:
    contact = get_visible_or_404(Contact, request.user, pk=pk, district=_district(request))
    if not can_edit_contact(request.user, contact):
        raise Http404
    return contact


@network_editor
def contact_edit(request: HttpRequest, pk: int) -> HttpResponse:
    contact = _editable_contact(request, pk)
    initial = model_to_dict(contact)
    form = ContactForm(
        request.POST if request.method == "POST" else None,
        initial=initial,
        organisation=contact.organisation,
    )
    if _submitted(
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
    contact = _editable_contact(request, pk)
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
    organisation = _editable_organisation(request, pk)
    form = RelationForm(
        request.POST if request.method == "POST" else None, organisation=organisation
    )
    if _submitted(
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
    relation = get_visible_or_404(Relation, request.user, pk=pk, district=_district(request))
    if not can_edit_relation(request.user, relation):
        raise Http404
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
    if _submitted(
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
    path("organisationen/<int:pk>/ansprechpersonen/neu/", contact_create, name="contact_create"),
    path("ansprechpersonen/<int:pk>/", contact_edit, name="contact_edit"),
    path("ansprechpersonen/<int:pk>/loeschen/", contact_delete, name="contact_delete"),
    path("organisationen/<int:pk>/beziehungen/neu/", relation_create, name="relation_create"),
    path("beziehungen/<int:pk>/", relation_edit, name="relation_edit"),
    path("beziehungen/<int:pk>/loeschen/", relation_delete, name="relation_delete"),
]
