"""Who is who in the network: organisation profiles (Steckbriefe), contacts, topics, target
groups, relations, cooperation agreements and the outreach log."""

from __future__ import annotations

import datetime
from typing import Any, Self

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.models import DistrictScopedModel, DistrictScopedQuerySet
from districts.geo import latitude_field, longitude_field
from districts.models import Organisation, Role, TargetGroup, Topic


class Audience(models.TextChoices):
    """Who may see a part of a profile or a contact. Each level includes the ones above it."""

    INTERNAL = "internal", _("nur Fachkräfte im Netzwerk")
    VOLUNTEERS = "volunteers", _("auch Ehrenamtliche")
    PUBLIC = "public", _("öffentlich")


class Profile(DistrictScopedModel):
    """The Steckbrief of an organisation: at most one each, stored by its first edit (until then
    pages show an empty, unsaved one).

    Each part has its own audience; the name, type and municipality of an organisation are
    always visible to members of the network.
    """

    organisation = models.OneToOneField(
        Organisation,
        on_delete=models.CASCADE,
        related_name="profile",
        verbose_name=_("Organisation"),
    )
    description = models.TextField(_("Beschreibung"), blank=True, max_length=5000)
    topics = models.ManyToManyField(Topic, blank=True, verbose_name=_("Handlungsfelder"))
    target_groups = models.ManyToManyField(TargetGroup, blank=True, verbose_name=_("Zielgruppen"))
    languages = models.JSONField(
        _("gesprochene Sprachen"), default=list, blank=True, help_text=_("CLDR-Sprachcodes")
    )
    street = models.CharField(_("Straße und Hausnummer"), max_length=200, blank=True)
    postcode = models.CharField(_("Postleitzahl"), max_length=5, blank=True)
    city = models.CharField(_("Ort"), max_length=100, blank=True)
    latitude = latitude_field()
    longitude = longitude_field()
    location_pinned = models.BooleanField(
        _("Ort auf der Karte gesetzt"),
        default=False,
        help_text=_("Sonst wird der Ort aus der Postleitzahl bestimmt."),
    )
    opening_hours = models.TextField(_("Öffnungszeiten"), blank=True, max_length=1000)
    logo = models.ImageField(_("Logo"), upload_to="logos/%Y/", blank=True)

    description_audience = models.CharField(
        _("Beschreibung sichtbar für"),
        max_length=12,
        choices=Audience.choices,
        default=Audience.PUBLIC,
    )
    contact_audience = models.CharField(
        _("Kontaktdaten sichtbar für"),
        max_length=12,
        choices=Audience.choices,
        default=Audience.INTERNAL,
    )
    address_audience = models.CharField(
        _("Adresse sichtbar für"), max_length=12, choices=Audience.choices, default=Audience.PUBLIC
    )
    opening_hours_audience = models.CharField(
        _("Öffnungszeiten sichtbar für"),
        max_length=12,
        choices=Audience.choices,
        default=Audience.PUBLIC,
    )
    topics_audience = models.CharField(
        _("Themen, Zielgruppen und Sprachen sichtbar für"),
        max_length=12,
        choices=Audience.choices,
        default=Audience.PUBLIC,
    )
    updated_at = models.DateTimeField(_("zuletzt geändert"), auto_now=True)

    class Meta:
        verbose_name = _("Steckbrief")
        verbose_name_plural = _("Steckbriefe")

    def __str__(self) -> str:
        return str(self.organisation)


def translation_languages() -> list[str]:
    """The languages a profile's description can be translated into: the UI languages but the
    German source."""
    return [code for code, _name in settings.LANGUAGES if code != settings.LANGUAGE_CODE]


