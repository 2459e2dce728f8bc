"""Forms of the management pages and of the invitation link.

Model forms validate against a fresh instance (the views pass the current values as `initial`),
so a form never changes a stored object: the services do.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth import get_user_model, password_validation
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from core.forms import ModelForm, SafeModelChoiceField
from ui.forms import KernWidgetsMixin

from .models import Invitation, Membership, Municipality, Organisation, Role


class OrganisationForm(KernWidgetsMixin, ModelForm):
    website = forms.URLField(label=_("Website"), required=False, assume_scheme="https")

    class Meta:
        model = Organisation
        fields = [
            "name",
            "short_name",
            "kind",
            "municipality",
            "email",
            "phone",
            "website",
            "is_integration_office",
            "is_member",
        ]

    def __init__(
        self,
        *args: Any,
        municipalities: QuerySet[Municipality],
        with_status: bool,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["municipality"].queryset = municipalities  # type: ignore[attr-defined]
        if not with_status:
            del self.fields["is_integration_office"]
            del self.fields["is_member"]


class MunicipalityForm(KernWidgetsMixin, ModelForm):
    class Meta:
        model = Municipality
        fields = ["name", "kind", "official_key", "postcodes"]


class MembershipForm(KernWidgetsMixin, ModelForm):
    class Meta:
        model = Membership
        fields = ["role", "is_org_admin", "can_casework"]

    def __init__(self, *args: Any, roles: list[tuple[str, Any]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["role"].choices = roles  # type: ignore[attr-defined]


class InvitationForm(KernWidgetsMixin, ModelForm):
    class Meta:
        model = Invitation
        fields = ["email", "name", "organisation", "role", "is_org_admin", "can_casework"]
        help_texts = {
            "is_org_admin": _("Darf das Profil pflegen und Kolleginnen und Kollegen einladen."),
            "can_casework": _(
                "Darf Verweisungen mit Klientendaten bearbeiten; verlangt einen zweiten Faktor."
            ),
        }

    def __init__(
        self,
        *args: Any,
        organisations: QuerySet[Organisation],
        roles: list[tuple[str, Any]],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations  # type: ignore[attr-defined]
        self.fields["role"].choices = roles  # type: ignore[attr-defined]
        self.fields["email"].widget.attrs["autocomplete"] = "off"


class OrganisationFilterForm(KernWidgetsMixin, forms.Form):
    q = forms.CharField(label=_("Suche nach Name"), required=False, max_length=100)
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[
            ("", _("alle")),
            ("active", _("aktiv")),
            ("inactive", _("deaktiviert")),
            ("member", _("Mitglied im Netzwerk")),
            ("non_member", _("kein Mitglied im Netzwerk")),
        ],
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["q"].widget.input_type = "search"


class MemberFilterForm(KernWidgetsMixin, forms.Form):
    organisation = SafeModelChoiceField(
        label=_("Organisation"),
        required=False,
        queryset=Organisation.objects.none(),
        empty_label=_("alle"),
    )
    role = forms.ChoiceField(
        label=_("Rolle"), required=False, choices=[("", _("alle")), *Role.choices]
    )

    def __init__(self, *args: Any, organisations: QuerySet[Organisation], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations  # type: ignore[attr-defined]


class InvitationFilterForm(KernWidgetsMixin, forms.Form):
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[
            ("", _("alle")),
            ("pending", _("offen")),
            ("accepted", _("angenommen")),
            ("expired", _("abgelaufen")),
            ("revoked", _("zurückgezogen")),
        ],
    )


class AcceptNewAccountForm(KernWidgetsMixin, forms.Form):
    """A new person chooses their name and password when accepting an invitation."""

    name = forms.CharField(label=_("Ihr Name"), max_length=150)
    password1 = forms.CharField(
        label=_("Passwort"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_("Mindestens 12 Zeichen; nicht nur Ziffern und kein gängiges Passwort."),
    )
    password2 = forms.CharField(
        label=_("Passwort wiederholen"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def __init__(self, *args: Any, email: str, **kwargs: Any) -> None:
        self.email = email
        super().__init__(*args, **kwargs)
        self.fields["name"].widget.attrs["autocomplete"] = "name"

    def clean_name(self) -> str:
        name: str = self.cleaned_data["name"].strip()
        if not name:
            raise forms.ValidationError(_("Bitte geben Sie Ihren Namen an."))
        return name

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        first, second = cleaned.get("password1"), cleaned.get("password2")
        if first and second and first != second:
            self.add_error("password2", _("Die beiden Passwörter stimmen nicht überein."))
        elif first:
            candidate = get_user_model()(email=self.email, name=cleaned.get("name", ""))
            try:
                password_validation.validate_password(first, user=candidate)
            except forms.ValidationError as exc:
                self.add_error("password1", exc)
        return cleaned
