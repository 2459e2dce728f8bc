"""Forms of the news area. They parse and check input; the services write."""

from __future__ import annotations

import json
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import SafeModelChoiceField, SafeModelMultipleChoiceField
from districts.audience_forms import AudienceFields
from districts.models import District, Organisation
from ui.forms import KernWidgetsMixin

from ..services.news import ALT_MAX, BODY_MAX, COMMENT_MAX, TITLE_MAX

TOOLBAR_LABELS = {
    "toolbar": _("Formatierung"),
    "bold": _("Fett"),
    "italic": _("Kursiv"),
    "heading": _("Zwischenüberschrift"),
    "paragraph": _("Absatz"),
    "list": _("Aufzählung"),
    "numbered": _("Nummerierte Liste"),
    "quote": _("Zitat"),
    "link": _("Link"),
    "linkPrompt": _("Adresse des Links (https://…)"),
    "image": _("Bild einfügen"),
    "imageNone": _("Bild wählen …"),
}


class RichTextarea(forms.Textarea):
    """A textarea that `exchange/richtext.js` gives a small toolbar, with labels in the page's
    language. `images` (a list of {"src", "alt"}) are offered for insertion."""

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs={"data-richtext": "", **(attrs or {})})
        self.images: list[dict[str, str]] = []

    def get_context(self, name: str, value: Any, attrs: dict[str, Any] | None) -> dict[str, Any]:
        context = super().get_context(name, value, attrs)
        widget_attrs = context["widget"]["attrs"]
        widget_attrs["data-richtext-labels"] = json.dumps(
            {key: str(label) for key, label in TOOLBAR_LABELS.items()}
        )
        if self.images:
            widget_attrs["data-richtext-images"] = json.dumps(self.images)
        return context


def _rich_text(label: Any, *, max_length: int, rows: int, help_text: Any) -> forms.CharField:
    return forms.CharField(
        label=label,
        max_length=max_length,
        widget=RichTextarea(attrs={"rows": rows}),
        help_text=help_text,
    )


class NewsPostForm(AudienceFields, KernWidgetsMixin, forms.Form):
    title = forms.CharField(label=_("Titel"), max_length=TITLE_MAX)
    body = _rich_text(
        _("Text"),
        max_length=BODY_MAX,
        rows=14,
        help_text=_(
            "Absätze, Zwischenüberschriften, Listen, fett, kursiv und Links sind möglich. Ohne "
            "Werkzeugleiste können Sie einfachen Text schreiben: Leerzeilen trennen Absätze."
        ),
    )
    organisation = SafeModelChoiceField(
        label=_("Veröffentlichen für"),
        queryset=Organisation.objects.none(),
        empty_label=None,
    )
    # Narrowed to the district's organisations in `setup_audience`; safe against huge numbers.
    organisations = SafeModelMultipleChoiceField(
        label=_("Ausgewählte Organisationen"),
        queryset=Organisation.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "Nur wenn die Neuigkeit für ausgewählte Organisationen bestimmt ist. Ihre eigene "
            "Organisation gehört immer dazu."
        ),
    )
    important = forms.BooleanField(
        label=_("Wichtig: beim Veröffentlichen sofort per E-Mail an alle, die das wünschen"),
        required=False,
    )
    pinned = forms.BooleanField(label=_("Oben anheften"), required=False)

    field_order = [
        "title",
        "body",
        "organisation",
        "audience",
        "organisations",
        "include_volunteers",
        "important",
        "pinned",
    ]

    def __init__(
        self,
        *args: Any,
        district: District,
        organisation_ids: list[int],
        coordinator: bool,
        editing: bool = False,
        images: list[dict[str, str]] | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.setup_audience(district)
        self.fields["body"].widget.images = images or []
        if editing or len(organisation_ids) < 2:
            # The publishing organisation is fixed once published, and needs no choice for one.
            del self.fields["organisation"]
        else:
            self.fields["organisation"].queryset = Organisation.objects.filter(  # type: ignore[attr-defined]
                pk__in=organisation_ids
            ).order_by("name")
        if not coordinator:
            del self.fields["important"]
            del self.fields["pinned"]
        elif editing:
            del self.fields["pinned"]  # pinning has its own button on the post

    def service_data(self) -> dict[str, Any]:
        data = {
            "title": self.cleaned_data["title"],
            "body": self.cleaned_data["body"],
            **self.audience_data(),
        }
        for name in ("organisation", "important", "pinned"):
            if name in self.fields:
                data[name] = self.cleaned_data.get(name)
        return data


class NewsCommentForm(KernWidgetsMixin, forms.Form):
    body = _rich_text(
        _("Ihr Kommentar"),
        max_length=COMMENT_MAX,
        rows=4,
        help_text=_("Absätze, Listen, fett, kursiv und Links sind möglich."),
    )


class NewsImageForm(KernWidgetsMixin, forms.Form):
    file = forms.FileField(
        label=_("Bild"),
        help_text=_("PNG, JPEG, GIF oder WebP, höchstens 5 MB."),
        widget=forms.ClearableFileInput(
            attrs={"accept": "image/png,image/jpeg,image/gif,image/webp"}
        ),
    )
    alt = forms.CharField(
        label=_("Bildbeschreibung"),
        max_length=ALT_MAX,
        help_text=_("Was auf dem Bild zu sehen ist, für Menschen, die es nicht sehen können."),
    )


class NewsAttachmentForm(KernWidgetsMixin, forms.Form):
    file = forms.FileField(
        label=_("Anhang"),
        help_text=_(
            "PDF, Word, Excel, PowerPoint, OpenDocument, Bilder, Text oder CSV. Dateien werden "
            "nach ihrem Inhalt geprüft."
        ),
    )
