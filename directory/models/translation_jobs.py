"""Machine translation jobs: one request to translate an offer, a place or an event, and how it
went."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.models import DistrictScopedModel

from .events import Event
from .offers import Offer
from .places import Place


class TranslationJob(DistrictScopedModel):
    """One request for machine translation of an offer, a place or an event and how it went
    (shown on the entry's staff page). Exactly one of `offer`, `place`, `event` is set."""

    class State(models.TextChoices):
        QUEUED = "queued", _("wartet")
        DONE = "done", _("fertig")
        PARTIAL = "partial", _("teilweise fertig")
        FAILED = "failed", _("fehlgeschlagen")

    offer = models.ForeignKey(
        Offer,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="translation_jobs",
        verbose_name=_("Angebot"),
    )
    place = models.ForeignKey(
        Place,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="translation_jobs",
        verbose_name=_("Ort"),
    )
    event = models.ForeignKey(
        Event,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="translation_jobs",
        verbose_name=_("Veranstaltung"),
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("angefordert von"),
    )
    state = models.CharField(_("Stand"), max_length=10, choices=State.choices, default=State.QUEUED)
    languages = models.JSONField(_("Sprachen"), default=list, blank=True)
    characters = models.PositiveIntegerField(_("übersetzte Zeichen"), default=0)
    message = models.TextField(_("Meldung"), blank=True)
    created_at = models.DateTimeField(_("angefordert am"), default=timezone.now)
    finished_at = models.DateTimeField(_("beendet am"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("Maschinelle Übersetzung")
        verbose_name_plural = _("Maschinelle Übersetzungen")
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(offer__isnull=False, place__isnull=True, event__isnull=True)
                    | models.Q(offer__isnull=True, place__isnull=False, event__isnull=True)
                    | models.Q(offer__isnull=True, place__isnull=True, event__isnull=False)
                ),
                name="translationjob_one_entry",
            )
        ]

    def __str__(self) -> str:
        # Ids only: naming the entry would fetch it.
        entry_id = self.offer_id or self.place_id or self.event_id
        return f"{entry_id} {self.get_state_display()}"

    @property
    def entry(self) -> Offer | Place | Event:
        """The offer, place or event this job translates."""
        entry = self.offer or self.place or self.event
        if entry is None:  # only an unsaved job: the check constraint guarantees one
            raise ValueError("A translation job needs an offer, a place or an event.")
        return entry
