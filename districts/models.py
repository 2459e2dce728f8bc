"""Kreise (reference data), districts (the tenant), municipalities, organisations, memberships
and invitations."""

from __future__ import annotations

import secrets
from typing import Any, Self

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from core.models import DistrictScopedModel, DistrictScopedQuerySet


class Kreis(models.Model):
    """One of the 400 German Kreise: reference data, loaded from `districts/data/`."""

    ags = models.CharField(
        _("Kreisschlüssel"),
        max_length=5,
        primary_key=True,
        validators=[RegexValidator(r"^\d{5}$")],
    )
    name = models.CharField(_("Name"), max_length=100)
    kind = models.CharField(_("Art"), max_length=30)  # Landkreis, Kreisfreie Stadt, Kreis, …
    land_ags = models.CharField(_("Landesschlüssel"), max_length=2)
    land_name = models.CharField(_("Land"), max_length=50)
    nuts3 = models.CharField("NUTS-3", max_length=5)
    population = models.PositiveIntegerField(_("Bevölkerung"))
    population_date = models.DateField(_("Stichtag Bevölkerung"))
    area_km2 = models.DecimalField(_("Fläche (km²)"), max_digits=9, decimal_places=2)
    area_date = models.DateField(_("Stichtag Fläche"))
    lat = models.DecimalField(_("Breite"), max_digits=8, decimal_places=5)
    lon = models.DecimalField(_("Länge"), max_digits=8, decimal_places=5)
    outline = models.JSONField(_("Umriss (GeoJSON-Geometrie)"))
    neighbours = models.ManyToManyField("self", symmetrical=True, blank=True)

    class Meta:
        ordering = ["ags"]
        verbose_name = _("Kreis (Referenzdaten)")
        verbose_name_plural = _("Kreise (Referenzdaten)")

    def __str__(self) -> str:
        return f"{self.display_name} ({self.ags})"

    @property
    def display_name(self) -> str:
        """Names repeat (München Stadt/Landkreis), so the kind goes with them."""
        if self.kind in {"Kreisfreie Stadt", "Stadtkreis"}:
            return f"{self.name}, {self.kind}"
        if self.kind == "Landkreis" and not self.name.startswith(("Landkreis", "Region")):
            return f"Landkreis {self.name}"
        if self.kind == "Kreis" and not self.name.startswith(("Kreis", "Städteregion")):
            return f"Kreis {self.name}"
        return self.name


class DistrictQuerySet(models.QuerySet["District"]):
    def active(self) -> Self:
        return self.filter(is_active=True)

    def visible_to(self, user: Any) -> Self:
        if not getattr(user, "is_authenticated", False):
            return self.none()
        return self.filter(pk__in=user.district_ids())


# Top-level paths of Lotse; a district's slug starts its public directory's address
# (/<slug>/<language>/), so it must not be one of these.
RESERVED_SLUGS = frozenset(
    {
        "api",
        "angebote",
        "austausch",
        "befragungen",
        "benachrichtigungen",
        "betrieb",
        "einladung",
        "i18n",
        "konto",
        "kreis",
        "media",
        "monitoring",
        "netzwerk",
        "rechtliches",
        "schulungen",
        "static",
        "uebersicht",
        "verwaltung",
        "verweisungen",
        "admin",
        "favicon.ico",
        "robots.txt",
    }
)


def validate_district_slug(value: str) -> None:
    if value in RESERVED_SLUGS:
        raise ValidationError(_("Dieser Kurzname ist für Seiten von Lotse reserviert."))


class District(models.Model):
    """The tenant: one Kreis's integration network."""

    kreis = models.OneToOneField(
        Kreis, on_delete=models.PROTECT, related_name="district", verbose_name=_("Kreis")
    )
    name = models.CharField(_("Name"), max_length=150)
    slug = models.SlugField(
        _("Kurzname in Adressen"), max_length=60, unique=True, validators=[validate_district_slug]
    )
    is_active = models.BooleanField(_("aktiv"), default=True)
    created_at = models.DateTimeField(_("angelegt am"), auto_now_add=True)

    objects = DistrictQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("Kreis-Netzwerk")
        verbose_name_plural = _("Kreis-Netzwerke")

    def __str__(self) -> str:
        return self.name


