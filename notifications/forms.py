"""The person's notification settings."""

from __future__ import annotations

from typing import Any

from django import forms

from core.forms import ModelForm
from ui.forms import KernWidgetsMixin

from .categories import categories
from .models import NotificationPreference
from .services import DELIVERY_FIELDS


class PreferenceForm(KernWidgetsMixin, ModelForm):
    """How e-mail is delivered, and one switch per registered notification category."""

    class Meta:
        model = NotificationPreference
        fields = DELIVERY_FIELDS

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for category in categories():
            name = NotificationPreference.category_field(category.slug)
            self.fields[name] = forms.BooleanField(
                label=str(category.label),
                required=False,
                initial=self.instance.wants_email(category.slug),
                widget=forms.CheckboxInput(attrs={"class": "kern-form-check__checkbox"}),
            )

    def delivery_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in DELIVERY_FIELDS]

    def category_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in self.fields if name not in DELIVERY_FIELDS]
