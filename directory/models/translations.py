"""The texts of offers, places and events: one row per language with its state (original,
machine-translated, reviewed, outdated), and the choice of the row a page shows."""

from __future__ import annotations

from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _

from .common import SOURCE_LANGUAGE
from .events import Event
from .offers import Offer
from .places import Place


class TranslationState(models.TextChoices):
    ORIGINAL = "original", _("Original")
    MACHINE = "machine", _("maschinell übersetzt")
    REVIEWED = "reviewed", _("geprüft")
    OUTDATED = "outdated", _("veraltet")


class TranslationBase(models.Model):
    """One language version of a directory text, with its state."""

    language = models.CharField(_("Sprache"), max_length=10)
    state = models.CharField(
        _("Stand"),
        max_length=10,
        choices=TranslationState.choices,
        default=TranslationState.ORIGINAL,
    )
    updated_at = models.DateTimeField(_("zuletzt geändert"), auto_now=True)

    class Meta:
        abstract = True

    @property
    def is_current(self) -> bool:
        return self.state != TranslationState.OUTDATED


class OfferTranslation(TranslationBase):
    offer = models.ForeignKey(Offer, on_delete=models.CASCADE, related_name="translations")
    title = models.CharField(_("Titel"), max_length=200)
    summary = models.CharField(_("Kurzbeschreibung"), max_length=300, blank=True)
    description = models.TextField(_("Beschreibung"), max_length=10000, blank=True)
    eligibility = models.CharField(
        _("Wer kann teilnehmen?"),
        max_length=500,
        blank=True,
        help_text=_("z. B. Voraussetzungen zum Aufenthaltsstatus"),
    )
    cost_note = models.CharField(_("Kosten"), max_length=300, blank=True)
    accessibility_note = models.CharField(
        _("Hinweise zur Barrierefreiheit"), max_length=500, blank=True
    )
    easy_language = models.TextField(
        _("Leichte Sprache"), max_length=5000, blank=True, help_text=_("nur für Deutsch")
    )

    class Meta:
        verbose_name = _("Übersetzung eines Angebots")
        verbose_name_plural = _("Übersetzungen von Angeboten")
        constraints = [
            models.UniqueConstraint(fields=["offer", "language"], name="offer_translation_unique")
        ]
        indexes = [models.Index(fields=["language", "offer"])]

    def __str__(self) -> str:
        return f"{self.title} [{self.language}]"


class PlaceTranslation(TranslationBase):
    place = models.ForeignKey(Place, on_delete=models.CASCADE, related_name="translations")
    name = models.CharField(_("Name"), max_length=200)
    description = models.TextField(_("Beschreibung"), max_length=5000, blank=True)
    directions = models.CharField(_("Anfahrt"), max_length=500, blank=True)
    opening_hours = models.CharField(_("Öffnungszeiten"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("Übersetzung eines Orts")
        verbose_name_plural = _("Übersetzungen von Orten")
        constraints = [
            models.UniqueConstraint(fields=["place", "language"], name="place_translation_unique")
        ]

    def __str__(self) -> str:
        return f"{self.name} [{self.language}]"


class EventTranslation(TranslationBase):
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="translations")
    title = models.CharField(_("Titel"), max_length=200)
    description = models.TextField(_("Beschreibung"), max_length=10000, blank=True)

    class Meta:
        verbose_name = _("Übersetzung einer Veranstaltung")
        verbose_name_plural = _("Übersetzungen von Veranstaltungen")
        constraints = [
            models.UniqueConstraint(fields=["event", "language"], name="event_translation_unique")
        ]

    def __str__(self) -> str:
        return f"{self.title} [{self.language}]"


def pick_translation(rows: Any, language: str) -> Any:
    """The row to show for `language`: a current one in that language, else the German original.

    Returns (row, fallback) where fallback is True when the German text stands in. `rows` is an
    iterable of translation rows (prefetched), so this costs no query.
    """
    by_language = {row.language: row for row in rows}
    wanted = by_language.get(language)
    if wanted is not None and wanted.is_current:
        return wanted, False
    return by_language.get(SOURCE_LANGUAGE), language != SOURCE_LANGUAGE
