"""The operator's view of people: find them, block or unblock them, see their sessions, lift a
lockout after wrong second-factor codes."""

from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.forms import BaseUserCreationForm
from django.contrib.auth.forms import UserChangeForm as BaseUserChangeForm
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from core.admin import SafeChoiceFieldsMixin
from core.forms import model_formfield

from .models import CodeAttempt, User, UserSession
from .services import user_deactivate, user_reactivate


class UserSessionInline(admin.TabularInline):
    model = UserSession
    extra = 0
    can_delete = False
    fields = ["session_key_hint", "created_at"]
    readonly_fields = ["session_key_hint", "created_at"]
    verbose_name_plural = _("Angemeldete Sitzungen")

    @admin.display(description=_("Sitzung"))
    def session_key_hint(self, obj: UserSession) -> str:
        # Only the start: the full key would let an operator take over the session.
        return f"{obj.session_key[:6]}…"

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class UserCreationForm(BaseUserCreationForm):
    class Meta:
        model = User
        fields = ("email", "name")


class UserChangeForm(BaseUserChangeForm):
    class Meta:
        model = User
        fields = "__all__"
        formfield_callback = model_formfield


@admin.register(User)
class UserAdmin(SafeChoiceFieldsMixin, DjangoUserAdmin):
    form = UserChangeForm
    add_form = UserCreationForm
    ordering = ["name", "email"]
    list_display = ["email", "name", "is_active", "is_staff", "last_login", "date_joined"]
    list_filter = ["is_active", "is_staff", "is_superuser", "memberships__role"]
    search_fields = ["email", "name"]
    readonly_fields = ["last_login", "date_joined"]
    inlines = [UserSessionInline]
    actions = ["deactivate", "reactivate"]
    fieldsets = (
        (None, {"fields": ("email", "name", "password")}),
        (
            _("Berechtigungen"),
            {"fields": ("is_active", "is_staff", "is_superuser", "groups", "user_permissions")},
        ),
        (_("Daten"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = (
        (None, {"classes": ("wide",), "fields": ("email", "name", "password1", "password2")}),
    )

    def save_model(self, request: HttpRequest, obj: User, form: Any, change: bool) -> None:
        if change and "is_active" in form.changed_data:
            # Through the service, so that a blocked person is signed out everywhere at once.
            service = user_reactivate if obj.is_active else user_deactivate
            try:
                service(actor=request.user, user=obj)
            except (ValidationError, PermissionDenied) as error:
                obj.is_active = not obj.is_active
                self.message_user(request, self._error_text(error), messages.ERROR)
        super().save_model(request, obj, form, change)

    @admin.action(description=_("Ausgewählte Personen sperren und abmelden"))
    def deactivate(self, request: HttpRequest, queryset: QuerySet[User]) -> None:
        self._apply(request, queryset, user_deactivate)

    @admin.action(description=_("Ausgewählte Personen wieder freigeben"))
    def reactivate(self, request: HttpRequest, queryset: QuerySet[User]) -> None:
        self._apply(request, queryset, user_reactivate)

    def _apply(self, request: HttpRequest, queryset: QuerySet[User], service: Any) -> None:
        done = 0
        for user in queryset:
            try:
                service(actor=request.user, user=user)
            except (ValidationError, PermissionDenied) as error:
                self.message_user(request, f"{user}: {self._error_text(error)}", messages.ERROR)
            else:
                done += 1
        if done:
            self.message_user(
                request,
                ngettext("%(count)d Person geändert.", "%(count)d Personen geändert.", done)
                % {"count": done},
                messages.SUCCESS,
            )

    @staticmethod
    def _error_text(error: Exception) -> str:
        return "; ".join(getattr(error, "messages", [])) or str(_("Nicht erlaubt."))


@admin.register(CodeAttempt)
class CodeAttemptAdmin(admin.ModelAdmin):
    """Wrong second-factor codes per person (accounts.lockout). Deleting an entry lifts the
    lockout at once; `axes_reset_username` does the same."""

    list_display = ["user", "user__email", "failures", "last_failure_at"]
    search_fields = ["user__email", "user__name"]
    readonly_fields = ["user", "failures", "last_failure_at"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
