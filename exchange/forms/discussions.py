"""Forms of the discussions area. They parse and check input; the services write."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from core.forms import SafeModelChoiceField, SafeModelMultipleChoiceField
from districts.audience_forms import AudienceFields
from districts.models import District, Organisation, Topic
from ui.forms import KernWidgetsMixin

from ..selectors.discussions import mention_organisations, mention_people
from ..services.discussions import BODY_MAX, TITLE_MAX
from .news import RichTextarea  # the exchange's shared rich-text widget (toolbar script)

STATUS_CHOICES = [
    ("", _("alle")),
    ("open", _("offen")),
    ("solved", _("gelöst")),
    ("closed", _("geschlossen")),
]


class PersonChoiceField(SafeModelMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        organisation = getattr(obj, "organisation_name", "")
        return f"{obj} ({organisation})" if organisation else str(obj)


class MentionFields(forms.Form):
    """Organisations and people of the district to mention; plain multi-selects that a small
    script turns into a searchable list (the page works without it)."""

    mentioned_organisations = SafeModelMultipleChoiceField(
        label=_("Organisationen erwähnen"),
        queryset=Organisation.objects.none(),
        required=False,
        help_text=_(
            "Die Mitglieder der Organisation werden benachrichtigt. Nur Organisationen, die die "
            "Diskussion sehen können, lassen sich erwähnen. Mehrere mit Strg (Mac: Cmd) "
            "auswählen."
        ),
    )
    mentioned_people = PersonChoiceField(
        label=_("Personen erwähnen"),
        queryset=Organisation.objects.none(),
        required=False,
        help_text=_(
            "Wer erwähnt wird, bekommt eine Benachrichtigung. Mehrere mit Strg (Mac: Cmd) "
            "auswählen."
        ),
    )

    def setup_mentions(self, district: District) -> None:
        self.fields["mentioned_organisations"].queryset = mention_organisations(district)  # type: ignore[attr-defined]
        self.fields["mentioned_people"].queryset = mention_people(district)  # type: ignore[attr-defined]
        for name in ("mentioned_organisations", "mentioned_people"):
            self.fields[name].widget.attrs.update(
                {"size": 6, "data-mention-picker": "", "data-filter-label": _("Liste filtern")}
            )

    def mention_data(self) -> dict[str, Any]:
        return {
            "mentioned_organisations": list(self.cleaned_data.get("mentioned_organisations") or []),
            "mentioned_people": list(self.cleaned_data.get("mentioned_people") or []),
        }


def _body_field(label: Any) -> forms.CharField:
    return forms.CharField(
        label=label,
        max_length=BODY_MAX,
        widget=RichTextarea(attrs={"rows": 8}),
        help_text=_("Absätze, Listen, fett, kursiv und Links sind möglich."),
    )


class ThreadForm(AudienceFields, MentionFields, KernWidgetsMixin, forms.Form):
    title = forms.CharField(label=_("Titel"), max_length=TITLE_MAX)
    topic = SafeModelChoiceField(
        label=_("Handlungsfeld"),
        queryset=Topic.objects.none(),
        required=False,
        empty_label=_("ohne Handlungsfeld"),
    )
    body = _body_field(_("Ihre Frage oder Ihr Beitrag"))

    field_order = [
        "title",
        "topic",
        "body",
        "audience",
        "organisations",
        "include_volunteers",
        "mentioned_organisations",
        "mentioned_people",
    ]

    def __init__(
        self, *args: Any, district: District, volunteer_only: bool = False, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.setup_audience(district, volunteer_only=volunteer_only)
        self.setup_mentions(district)
        keep = [self.initial["topic"]] if self.initial.get("topic") else []
        self.fields["topic"].queryset = (  # type: ignore[attr-defined]
            Topic.objects.for_district(district).choosable(keep).order_by("position", "name")
        )

    def service_data(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "title": data["title"],
            "body": data["body"],
            "topic": data.get("topic"),
            **self.audience_data(),
            **self.mention_data(),
        }


class ReplyForm(MentionFields, KernWidgetsMixin, forms.Form):
    body = _body_field(_("Ihre Antwort"))

    field_order = ["body", "mentioned_organisations", "mentioned_people"]

    def __init__(self, *args: Any, district: District, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.setup_mentions(district)

    def service_data(self) -> dict[str, Any]:
        return {"body": self.cleaned_data["body"], **self.mention_data()}


class ThreadFilterForm(KernWidgetsMixin, forms.Form):
    q = forms.CharField(label=_("Suche in Titeln und Texten"), required=False, max_length=100)
    topic = SafeModelChoiceField(
        label=_("Handlungsfeld"),
        queryset=Topic.objects.none(),
        required=False,
        empty_label=_("alle"),
    )
    status = forms.ChoiceField(label=_("Status"), required=False, choices=STATUS_CHOICES)

    def __init__(self, *args: Any, topics: QuerySet[Topic], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["topic"].queryset = topics  # type: ignore[attr-defined]
        self.fields["q"].widget.input_type = "search"
