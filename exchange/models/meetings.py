"""Network meetings, conferences and workshops (Netzwerktreffen): owned by the meetings area.

A `Meeting` has an audience like every exchange item; registrations, minutes and follow-up tasks
hang off it and are visible exactly when the meeting is. The organiser organisation is the
meeting's `author_organisation`.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Self

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.models import DistrictScopedModel, DistrictScopedQuerySet
from districts.audience import AudienceModel, AudienceQuerySet

__all__ = [
    "CalendarFeedToken",
    "FollowUpTask",
    "Meeting",
    "MeetingKind",
    "MeetingMinutes",
    "MeetingStatus",
    "Registration",
    "RegistrationStatus",
    "WorkshopPhase",
]


class MeetingKind(models.TextChoices):
    NETWORK = "network", _("Netzwerktreffen")
    CONFERENCE = "conference", _("Fachtagung/Konferenz")
    WORKSHOP = "workshop", _("Workshop")


class WorkshopPhase(models.TextChoices):
    """The phases of the Emsland pilot's workshop series."""

    NEEDS = "needs", _("Bedarfsanalyse")
    INITIATION = "initiation", _("Initiierung")
    PLANNING = "planning", _("Planung")
    IMPLEMENTATION = "implementation", _("Umsetzung")
    CLOSING = "closing", _("Abschluss")


class MeetingStatus(models.TextChoices):
    PLANNED = "planned", _("geplant")
    CANCELLED = "cancelled", _("abgesagt")


class RegistrationStatus(models.TextChoices):
    REGISTERED = "registered", _("angemeldet")
    WAITING = "waiting", _("Warteliste")
    CANCELLED = "cancelled", _("abgemeldet")


web_url = URLValidator(schemes=["http", "https"], message=_("Nur Links mit http:// oder https://."))


class MeetingQuerySet(AudienceQuerySet):
    def upcoming(self, now: dt.datetime | None = None) -> Self:
        return self.filter(ends_at__gte=now or timezone.now())

    def past(self, now: dt.datetime | None = None) -> Self:
        return self.filter(ends_at__lt=now or timezone.now())


class Meeting(AudienceModel):
    kind = models.CharField(
        _("Art"), max_length=20, choices=MeetingKind.choices, default=MeetingKind.NETWORK
    )
    phase = models.CharField(
        _("Workshop-Phase"),
        max_length=20,
        choices=WorkshopPhase.choices,
        blank=True,
        help_text=_("Nur für Workshops einer Reihe: Bedarfsanalyse bis Abschluss."),
    )
    title = models.CharField(_("Titel"), max_length=200)
    description = models.TextField(_("Beschreibung"), blank=True)
    agenda = models.TextField(_("Tagesordnung"), blank=True)
    starts_at = models.DateTimeField(_("Beginn"))
    ends_at = models.DateTimeField(_("Ende"))
    place = models.CharField(
        _("Ort"), max_length=300, blank=True, help_text=_("Raum und Anschrift.")
    )
    online_url = models.URLField(
        _("Online-Link"),
        max_length=500,
        blank=True,
        validators=[web_url],
        help_text=_("Link zur Videokonferenz (http:// oder https://)."),
    )
    capacity = models.PositiveIntegerField(
        _("Plätze"),
        null=True,
        blank=True,
        help_text=_("Leer lassen, wenn die Zahl der Plätze nicht begrenzt ist."),
    )
    registration_until = models.DateTimeField(
        _("Anmeldung bis"),
        null=True,
        blank=True,
        help_text=_("Leer lassen: Anmeldung bis zum Beginn."),
    )
    status = models.CharField(
        _("Status"), max_length=20, choices=MeetingStatus.choices, default=MeetingStatus.PLANNED
    )
    cancelled_at = models.DateTimeField(_("abgesagt am"), null=True, blank=True)
    # Set by `send_meeting_reminders`; cleared when the start moves, so the new date is reminded.
    reminded_at = models.DateTimeField(_("erinnert am"), null=True, blank=True, editable=False)

    objects = MeetingQuerySet.as_manager()  # type: ignore[misc]

    class Meta:
        ordering = ["starts_at", "pk"]
        verbose_name = _("Treffen")
        verbose_name_plural = _("Treffen")
        indexes = [models.Index(fields=["district", "starts_at"])]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("exchange:meeting_detail", args=[self.pk])

    def clean(self) -> None:
        errors: dict[str, Any] = {}
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            errors["ends_at"] = _("Das Ende muss nach dem Beginn liegen.")
        if not (self.place or "").strip() and not (self.online_url or "").strip():
            errors["place"] = _("Geben Sie einen Ort oder einen Online-Link an.")
        if self.registration_until and self.starts_at and self.registration_until > self.starts_at:
            errors["registration_until"] = _("Die Anmeldung muss spätestens zum Beginn schließen.")
        if self.phase and self.kind != MeetingKind.WORKSHOP:
            errors["phase"] = _("Eine Phase gibt es nur bei Workshops.")
        if errors:
            raise ValidationError(errors)

    @property
    def is_cancelled(self) -> bool:
        return self.status == MeetingStatus.CANCELLED

    def is_past(self, now: dt.datetime | None = None) -> bool:
        return self.ends_at < (now or timezone.now())

    def has_started(self, now: dt.datetime | None = None) -> bool:
        return self.starts_at <= (now or timezone.now())

    def registration_closes_at(self) -> dt.datetime:
        return self.registration_until or self.starts_at

    def registration_open(self, now: dt.datetime | None = None) -> bool:
        now = now or timezone.now()
        return not self.is_cancelled and now < self.registration_closes_at()


