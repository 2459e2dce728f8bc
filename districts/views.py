"""District switch, the management pages under /verwaltung/ and the invitation link."""

from __future__ import annotations

from typing import Any

from allauth.account.internal.flows.login import record_authentication
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model, login
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.forms.models import model_to_dict
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.scoping import get_visible_or_404
from ui.forms import apply_service_errors
from ui.kit import (
    act,
    current_district,
    flash_errors,
    guarded,
    is_htmx,
    owned_or_404,
    submitted,
)

from . import selectors, services
from .forms import (
    AcceptNewAccountForm,
    InvitationFilterForm,
    InvitationForm,
    MemberFilterForm,
    MembershipForm,
    MunicipalityForm,
    OrganisationFilterForm,
    OrganisationForm,
)
from .middleware import SESSION_KEY
from .models import District, Invitation, Membership, Municipality, Organisation
from .permissions import (
    can_manage_district,
    can_manage_invitation,
    can_manage_membership,
    can_manage_organisation,
    can_see_management,
)


@login_required
@require_POST
def district_switch(request: HttpRequest) -> HttpResponse:
    district = get_visible_or_404(District, request.user, pk=request.POST.get("district"))
    request.session[SESSION_KEY] = district.pk
    return redirect("ui:dashboard")


# --- Helpers --------------------------------------------------------------------------------

# Coordinators and organisation admins of the current district; everyone else 403.
management = guarded(can_see_management)
# Coordinators of the current district only.
coordination = guarded(can_manage_district)


def _render(request: HttpRequest, template: str, context: dict[str, Any]) -> TemplateResponse:
    district = current_district(request)
    context.setdefault("is_coordinator", can_manage_district(request.user, district))
    return TemplateResponse(request, template, context)


# --- Overview -------------------------------------------------------------------------------


@management
def manage(request: HttpRequest) -> HttpResponse:
    district = current_district(request)
    assert district is not None  # noqa: S101 - guaranteed by @management
    counts = selectors.management_counts(request.user, district)
    return _render(request, "districts/manage.html", {"counts": counts})


# --- Organisations --------------------------------------------------------------------------


@management
def organisation_list(request: HttpRequest) -> HttpResponse:
    district = current_district(request)
    assert district is not None  # noqa: S101
    filters = OrganisationFilterForm(request.GET or None)
    values = filters.cleaned_data if filters.is_valid() else {}
    organisations = selectors.organisation_list(
        request.user, district, search=values.get("q", ""), status=values.get("status", "")
    )
    template = "districts/organisation_list.html"
    # A history restore after a cache miss needs the whole page, not just the rows.
    if is_htmx(request):
        template += "#rows"
    return _render(request, template, {"filters": filters, "organisations": organisations})


def _organisation_form(request: HttpRequest, **kwargs: Any) -> OrganisationForm:
    district = current_district(request)
    return OrganisationForm(
        request.POST if request.method == "POST" else None,
        municipalities=Municipality.objects.for_district(district),
        with_status=can_manage_district(request.user, district),
        **kwargs,
    )


@coordination
def organisation_create(request: HttpRequest) -> HttpResponse:
    district = current_district(request)
    assert district is not None  # noqa: S101
    form = _organisation_form(request)
    if submitted(
        request,
        form,
        lambda: services.organisation_create(
            actor=request.user, district=district, data=form.cleaned_data
        ),
        lambda organisation: _("Die Organisation „%s“ wurde angelegt.") % organisation,
    ):
        return redirect("districts:organisation_list")
    return _render(request, "districts/organisation_form.html", {"form": form})


@management
def organisation_edit(request: HttpRequest, pk: int) -> HttpResponse:
    organisation = owned_or_404(Organisation, request, pk, can_manage_organisation)
    form = _organisation_form(request, initial=model_to_dict(organisation))
    if submitted(
        request,
        form,
        lambda: services.organisation_update(
            actor=request.user, organisation=organisation, data=form.cleaned_data
        ),
        lambda _organisation: _("Die Änderungen wurden gespeichert."),
    ):
        return redirect("districts:organisation_edit", pk=organisation.pk)
    return _render(
        request,
        "districts/organisation_form.html",
        {"form": form, "organisation": organisation},
    )


@login_required
@require_POST
@coordination
def organisation_set_active(request: HttpRequest, pk: int) -> HttpResponse:
    organisation = owned_or_404(Organisation, request, pk, can_manage_organisation)
    is_active = request.POST.get("active") == "1"
    act(
        request,
        lambda: services.organisation_set_active(
            actor=request.user, organisation=organisation, is_active=is_active
        ),
        _("Die Organisation ist wieder aktiv.")
        if is_active
        else _("Die Organisation wurde deaktiviert."),
    )
    return redirect("districts:organisation_edit", pk=organisation.pk)


