"""Operator tooling: Kreise (read-only reference data), districts and their members.

Coordinators work in Lotse's own pages; the admin is for the operator (Betrieb) to set up a
district and to help when something is stuck. Every write here goes into the audit trail.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.db import models
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from core.admin import SafeChoiceFieldsMixin
from core.audit import audit

from .models import District, Invitation, Kreis, Membership, Municipality, Organisation


class AuditedAdmin(SafeChoiceFieldsMixin, admin.ModelAdmin):
    """Writes an audit record for each save and delete done by the operator."""

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        super().save_model(request, obj, form, change)
        verb = "admin_change" if change else "admin_create"
        changed = {name: form.cleaned_data.get(name) for name in form.changed_data}
        audit(actor=request.user, action=self._action(obj, verb), obj=obj, changes=changed)

    def delete_model(self, request: HttpRequest, obj: Any) -> None:
        audit(actor=request.user, action=self._action(obj, "admin_delete"), obj=obj)
        super().delete_model(request, obj)

    def delete_queryset(self, request: HttpRequest, queryset: Any) -> None:
        for obj in queryset:
            audit(actor=request.user, action=self._action(obj, "admin_delete"), obj=obj)
        super().delete_queryset(request, queryset)

    @staticmethod
    def _action(obj: models.Model, verb: str) -> str:
        return f"{obj._meta.model_name}.{verb}"


class SameDistrictForm(forms.ModelForm):
    """Rows that point at an organisation or municipality must stay within one district."""

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        district = cleaned.get("district")
        for name in ("organisation", "municipality"):
            related = cleaned.get(name)
            if district is not None and related is not None and related.district_id != district.pk:
                self.add_error(name, _("Gehört zu einem anderen Kreis-Netzwerk."))
        return cleaned


@admin.register(Kreis)
class KreisAdmin(admin.ModelAdmin):
    """Reference data from districts/data/; changed only by `manage.py load_kreise`."""

    list_display = ["ags", "name", "kind", "land_name", "population", "area_km2", "has_district"]
    list_filter = ["land_name", "kind"]
    search_fields = ["ags", "name", "nuts3"]
    fields = readonly_fields = (
        "ags",
        "name",
        "kind",
        "land_ags",
        "land_name",
        "nuts3",
        "population",
        "population_date",
        "area_km2",
        "area_date",
        "lat",
        "lon",
        "neighbour_list",
    )
    actions = None
    show_full_result_count = False

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def get_queryset(self, request: HttpRequest) -> Any:
        return super().get_queryset(request).select_related("district").defer("outline")

    @admin.display(description=_("Nachbarkreise"))
    def neighbour_list(self, obj: Kreis) -> str:
        return ", ".join(str(k) for k in obj.neighbours.defer("outline").order_by("ags"))

    @admin.display(description=_("Netzwerk"), boolean=True)
    def has_district(self, obj: Kreis) -> bool:
        return hasattr(obj, "district")


class OrganisationInline(admin.TabularInline):
    """An overview on the district page; organisations are edited on their own (audited) page."""

    model = Organisation
    fields = readonly_fields = ("name", "kind", "is_integration_office", "is_member", "is_active")
    extra = 0
    show_change_link = True

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(District)
class DistrictAdmin(AuditedAdmin):
    list_display = ["name", "slug", "kreis", "is_active", "created_at"]
    list_filter = ["is_active"]
    search_fields = ["name", "slug", "kreis__ags", "kreis__name"]
    list_select_related = ["kreis"]
    autocomplete_fields = ["kreis"]
    prepopulated_fields = {"slug": ["name"]}
    readonly_fields = ["created_at"]
    inlines = [OrganisationInline]

    def get_queryset(self, request: HttpRequest) -> Any:
        return super().get_queryset(request).select_related("kreis").defer("kreis__outline")


@admin.register(Municipality)
class MunicipalityAdmin(AuditedAdmin):
    form = SameDistrictForm
    list_display = ["name", "kind", "district", "official_key", "postcodes"]
    list_filter = ["district", "kind"]
    search_fields = ["name", "official_key", "postcodes"]
    list_select_related = ["district"]


@admin.register(Organisation)
class OrganisationAdmin(AuditedAdmin):
    form = SameDistrictForm
    list_display = [
        "name",
        "short_name",
        "kind",
        "district",
        "municipality",
        "is_integration_office",
        "is_member",
        "is_active",
    ]
    list_filter = ["district", "kind", "is_integration_office", "is_member", "is_active"]
    search_fields = ["name", "short_name", "email"]
    list_select_related = ["district", "municipality"]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    autocomplete_fields = ["municipality"]
    readonly_fields = ["created_at"]


@admin.register(Membership)
class MembershipAdmin(AuditedAdmin):
    form = SameDistrictForm
    list_display = [
        "user",
        "organisation",
        "district",
        "role",
        "is_org_admin",
        "can_casework",
        "is_active",
    ]
    list_filter = ["district", "role", "is_org_admin", "can_casework", "is_active"]
    search_fields = ["user__email", "user__name", "organisation__name"]
    list_select_related = ["user", "organisation", "district"]
    raw_id_fields = ["user"]
    autocomplete_fields = ["organisation"]
    readonly_fields = ["created_at"]


@admin.register(Invitation)
class InvitationAdmin(AuditedAdmin):
    form = SameDistrictForm
    list_display = [
        "email",
        "organisation",
        "district",
        "role",
        "created_at",
        "expires_at",
        "state",
    ]
    list_filter = ["district", "role", "is_org_admin", "can_casework"]
    search_fields = ["email", "name", "organisation__name"]
    list_select_related = ["organisation", "district"]
    raw_id_fields = ["invited_by"]
    autocomplete_fields = ["organisation"]
    readonly_fields = ["created_at", "accepted_at"]
    date_hierarchy = "created_at"

    @admin.display(description=_("Status"))
    def state(self, obj: Invitation) -> str:
        if obj.accepted_at:
            return str(_("angenommen"))
        if obj.revoked_at:
            return str(_("zurückgezogen"))
        if not obj.is_usable:
            return str(_("abgelaufen"))
        return str(_("offen"))
