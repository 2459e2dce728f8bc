from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from ui.forms import KernWidgetsMixin


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