class ProfileTranslation(DistrictScopedModel):
    """The description of a Steckbrief in one more language. The German text on the profile is
    the original; a translation becomes outdated as soon as the original changes."""

    class State(models.TextChoices):
        MACHINE = "machine", _("maschinell übersetzt, ungeprüft")
        REVIEWED = "reviewed", _("geprüft")
        OUTDATED = "outdated", _("veraltet")

    profile = models.ForeignKey(
        Profile,
        on_delete=models.CASCADE,
        related_name="translations",
        verbose_name=_("Steckbrief"),
    )
    language = models.CharField(_("Sprache"), max_length=10)
    description = models.TextField(_("Beschreibung"), max_length=5000)
    state = models.CharField(
        _("Stand"), max_length=10, choices=State.choices, default=State.MACHINE
    )
    updated_at = models.DateTimeField(_("zuletzt geändert"), auto_now=True)

    class Meta:
        ordering = ["profile", "language"]
        verbose_name = _("Übersetzung der Beschreibung")
        verbose_name_plural = _("Übersetzungen der Beschreibung")
        constraints = [
            models.UniqueConstraint(
                fields=["profile", "language"], name="profiletranslation_unique_language"
            )
        ]

    def __str__(self) -> str:
        return f"{self.profile} ({self.language})"

    def clean(self) -> None:
        errors: dict[str, Any] = {}
        if self.language not in translation_languages():
            errors["language"] = _("Für diese Sprache gibt es keine Übersetzung.")
        if self.profile_id and self.district_id != self.profile.district_id:
            errors["profile"] = _("Dieser Steckbrief gehört nicht zu Ihrem Kreis.")
        if errors:
            raise ValidationError(errors)

    @property
    def is_current(self) -> bool:
        return self.state != self.State.OUTDATED


class ContactQuerySet(DistrictScopedQuerySet):
    def public(self) -> Self:
        return self.filter(is_public=True)

    def visible_to(self, user: Any) -> Self:
        """Staff, organisation admins and coordinators see every contact of their districts;
        volunteers only the public ones (see `network.permissions.audiences_for`)."""
        if not getattr(user, "is_authenticated", False):
            return self.none()
        mine = user.memberships.active()
        full = mine.filter(Q(role__in=[Role.COORDINATOR, Role.STAFF]) | Q(is_org_admin=True))
        return self.filter(
            Q(district_id__in=full.values("district_id"))
            | Q(district_id__in=mine.values("district_id"), is_public=True)
        )


class Contact(DistrictScopedModel):
    """Ansprechperson: internal by default, public only when marked."""

    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="contacts",
        verbose_name=_("Organisation"),
    )
    name = models.CharField(_("Name"), max_length=150)
    function = models.CharField(_("Funktion"), max_length=150, blank=True)
    email = models.EmailField(_("E-Mail"), blank=True)
    phone = models.CharField(_("Telefon"), max_length=40, blank=True)
    languages = models.JSONField(_("Sprachen"), default=list, blank=True)
    topics = models.ManyToManyField(Topic, blank=True, verbose_name=_("Handlungsfelder"))
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="contact_entries",
        verbose_name=_("Lotse-Konto"),
    )
    is_public = models.BooleanField(_("öffentlich sichtbar"), default=False)
    created_at = models.DateTimeField(_("angelegt am"), auto_now_add=True)

    objects = ContactQuerySet.as_manager()  # type: ignore[misc]

    class Meta:
        ordering = ["organisation__name", "name"]
        verbose_name = _("Ansprechperson")
        verbose_name_plural = _("Ansprechpersonen")

    def __str__(self) -> str:
        return f"{self.name} ({self.organisation})"


