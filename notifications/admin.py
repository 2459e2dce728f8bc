"""The operator's view of the e-mail outbox: failures, their errors and "retry now"."""

from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from core.admin import SafeChoiceFieldsMixin

from .delivery import deliveries_retry_now
from .models import EmailDelivery, NotificationPreference


@admin.register(EmailDelivery)
class EmailDeliveryAdmin(admin.ModelAdmin):
    list_display = [
        "created_at",
        "recipient",
        "recipient_email",
        "kind",
        "status",
        "attempts",
        "short_error",
        "next_attempt_at",
        "sent_at",
    ]
    list_filter = ["status", "kind"]
    search_fields = ["recipient__email", "recipient__name", "last_error"]
    list_select_related = ["recipient"]
    date_hierarchy = "created_at"
    actions = ["retry_now"]
    readonly_fields = [
        "recipient",
        "kind",
        "digest_date",
        "status",
        "attempts",
        "last_error",
        "next_attempt_at",
        "claimed_at",
        "sent_at",
        "created_at",
    ]
    exclude = ["notifications"]

    @admin.display(description=_("E-Mail-Adresse"), ordering="recipient__email")
    def recipient_email(self, obj: EmailDelivery) -> str:
        return obj.recipient.email

    @admin.display(description=_("letzter Fehler"))
    def short_error(self, obj: EmailDelivery) -> str:
        return obj.last_error[:120]

    @admin.action(description=_("Jetzt erneut senden"))
    def retry_now(self, request: HttpRequest, queryset: QuerySet[EmailDelivery]) -> None:
        count = deliveries_retry_now(delivery_ids=list(queryset.values_list("pk", flat=True)))
        self.message_user(
            request,
            ngettext(
                "%(count)d E-Mail wird erneut gesendet.",
                "%(count)d E-Mails werden erneut gesendet.",
                count,
            )
            % {"count": count},
            messages.SUCCESS,
        )

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(NotificationPreference)
class NotificationPreferenceAdmin(SafeChoiceFieldsMixin, admin.ModelAdmin):
    list_display = ["user", "daily_digest", "immediate_important", "language", "updated_at"]
    list_filter = ["daily_digest", "immediate_important", "language"]
    search_fields = ["user__email", "user__name"]
    list_select_related = ["user"]
    raw_id_fields = ["user"]
