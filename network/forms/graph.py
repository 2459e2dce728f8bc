"""The filters of the network map."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import SafeModelChoiceField
from districts.models import Topic
from ui.forms import KernWidgetsMixin

from ..graph import edge_kind_choices


class GraphFilterForm(KernWidgetsMixin, forms.Form):
    topic = SafeModelChoiceField(
        label=_("Handlungsfeld"),
        required=False,
        queryset=Topic.objects.none(),
        empty_label=_("alle Handlungsfelder"),
        error_messages={"invalid_choice": _("Dieses Handlungsfeld gibt es hier nicht.")},
    )
    kind = forms.MultipleChoiceField(
        label=_("Art der Verbindung"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": _("Diese Art der Verbindung gibt es nicht: %(value)s.")},
    )

    def __init__(self, *args: Any, topics: Any, with_agreements: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["topic"].queryset = topics  # type: ignore[attr-defined]
        self.fields["kind"].choices = edge_kind_choices(  # type: ignore[attr-defined]
            with_agreements=with_agreements
        )
        self.fields["kind"].widget.attrs["class"] = "kern-form-check__checkbox"
