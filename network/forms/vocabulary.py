"""The form of the district's vocabularies (topics, target groups)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy

from ui.forms import KernWidgetsMixin


class NameForm(KernWidgetsMixin, forms.Form):
    name = forms.CharField(label=gettext_lazy("Name"), max_length=100)