class Relation(DistrictScopedModel):
    """A typed tie between two organisations; directed where the kind is directed."""

    class Kind(models.TextChoices):
        COOPERATION = "cooperation", _("Kooperation")
        REFERRAL = "referral", _("Verweispartner")
        FUNDING = "funding", _("Förderung")
        MEMBERSHIP = "membership", _("Mitgliedschaft")
        SPONSORSHIP = "sponsorship", _("Trägerschaft / Patenschaft")
        NETWORK = "network", _("gemeinsames Netzwerk")

    DIRECTED = frozenset({Kind.FUNDING, Kind.MEMBERSHIP, Kind.SPONSORSHIP, Kind.REFERRAL})

    source = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="relations_out",
        verbose_name=_("von"),
    )
    target = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="relations_in",
        verbose_name=_("zu"),
    )
    kind = models.CharField(_("Art"), max_length=20, choices=Kind.choices)
    since = models.DateField(_("seit"), null=True, blank=True)
    note = models.CharField(_("Notiz"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("angelegt am"), auto_now_add=True)

    class Meta:
        ordering = ["source__name", "target__name"]
        verbose_name = _("Beziehung")
        verbose_name_plural = _("Beziehungen")
        constraints = [
            models.UniqueConstraint(
                fields=["source", "target", "kind"], name="relation_unique_kind"
            ),
            models.CheckConstraint(
                condition=~Q(source=models.F("target")), name="relation_not_to_itself"
            ),
        ]

    def __str__(self) -> str:
        arrow = "→" if self.is_directed else "↔"
        return f"{self.source} {arrow} {self.target} ({self.get_kind_display()})"

    @property
    def is_directed(self) -> bool:
        return self.kind in self.DIRECTED


class AgreementQuerySet(DistrictScopedQuerySet):
    def due_for_review(self, *, within_days: int = 60, today: Any = None) -> Self:
        today = today or timezone.localdate()
        horizon = today + datetime.timedelta(days=within_days)
        return self.exclude(
            status__in=[Agreement.Status.EXPIRED, Agreement.Status.TERMINATED]
        ).filter(Q(review_on__lte=horizon) | Q(valid_until__lte=horizon))


class Agreement(DistrictScopedModel):
    """Kooperationsvereinbarung between two or more organisations."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Entwurf")
        NEGOTIATION = "negotiation", _("in Verhandlung")
        SIGNED = "signed", _("unterzeichnet")
        EXPIRED = "expired", _("abgelaufen")
        TERMINATED = "terminated", _("beendet")

    title = models.CharField(_("Titel"), max_length=200)
    subject = models.TextField(_("Gegenstand"), max_length=5000, blank=True)
    parties = models.ManyToManyField(
        Organisation, related_name="agreements", verbose_name=_("Vertragsparteien")
    )
    topics = models.ManyToManyField(Topic, blank=True, verbose_name=_("Handlungsfelder"))
    status = models.CharField(
        _("Status"), max_length=12, choices=Status.choices, default=Status.DRAFT
    )
    signed_on = models.DateField(_("unterzeichnet am"), null=True, blank=True)
    valid_from = models.DateField(_("gültig ab"), null=True, blank=True)
    valid_until = models.DateField(_("gültig bis"), null=True, blank=True)
    review_on = models.DateField(_("Überprüfung am"), null=True, blank=True)
    responsible = models.ForeignKey(
        Contact,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="agreements",
        verbose_name=_("verantwortliche Ansprechperson"),
    )
    reminded_on = models.DateField(_("zuletzt erinnert am"), null=True, blank=True, editable=False)
    created_at = models.DateTimeField(_("angelegt am"), auto_now_add=True)

    objects = AgreementQuerySet.as_manager()  # type: ignore[misc]

    class Meta:
        ordering = ["title"]
        verbose_name = _("Kooperationsvereinbarung")
        verbose_name_plural = _("Kooperationsvereinbarungen")

    def __str__(self) -> str:
        return self.title


def agreement_document_path(instance: AgreementDocument, filename: str) -> str:
    agreement = instance.agreement
    return f"agreements/{agreement.district_id}/{agreement.pk}/v{instance.version}.pdf"


class AgreementDocument(DistrictScopedModel):
    """One version of the signed document of an agreement (PDF, checked by content)."""

    agreement = models.ForeignKey(
        Agreement,
        on_delete=models.CASCADE,
        related_name="documents",
        verbose_name=_("Vereinbarung"),
    )
    version = models.PositiveIntegerField(_("Version"))
    file = models.FileField(_("Datei"), upload_to=agreement_document_path)
    original_name = models.CharField(_("ursprünglicher Dateiname"), max_length=255)
    size = models.PositiveIntegerField(_("Größe (Bytes)"))
    sha256 = models.CharField(_("Prüfsumme"), max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("hochgeladen von"),
    )
    uploaded_at = models.DateTimeField(_("hochgeladen am"), default=timezone.now)

    class Meta:
        ordering = ["agreement", "-version"]
        verbose_name = _("Dokument einer Vereinbarung")
        verbose_name_plural = _("Dokumente von Vereinbarungen")
        constraints = [
            models.UniqueConstraint(fields=["agreement", "version"], name="agreementdoc_version")
        ]

    def __str__(self) -> str:
        return f"{self.agreement} v{self.version}"


class OutreachEntry(DistrictScopedModel):
    """One contact in the dialogue with an organisation (above all migrant organisations)."""

    class Channel(models.TextChoices):
        MEETING = "meeting", _("Treffen")
        VISIT = "visit", _("Besuch")
        PHONE = "phone", _("Telefon")
        EMAIL = "email", _("E-Mail")
        EVENT = "event", _("Veranstaltung")
        OTHER = "other", _("Sonstiges")

    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="outreach_entries",
        verbose_name=_("Organisation"),
    )
    date = models.DateField(_("Datum"), default=timezone.localdate)
    channel = models.CharField(_("Weg"), max_length=10, choices=Channel.choices)
    topic = models.CharField(_("Thema"), max_length=200)
    outcome = models.TextField(_("Ergebnis"), max_length=2000, blank=True)
    next_step = models.CharField(_("nächster Schritt"), max_length=300, blank=True)
    next_step_due = models.DateField(_("nächster Schritt bis"), null=True, blank=True)
    next_step_done = models.BooleanField(_("nächster Schritt erledigt"), default=False)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("zuständig"),
    )
    created_at = models.DateTimeField(_("angelegt am"), auto_now_add=True)

    class Meta:
        ordering = ["-date", "-id"]
        verbose_name = _("Kontakt im Dialog")
        verbose_name_plural = _("Dialog mit Organisationen")

    def __str__(self) -> str:
        return f"{self.date:%d.%m.%Y} {self.organisation}: {self.topic}"


class ImportJobQuerySet(DistrictScopedQuerySet):
    def visible_to(self, user: Any) -> Self:
        """The coordinators of the job's district, and the person who started it while they are
        still a member there."""
        if not getattr(user, "is_authenticated", False):
            return self.none()
        coordinated = user.memberships.active().filter(role="coordinator").values("district_id")
        return self.filter(
            Q(district_id__in=coordinated) | Q(created_by=user, district_id__in=user.district_ids())
        )


class ImportJob(DistrictScopedModel):
    """One import of organisations from a spreadsheet: the parsed cells (never the file itself),
    the column mapping, the decisions on duplicates, the progress and the report.

    The cells are emptied when the job ends; only the counts and the problems remain.
    """

    class Status(models.TextChoices):
        DRAFT = "draft", _("in Vorbereitung")
        QUEUED = "queued", _("wartet auf den Start")
        CHECKING = "checking", _("Zeilen werden geprüft")
        WRITING = "writing", _("wird gespeichert")
        DONE = "done", _("abgeschlossen")
        FAILED = "failed", _("fehlgeschlagen – nichts importiert")

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("gestartet von"),
    )
    created_at = models.DateTimeField(_("hochgeladen am"), default=timezone.now)
    finished_at = models.DateTimeField(_("beendet am"), null=True, blank=True)
    file_name = models.CharField(_("Dateiname"), max_length=255)
    source = models.CharField(_("Format"), max_length=10, blank=True)
    headers = models.JSONField(_("Spaltenköpfe"), default=list, blank=True)
    rows = models.JSONField(_("Zeilen"), default=list, blank=True)
    mapping = models.JSONField(_("Zuordnung der Spalten"), default=dict, blank=True)
    decisions = models.JSONField(_("Entscheidungen zu Dubletten"), default=dict, blank=True)
    skip_invalid = models.BooleanField(_("fehlerhafte Zeilen überspringen"), default=False)
    status = models.CharField(
        _("Status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    total = models.PositiveIntegerField(_("Zeilen insgesamt"), default=0)
    processed = models.PositiveIntegerField(_("Zeilen bearbeitet"), default=0)
    report = models.JSONField(_("Bericht"), default=dict, blank=True)

    objects = ImportJobQuerySet.as_manager()  # type: ignore[misc]

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("Import")
        verbose_name_plural = _("Importe")

    def __str__(self) -> str:
        return f"{self.file_name} ({self.created_at:%d.%m.%Y %H:%M})"

    @property
    def is_running(self) -> bool:
        return self.status in {self.Status.QUEUED, self.Status.CHECKING, self.Status.WRITING}

    @property
    def is_finished(self) -> bool:
        return self.status in {self.Status.DONE, self.Status.FAILED}
