"""Notifications: in-app list, e-mail at once or as a daily digest, per-category switches."""

from __future__ import annotations

from typing import Any, Self

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext, override
from django.utils.translation import gettext_lazy as _

from .categories import category_choices, category_slugs


def staff_language(code: str | None) -> str:
    """The staff language closest to `code` (de or en), German when there is none."""
    code = (code or "").lower()
    for language in settings.STAFF_LANGUAGES:
        if code == language or code.startswith(f"{language}-"):
            return language
    return settings.STAFF_LANGUAGES[0]


class NotificationQuerySet(models.QuerySet["Notification"]):
    def visible_to(self, user: Any) -> Self:
        """The person's own notifications (whether the target is still visible is checked by
        `with_visible_targets`)."""
        if not getattr(user, "is_authenticated", False):
            return self.none()
        return self.filter(recipient=user)

    def with_visible_targets(self, user: Any) -> Self:
        """Only notifications whose target `user` may still see.

        One subquery per content type, all in one SQL statement: the target model's own
        `visible_to(user)` decides, so a narrowed audience or a deleted item drops out at once.
        """
        if not getattr(user, "is_authenticated", False):
            return self.none()
        type_ids = set(self.values_list("target_type_id", flat=True).distinct().order_by())
        condition = Q(pk__in=[])
        for type_id in type_ids:
            model = ContentType.objects.get_for_id(type_id).model_class()
            manager = getattr(model, "_default_manager", None) if model is not None else None
            if manager is None or not hasattr(manager.all(), "visible_to"):
                continue  # a target without an access rule is never shown
            visible = manager.all().visible_to(user).values("pk")
            condition |= Q(target_type_id=type_id, target_id__in=visible)
        return self.filter(condition)

    def unread(self) -> Self:
        return self.filter(read_at__isnull=True)


class Notification(models.Model):
    """One thing that happened, for one person. The text is a gettext message id with
    %(name)s placeholders, rendered in the reader's language when it is shown or sent."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="notifications",
        verbose_name=_("Empfänger:in"),
    )
    district = models.ForeignKey(
        "districts.District",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("Kreis"),
    )
    category = models.CharField(_("Bereich"), max_length=20, choices=category_choices)
    message = models.CharField(_("Nachricht (Vorlage)"), max_length=500)
    params = models.JSONField(_("Werte"), default=dict, blank=True)
    target_type = models.ForeignKey(
        ContentType, on_delete=models.CASCADE, related_name="+", verbose_name=_("Objekttyp")
    )
    target_id = models.PositiveBigIntegerField(_("Objekt-ID"))
    url = models.CharField(_("Adresse"), max_length=500)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("ausgelöst von"),
    )
    important = models.BooleanField(_("wichtig"), default=False)
    created_at = models.DateTimeField(_("erstellt am"), default=timezone.now)
    read_at = models.DateTimeField(_("gelesen am"), null=True, blank=True)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("Benachrichtigung")
        verbose_name_plural = _("Benachrichtigungen")
        indexes = [
            models.Index(fields=["recipient", "-created_at"], name="notification_recipient"),
            models.Index(fields=["recipient", "read_at"], name="notification_unread"),
            models.Index(fields=["target_type", "target_id"], name="notification_target"),
        ]

    def __str__(self) -> str:
        return self.text()

    def text(self, language: str | None = None) -> str:
        """The message in `language` (default: the active one). A broken placeholder never
        breaks a page: the untranslated template is shown then."""
        with override(language or translation.get_language()):
            template = gettext(self.message)
            try:
                return template % (self.params or {})
            except (KeyError, TypeError, ValueError):
                try:
                    return self.message % (self.params or {})
                except (KeyError, TypeError, ValueError):
                    return self.message

    @property
    def is_read(self) -> bool:
        return self.read_at is not None

    @property
    def safe_url(self) -> str:
        """Only a same-site path is ever followed. Browsers drop tabs and line breaks inside
        an address ("/<tab>/evil.example" becomes "//evil.example"), so any control character or
        whitespace disqualifies it too."""
        url = self.url or ""
        if (
            url.startswith("/")
            and not url.startswith("//")
            and "\\" not in url
            and not any(char.isspace() or not char.isprintable() for char in url)
            and url_has_allowed_host_and_scheme(url, allowed_hosts=None)
        ):
            return url
        return "/"


class NotificationPreference(models.Model):
    """What a person wants by e-mail. Created lazily (see selectors.preference_for); a person
    without a row gets the defaults."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="notification_preference",
        verbose_name=_("Person"),
    )
    daily_digest = models.BooleanField(
        _("Tägliche Zusammenfassung"),
        default=True,
        help_text=_("Jeden Abend eine E-Mail mit allem, was neu ist."),
    )
    immediate_important = models.BooleanField(
        _("Wichtiges sofort"),
        default=True,
        help_text=_(
            "Als wichtig markierte Neuigkeiten, Erwähnungen, geänderte oder abgesagte Treffen und "
            "Nachrücken von der Warteliste sofort per E-Mail."
        ),
    )
    # The categories (see `categories.py`) whose e-mails the person switched off; every other
    # category, a newly registered one too, is on.
    email_off = models.JSONField(_("Bereiche ohne E-Mail"), default=list, blank=True)
    language = models.CharField(
        _("Sprache der E-Mails"),
        max_length=10,
        default="de",
        choices=[(c, n) for c, n in settings.LANGUAGES if c in settings.STAFF_LANGUAGES],
    )
    updated_at = models.DateTimeField(_("geändert am"), auto_now=True)

    class Meta:
        verbose_name = _("Benachrichtigungseinstellung")
        verbose_name_plural = _("Benachrichtigungseinstellungen")

    def __str__(self) -> str:
        return str(self.user)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        switches = {
            name: kwargs.pop(name)
            for name in list(kwargs)
            if name.startswith(self.CATEGORY_PREFIX) and name != "email_off"
        }
        super().__init__(*args, **kwargs)
        for name, on in switches.items():
            self.set_email(name.removeprefix(self.CATEGORY_PREFIX), bool(on))

    CATEGORY_PREFIX = "email_"

    def __getattr__(self, name: str) -> Any:
        # `preference.email_news`: whether e-mails of a registered category are on.
        if name.startswith("email_") and name != "email_off":
            category = name.removeprefix("email_")
            if category in category_slugs():
                return self.wants_email(category)
        raise AttributeError(name)

    @classmethod
    def category_field(cls, category: str) -> str:
        """The name of a category's switch in forms and audit records ("email_news")."""
        return f"{cls.CATEGORY_PREFIX}{category}"

    def wants_email(self, category: str) -> bool:
        return category in category_slugs() and category not in (self.email_off or [])

    def set_email(self, category: str, on: bool) -> None:
        off = set(self.email_off or [])
        if on:
            off.discard(category)
        else:
            off.add(category)
        self.email_off = sorted(off)

    def email_categories(self) -> list[str]:
        return [c for c in category_slugs() if self.wants_email(c)]


