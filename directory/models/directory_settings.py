"""Each district's directory settings: its languages, its machine translation service and budget,
and the licence of its open data."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from core.models import DistrictScopedModel

from .common import directory_languages


class DirectorySettings(DistrictScopedModel):
    """Per district: languages offered, machine translation and its budget, open-data licence."""

    class Provider(models.TextChoices):
        NONE = "", _("keine maschinelle Übersetzung")
        DEEPL = "deepl", "DeepL"
        LIBRETRANSLATE = "libretranslate", "LibreTranslate"

    languages = models.JSONField(_("Sprachen des Verzeichnisses"), default=directory_languages)
    mt_provider = models.CharField(
        _("Übersetzungsdienst"), max_length=20, choices=Provider.choices, blank=True
    )
    mt_url = models.URLField(_("Adresse des Übersetzungsdienstes"), blank=True)
    mt_api_key = models.CharField(_("API-Schlüssel"), max_length=200, blank=True)
    mt_monthly_characters = models.PositiveIntegerField(_("Zeichen je Monat"), default=0)
    mt_used_characters = models.PositiveIntegerField(_("verbraucht in diesem Monat"), default=0)
    mt_period = models.CharField(_("Abrechnungsmonat"), max_length=7, blank=True)  # YYYY-MM
    data_licence = models.CharField(
        _("Lizenz der offenen Daten"), max_length=100, default="CC BY 4.0"
    )

    class Meta:
        verbose_name = _("Einstellungen des Verzeichnisses")
        verbose_name_plural = _("Einstellungen der Verzeichnisse")
        constraints = [
            models.UniqueConstraint(fields=["district"], name="directory_settings_unique")
        ]

    def __str__(self) -> str:
        return str(self.district)
