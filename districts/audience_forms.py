"""The audience fields every form of content with an audience shares."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import SafeModelMultipleChoiceField

from .audience import Audience
from .models import District, Organisation


class AudienceFields(forms.Form):
    """Mix into a content form (listed first among the bases); call `setup_audience(district)`
    in `__init__` before the KERN widgets are applied."""

    audience = forms.ChoiceField(
        label=_("Für wen"),
        choices=Audience.choices,
        initial=Audience.NETWORK,
        widget=forms.RadioSelect,
    )
    organisations = SafeModelMultipleChoiceField(
        label=_("Ausgewählte Organisationen"),
        queryset=Organisation.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "Nur wenn der Inhalt für ausgewählte Organisationen bestimmt ist. Ihre eigene "
            "Organisation gehört immer dazu."
        ),
    )
    include_volunteers = forms.BooleanField(
        label=_("Auch für Ehrenamtliche sichtbar"), required=False
    )

    def setup_audience(self, district: District, *, volunteer_only: bool = False) -> None:
        field: Any = self.fields["organisations"]
        field.queryset = Organisation.objects.for_district(district).active().order_by("name")
        if volunteer_only:
            # Content a volunteer writes is always open to volunteers.
            self.fields["include_volunteers"].initial = True
            self.fields["include_volunteers"].disabled = True

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if cleaned.get("audience") == Audience.ORGANISATIONS and not cleaned.get("organisations"):
            self.add_error(
                "organisations",
                _("Wählen Sie mindestens eine Organisation oder „Das ganze Netzwerk“."),
            )
        return cleaned

    def audience_data(self) -> dict[str, Any]:
        return {
            "audience": self.cleaned_data["audience"],
            "organisations": list(self.cleaned_data.get("organisations") or []),
            "include_volunteers": bool(self.cleaned_data.get("include_volunteers")),
        }
