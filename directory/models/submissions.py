"""Community submissions: who proposed an offer or an event, kept only until it is moderated."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.models import DistrictScopedModel

from .common import SOURCE_LANGUAGE
from .events import Event
from .offers import Offer


class Submission(DistrictScopedModel):
    """Who proposed a community entry; never published, deleted after moderation."""

    offer = models.OneToOneField(
        Offer, null=True, blank=True, on_delete=models.CASCADE, related_name="submission"
    )
    event = models.OneToOneField(
        Event, null=True, blank=True, on_delete=models.CASCADE, related_name="submission"
    )
    name = models.CharField(_("Name"), max_length=150, blank=True)
    email = models.EmailField(_("E-Mail für Rückfragen"))
    language = models.CharField(_("Sprache"), max_length=10, default=SOURCE_LANGUAGE)
    message_to_submitter = models.TextField(_("Nachricht an die vorschlagende Person"), blank=True)
    submitted_at = models.DateTimeField(_("vorgeschlagen am"), default=timezone.now)
    decided_at = models.DateTimeField(_("entschieden am"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("entschieden von"),
    )

    class Meta:
        ordering = ["-submitted_at"]
        verbose_name = _("Vorschlag")
        verbose_name_plural = _("Vorschläge")

    def __str__(self) -> str:
        return f"{self.submitted_at:%Y-%m-%d} {self.email}"
