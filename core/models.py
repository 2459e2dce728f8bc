"""Shared pieces: the district-scoped base model, the audit trail and the access log."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Self

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from accounts.models import User


class DistrictScopedQuerySet(models.QuerySet):
    """Reads of district-owned data go through these methods, never through a bare filter."""

    def for_district(self, district: Any) -> Self:
        return self.filter(district=district)

    def visible_to(self, user: User | Any) -> Self:
        """What a signed-in member may see: rows of the districts where they hold a membership.

        Models with narrower rules override this method; nobody outside the district (the
        operator included) sees anything through Lotse's own pages.
        """
        if not getattr(user, "is_authenticated", False):
            return self.none()
        return self.filter(district_id__in=user.district_ids())


class DistrictScopedModel(models.Model):
    district = models.ForeignKey(
        "districts.District",
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("Kreis"),
    )

    objects = DistrictScopedQuerySet.as_manager()

    class Meta:
        abstract = True


class AuditEvent(models.Model):
    """One write done through a service: who, when, what, in which district."""

    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("Person"),
    )
    district = models.ForeignKey(
        "districts.District",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("Kreis"),
    )
    action = models.CharField(_("Aktion"), max_length=100)
    object_type = models.CharField(_("Objekttyp"), max_length=100)
    object_id = models.CharField(_("Objekt-ID"), max_length=64, blank=True)
    object_repr = models.CharField(_("Objekt"), max_length=255, blank=True)
    changes = models.JSONField(_("Änderungen"), default=dict, blank=True)
    created_at = models.DateTimeField(_("Zeitpunkt"), default=timezone.now, db_index=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("Protokolleintrag")
        verbose_name_plural = _("Protokoll")
        indexes = [models.Index(fields=["district", "-created_at"])]

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.action} {self.object_repr}"


class AppendOnlyError(Exception):
    """Raised when code tries to change or delete a row of an append-only log."""


class AppendOnlyQuerySet(models.QuerySet):
    def update(self, **kwargs: Any) -> int:
        raise AppendOnlyError("Access records cannot be changed.")

    def delete(self) -> tuple[int, dict[str, int]]:
        raise AppendOnlyError("Access records cannot be deleted.")


class AccessRecord(models.Model):
    """A read or change of personal data (client data in referrals).

    Append-only: the model refuses updates and deletes, and a database trigger (see the
    migration) refuses them too, so neither the application nor a stray query can rewrite it.
    """

    class Kind(models.TextChoices):
        READ = "read", _("gelesen")
        CHANGE = "change", _("geändert")
        EXPORT = "export", _("exportiert")
        ERASE = "erase", _("gelöscht")

    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        db_constraint=False,
        verbose_name=_("Person"),
    )
    actor_label = models.CharField(_("Person (Klartext)"), max_length=255)
    district = models.ForeignKey(
        "districts.District",
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        db_constraint=False,
        verbose_name=_("Kreis"),
    )
    kind = models.CharField(_("Art"), max_length=10, choices=Kind.choices)
    object_type = models.CharField(_("Objekttyp"), max_length=100)
    object_id = models.CharField(_("Objekt-ID"), max_length=64)
    purpose = models.CharField(_("Zweck"), max_length=255)
    created_at = models.DateTimeField(_("Zeitpunkt"), default=timezone.now, db_index=True)

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("Zugriffsprotokoll-Eintrag")
        verbose_name_plural = _("Zugriffsprotokoll")
        indexes = [models.Index(fields=["object_type", "object_id"])]

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.actor_label} {self.kind} {self.object_type}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None or kwargs.get("force_update"):
            raise AppendOnlyError("Access records cannot be changed.")
        kwargs["force_insert"] = True
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise AppendOnlyError("Access records cannot be deleted.")
