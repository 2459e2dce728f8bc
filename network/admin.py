"""Operator tooling for the network: vocabularies, Steckbriefe, contacts, relations, agreements
and the outreach log. Coordinators work in Lotse's own pages; every write here is audited and
rows that point at each other must belong to one district."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.db import models
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from districts.admin import AuditedAdmin
from districts.models import TargetGroup, Topic

from .models import Agreement, AgreementDocument, Contact, OutreachEntry, Profile, Relation


def _district_id(value: Any) -> Any:
    return getattr(value, "district_id", None)


class NetworkAdminForm(forms.ModelForm):
    """Every chosen organisation, contact, topic or target group belongs to the row's district."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        district_id = getattr(self.instance, "district_id", None)
        if not district_id:
            return
        for field in self.fields.values():
            queryset = getattr(field, "queryset", None)
            if queryset is not None and _has_district(queryset.model):
                field.queryset = queryset.filter(district_id=district_id)  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        district = cleaned.get("district") or getattr(self.instance, "district", None)
        if district is None:
            return cleaned
        for name, value in list(cleaned.items()):
            if name == "district":
                continue
            values = value if isinstance(value, models.QuerySet | list | tuple) else [value]
            if any(
                _district_id(item) not in (None, district.pk)
                for item in values
                if isinstance(item, models.Model)
            ):
                self.add_error(name, _("Gehört zu einem anderen Kreis-Netzwerk."))
        return cleaned


def _has_district(model: type[models.Model]) -> bool:
    return any(field.name == "district" for field in model._meta.get_fields())


class NetworkAdmin(AuditedAdmin):
    form = NetworkAdminForm
    list_select_related = ["district"]


class VocabularyAdmin(NetworkAdmin):
    list_display = ["name", "district", "position", "is_active"]
    list_filter = ["district", "is_active"]
    search_fields = ["name"]
    ordering = ["district__name", "position", "name"]


@admin.register(Topic)
class TopicAdmin(VocabularyAdmin):
    pass


@admin.register(TargetGroup)
class TargetGroupAdmin(VocabularyAdmin):
    pass


@admin.register(Profile)
class ProfileAdmin(NetworkAdmin):
    list_display = [
        "organisation",
        "organisation_kind",
        "district",
        "postcode",
        "city",
        "language_list",
        "location_pinned",
        "updated_at",
    ]
    list_filter = ["district", "organisation__kind", "location_pinned", "description_audience"]
    search_fields = ["organisation__name", "organisation__short_name", "city", "postcode"]
    list_select_related = ["district", "organisation"]
    autocomplete_fields = ["organisation"]
    filter_horizontal = ["topics", "target_groups"]
    # Logos are uploaded and checked on Lotse's own pages; media files have no public URL.
    readonly_fields = ["updated_at", "logo_file"]
    fieldsets = [
        (None, {"fields": ["district", "organisation", "description", "description_audience"]}),
        (
            _("Themen, Zielgruppen und Sprachen"),
            {"fields": ["topics", "target_groups", "languages", "topics_audience"]},
        ),
        (
            _("Adresse"),
            {
                "fields": [
                    "street",
                    "postcode",
                    "city",
                    "latitude",
                    "longitude",
                    "location_pinned",
                    "address_audience",
                ]
            },
        ),
        (
            _("Weiteres"),
            {
                "fields": [
                    "opening_hours",
                    "opening_hours_audience",
                    "contact_audience",
                    "logo_file",
                    "updated_at",
                ]
            },
        ),
    ]

    @admin.display(description=_("Logo"))
    def logo_file(self, obj: Profile) -> str:
        return obj.logo.name if obj.logo and obj.logo.name else "–"

    @admin.display(description=_("Art"), ordering="organisation__kind")
    def organisation_kind(self, obj: Profile) -> str:
        return obj.organisation.get_kind_display()

    @admin.display(description=_("Sprachen"))
    def language_list(self, obj: Profile) -> str:
        return ", ".join(str(code) for code in obj.languages or [])


@admin.register(Contact)
class ContactAdmin(NetworkAdmin):
    list_display = ["name", "function", "organisation", "district", "email", "phone", "is_public"]
    list_filter = ["district", "is_public", "organisation__kind"]
    search_fields = ["name", "function", "email", "organisation__name"]
    list_select_related = ["district", "organisation"]
    autocomplete_fields = ["organisation"]
    raw_id_fields = ["user"]
    filter_horizontal = ["topics"]
    readonly_fields = ["created_at"]


@admin.register(Relation)
class RelationAdmin(NetworkAdmin):
    list_display = ["source", "kind", "directed", "target", "district", "since"]
    list_filter = ["district", "kind"]
    search_fields = ["source__name", "target__name", "note"]
    list_select_related = ["district", "source", "target"]
    autocomplete_fields = ["source", "target"]
    readonly_fields = ["created_at"]

    @admin.display(description=_("gerichtet"), boolean=True)
    def directed(self, obj: Relation) -> bool:
        return obj.is_directed


class AgreementDocumentInline(admin.TabularInline):
    """The versions of the signed document; uploaded through Lotse's pages (checked there)."""

    model = AgreementDocument
    # The file name only: documents have no public URL, they are downloaded through Lotse's
    # access-checked view.
    fields = readonly_fields = (
        "version",
        "original_name",
        "size",
        "sha256",
        "uploaded_by",
        "uploaded_at",
    )
    extra = 0
    ordering = ["-version"]

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Agreement)
class AgreementAdmin(NetworkAdmin):
    list_display = [
        "title",
        "district",
        "status",
        "party_list",
        "signed_on",
        "valid_until",
        "review_on",
        "responsible",
    ]
    list_filter = ["district", "status", "topics"]
    search_fields = ["title", "subject", "parties__name"]
    list_select_related = ["district", "responsible"]
    autocomplete_fields = ["responsible"]
    filter_horizontal = ["parties", "topics"]
    readonly_fields = ["reminded_on", "created_at"]
    date_hierarchy = "review_on"
    inlines = [AgreementDocumentInline]

    def get_queryset(self, request: HttpRequest) -> Any:
        return super().get_queryset(request).prefetch_related("parties")

    @admin.display(description=_("Vertragsparteien"))
    def party_list(self, obj: Agreement) -> str:
        return ", ".join(party.short_name or party.name for party in obj.parties.all())


@admin.register(OutreachEntry)
class OutreachEntryAdmin(NetworkAdmin):
    list_display = [
        "date",
        "organisation",
        "district",
        "channel",
        "topic",
        "next_step",
        "next_step_due",
        "next_step_done",
        "owner",
    ]
    list_filter = ["district", "channel", "next_step_done", "organisation__kind"]
    search_fields = ["organisation__name", "topic", "outcome", "next_step"]
    list_select_related = ["district", "organisation", "owner"]
    autocomplete_fields = ["organisation"]
    raw_id_fields = ["owner"]
    readonly_fields = ["created_at"]
    date_hierarchy = "date"