class MeetingChildQuerySet(DistrictScopedQuerySet):
    """Rows of a meeting are visible exactly when the meeting is."""

    def visible_to(self, user: Any) -> Self:
        return self.filter(meeting__in=Meeting.objects.visible_to(user))


class Registration(DistrictScopedModel):
    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="registrations", verbose_name=_("Treffen")
    )
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="meeting_registrations",
        verbose_name=_("Person"),
    )
    organisation = models.ForeignKey(
        "districts.Organisation",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("Organisation"),
    )
    status = models.CharField(
        _("Status"),
        max_length=20,
        choices=RegistrationStatus.choices,
        default=RegistrationStatus.REGISTERED,
    )
    position = models.PositiveIntegerField(_("Platz auf der Warteliste"), null=True, blank=True)
    attended = models.BooleanField(_("teilgenommen"), default=False)
    created_at = models.DateTimeField(_("angemeldet am"), default=timezone.now)
    updated_at = models.DateTimeField(_("geändert am"), auto_now=True)

    objects = MeetingChildQuerySet.as_manager()  # type: ignore[misc]

    class Meta:
        ordering = ["meeting", "status", "position", "created_at", "pk"]
        verbose_name = _("Anmeldung")
        verbose_name_plural = _("Anmeldungen")
        constraints = [
            models.UniqueConstraint(fields=["meeting", "person"], name="meeting_registration_once")
        ]
        indexes = [models.Index(fields=["meeting", "status"])]

    def __str__(self) -> str:
        return f"{self.meeting} – {self.get_status_display()}"


def minutes_path(instance: MeetingMinutes, filename: str) -> str:
    return f"exchange/meetings/{instance.meeting_id}/{filename}"


class MeetingMinutes(DistrictScopedModel):
    """One version of a meeting's minutes; the newest is the current one, older ones stay."""

    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="minutes", verbose_name=_("Treffen")
    )
    version = models.PositiveIntegerField(_("Version"))
    file = models.FileField(_("Datei"), upload_to=minutes_path, max_length=300)
    original_name = models.CharField(_("ursprünglicher Dateiname"), max_length=255)
    content_type = models.CharField(_("Dateityp"), max_length=120)
    size = models.PositiveIntegerField(_("Größe (Bytes)"))
    sha256 = models.CharField(_("Prüfsumme"), max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("hochgeladen von"),
    )
    uploaded_at = models.DateTimeField(_("hochgeladen am"), default=timezone.now)

    objects = MeetingChildQuerySet.as_manager()  # type: ignore[misc]

    class Meta:
        ordering = ["meeting", "-version"]
        verbose_name = _("Protokoll")
        verbose_name_plural = _("Protokolle")
        constraints = [
            models.UniqueConstraint(fields=["meeting", "version"], name="meeting_minutes_version")
        ]

    def __str__(self) -> str:
        return f"{self.meeting} – {self.original_name} (v{self.version})"


class FollowUpTask(DistrictScopedModel):
    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="tasks", verbose_name=_("Treffen")
    )
    title = models.CharField(_("Aufgabe"), max_length=300)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("Verantwortliche Person"),
    )
    owner_organisation = models.ForeignKey(
        "districts.Organisation",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("Verantwortliche Organisation"),
    )
    due_on = models.DateField(_("fällig am"))
    done = models.BooleanField(_("erledigt"), default=False)
    done_at = models.DateTimeField(_("erledigt am"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("angelegt von"),
    )
    created_at = models.DateTimeField(_("angelegt am"), default=timezone.now)

    objects = MeetingChildQuerySet.as_manager()  # type: ignore[misc]

    class Meta:
        ordering = ["done", "due_on", "pk"]
        verbose_name = _("Folgeaufgabe")
        verbose_name_plural = _("Folgeaufgaben")

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        if not self.owner_id and not self.owner_organisation_id:
            raise ValidationError(
                {"owner": _("Nennen Sie eine verantwortliche Person oder Organisation.")}
            )

    def is_overdue(self, today: dt.date | None = None) -> bool:
        return not self.done and self.due_on < (today or timezone.localdate())


class CalendarFeedToken(models.Model):
    """The secret of a person's meeting feed. Only its SHA-256 is stored; the link is shown once
    when it is made. A new link replaces the old one."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="meeting_feed_token",
        verbose_name=_("Person"),
    )
    token_hash = models.CharField(_("Prüfsumme des Schlüssels"), max_length=64, unique=True)
    created_at = models.DateTimeField(_("angelegt am"), default=timezone.now)
    last_used_at = models.DateTimeField(_("zuletzt abgerufen"), null=True, blank=True)

    class Meta:
        verbose_name = _("Kalender-Abo")
        verbose_name_plural = _("Kalender-Abos")

    def __str__(self) -> str:
        return f"{self.user_id}: {self.created_at:%Y-%m-%d}"
