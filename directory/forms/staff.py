"""The smaller forms of the staff pages: the offer list's filters, a translation, the directory
settings and a moderation decision."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from ui.forms import KernWidgetsMixin

from ..models import (
    DirectorySettings,
    Status,
)
from ..services.entries import TEXT_KINDS
from .entries import BIDI_LANGUAGES

# --- Filters ----------------------------------------------------------------------------------


class OfferFilterForm(KernWidgetsMixin, forms.Form):
    q = forms.CharField(label=_("Suche im Titel"), required=False, max_length=100)
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("alle")), *Status.choices]
    )
    stale = forms.BooleanField(label=_("nur zu prüfende (Prüfdatum überschritten)"), required=False)
    missing = forms.ChoiceField(
        label=_("ohne aktuelle Übersetzung in"),
        required=False,
        choices=[("", _("egal")), *[(c, n) for c, n in settings.LANGUAGES if c != "de"]],
    )


# --- Translations -------------------------------------------------------------------------------


class TranslationForm(KernWidgetsMixin, forms.Form):
    """One language of an entry; text direction and language follow the target language."""

    reviewed = forms.BooleanField(
        label=_("Übersetzung geprüft"),
        required=False,
        help_text=_("Nur geprüfte oder maschinelle Übersetzungen erscheinen öffentlich."),
    )

    def __init__(self, *args: Any, kind: str, language: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        text_kind = TEXT_KINDS[kind]
        model = text_kind.translation_model
        attrs = {"lang": language, "dir": "rtl" if language in BIDI_LANGUAGES else "ltr"}
        fields: dict[str, forms.Field] = {}
        for name in text_kind.fields:
            if name in text_kind.german_only:
                continue
            model_field: Any = model._meta.get_field(name)
            long_text = model_field.get_internal_type() == "TextField"
            widget = (
                forms.Textarea(attrs=dict(attrs))
                if long_text
                else forms.TextInput(attrs=dict(attrs))
            )
            fields[name] = forms.CharField(
                label=model_field.verbose_name,
                max_length=model_field.max_length,
                required=name in ("title", "name"),
                widget=widget,
            )
        reviewed = self.fields.pop("reviewed")
        self.fields.update(fields)
        self.fields["reviewed"] = reviewed
        # KernWidgetsMixin ran before the text fields existed; add its classes to them too.
        for name in fields:
            widget = self.fields[name].widget
            widget.attrs["class"] = "kern-form-input__input"

    def texts(self) -> dict[str, str]:
        return {name: self.cleaned_data[name] for name in self.fields if name != "reviewed"}


# --- Settings -----------------------------------------------------------------------------------


class DirectorySettingsForm(KernWidgetsMixin, forms.Form):
    languages = forms.MultipleChoiceField(
        label=_("Sprachen des Verzeichnisses"),
        choices=settings.LANGUAGES,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Deutsch ist immer dabei: Es ist die Sprache des Originals."),
    )
    mt_provider = forms.ChoiceField(
        label=_("Übersetzungsdienst"), choices=DirectorySettings.Provider.choices, required=False
    )
    mt_url = forms.URLField(
        label=_("Adresse des Übersetzungsdienstes"),
        required=False,
        help_text=_("Für DeepL leer lassen (dann die kostenlose API) oder https://api.deepl.com."),
    )
    mt_api_key = forms.CharField(
        label=_("API-Schlüssel"),
        max_length=200,
        required=False,
        widget=forms.PasswordInput(render_value=False, attrs={"autocomplete": "off"}),
    )
    clear_api_key = forms.BooleanField(label=_("gespeicherten Schlüssel löschen"), required=False)
    mt_monthly_characters = forms.IntegerField(
        label=_("Zeichen je Monat"),
        min_value=0,
        max_value=2_000_000_000,
        help_text=_("Obergrenze für maschinelle Übersetzungen; 0 schaltet sie praktisch ab."),
    )
    data_licence = forms.CharField(label=_("Lizenz der offenen Daten"), max_length=100)

    def __init__(self, *args: Any, stored_key: str = "", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if stored_key:
            self.fields["mt_api_key"].help_text = _(
                "Gespeichert ist ein Schlüssel, der auf „%(tail)s“ endet. Leer lassen, um ihn zu "
                "behalten."
            ) % {"tail": stored_key[-4:] if len(stored_key) >= 12 else "…"}
            self._bound_fields_cache.pop("mt_api_key", None)  # type: ignore[attr-defined]  # it holds the old help text


# --- Moderation ---------------------------------------------------------------------------------


class DecisionForm(KernWidgetsMixin, forms.Form):
    message = forms.CharField(
        label=_("Nachricht an die vorschlagende Person"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Beim Ablehnen bitte kurz begründen. Die Nachricht geht per E-Mail."),
    )
