"""What the directory's models share: the source language and the languages a text can be
written in, the publication status of an entry, and the QuerySet that filters by it."""

from __future__ import annotations

from typing import Self

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.models import DistrictScopedQuerySet

# Languages a directory text can be written in. German is the source ("original") language.
SOURCE_LANGUAGE = "de"


def directory_languages() -> list[str]:
    return [code for code, _name in settings.LANGUAGES]


class Status(models.TextChoices):
    SUBMITTED = "submitted", _("vorgeschlagen")  # community submission awaiting moderation
    DRAFT = "draft", _("Entwurf")
    PUBLISHED = "published", _("veröffentlicht")
    REJECTED = "rejected", _("abgelehnt")
    ARCHIVED = "archived", _("archiviert")


class PublishableQuerySet(DistrictScopedQuerySet):
    def published(self) -> Self:
        return self.filter(status=Status.PUBLISHED)
