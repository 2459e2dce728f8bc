"""News posts of the exchange (Neuigkeiten): owned by the news area.

A post has an audience like every exchange item. Its images, attachments, comments and earlier
versions are visible exactly when the post is. Files are stored under random names and only ever
served through views that check the post's audience.
"""

from __future__ import annotations

import secrets
from typing import Any, Self

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.models import DistrictScopedModel, DistrictScopedQuerySet
from districts.audience import AudienceModel, AudienceQuerySet

__all__ = ["NewsAttachment", "NewsComment", "NewsImage", "NewsPost", "NewsRevision"]


class NewsPostQuerySet(AudienceQuerySet):
    def listed(self) -> Self:
        """Pinned first, then the newest."""
        return self.order_by("-pinned", "-published_at", "-pk")


class NewsPost(AudienceModel):
    title = models.CharField(_("Titel"), max_length=200)
    body = models.TextField(_("Text"))
    body_text = models.TextField(_("Text ohne Formatierung"), blank=True, editable=False)
    pinned = models.BooleanField(_("Angeheftet"), default=False)
    important = models.BooleanField(
        _("Wichtig"),
        default=False,
        help_text=_("Wichtige Neuigkeiten werden sofort per E-Mail verschickt."),
    )
    published_at = models.DateTimeField(_("Veröffentlicht am"), default=timezone.now)
    edited_at = models.DateTimeField(_("Zuletzt bearbeitet am"), null=True, blank=True)
    edited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("Zuletzt bearbeitet von"),
    )

    objects = NewsPostQuerySet.as_manager()  # type: ignore[misc]

    class Meta:
        ordering = ["-pinned", "-published_at", "-pk"]
        verbose_name = _("Neuigkeit")
        verbose_name_plural = _("Neuigkeiten")
        indexes = [models.Index(fields=["district", "-pinned", "-published_at"])]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("exchange:news_detail", args=[self.pk])

    def image_url_prefix(self) -> str:
        """Where this post's images are served; the body may only embed images from here."""
        return reverse("exchange:news_detail", args=[self.pk]) + "bilder/"


class NewsChildQuerySet(DistrictScopedQuerySet):
    def visible_to(self, user: Any) -> Self:
        """Visible exactly when the post is."""
        return self.filter(post__in=NewsPost.objects.visible_to(user))


def news_file_path(instance: NewsImage | NewsAttachment, filename: str) -> str:
    """A random name: nothing about the post or the original file name is guessable."""
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return f"news/{instance.district_id}/{secrets.token_hex(16)}.{extension}"


class NewsFile(DistrictScopedModel):
    post = models.ForeignKey(NewsPost, on_delete=models.CASCADE, verbose_name=_("Neuigkeit"))
    file = models.FileField(_("Datei"), upload_to=news_file_path, max_length=200)
    content_type = models.CharField(_("Dateityp"), max_length=120)
    size = models.PositiveIntegerField(_("Größe (Bytes)"))
    sha256 = models.CharField(_("Prüfsumme"), max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("Hochgeladen von"),
    )
    created_at = models.DateTimeField(_("Hochgeladen am"), auto_now_add=True)

    objects = NewsChildQuerySet.as_manager()  # type: ignore[misc]

    class Meta:
        abstract = True


class NewsImage(NewsFile):
    alt = models.CharField(
        _("Bildbeschreibung"),
        max_length=250,
        help_text=_("Was auf dem Bild zu sehen ist, für Menschen, die es nicht sehen können."),
    )

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("Bild")
        verbose_name_plural = _("Bilder")
        default_related_name = "images"

    def __str__(self) -> str:
        return self.alt

    def get_absolute_url(self) -> str:
        return reverse("exchange:news_image", args=[self.post_id, self.pk])


class NewsAttachment(NewsFile):
    name = models.CharField(_("Dateiname"), max_length=255)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("Anhang")
        verbose_name_plural = _("Anhänge")
        default_related_name = "attachments"

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("exchange:news_attachment", args=[self.post_id, self.pk])


class NewsComment(DistrictScopedModel):
    post = models.ForeignKey(
        NewsPost, on_delete=models.CASCADE, related_name="comments", verbose_name=_("Neuigkeit")
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("Verfasst von"),
    )
    author_organisation = models.ForeignKey(
        "districts.Organisation",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("Organisation"),
    )
    body = models.TextField(_("Kommentar"))
    created_at = models.DateTimeField(_("Geschrieben am"), default=timezone.now)
    edited = models.BooleanField(_("Bearbeitet"), default=False)

    objects = NewsChildQuerySet.as_manager()  # type: ignore[misc]

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("Kommentar")
        verbose_name_plural = _("Kommentare")

    def __str__(self) -> str:
        return f"{self.post} #{self.pk}"

    def get_absolute_url(self) -> str:
        return f"{self.post.get_absolute_url()}#kommentar-{self.pk}"


class NewsRevision(DistrictScopedModel):
    """An earlier version of a post, stored when the post was edited: what it said, who wrote
    that version and when, and who replaced it when."""

    post = models.ForeignKey(
        NewsPost, on_delete=models.CASCADE, related_name="revisions", verbose_name=_("Neuigkeit")
    )
    title = models.CharField(_("Titel"), max_length=200)
    body = models.TextField(_("Text"))
    written_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("Verfasst von"),
    )
    written_at = models.DateTimeField(_("Verfasst am"))
    replaced_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("Ersetzt von"),
    )
    replaced_at = models.DateTimeField(_("Ersetzt am"), default=timezone.now)

    objects = NewsChildQuerySet.as_manager()  # type: ignore[misc]

    class Meta:
        ordering = ["-replaced_at", "-pk"]
        verbose_name = _("Frühere Fassung")
        verbose_name_plural = _("Frühere Fassungen")

    def __str__(self) -> str:
        return f"{self.title} ({self.written_at:%Y-%m-%d %H:%M})"
