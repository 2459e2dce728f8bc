"""The model choice fields every form uses, and a ModelForm whose generated fields are those.

A posted id beyond the key column's integer range went to the database as it was, and SQLite
raised OverflowError on `pk__in` (a server error) instead of finding nothing. These fields refuse
ids the key column cannot hold (its range on the connection's database: 64 bits for a
BigAutoField, 32 for an AutoField on PostgreSQL), negative and non-numeric ones, with the usual
"invalid_choice" error and without a query.
"""

from __future__ import annotations

import re
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db import connections, models
from django.forms.models import ModelFormMetaclass

_INTEGER = re.compile(r"[+-]?[0-9]+")


class _IdRangeMixin:
    """Refuses ids the key column cannot hold. Integer keys only; other keys (a slug through
    `to_field_name`, a UUID) go to the lookup as posted."""

    queryset: Any
    to_field_name: str | None
    error_messages: dict[str, Any]

    def _id_bounds(self) -> tuple[int | None, int | None] | None:
        opts = self.queryset.model._meta
        field = opts.get_field(self.to_field_name) if self.to_field_name else opts.pk
        while field.is_relation:  # a one-to-one primary key of multi-table inheritance
            field = field.target_field
        if not isinstance(field, models.IntegerField):
            return None
        low, high = connections[self.queryset.db].ops.integer_field_range(field.get_internal_type())
        if isinstance(field, models.AutoField):  # BigAutoField and SmallAutoField too
            low = 1  # sequences start at one
        return low, high

    def _refuse_out_of_range(self, value: Any) -> None:
        if value in (None, "") or isinstance(value, models.Model):
            return
        bounds = self._id_bounds()
        if bounds is not None and not _within(value, *bounds):
            raise ValidationError(
                self.error_messages["invalid_choice"],
                code="invalid_choice",
                params={"value": value},
            )


def _within(value: Any, low: int | None, high: int | None) -> bool:
    if isinstance(value, int):
        number = value
    elif _INTEGER.fullmatch(text := str(value).strip()):
        number = int(text)
    else:
        return False
    return (low is None or low <= number) and (high is None or number <= high)


class SafeModelChoiceField(_IdRangeMixin, forms.ModelChoiceField):
    def to_python(self, value: Any) -> Any:
        if value not in self.empty_values:
            self._refuse_out_of_range(value)
        return super().to_python(value)


class SafeModelMultipleChoiceField(_IdRangeMixin, forms.ModelMultipleChoiceField):
    def _check_values(self, value: Any) -> Any:
        if isinstance(value, list | tuple):
            for pk in value:
                self._refuse_out_of_range(pk)
        return super()._check_values(value)  # type: ignore[misc]


def model_formfield(db_field: models.Field[Any, Any], **kwargs: Any) -> forms.Field | None:
    """The `formfield_callback` of model forms: relations get the fields above."""
    if isinstance(db_field, models.ManyToManyField):
        kwargs.setdefault("form_class", SafeModelMultipleChoiceField)
    elif isinstance(db_field, models.ForeignKey):
        kwargs.setdefault("form_class", SafeModelChoiceField)
    return db_field.formfield(**kwargs)


class _SafeModelFormMetaclass(ModelFormMetaclass):
    def __new__(mcs, name: str, bases: tuple[type, ...], attrs: dict[str, Any]) -> Any:
        meta = attrs.get("Meta")
        if meta is not None and getattr(meta, "formfield_callback", None) is None:
            meta.formfield_callback = staticmethod(model_formfield)
        return super().__new__(mcs, name, bases, attrs)


class ModelForm(forms.ModelForm, metaclass=_SafeModelFormMetaclass):
    """Use instead of `django.forms.ModelForm`: its foreign keys and many-to-many fields become
    `SafeModelChoiceField` and `SafeModelMultipleChoiceField`."""
