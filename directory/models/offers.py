"""Offers: what a newcomer can use (counselling, a course, an activity, a service), with its
kind, format, topics and the date by which someone has to confirm it is still right."""

from __future__ import annotations

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.models import DistrictScopedModel
from districts.models import Organisation

from .common import PublishableQuerySet, Status
from .places import Place


class Offer(DistrictScopedModel):
    """Something a newcomer can use: counselling, a course, an activity, a service."""

    class Kind(models.TextChoices):
        COUNSELLING = "counselling", _("Beratung")
        LANGUAGE_COURSE = "language_course", _("Sprachkurs")
        INTEGRATION_COURSE = "integration_course", _("Integrationskurs")
        ACTIVITY = "activity", _("Freizeit und Begegnung")
        SERVICE = "service", _("Dienstleistung")
        OTHER = "other", _("Sonstiges")

    class Format(models.TextChoices):
        IN_PERSON = "in_person", _("vor Ort")
        ONLINE = "online", _("online")
        HYBRID = "hybrid", _("vor Ort und online")

    organisation = models.ForeignKey(
        Organisation,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="offers",
        verbose_name=_("Organisation"),
    )
    kind = models.CharField(_("Art"), max_length=20, choices=Kind.choices, default=Kind.OTHER)
    topics = models.JSONField(_("Themen"), default=list, blank=True)  # codes of districts.Topic
    target_groups = models.JSONField(_("Zielgruppen"), default=list, blank=True)
    languages = models.JSONField(
        _("Sprachen, in denen geholfen wird"), default=list, blank=True
    )  # CLDR codes
    place = models.ForeignKey(
        Place,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="offers",
        verbose_name=_("Ort"),
    )
    format = models.CharField(
        _("Form"), max_length=10, choices=Format.choices, default=Format.IN_PERSON
    )
    meeting_link = models.URLField(_("Link zur Online-Teilnahme"), blank=True)
    booking_link = models.URLField(_("Link zur Anmeldung oder Terminbuchung"), blank=True)
    free_of_charge = models.BooleanField(_("kostenlos"), default=True)
    barrier_free = models.BooleanField(_("barrierefrei"), null=True, blank=True)
    childcare = models.BooleanField(_("mit Kinderbetreuung"), default=False)
    contact_email = models.EmailField(_("E-Mail für Anfragen"), blank=True)
    contact_phone = models.CharField(_("Telefon für Anfragen"), max_length=40, blank=True)
    valid_from = models.DateField(_("gültig ab"), null=True, blank=True)
    valid_until = models.DateField(_("gültig bis"), null=True, blank=True)
    review_on = models.DateField(
        _("prüfen bis"),
        null=True,
        blank=True,
        help_text=_("Danach gilt der Eintrag als veraltet, bis ihn jemand bestätigt."),
    )
    status = models.CharField(
        _("Status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    external_id = models.CharField(_("Kennung in der Quelle"), max_length=100, blank=True)
    created_at = models.DateTimeField(_("angelegt am"), auto_now_add=True)
    updated_at = models.DateTimeField(_("zuletzt geändert"), auto_now=True)

    objects = PublishableQuerySet.as_manager()  # type: ignore[misc]

    class Meta:
        ordering = ["-updated_at"]
        verbose_name = _("Angebot")
        verbose_name_plural = _("Angebote")
        indexes = [
            models.Index(fields=["district", "status"]),
            models.Index(fields=["district", "external_id"]),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} #{self.pk}"

    @property
    def is_stale(self) -> bool:
        return self.review_on is not None and self.review_on < timezone.localdate()
