"""The public directory for newcomers: offers, places and events, each with one translation row
per language, community submissions under moderation, and each district's directory settings."""

from __future__ import annotations

from typing import Any, Self

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from core.models import DistrictScopedModel, DistrictScopedQuerySet
from districts.models import Municipality, Organisation

# Languages a directory text can be written in. German is the source ("original") language.
SOURCE_LANGUAGE = "de"


def directory_languages() -> list[str]:
    return [code for code, _name in settings.LANGUAGES]


class TranslationState(models.TextChoices):
    ORIGINAL = "original", _("Original")
    MACHINE = "machine", _("maschinell übersetzt")
    REVIEWED = "reviewed", _("geprüft")
    OUTDATED = "outdated", _("veraltet")


class Status(models.TextChoices):
    SUBMITTED = "submitted", _("vorgeschlagen")  # community submission awaiting moderation
    DRAFT = "draft", _("Entwurf")
    PUBLISHED = "published", _("veröffentlicht")
    REJECTED = "rejected", _("abgelehnt")
    ARCHIVED = "archived", _("archiviert")


class PublishableQuerySet(DistrictScopedQuerySet):
    def published(self) -> Self:
        return self.filter(status=Status.PUBLISHED)


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
    latitude = models.DecimalField(
        _("Breite"),
        max_digits=8,
        decimal_places=5,
        null=True,
        blank=True,
        validators=[MinValueValidator(-90), MaxValueValidator(90)],
    )
    longitude = models.DecimalField(
        _("Länge"),
        max_digits=8,
        decimal_places=5,
        null=True,
        blank=True,
        validators=[MinValueValidator(-180), MaxValueValidator(180)],
    )
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


class OfferSearchDocument(models.Model):
    """The searchable text of one published offer for one page language (derived data).

    Written only by `directory.search.index_offer`; the database keeps the index beside it:
    a generated, GIN-indexed `tsvector` column on PostgreSQL, FTS5 tables fed by triggers on
    SQLite (migration 0003_search_document). "local" is the page language's translation,
    "german" the original (empty for the German document itself).
    """

    offer = models.ForeignKey(Offer, on_delete=models.CASCADE, related_name="+")
    # No index of its own: "offer_search_scope" (district, language) serves the district too.
    # With both, PostgreSQL often read all eight languages of a district through the single
    # column index and filtered seven away (three times the work per search).
    district = models.ForeignKey(
        "districts.District", on_delete=models.CASCADE, related_name="+", db_index=False
    )
    language = models.CharField(max_length=10)
    local_title = models.TextField(blank=True)
    german_title = models.TextField(blank=True)
    labels = models.TextField(blank=True)  # kind and topics, in German and the page language
    local_body = models.TextField(blank=True)
    german_body = models.TextField(blank=True)
    words = models.TextField(blank=True)  # distinct lower-case words, for typo matching

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["offer", "language"], name="offer_search_unique")
        ]
        indexes = [models.Index(fields=["district", "language"], name="offer_search_scope")]

    def __str__(self) -> str:
        return f"{self.offer_id} [{self.language}]"


class SearchWord(models.Model):
    """One word of a district's search documents in one page language (derived data): the
    vocabulary a misspelt query word is corrected against before the full-text search
    (`directory.search`), so a typo costs a look-up among a few hundred words, not a trigram
    comparison with every document. Written by `directory.search.index_offer` (new words only)
    and rebuilt exactly by `rebuild_index`; a word that no document holds any more only makes
    a correction that finds nothing."""

    # No index of its own: the unique (district, language, word) serves the district too.
    district = models.ForeignKey(
        "districts.District", on_delete=models.CASCADE, related_name="+", db_index=False
    )
    language = models.CharField(max_length=10)
    word = models.CharField(max_length=100)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["district", "language", "word"], name="search_word_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.word} [{self.language}]"
