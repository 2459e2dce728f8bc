from __future__ import annotations

from typing import cast

from allauth.mfa.models import Authenticator
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _

from .forms import ProfileForm
from .models import User
from .second_factor import requires_second_factor
from .services import user_update_profile


@login_required
def profile(request: HttpRequest) -> HttpResponse:
    user = cast(User, request.user)
    if request.method == "POST":
        form = ProfileForm(request.POST)
        if form.is_valid():
            user_update_profile(actor=user, user=user, name=form.cleaned_data["name"])
            messages.success(request, _("Ihr Name wurde gespeichert."))
            return redirect("accounts:profile")
    else:
        form = ProfileForm(initial={"name": user.name})
    authenticators = {a.type: a for a in Authenticator.objects.filter(user=user)}
    recovery = authenticators.get(Authenticator.Type.RECOVERY_CODES)
    context = {
        "form": form,
        "has_totp": Authenticator.Type.TOTP in authenticators,
        "webauthn_count": Authenticator.objects.filter(
            user=user, type=Authenticator.Type.WEBAUTHN
        ).count(),
        "recovery_unused": len(recovery.wrap().get_unused_codes()) if recovery else None,
        "second_factor_required": requires_second_factor(user),
        "memberships": user.memberships.active()
        .select_related("organisation", "district")
        .order_by("district__name", "organisation__name"),
    }
    return TemplateResponse(request, "accounts/profile.html", context)
