"""Forms of the outreach log (Dialog mit Organisationen)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy

from core.forms import ModelForm, SafeModelChoiceField
from districts.models import District, Organisation
from network.models import OutreachEntry
from network.selectors import outreach as reads
from ui.forms import KernWidgetsMixin

from .agreements import DateInput


class OutreachEntryForm(KernWidgetsMixin, ModelForm):
    class Meta:
        model = OutreachEntry
        fields = [
            "organisation",
            "date",
            "channel",
            "topic",
            "outcome",
            "next_step",
            "next_step_due",
            "owner",
        ]
        widgets = {"date": DateInput(), "next_step_due": DateInput()}

    def __init__(self, *args: Any, district: District, can_assign: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = Organisation.objects.for_district(  # type: ignore[attr-defined]
            district
        ).order_by("name")
        if can_assign:
            self.fields["owner"].queryset = reads.owner_choices(district)  # type: ignore[attr-defined]
        else:
            del self.fields["owner"]


class OutreachFilterForm(KernWidgetsMixin, forms.Form):
    organisation = SafeModelChoiceField(
        label=gettext_lazy("Organisation"),
        required=False,
        queryset=Organisation.objects.none(),
        empty_label=gettext_lazy("alle"),
    )
    mine = forms.BooleanField(label=gettext_lazy("nur meine Einträge"), required=False)
    open_only = forms.BooleanField(label=gettext_lazy("nur mit offenem Schritt"), required=False)

    def __init__(self, *args: Any, district: District, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = Organisation.objects.for_district(  # type: ignore[attr-defined]
            district
        ).order_by("name")


class MonthsForm(KernWidgetsMixin, forms.Form):
    months = forms.IntegerField(
        label=gettext_lazy("Nicht erreicht seit (Monate)"),
        min_value=1,
        max_value=120,
        required=False,
        initial=reads.DEFAULT_MONTHS,
    )


class MineForm(KernWidgetsMixin, forms.Form):
    mine = forms.BooleanField(label=gettext_lazy("nur meine Schritte"), required=False)
