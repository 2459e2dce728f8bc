"""Forms of the import pages: upload, column mapping, decisions on duplicates."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from ui.forms import KernWidgetsMixin

from .mapping import FIELDS, IGNORE
from .readers import MAX_UPLOAD_BYTES


class UploadForm(KernWidgetsMixin, forms.Form):
    file = forms.FileField(
        label=_("Tabelle (CSV oder XLSX)"),
        help_text=_(
            "Eine Zeile je Organisation, in der ersten Zeile die Spaltenköpfe. CSV mit Komma "
            "oder Semikolon, in UTF-8 oder Windows-1252; höchstens 10 MB."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.txt,.xlsx"}),
    )

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(
                _("Die Datei ist größer als 10 MB. Bitte teilen Sie sie auf.")
            )
        return upload


class MappingForm(KernWidgetsMixin, forms.Form):
    """One select per column of the file: which field it fills, or none."""

    def __init__(
        self,
        *args: Any,
        headers: Sequence[str],
        samples: Sequence[Sequence[str]],
        mapping: dict[str, str],
        **kwargs: Any,
    ) -> None:
        super_kwargs = dict(kwargs)
        initial = {f"column_{i}": mapping.get(str(i), IGNORE) for i in range(len(headers))}
        super_kwargs.setdefault("initial", initial)
        choices = [(IGNORE, _("– nicht übernehmen –")), *FIELDS.items()]
        fields: dict[str, forms.Field] = {}
        for i, header in enumerate(headers):
            examples = [row[i] for row in samples if i < len(row) and row[i]][:3]
            fields[f"column_{i}"] = forms.ChoiceField(
                label=header,
                choices=choices,
                required=False,
                help_text=_("Beispiele: %(examples)s") % {"examples": " · ".join(examples)}
                if examples
                else _("In den ersten Zeilen leer."),
            )
        self.base_fields = fields  # type: ignore[misc]
        super().__init__(*args, **super_kwargs)

    def mapping(self) -> dict[str, str]:
        return {
            name.removeprefix("column_"): value
            for name, value in self.cleaned_data.items()
            if value
        }
