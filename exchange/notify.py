"""The exchange's notification categories (registered in `apps.py`)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Category(models.TextChoices):
    NEWS = "news", _("Neuigkeiten")
    DISCUSSIONS = "discussions", _("Diskussionen")
    MENTIONS = "mentions", _("Erwähnungen")
    DOCUMENTS = "documents", _("Dokumente")
    MEETINGS = "meetings", _("Treffen")


def register() -> None:
    from notifications.categories import register_category

    for order, category in enumerate(Category, start=1):
        register_category(category.value, category.label, order=order * 10)
