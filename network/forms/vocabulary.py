"""The forms of the district's vocabularies (topics, target groups)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.utils.translation import gettext, gettext_lazy

from districts.models import Vocabulary
from districts.vocabulary import public_label_of
from ui.forms import KernWidgetsMixin


class NameForm(KernWidgetsMixin, forms.Form):
    name = forms.CharField(label=gettext_lazy("Name"), max_length=100)


class EntryForm(NameForm):
    """Name, whether the public directory offers the entry, and its wording there per language."""

    in_directory = forms.BooleanField(
        label=gettext_lazy("Im öffentlichen Wegweiser anbieten"),
        required=False,
        help_text=gettext_lazy(
            "Dann ist der Eintrag eine Kachel und ein Filter im Wegweiser und lässt sich bei "
            "Angeboten auswählen."
        ),
    )

    def __init__(self, *args: Any, entry: Vocabulary, **kwargs: Any) -> None:
        kwargs.setdefault(
            "initial",
            {
                "name": entry.name,
                "in_directory": entry.in_directory,
                **{f"label_{code}": text for code, text in (entry.public_labels or {}).items()},
            },
        )
        super().__init__(*args, **kwargs)
        for code, language in settings.LANGUAGES:
            standard = public_label_of(type(entry), entry.code, entry.name, {}, code)
            self.fields[f"label_{code}"] = forms.CharField(
                label=gettext("Im Wegweiser: %(language)s") % {"language": language},
                max_length=100,
                required=False,
                help_text=gettext("Leer: „%(standard)s“") % {"standard": standard},
                widget=forms.TextInput(attrs={"class": "kern-form-input__input", "lang": code}),
            )

    def public_labels(self) -> dict[str, str]:
        return {
            code: self.cleaned_data.get(f"label_{code}") or ""
            for code, _language in settings.LANGUAGES
            if self.cleaned_data.get(f"label_{code}")
        }
