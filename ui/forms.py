"""Forms render with KERN markup through one renderer, so templates just write {{ form }}."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.core.exceptions import PermissionDenied, ValidationError
from django.forms.renderers import TemplatesSetting
from django.utils.translation import gettext_lazy as _


class LotseFormRenderer(TemplatesSetting):
    form_template_name = "ui/forms/form.html"
    field_template_name = "ui/forms/field.html"


class KernWidgetsMixin:
    """Adds KERN's CSS classes and the error/help ARIA attributes to every widget."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():  # type: ignore[attr-defined]
            widget = field.widget
            if isinstance(widget, forms.CheckboxInput):
                css = "kern-form-check__checkbox"
            elif isinstance(widget, forms.Select):
                css = "kern-form-input__select"
            else:
                css = "kern-form-input__input"
            widget.attrs["class"] = f"{widget.attrs.get('class', '')} {css}".strip()
            bound = self[name]  # type: ignore[index]
            if bound.errors:
                widget.attrs["aria-invalid"] = "true"
                widget.attrs["aria-describedby"] = f"{bound.auto_id}_error"


def apply_service_errors(form: forms.BaseForm, exc: ValidationError | PermissionDenied) -> None:
    """Put a service's refusal onto the form: field errors on their fields (or the whole form
    when the field is not on it), a refusal of permission as a form error."""
    if isinstance(exc, PermissionDenied):
        form.add_error(None, str(exc) or _("Das dürfen Sie nicht."))
    elif hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc)


def saved_through(form: forms.BaseForm, call: Callable[[], Any]) -> Any:
    """The service's result once the valid form went through it; None with errors on the form."""
    if not form.is_valid():
        return None
    try:
        return call()
    except (ValidationError, PermissionDenied) as exc:
        apply_service_errors(form, exc)
        return None
