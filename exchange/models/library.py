"""The document library, the county's toolkit (Werkzeugkoffer): owned by the library area.

Folders are structure and visible to every member of the district; documents carry the audience.
A document keeps every uploaded version; `current_version` points at the newest one so lists need
no sub-query. Files live in the private media storage, which is never published under a URL:
they leave Lotse only through the access-checked download view.
"""

from __future__ import annotations

from typing import Any, Self

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.models import DistrictScopedModel, DistrictScopedQuerySet
from districts.audience import AudienceModel, AudienceQuerySet

__all__ = ["Document", "DocumentVersion", "Folder"]

FOLDER_DEPTH_MAX = 4


class Folder(DistrictScopedModel):
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("Übergeordneter Ordner"),
    )
    name = models.CharField(_("Name"), max_length=120)
    description = models.TextField(_("Beschreibung"), blank=True, max_length=2000)
    position = models.PositiveIntegerField(_("Reihenfolge"), default=0)

    class Meta:
        ordering = ["position", "name"]
        verbose_name = _("Ordner")
        verbose_name_plural = _("Ordner")
        constraints = [
            models.UniqueConstraint(
                fields=["district", "parent", "name"], name="exchange_folder_unique_name"
            )
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("exchange:folder_detail", args=[self.pk])


class DocumentQuerySet(AudienceQuerySet):
    def with_current(self) -> Self:
        return self.select_related(
            "folder", "author_organisation", "current_version", "current_version__uploaded_by"
        )


class Document(AudienceModel):
    folder = models.ForeignKey(
        Folder, on_delete=models.PROTECT, related_name="documents", verbose_name=_("Ordner")
    )
    title = models.CharField(_("Titel"), max_length=200)
    description = models.TextField(_("Beschreibung"), blank=True, max_length=5000)
    topics = models.ManyToManyField(
        "districts.Topic", blank=True, related_name="+", verbose_name=_("Handlungsfelder")
    )
    current_version = models.ForeignKey(
        "DocumentVersion",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("Aktuelle Version"),
    )
    # Title, description and folder name, case-folded: the portable part of the search
    # (SQLite's LIKE folds ASCII only, so "Übersicht" would not find "übersicht").
    search_text = models.TextField(editable=False, blank=True, default="")

    objects = DocumentQuerySet.as_manager()  # type: ignore[misc]

    class Meta:
        ordering = ["title"]
        verbose_name = _("Dokument")
        verbose_name_plural = _("Dokumente")
        indexes = [models.Index(fields=["district", "folder"])]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("exchange:document_detail", args=[self.pk])


class DocumentVersionQuerySet(DistrictScopedQuerySet):
    def visible_to(self, user: Any) -> Self:
        return self.filter(document__in=Document.objects.visible_to(user))


def version_path(instance: DocumentVersion, filename: str) -> str:
    extension = filename.rsplit(".", 1)[-1] if "." in filename else "bin"
    return (
        f"exchange/library/{instance.district_id}/{instance.document_id}/"
        f"v{instance.number}.{extension}"
    )


class DocumentVersion(DistrictScopedModel):
    document = models.ForeignKey(
        Document, on_delete=models.CASCADE, related_name="versions", verbose_name=_("Dokument")
    )
    number = models.PositiveIntegerField(_("Version"))
    file = models.FileField(_("Datei"), upload_to=version_path, max_length=255)
    original_name = models.CharField(_("Dateiname"), max_length=255)
    size = models.PositiveIntegerField(_("Größe (Bytes)"))
    sha256 = models.CharField(_("Prüfsumme"), max_length=64)
    content_type = models.CharField(_("Dateityp"), max_length=120)
    kind = models.CharField(_("Art"), max_length=20)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("Hochgeladen von"),
    )
    uploaded_at = models.DateTimeField(_("Hochgeladen am"), default=timezone.now)
    note = models.CharField(_("Was hat sich geändert?"), max_length=500, blank=True)

    objects = DocumentVersionQuerySet.as_manager()  # type: ignore[misc]

    class Meta:
        ordering = ["document", "-number"]
        verbose_name = _("Dokumentversion")
        verbose_name_plural = _("Dokumentversionen")
        constraints = [
            models.UniqueConstraint(
                fields=["document", "number"], name="exchange_documentversion_unique_number"
            )
        ]

    def __str__(self) -> str:
        return f"{self.document} v{self.number}"

    def get_download_url(self) -> str:
        return reverse("exchange:document_download", args=[self.document_id, self.number])

    @property
    def extension(self) -> str:
        return self.original_name.rsplit(".", 1)[-1].lower() if "." in self.original_name else ""
