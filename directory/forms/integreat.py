"""The upload form of the Integreat import: the region's name and its JSON files (or a zip)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ui.forms import KernWidgetsMixin

from ..integreat.files import MAX_UPLOAD_BYTES, REGION


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    widget = MultipleFileInput

    def clean(self, data: Any, initial: Any = None) -> Any:
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(item, initial) for item in data]
        return [single(data, initial)]


class UploadForm(KernWidgetsMixin, forms.Form):
    region = forms.CharField(
        label=gettext_lazy("Name der Region in Integreat"),
        max_length=41,
        help_text=gettext_lazy(
            "Wie in der Adresse der Integreat-API, z. B. „augsburg“ in /api/v3/augsburg/de/…"
        ),
    )
    uploads = MultipleFileField(
        label=gettext_lazy("Dateien der Integreat-API (JSON) oder ein ZIP-Archiv"),
        help_text=gettext_lazy(
            "Je Sprache eine Datei, z. B. locations-de.json, locations-ar.json, events-de.json, "
            "location-categories-de.json. Die deutschen Dateien sind nötig; zusammen höchstens "
            "20 MB."
        ),
        widget=MultipleFileInput(attrs={"accept": ".json,.zip,application/json,application/zip"}),
    )

    def clean_region(self) -> str:
        region = self.cleaned_data["region"].strip().lower()
        if not REGION.match(region):
            raise forms.ValidationError(
                _("Nur Kleinbuchstaben, Ziffern und Bindestriche, z. B. „kreis-mayen-koblenz“.")
            )
        return region

    def clean_uploads(self) -> Any:
        uploads = self.cleaned_data["uploads"]
        if sum(upload.size for upload in uploads) > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(_("Die Dateien sind zusammen größer als 20 MB."))
        return uploads
