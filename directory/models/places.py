"""Places: where offers and events happen, with an address, a position on the map and whether
they can be reached without barriers."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from core.models import DistrictScopedModel
from districts.geo import latitude_field, longitude_field
from districts.models import Municipality, Organisation

from .common import PublishableQuerySet, Status


class Place(DistrictScopedModel):
    """Where offers and events happen."""

    name = models.CharField(_("Name"), max_length=200)
    organisation = models.ForeignKey(
        Organisation,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="places",
        verbose_name=_("Organisation"),
    )
    street = models.CharField(_("Straße und Hausnummer"), max_length=200, blank=True)
    postcode = models.CharField(_("Postleitzahl"), max_length=5, blank=True)
    city = models.CharField(pgettext_lazy("Adresse", "Ort"), max_length=100, blank=True)
    municipality = models.ForeignKey(
        Municipality,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="places",
        verbose_name=_("Gemeinde"),
    )
    latitude = latitude_field()
    longitude = longitude_field()
    barrier_free = models.BooleanField(_("barrierefrei erreichbar"), null=True, blank=True)
    status = models.CharField(
        _("Status"), max_length=10, choices=Status.choices, default=Status.PUBLISHED
    )
    external_id = models.CharField(
        _("Kennung in der Quelle"),
        max_length=100,
        blank=True,
        help_text=_("z. B. Integreat-ID; damit ein erneuter Import aktualisiert statt verdoppelt."),
    )
    updated_at = models.DateTimeField(_("zuletzt geändert"), auto_now=True)

    objects = PublishableQuerySet.as_manager()  # type: ignore[misc]

    class Meta:
        ordering = ["name"]
        verbose_name = _("Ort")
        verbose_name_plural = _("Orte")
        indexes = [models.Index(fields=["district", "external_id"])]

    def __str__(self) -> str:
        return self.name
