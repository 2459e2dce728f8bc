"""The public submission form: anyone may propose an offer or an event."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core import signing
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ui.forms import KernWidgetsMixin

from .entries import DATETIME, DATETIME_FORMATS

# --- Public submissions -------------------------------------------------------------------------

FORM_SALT = "directory.submission"
MIN_FILL_SECONDS = 3
MAX_FILL_SECONDS = 24 * 3600


def fill_token() -> str:
    return signing.dumps(timezone.now().timestamp(), salt=FORM_SALT)


class SubmissionForm(KernWidgetsMixin, forms.Form):
    """Propose an offer or an event; the e-mail address is only for questions and the answer."""

    kind = forms.ChoiceField(
        label=_("Was möchten Sie vorschlagen?"),
        choices=[("offer", _("ein Angebot")), ("event", _("eine Veranstaltung"))],
        widget=forms.RadioSelect,
        initial="offer",
    )
    title = forms.CharField(label=_("Titel"), max_length=200)
    description = forms.CharField(
        label=_("Beschreibung"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Was ist das Angebot, für wen ist es, wer bietet es an?"),
    )
    when = forms.CharField(
        label=_("Wann?"),
        max_length=300,
        required=False,
        help_text=_("z. B. jeden Dienstag von 15 bis 17 Uhr"),
    )
    starts_at = forms.DateTimeField(
        label=_("Datum und Uhrzeit der Veranstaltung"),
        required=False,
        widget=DATETIME,
        input_formats=DATETIME_FORMATS,
        help_text=_("Nur für Veranstaltungen."),
    )
    where = forms.CharField(label=_("Wo?"), max_length=300, required=False)
    email = forms.EmailField(
        label=_("Ihre E-Mail-Adresse für Rückfragen"),
        help_text=_(
            "Wir nutzen sie nur für Rückfragen zu diesem Vorschlag und um Ihnen die Entscheidung "
            "mitzuteilen. Danach löschen wir sie. Sie wird nie veröffentlicht."
        ),
    )
    name = forms.CharField(
        label=_("Ihr Name"),
        max_length=150,
        required=False,
        help_text=_("Wird nicht veröffentlicht."),
    )
    consent = forms.BooleanField(
        label=_(
            "Ich bin einverstanden, dass meine E-Mail-Adresse und mein Name bis zur Entscheidung "
            "über den Vorschlag gespeichert werden."
        ),
    )
    # Honeypot: people never see this field (hidden by CSS and from assistive technology).
    website = forms.CharField(label=_("Bitte leer lassen"), required=False)
    started = forms.CharField(widget=forms.HiddenInput)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        self.is_spam = False  # set while cleaning, which already runs in __init__
        super().__init__(*args, **kwargs)
        self.fields["website"].widget.attrs.update({"tabindex": "-1", "autocomplete": "off"})
        if not self.is_bound:
            self.initial["started"] = fill_token()

    def clean_website(self) -> str:
        value: str = self.cleaned_data.get("website", "")
        if value:
            self.is_spam = True
            raise forms.ValidationError(_("Bitte lassen Sie dieses Feld leer."))
        return value

    def clean_started(self) -> float:
        token = self.cleaned_data.get("started", "")
        try:
            started = float(signing.loads(token, salt=FORM_SALT, max_age=MAX_FILL_SECONDS))
        except (signing.BadSignature, TypeError, ValueError):
            raise forms.ValidationError(
                _("Das Formular ist abgelaufen. Bitte laden Sie die Seite neu.")
            ) from None
        if timezone.now().timestamp() - started < MIN_FILL_SECONDS:
            self.is_spam = True
            raise forms.ValidationError(
                _("Das ging sehr schnell. Bitte prüfen Sie Ihre Angaben und senden Sie erneut.")
            )
        return started

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if cleaned.get("kind") == "event" and not cleaned.get("starts_at"):
            self.add_error("starts_at", _("Bitte geben Sie an, wann die Veranstaltung ist."))
        return cleaned
