"""Gives allauth's forms the KERN classes and ARIA links that Lotse's own forms get from
ui.forms.KernWidgetsMixin, so `{% element fields %}` renders like every other Lotse form."""

from __future__ import annotations

from django import forms, template

register = template.Library()


@register.filter
def kern_form(form: forms.BaseForm) -> forms.BaseForm:
    for name, field in form.fields.items():
        widget = field.widget
        if isinstance(widget, forms.RadioSelect):
            css = "kern-form-check__radio"
        elif isinstance(widget, forms.CheckboxInput):
            css = "kern-form-check__checkbox"
        elif isinstance(widget, forms.Select):
            css = "kern-form-input__select"
        else:
            css = "kern-form-input__input"
        classes = widget.attrs.get("class", "").split()
        if css not in classes:
            widget.attrs["class"] = " ".join([*classes, css])
        # allauth uses placeholders as labels; Lotse shows real labels instead.
        widget.attrs.pop("placeholder", None)
        bound = form[name]
        described = []
        if field.help_text:
            described.append(f"{bound.auto_id}_helptext")
        if bound.errors:
            widget.attrs["aria-invalid"] = "true"
            described.append(f"{bound.auto_id}_error")
        if described:
            widget.attrs["aria-describedby"] = " ".join(described)
    return form
