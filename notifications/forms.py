"""The person's notification settings."""

from __future__ import annotations

from django import forms

from core.forms import ModelForm
from ui.forms import KernWidgetsMixin

from .models import NotificationPreference
from .services import PREFERENCE_FIELDS

DELIVERY_FIELDS = ["daily_digest", "immediate_important"]


class PreferenceForm(KernWidgetsMixin, ModelForm):
    class Meta:
        model = NotificationPreference
        fields = PREFERENCE_FIELDS

    def delivery_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in DELIVERY_FIELDS]

    def category_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in PREFERENCE_FIELDS if name not in DELIVERY_FIELDS]
