"""The confirmation a form asks for when a point typed or set on the map lies outside the Kreis.

Used by the forms of the organisation profile (Steckbrief) and of the directory's places. The
services make the same check (`districts.geo.check_in_district`), so no other path can skip it;
the form only offers the checkbox where the answer matters.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError

from .geo import CONFIRM_OUTSIDE, CONFIRM_OUTSIDE_LABEL, OUTSIDE_REFUSED, is_in_district

COORDINATES = ("latitude", "longitude")


class OutsideKreisConfirmationMixin:
    """Adds "Der Punkt liegt außerhalb des Kreises. Trotzdem speichern?" to a bound form whose
    latitude/longitude changed to a point outside the district's Kreis, and refuses the form
    until it is ticked. Forms without such a point never show the checkbox."""

    def offer_outside_confirmation(self, district: Any, *, skip: bool = False) -> bool:
        """Call at the end of `__init__`; True if the checkbox was added (validate again)."""
        if skip or not self._moved_outside(district):
            return False
        fields: dict[str, forms.Field] = self.fields  # type: ignore[attr-defined]
        fields[CONFIRM_OUTSIDE] = forms.BooleanField(
            label=CONFIRM_OUTSIDE_LABEL,
            required=False,
            widget=forms.CheckboxInput(attrs={"class": "kern-form-check__checkbox"}),
        )
        order = list(fields)
        order.remove(CONFIRM_OUTSIDE)
        order.insert(order.index(COORDINATES[1]) + 1, CONFIRM_OUTSIDE)
        self.order_fields(order)  # type: ignore[attr-defined]
        return True

    def confirmed_outside(self) -> bool:
        cleaned: dict[str, Any] = getattr(self, "cleaned_data", {})
        return bool(cleaned.get(CONFIRM_OUTSIDE))

    def clean(self) -> dict[str, Any]:
        cleaned: dict[str, Any] = super().clean() or {}  # type: ignore[misc]
        fields = self.fields  # type: ignore[attr-defined]
        if CONFIRM_OUTSIDE in fields and not cleaned.get(CONFIRM_OUTSIDE):
            self.add_error(CONFIRM_OUTSIDE, OUTSIDE_REFUSED)  # type: ignore[attr-defined]
        return cleaned

    def _moved_outside(self, district: Any) -> bool:
        form: Any = self
        if not form.is_bound or not all(name in form.fields for name in COORDINATES):
            return False
        point, changed = [], False
        for name in COORDINATES:
            field = form.fields[name]
            raw = field.widget.value_from_datadict(form.data, form.files, form.add_prefix(name))
            try:
                point.append(field.clean(raw))
            except ValidationError:
                return False  # the field says what is wrong with it
            changed = changed or field.has_changed(form.get_initial_for_field(field, name), raw)
        return changed and is_in_district(district, *point) is False
