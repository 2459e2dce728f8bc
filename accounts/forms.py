from __future__ import annotations

from typing import Any

from allauth.core import context
from allauth.core.exceptions import ImmediateHttpResponse
from allauth.mfa.base.forms import AuthenticateForm as AllauthAuthenticateForm
from allauth.mfa.base.forms import ReauthenticateForm as AllauthReauthenticateForm
from allauth.mfa.models import Authenticator
from django import forms
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from ui.forms import KernWidgetsMixin

from .lockout import (
    code_entry_locked,
    code_failure_record,
    code_failures_reset,
    code_rule,
    lockout_response,
)


class ProfileForm(KernWidgetsMixin, forms.Form):
    name = forms.CharField(
        label=_("Name"),
        max_length=150,
        help_text=_("So sehen andere im Netzwerk Ihren Namen."),
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )

    def clean_name(self) -> str:
        name = " ".join(self.cleaned_data["name"].split())
        if not name:
            raise forms.ValidationError(_("Bitte geben Sie Ihren Namen ein."))
        return name


class CodeLimitMixin:
    """Limits wrong second-factor codes per person (MFA_FORMS).

    allauth's own limit on this step is its `login_failed` rate limit, which Lotse switches off
    because axes counts wrong passwords; axes in turn never sees codes. So the code step counts
    here: after AXES_FAILURE_LIMIT wrong codes (authenticator app and recovery codes alike) the
    person sees the lockout page for the cool-off, even with the right code."""

    user: Any

    def clean_code(self) -> str:
        if code_entry_locked(user=self.user):
            raise ImmediateHttpResponse(lockout_response(context.request, rule=code_rule()))
        try:
            code: str = super().clean_code()  # type: ignore[misc]
        except forms.ValidationError:
            if code_failure_record(user=self.user):
                raise ImmediateHttpResponse(
                    lockout_response(context.request, rule=code_rule())
                ) from None
            raise
        code_failures_reset(user=self.user)
        return code

    @cached_property
    def authenticator_types(self) -> set[str]:
        """The kinds of second factor the person has, so that the page offers only those."""
        return set(Authenticator.objects.filter(user=self.user).values_list("type", flat=True))


class AuthenticateForm(CodeLimitMixin, AllauthAuthenticateForm):
    pass


class ReauthenticateForm(CodeLimitMixin, AllauthReauthenticateForm):
    pass
