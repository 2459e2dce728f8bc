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


# What Django puts in place of bytes that are not UTF-8 when it decodes a request (U+FFFD).
REPLACEMENT_CHARACTER = "\ufffd"
UNREADABLE_INPUT = _(
    "Dieser Text enthält Zeichen, die nicht richtig übertragen wurden. Bitte geben Sie ihn "
    "noch einmal ein."
)


def _unreadable(value: Any) -> bool:
    if isinstance(value, str):
        return REPLACEMENT_CHARACTER in value
    if isinstance(value, list | tuple):
        return any(_unreadable(item) for item in value)
    return False


def refuse_unreadable_input(form: forms.BaseForm) -> None:
    """A field whose submitted text held bytes that are not UTF-8 gets an error, so nothing
    garbled ("���") is stored. Django decodes such bytes to U+FFFD; a person never types it."""
    for name, field in form.fields.items():
        if field.disabled:
            continue
        value = field.widget.value_from_datadict(form.data, form.files, form.add_prefix(name))
        if _unreadable(value):
            form.add_error(name, UNREADABLE_INPUT)


class KernWidgetsMixin:
    """Adds KERN's CSS classes to every widget, and refuses input that did not arrive as UTF-8
    (`refuse_unreadable_input`) in every form that uses it.

    The error and help ARIA attributes (`aria-invalid`, `aria-describedby`) are set when a field
    is rendered (Django's `BoundField.build_widget_attrs`), from the errors the form has by
    then. Nothing looks at the errors while the form is built, so a view may narrow querysets
    or a service may add errors after construction without validating the form again.
    """

    def full_clean(self) -> None:
        super().full_clean()  # type: ignore[misc]
        if self.is_bound:  # type: ignore[attr-defined]
            refuse_unreadable_input(self)  # type: ignore[arg-type]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():  # type: ignore[attr-defined]
            widget = field.widget
            if isinstance(widget, forms.CheckboxInput):
                css = "kern-form-check__checkbox"
            elif isinstance(widget, forms.Select):
                css = "kern-form-input__select"
            else:
                css = "kern-form-input__input"
            widget.attrs["class"] = f"{widget.attrs.get('class', '')} {css}".strip()


def apply_service_errors(
    form: forms.BaseForm, exc: ValidationError | PermissionDenied, field: str | None = None
) -> None:
    """Put a service's refusal onto the form: field errors on their fields (or the whole form
    when the field is not on it), a refusal of permission as a form error. An error that names
    no field goes to `field` (the whole form by default): an upload's reason beside the file."""
    if isinstance(exc, PermissionDenied):
        form.add_error(None, str(exc) or _("Das dürfen Sie nicht."))
    elif hasattr(exc, "error_dict"):
        for name, errors in exc.error_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(field, exc)


def saved_through(form: forms.BaseForm, call: Callable[[], Any], field: str | None = None) -> Any:
    """The service's result once the valid form went through it; None with errors on the form
    (`apply_service_errors`; `field` takes the errors that name none)."""
    if not form.is_valid():
        return None
    try:
        return call()
    except (ValidationError, PermissionDenied) as exc:
        apply_service_errors(form, exc, field)
        return None