def default_preference(user: Any) -> NotificationPreference:
    """The unsaved defaults for a person who never opened the settings."""
    return NotificationPreference(user=user, language=settings.LANGUAGE_CODE)


class EmailDelivery(models.Model):
    """The outbox: one e-mail to one person, immediate or a daily digest. Nothing is lost
    silently: failures are retried with backoff and end as "given up" for the operator."""

    class Kind(models.TextChoices):
        IMMEDIATE = "immediate", _("sofort")
        DIGEST = "digest", _("Tageszusammenfassung")

    class Status(models.TextChoices):
        PENDING = "pending", _("wartet")
        SENDING = "sending", _("wird gesendet")
        SENT = "sent", _("gesendet")
        SKIPPED = "skipped", _("entfallen (nichts mehr sichtbar)")
        GIVEN_UP = "given_up", _("aufgegeben")

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="notification_deliveries",
        verbose_name=_("Empfänger:in"),
    )
    kind = models.CharField(_("Art"), max_length=10, choices=Kind.choices)
    notifications = models.ManyToManyField(
        Notification, related_name="deliveries", verbose_name=_("Benachrichtigungen")
    )
    digest_date = models.DateField(_("Tag der Zusammenfassung"), null=True, blank=True)
    status = models.CharField(
        _("Status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    attempts = models.PositiveSmallIntegerField(_("Versuche"), default=0)
    last_error = models.TextField(_("letzter Fehler"), blank=True)
    next_attempt_at = models.DateTimeField(_("nächster Versuch"), default=timezone.now)
    claimed_at = models.DateTimeField(_("Versand begonnen"), null=True, blank=True)
    sent_at = models.DateTimeField(_("gesendet am"), null=True, blank=True)
    created_at = models.DateTimeField(_("erstellt am"), default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("E-Mail-Zustellung")
        verbose_name_plural = _("E-Mail-Zustellungen")
        indexes = [models.Index(fields=["status", "next_attempt_at"], name="delivery_due")]
        constraints = [
            # One digest per person and day, however often the command runs.
            models.UniqueConstraint(
                fields=["recipient", "digest_date"],
                condition=Q(kind="digest"),
                name="delivery_one_digest_per_day",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} → {self.recipient} ({self.get_status_display()})"
