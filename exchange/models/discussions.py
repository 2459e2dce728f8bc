"""Discussion threads and replies (Diskussionen): owned by the discussions area.

A thread has an audience like every exchange item; its replies and subscriptions are visible
exactly when the thread is. `reply_count` and `last_activity_at` are kept by the services, so the
list of threads needs no query per row.
"""

from __future__ import annotations

from typing import Any, Self

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.models import DistrictScopedModel, DistrictScopedQuerySet
from districts.audience import AudienceModel, AudienceQuerySet

__all__ = ["Reply", "Thread", "ThreadStatus", "ThreadSubscription"]


class ThreadStatus(models.TextChoices):
    OPEN = "open", _("offen")
    CLOSED = "closed", _("geschlossen")


class ThreadQuerySet(AudienceQuerySet):
    def with_status(self, status: str) -> Self:
        """`open`, `closed` or `solved` (a reply is marked as the solution)."""
        if status == "solved":
            return self.filter(solution__isnull=False)
        if status in ThreadStatus.values:
            return self.filter(status=status)
        return self


class Thread(AudienceModel):
    title = models.CharField(_("Titel"), max_length=200)
    topic = models.ForeignKey(
        "districts.Topic",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("Handlungsfeld"),
    )
    body = models.TextField(_("Frage oder Beitrag"))
    body_text = models.TextField(_("Text ohne Formatierung"), blank=True, editable=False)
    status = models.CharField(
        _("Status"), max_length=10, choices=ThreadStatus.choices, default=ThreadStatus.OPEN
    )
    closed_at = models.DateTimeField(_("Geschlossen am"), null=True, blank=True)
    solution = models.ForeignKey(
        "exchange.Reply",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("Lösung"),
    )
    last_activity_at = models.DateTimeField(_("Letzte Aktivität"), default=timezone.now)
    reply_count = models.PositiveIntegerField(_("Antworten"), default=0)
    mentioned_organisations = models.ManyToManyField(
        "districts.Organisation",
        blank=True,
        related_name="+",
        verbose_name=_("Erwähnte Organisationen"),
    )
    mentioned_people = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="+",
        verbose_name=_("Erwähnte Personen"),
    )

    objects = ThreadQuerySet.as_manager()  # type: ignore[misc]

    class Meta:
        ordering = ["-last_activity_at", "-pk"]
        verbose_name = _("Diskussion")
        verbose_name_plural = _("Diskussionen")
        indexes = [models.Index(fields=["district", "-last_activity_at"])]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("exchange:thread_detail", args=[self.pk])

    @property
    def is_open(self) -> bool:
        return self.status == ThreadStatus.OPEN


class ReplyQuerySet(DistrictScopedQuerySet):
    def visible_to(self, user: Any) -> Self:
        """Replies are visible exactly when their thread is."""
        return self.filter(thread__in=Thread.objects.visible_to(user))


class Reply(DistrictScopedModel):
    thread = models.ForeignKey(
        Thread, on_delete=models.CASCADE, related_name="replies", verbose_name=_("Diskussion")
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("Verfasst von"),
    )
    author_organisation = models.ForeignKey(
        "districts.Organisation",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("Organisation"),
    )
    body = models.TextField(_("Antwort"))
    body_text = models.TextField(_("Text ohne Formatierung"), blank=True, editable=False)
    created_at = models.DateTimeField(_("Geschrieben am"), default=timezone.now)
    updated_at = models.DateTimeField(_("Geändert am"), auto_now=True)
    edited = models.BooleanField(_("bearbeitet"), default=False)
    mentioned_organisations = models.ManyToManyField(
        "districts.Organisation",
        blank=True,
        related_name="+",
        verbose_name=_("Erwähnte Organisationen"),
    )
    mentioned_people = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="+",
        verbose_name=_("Erwähnte Personen"),
    )

    objects = ReplyQuerySet.as_manager()  # type: ignore[misc]

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("Antwort")
        verbose_name_plural = _("Antworten")
        indexes = [models.Index(fields=["thread", "created_at"])]

    def __str__(self) -> str:
        return _("Antwort in „%(title)s“") % {"title": self.thread.title}

    def get_absolute_url(self) -> str:
        return f"{self.thread.get_absolute_url()}#antwort-{self.pk}"


class ThreadSubscriptionQuerySet(DistrictScopedQuerySet):
    def visible_to(self, user: Any) -> Self:
        return self.filter(thread__in=Thread.objects.visible_to(user))

    def active(self) -> Self:
        return self.filter(subscribed=True)


class ThreadSubscription(DistrictScopedModel):
    """Whether a person follows a thread. A row with `subscribed=False` remembers that the
    person opted out, so replying again does not subscribe them behind their back."""

    thread = models.ForeignKey(
        Thread,
        on_delete=models.CASCADE,
        related_name="subscriptions",
        verbose_name=_("Diskussion"),
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("Person"),
    )
    subscribed = models.BooleanField(_("abonniert"), default=True)
    changed_at = models.DateTimeField(_("Geändert am"), auto_now=True)

    objects = ThreadSubscriptionQuerySet.as_manager()  # type: ignore[misc]

    class Meta:
        verbose_name = _("Abonnement einer Diskussion")
        verbose_name_plural = _("Abonnements von Diskussionen")
        constraints = [
            models.UniqueConstraint(fields=["thread", "user"], name="thread_subscription_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.thread}"
