"""Events: dated occurrences of an offer or on their own, possibly recurring."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from core.models import DistrictScopedModel
from districts.models import Organisation

from .common import PublishableQuerySet, Status
from .offers import Offer
from .places import Place


class Event(DistrictScopedModel):
    """A dated occurrence, possibly recurring (iCalendar RRULE with exceptions)."""

    offer = models.ForeignKey(
        Offer,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="events",
        verbose_name=_("Angebot"),
    )
    place = models.ForeignKey(
        Place,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="events",
        verbose_name=_("Ort"),
    )
    organisation = models.ForeignKey(
        Organisation,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="events",
        verbose_name=_("Organisation"),
    )
    starts_at = models.DateTimeField(_("Beginn"))
    ends_at = models.DateTimeField(_("Ende"), null=True, blank=True)
    all_day = models.BooleanField(_("ganztägig"), default=False)
    rrule = models.CharField(
        _("Wiederholung (RRULE)"),
        max_length=500,
        blank=True,
        help_text=_("iCalendar-Regel, z. B. FREQ=WEEKLY;INTERVAL=2;BYDAY=TU"),
    )
    exdates = models.JSONField(_("Ausnahmen"), default=list, blank=True)  # ISO dates
    free_of_charge = models.BooleanField(_("kostenlos"), default=True)
    status = models.CharField(
        _("Status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    external_id = models.CharField(_("Kennung in der Quelle"), max_length=100, blank=True)
    updated_at = models.DateTimeField(_("zuletzt geändert"), auto_now=True)

    objects = PublishableQuerySet.as_manager()  # type: ignore[misc]

    class Meta:
        ordering = ["starts_at"]
        verbose_name = _("Veranstaltung")
        verbose_name_plural = _("Veranstaltungen")
        indexes = [
            models.Index(fields=["district", "status", "starts_at"]),
            models.Index(fields=["district", "external_id"]),
        ]

    def __str__(self) -> str:
        return f"{self.starts_at:%Y-%m-%d %H:%M} #{self.pk}"