class Municipality(DistrictScopedModel):
    class Kind(models.TextChoices):
        CITY = "stadt", _("Stadt")
        LARGE_CITY = "grosse_kreisstadt", _("Große kreisangehörige Stadt")
        ASSOCIATION = "verbandsgemeinde", _("Verbandsgemeinde")
        MUNICIPALITY = "gemeinde", _("Gemeinde")

    name = models.CharField(_("Name"), max_length=150)
    kind = models.CharField(
        _("Art"), max_length=20, choices=Kind.choices, default=Kind.MUNICIPALITY
    )
    official_key = models.CharField(
        _("Gemeindeschlüssel"),
        max_length=12,
        blank=True,
        validators=[RegexValidator(r"^\d{8,12}$", _("Nur 8 bis 12 Ziffern."))],
    )
    postcodes = models.CharField(
        _("Postleitzahlen"), max_length=200, blank=True, help_text=_("Durch Komma getrennt.")
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("Gemeinde")
        verbose_name_plural = _("Gemeinden")
        constraints = [
            models.UniqueConstraint(fields=["district", "name"], name="municipality_unique_name"),
        ]

    def __str__(self) -> str:
        return self.name


class OrganisationQuerySet(DistrictScopedQuerySet):
    def active(self) -> Self:
        return self.filter(is_active=True)


class Organisation(DistrictScopedModel):
    """A body in the network. The full profile (Steckbrief) comes with the network app."""

    class Kind(models.TextChoices):
        AUTHORITY = "authority", _("Behörde / Amt")
        JOBCENTRE = "jobcentre", _("Jobcenter / Agentur für Arbeit")
        CHAMBER = "chamber", _("Kammer")
        MUNICIPALITY = "municipality", _("Gemeinde / Stadt")
        WELFARE = "welfare", _("Wohlfahrtsverband / Träger")
        MIGRANT_ORG = "migrant_org", _("Migrant:innenorganisation")
        RELIGIOUS = "religious", _("Religionsgemeinschaft")
        EDUCATION = "education", _("Bildungseinrichtung")
        COMPANY = "company", _("Unternehmen")
        INITIATIVE = "initiative", _("Initiative / Verein")
        OTHER = "other", _("Sonstige")

    name = models.CharField(_("Name"), max_length=200)
    short_name = models.CharField(_("Kurzname"), max_length=60, blank=True)
    kind = models.CharField(_("Art"), max_length=20, choices=Kind.choices, default=Kind.OTHER)
    municipality = models.ForeignKey(
        Municipality,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="organisations",
        verbose_name=_("Gemeinde"),
    )
    is_integration_office = models.BooleanField(
        _("Integrationsstelle des Kreises"),
        default=False,
        help_text=_("Die koordinierende Stelle des Netzwerks."),
    )
    is_member = models.BooleanField(_("Mitglied im Netzwerk"), default=True)
    is_active = models.BooleanField(_("aktiv"), default=True)
    email = models.EmailField(_("E-Mail"), blank=True)
    phone = models.CharField(_("Telefon"), max_length=40, blank=True)
    website = models.URLField(_("Website"), blank=True)
    created_at = models.DateTimeField(_("angelegt am"), auto_now_add=True)

    # Narrows the base class's manager to this model's QuerySet.
    objects = OrganisationQuerySet.as_manager()  # type: ignore[misc]

    class Meta:
        ordering = ["name"]
        verbose_name = _("Organisation")
        verbose_name_plural = _("Organisationen")
        constraints = [
            models.UniqueConstraint(fields=["district", "name"], name="organisation_unique_name"),
        ]

    def __str__(self) -> str:
        return self.name


class Role(models.TextChoices):
    COORDINATOR = "coordinator", _("Koordination")
    STAFF = "staff", _("Fachkraft")
    VOLUNTEER = "volunteer", _("Ehrenamt")


class MembershipQuerySet(DistrictScopedQuerySet):
    def active(self) -> Self:
        return self.filter(is_active=True, organisation__is_active=True)

    def visible_to(self, user: Any) -> Self:
        """Coordinators see every membership of their district, organisation admins those of
        their organisation, everyone their own."""
        if not getattr(user, "is_authenticated", False):
            return self.none()
        mine = user.memberships.active()
        coordinated = mine.filter(role=Role.COORDINATOR).values("district_id")
        administered = mine.filter(is_org_admin=True).values("organisation_id")
        return self.filter(
            Q(district_id__in=coordinated) | Q(organisation_id__in=administered) | Q(user=user)
        )


class Membership(DistrictScopedModel):
    """A person's place in an organisation of a district, with a role."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="memberships",
        verbose_name=_("Person"),
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="memberships",
        verbose_name=_("Organisation"),
    )
    role = models.CharField(_("Rolle"), max_length=20, choices=Role.choices, default=Role.STAFF)
    is_org_admin = models.BooleanField(
        _("verwaltet die Organisation"),
        default=False,
        help_text=_("Darf das Profil pflegen und Kolleginnen und Kollegen einladen."),
    )
    can_casework = models.BooleanField(
        _("Fallarbeit"),
        default=False,
        help_text=_(
            "Darf Verweisungen mit Klientendaten bearbeiten; verlangt einen zweiten Faktor."
        ),
    )
    is_active = models.BooleanField(_("aktiv"), default=True)
    created_at = models.DateTimeField(_("angelegt am"), auto_now_add=True)

    # Narrows the base class's manager to this model's QuerySet.
    objects = MembershipQuerySet.as_manager()  # type: ignore[misc]

    class Meta:
        ordering = ["organisation__name", "user__name"]
        verbose_name = _("Mitgliedschaft")
        verbose_name_plural = _("Mitgliedschaften")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "organisation"], name="membership_unique_user_organisation"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.organisation} ({self.get_role_display()})"


def _invitation_token() -> str:
    return secrets.token_urlsafe(32)


class InvitationQuerySet(DistrictScopedQuerySet):
    def pending(self) -> Self:
        return self.filter(accepted_at__isnull=True, revoked_at__isnull=True).filter(
            expires_at__gt=timezone.now()
        )

    def visible_to(self, user: Any) -> Self:
        if not getattr(user, "is_authenticated", False):
            return self.none()
        mine = user.memberships.active()
        coordinated = mine.filter(role=Role.COORDINATOR).values("district_id")
        administered = mine.filter(is_org_admin=True).values("organisation_id")
        return self.filter(Q(district_id__in=coordinated) | Q(organisation_id__in=administered))


class Invitation(DistrictScopedModel):
    """An expiring, single-use link that lets a person join an organisation with a role."""

    email = models.EmailField(_("E-Mail-Adresse"))
    name = models.CharField(_("Name"), max_length=150, blank=True)
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="invitations",
        verbose_name=_("Organisation"),
    )
    role = models.CharField(_("Rolle"), max_length=20, choices=Role.choices, default=Role.STAFF)
    is_org_admin = models.BooleanField(_("verwaltet die Organisation"), default=False)
    can_casework = models.BooleanField(_("Fallarbeit"), default=False)
    token = models.CharField(max_length=64, unique=True, default=_invitation_token, editable=False)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("eingeladen von"),
    )
    created_at = models.DateTimeField(_("eingeladen am"), default=timezone.now)
    expires_at = models.DateTimeField(_("gültig bis"))
    accepted_at = models.DateTimeField(_("angenommen am"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("zurückgezogen am"), null=True, blank=True)

    # Narrows the base class's manager to this model's QuerySet.
    objects = InvitationQuerySet.as_manager()  # type: ignore[misc]

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("Einladung")
        verbose_name_plural = _("Einladungen")

    def __str__(self) -> str:
        return f"{self.email} → {self.organisation}"

    @property
    def is_usable(self) -> bool:
        return (
            self.accepted_at is None
            and self.revoked_at is None
            and self.expires_at > timezone.now()
        )


class VocabularyQuerySet(DistrictScopedQuerySet):
    def choosable(self, keep: Any = ()) -> Self:
        """Active entries, plus `keep` (the ones a record already carries): deactivating an entry
        takes it out of the choices without stripping it from records when they are saved."""
        return self.filter(Q(is_active=True) | Q(pk__in=list(keep)))

    def bulk_create(self, objs: Any, *args: Any, **kwargs: Any) -> list[Any]:
        """Entries without a code get one, as `Vocabulary.save` gives it."""
        objs = list(objs)
        taken: dict[int, set[str]] = {}
        for obj in objs:
            if obj.code:
                continue
            if obj.district_id not in taken:
                taken[obj.district_id] = set(
                    self.model._default_manager.filter(district_id=obj.district_id).values_list(
                        "code", flat=True
                    )
                ) | {other.code for other in objs if other.code}
            obj.code = code_for(obj.name, taken[obj.district_id], str(self.model._meta.model_name))
            taken[obj.district_id].add(obj.code)
        return super().bulk_create(objs, *args, **kwargs)

    def in_directory(self) -> Self:
        """The active entries the district shows in its public directory, in their order."""
        return self.filter(is_active=True, in_directory=True).order_by("position", "name", "pk")


class Vocabulary(DistrictScopedModel):
    """A district-editable list entry (topics, target groups), shared by every app.

    One entry has one meaning everywhere: the network's Steckbriefe, contacts and agreements, the
    exchange's library and discussions and the public directory's offers carry the same entries.
    The `code` never changes after creation: the directory's offers and its open API name entries
    by it. `name` is the German wording of the staff area; `public_labels` holds the wording of
    the public directory per language (`districts.vocabulary.public_label`).
    """

    name = models.CharField(_("Name"), max_length=100)
    code = models.SlugField(
        _("Kürzel"),
        max_length=50,
        help_text=_("Bleibt beim Umbenennen gleich; die offene Schnittstelle nennt es."),
    )
    is_active = models.BooleanField(_("aktiv"), default=True)
    position = models.PositiveSmallIntegerField(_("Reihenfolge"), default=100)
    in_directory = models.BooleanField(
        _("im Wegweiser"),
        default=False,
        help_text=_("Steht im öffentlichen Wegweiser zur Auswahl (Kacheln, Filter, Angebote)."),
    )
    public_labels = models.JSONField(
        _("Bezeichnung im Wegweiser"),
        default=dict,
        blank=True,
        help_text=_("Sprachcode → Bezeichnung; leer: die Übersetzung der Vorgabe oder der Name."),
    )

    objects = VocabularyQuerySet.as_manager()  # type: ignore[misc]

    class Meta:
        abstract = True
        ordering = ["position", "name"]

    def __str__(self) -> str:
        return self.name

    def clean_fields(self, exclude: Any = None) -> None:
        if not self.code and self.name and self.district_id:
            self.code = self.unique_code(self.name)
        super().clean_fields(exclude)

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self.code:
            self.code = self.unique_code(self.name)
        super().save(*args, **kwargs)

    def unique_code(self, name: str) -> str:
        """A code for a new entry, made from its name and unique in the district."""
        taken = set(
            type(self)
            ._default_manager.filter(district_id=self.district_id)
            .values_list("code", flat=True)
        )
        return code_for(name, taken, str(self._meta.model_name))


def code_for(name: str, taken: set[str], fallback: str) -> str:
    """A code made from `name` that is not in `taken`."""
    base = slugify(name)[:40].strip("-") or fallback
    code, number = base, 2
    while code in taken:
        code, number = f"{base}-{number}", number + 1
    return code


class Topic(Vocabulary):
    """Handlungsfeld / Thema: Sprache & Bildung, Arbeit & Ausbildung, Wohnen, …"""

    class Meta(Vocabulary.Meta):
        verbose_name = _("Handlungsfeld")
        verbose_name_plural = _("Handlungsfelder")
        constraints = [
            models.UniqueConstraint(fields=["district", "name"], name="topic_unique"),
            models.UniqueConstraint(fields=["district", "code"], name="topic_code_unique"),
        ]


class TargetGroup(Vocabulary):
    class Meta(Vocabulary.Meta):
        verbose_name = _("Zielgruppe")
        verbose_name_plural = _("Zielgruppen")
        constraints = [
            models.UniqueConstraint(fields=["district", "name"], name="targetgroup_unique"),
            models.UniqueConstraint(fields=["district", "code"], name="targetgroup_code_unique"),
        ]
