"""Forms of the cooperation agreements (Kooperationsvereinbarungen)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy

from core.forms import ModelForm, SafeModelChoiceField
from districts.models import District, Organisation, Topic
from network.models import Agreement, Contact
from ui.forms import KernWidgetsMixin


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs, format="%Y-%m-%d")


class AgreementForm(KernWidgetsMixin, ModelForm):
    class Meta:
        model = Agreement
        fields = [
            "title",
            "subject",
            "parties",
            "topics",
            "status",
            "signed_on",
            "valid_from",
            "valid_until",
            "review_on",
            "responsible",
        ]
        widgets = {
            "signed_on": DateInput(),
            "valid_from": DateInput(),
            "valid_until": DateInput(),
            "review_on": DateInput(),
        }
        help_texts = {
            "parties": gettext_lazy("Mindestens zwei Organisationen Ihres Kreises."),
            "review_on": gettext_lazy(
                "Vor der Überprüfung und vor dem Ende der Gültigkeit erinnert Lotse per E-Mail."
            ),
            "responsible": gettext_lazy("Eine Ansprechperson einer der Vertragsparteien."),
        }

    def __init__(self, *args: Any, district: District, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["parties"].queryset = Organisation.objects.for_district(  # type: ignore[attr-defined]
            district
        ).order_by("name")
        agreement = self.instance
        self.fields["topics"].queryset = Topic.objects.for_district(district).choosable(  # type: ignore[attr-defined]
            agreement.topics.values_list("pk", flat=True) if agreement.pk else ()
        )
        self.fields["responsible"].queryset = (  # type: ignore[attr-defined]
            Contact.objects.for_district(district).select_related("organisation")
        )


class StatusForm(KernWidgetsMixin, forms.Form):
    status = forms.ChoiceField(label=gettext_lazy("Neuer Status"), choices=Agreement.Status.choices)
    signed_on = forms.DateField(
        label=gettext_lazy("unterzeichnet am"),
        required=False,
        widget=DateInput(),
        help_text=gettext_lazy("Nur beim Unterzeichnen nötig."),
    )


class DocumentForm(KernWidgetsMixin, forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Unterzeichnetes Dokument (PDF)"),
        help_text=gettext_lazy(
            "Eine PDF-Datei, höchstens 10 MB. Frühere Versionen bleiben erhalten."
        ),
        widget=forms.FileInput(attrs={"accept": "application/pdf,.pdf"}),
    )


class AgreementFilterForm(KernWidgetsMixin, forms.Form):
    status = forms.ChoiceField(
        label=gettext_lazy("Status"),
        required=False,
        choices=[("", gettext_lazy("alle")), *Agreement.Status.choices],
    )
    topic = SafeModelChoiceField(
        label=gettext_lazy("Handlungsfeld"),
        required=False,
        queryset=Topic.objects.none(),
        empty_label=gettext_lazy("alle"),
    )
    party = SafeModelChoiceField(
        label=gettext_lazy("Vertragspartei"),
        required=False,
        queryset=Organisation.objects.none(),
        empty_label=gettext_lazy("alle"),
    )
    due = forms.BooleanField(label=gettext_lazy("nur bald fällige"), required=False)

    def __init__(self, *args: Any, district: District, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["topic"].queryset = Topic.objects.for_district(district).choosable()  # type: ignore[attr-defined]
        self.fields["party"].queryset = Organisation.objects.for_district(district).order_by(  # type: ignore[attr-defined]
            "name"
        )