# --- Municipalities -------------------------------------------------------------------------


@coordination
def municipality_list(request: HttpRequest) -> HttpResponse:
    district = current_district(request)
    assert district is not None  # noqa: S101
    municipalities = selectors.municipality_list(request.user, district)
    return _render(request, "districts/municipality_list.html", {"municipalities": municipalities})


@coordination
def municipality_create(request: HttpRequest) -> HttpResponse:
    district = current_district(request)
    assert district is not None  # noqa: S101
    form = MunicipalityForm(request.POST if request.method == "POST" else None)
    if submitted(
        request,
        form,
        lambda: services.municipality_create(
            actor=request.user, district=district, data=form.cleaned_data
        ),
        lambda municipality: _("Die Gemeinde „%s“ wurde angelegt.") % municipality,
    ):
        return redirect("districts:municipality_list")
    return _render(request, "districts/municipality_form.html", {"form": form})


@coordination
def municipality_edit(request: HttpRequest, pk: int) -> HttpResponse:
    municipality = owned_or_404(
        Municipality, request, pk, lambda user, obj: can_manage_district(user, obj.district)
    )
    form = MunicipalityForm(
        request.POST if request.method == "POST" else None,
        initial=model_to_dict(municipality),
    )
    if submitted(
        request,
        form,
        lambda: services.municipality_update(
            actor=request.user, municipality=municipality, data=form.cleaned_data
        ),
        lambda _municipality: _("Die Änderungen wurden gespeichert."),
    ):
        return redirect("districts:municipality_list")
    return _render(
        request,
        "districts/municipality_form.html",
        {"form": form, "municipality": municipality},
    )


@login_required
@require_POST
@coordination
def municipality_delete(request: HttpRequest, pk: int) -> HttpResponse:
    municipality = owned_or_404(
        Municipality, request, pk, lambda user, obj: can_manage_district(user, obj.district)
    )
    name = str(municipality)
    services.municipality_delete(actor=request.user, municipality=municipality)
    messages.success(request, _("Die Gemeinde „%s“ wurde gelöscht.") % name)
    return redirect("districts:municipality_list")


# --- Members --------------------------------------------------------------------------------


@management
def member_list(request: HttpRequest) -> HttpResponse:
    district = current_district(request)
    assert district is not None  # noqa: S101
    organisations = selectors.manageable_organisations(request.user, district)
    filters = MemberFilterForm(request.GET or None, organisations=organisations)
    values = filters.cleaned_data if filters.is_valid() else {}
    members = selectors.member_list(
        request.user,
        district,
        organisation=values.get("organisation"),
        role=values.get("role", ""),
    )
    return _render(request, "districts/member_list.html", {"filters": filters, "members": members})


@management
def member_edit(request: HttpRequest, pk: int) -> HttpResponse:
    membership = owned_or_404(Membership, request, pk, can_manage_membership)
    district = current_district(request)
    form = MembershipForm(
        request.POST if request.method == "POST" else None,
        initial=model_to_dict(membership),
        roles=selectors.roles_grantable_by(request.user, district),
    )
    if submitted(
        request,
        form,
        lambda: services.membership_update(
            actor=request.user, membership=membership, **form.cleaned_data
        ),
        lambda _membership: _("Die Änderungen wurden gespeichert."),
        denial="error",
    ):
        return redirect("districts:member_list")
    return _render(request, "districts/member_form.html", {"form": form, "membership": membership})


def _membership_action(request: HttpRequest, pk: int, reactivate: bool) -> HttpResponse:
    membership = owned_or_404(Membership, request, pk, can_manage_membership)
    service = services.membership_reactivate if reactivate else services.membership_deactivate
    act(
        request,
        lambda: service(actor=request.user, membership=membership),
        _("Die Mitgliedschaft ist wieder aktiv.")
        if reactivate
        else _("Die Mitgliedschaft wurde beendet."),
        denial="error",
    )
    return redirect("districts:member_edit", pk=membership.pk)


@login_required
@require_POST
@management
def member_deactivate(request: HttpRequest, pk: int) -> HttpResponse:
    return _membership_action(request, pk, reactivate=False)


@login_required
@require_POST
@management
def member_reactivate(request: HttpRequest, pk: int) -> HttpResponse:
    return _membership_action(request, pk, reactivate=True)


# --- Invitations ----------------------------------------------------------------------------


