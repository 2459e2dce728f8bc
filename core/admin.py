"""The audit trail and the access log in the operator's admin: to read, never to change."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from .forms import SafeModelChoiceField, SafeModelMultipleChoiceField
from .models import AccessRecord, AuditEvent


class SafeChoiceFieldsMixin:
    """For ModelAdmins that edit rows: relations get the choice fields that refuse ids out of the
    database's range (the admin builds its fields itself, past `core.forms.ModelForm`)."""

    def formfield_for_foreignkey(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        kwargs.setdefault("form_class", SafeModelChoiceField)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)  # type: ignore[misc]

    def formfield_for_manytomany(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        kwargs.setdefault("form_class", SafeModelMultipleChoiceField)
        return super().formfield_for_manytomany(db_field, request, **kwargs)  # type: ignore[misc]


class ReadOnlyAdmin(admin.ModelAdmin):
    """Nobody adds, changes or deletes rows here, superusers included."""

    actions = None

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(AuditEvent)
class AuditEventAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "action", "object_type", "object_repr", "actor", "district"]
    list_filter = ["object_type", "district"]
    search_fields = ["action", "object_type", "object_id", "object_repr", "actor__email"]
    list_select_related = ["actor", "district"]
    date_hierarchy = "created_at"
    show_full_result_count = False


@admin.register(AccessRecord)
class AccessRecordAdmin(ReadOnlyAdmin):
    """Append-only by law and by database trigger; the admin offers no way around it."""

    list_display = ["created_at", "actor_label", "kind", "object_type", "object_id", "purpose"]
    list_filter = ["kind", "object_type"]
    search_fields = ["actor_label", "object_type", "object_id", "purpose"]
    date_hierarchy = "created_at"
    show_full_result_count = False