@management
def invitation_list(request: HttpRequest) -> HttpResponse:
    district = current_district(request)
    assert district is not None  # noqa: S101
    filters = InvitationFilterForm(request.GET or None)
    values = filters.cleaned_data if filters.is_valid() else {}
    invitations = selectors.invitation_list(request.user, district, status=values.get("status", ""))
    return _render(
        request, "districts/invitation_list.html", {"filters": filters, "invitations": invitations}
    )


@management
def invitation_create(request: HttpRequest) -> HttpResponse:
    district = current_district(request)
    assert district is not None  # noqa: S101
    form = InvitationForm(
        request.POST if request.method == "POST" else None,
        organisations=selectors.manageable_organisations(request.user, district).active(),
        roles=selectors.roles_grantable_by(request.user, district),
    )
    if submitted(
        request,
        form,
        lambda: services.invitation_create(actor=request.user, **form.cleaned_data),
        lambda invitation: _("Die Einladung an %s wurde verschickt.") % invitation.email,
        denial="error",
    ):
        return redirect("districts:invitation_list")
    return _render(
        request,
        "districts/invitation_form.html",
        {"form": form, "invitation_days": settings.LOTSE_INVITATION_DAYS},
    )


def _invitation_action(request: HttpRequest, pk: int, revoke: bool) -> HttpResponse:
    invitation = owned_or_404(Invitation, request, pk, can_manage_invitation)
    service = services.invitation_revoke if revoke else services.invitation_resend
    text = (
        _("Die Einladung an %s wurde zurückgezogen.")
        if revoke
        else _("Die Einladung an %s wurde erneut verschickt.")
    )
    act(
        request, lambda: service(actor=request.user, invitation=invitation), text % invitation.email
    )
    return redirect("districts:invitation_list")


@login_required
@require_POST
@management
def invitation_resend(request: HttpRequest, pk: int) -> HttpResponse:
    return _invitation_action(request, pk, revoke=False)


@login_required
@require_POST
@management
def invitation_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    return _invitation_action(request, pk, revoke=True)


# --- Accepting an invitation (public) -------------------------------------------------------


def _invitation_unavailable(request: HttpRequest, *, gone: bool) -> HttpResponse:
    return TemplateResponse(
        request, "districts/invitation_unavailable.html", {}, status=410 if gone else 404
    )


def invitation_accept(request: HttpRequest, token: str) -> HttpResponse:
    invitation = selectors.usable_invitation(token)
    if invitation is None:
        return _invitation_unavailable(request, gone=selectors.invitation_exists(token))
    existing = get_user_model().objects.filter(email__iexact=invitation.email).first()
    context: dict[str, Any] = {"invitation": invitation, "existing": existing is not None}
    signed_in = request.user.is_authenticated
    if existing is None and signed_in:
        context["wrong_account"] = True
        return TemplateResponse(request, "districts/invitation_accept.html", context)
    if existing is not None and (not signed_in or request.user.pk != existing.pk):
        context["wrong_account"] = signed_in
        context["login_url"] = f"{reverse('account_login')}?next={request.path}"
        return TemplateResponse(request, "districts/invitation_accept.html", context)
    form = (
        AcceptNewAccountForm(
            request.POST if request.method == "POST" else None, email=invitation.email
        )
        if existing is None
        else None
    )
    context["form"] = form
    if request.method != "POST" or (form is not None and not form.is_valid()):
        return TemplateResponse(request, "districts/invitation_accept.html", context)
    data = form.cleaned_data if form is not None else {}
    try:
        membership = services.invitation_accept(
            actor=request.user,
            token=token,
            name=data.get("name", ""),
            password=data.get("password1", ""),
        )
    except services.InvitationUnavailable as exc:
        return _invitation_unavailable(request, gone=exc.gone)
    except ValidationError as exc:
        if form is None:
            flash_errors(request, exc)
            return TemplateResponse(request, "districts/invitation_accept.html", context)
        apply_service_errors(form, exc)
        return TemplateResponse(request, "districts/invitation_accept.html", context)
    if not signed_in:
        login(request, membership.user, backend="django.contrib.auth.backends.ModelBackend")
        # The person has just proven the password they chose; telling allauth so spares them an
        # immediate "confirm your password" step before the required second-factor enrolment.
        record_authentication(
            request, membership.user, method="password", email=membership.user.email
        )
    request.session[SESSION_KEY] = membership.district_id
    messages.success(
        request, _("Willkommen! Sie sind jetzt Mitglied von %s.") % membership.organisation
    )
    return redirect("ui:dashboard")
