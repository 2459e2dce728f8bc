"""People who sign in to Lotse. Roles live on memberships (districts app), not here."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.db import models
from django.utils.translation import gettext_lazy as _


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def _create_user(self, email: str, password: str | None, **extra: Any) -> User:
        if not email:
            raise ValueError("An e-mail address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email: str, password: str | None = None, **extra: Any) -> User:
        extra.setdefault("is_staff", False)
        extra.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra)

    def create_superuser(self, email: str, password: str | None = None, **extra: Any) -> User:
        extra.update(is_staff=True, is_superuser=True)
        return self._create_user(email, password, **extra)


class User(AbstractUser):
    """A person with an account. `is_staff`/`is_superuser` mark the operator (Django admin)."""

    username = None  # type: ignore[assignment]
    first_name = None  # type: ignore[assignment]
    last_name = None  # type: ignore[assignment]
    email = models.EmailField(_("E-Mail-Adresse"), unique=True)
    name = models.CharField(_("Name"), max_length=150)

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["name"]

    objects = UserManager()  # type: ignore[misc,assignment]

    class Meta:
        verbose_name = _("Person")
        verbose_name_plural = _("Personen")
        ordering = ["name", "email"]

    def __str__(self) -> str:
        return self.name or self.email

    def get_full_name(self) -> str:
        return self.name

    def get_short_name(self) -> str:
        return self.name.split(" ")[0] if self.name else self.email

    def district_ids(self) -> list[int]:
        """Districts where this person holds an active membership (cached per instance)."""
        cached = getattr(self, "_district_ids", None)
        if cached is None:
            cached = sorted(
                set(
                    self.memberships.filter(
                        is_active=True, organisation__is_active=True
                    ).values_list("district_id", flat=True)
                )
            )
            self._district_ids = cached
        return cached


class UserSession(models.Model):
    """Which session belongs to whom, so that deactivation can end all of a person's sessions."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="sessions")
    session_key = models.CharField(max_length=40, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("Sitzung")
        verbose_name_plural = _("Sitzungen")

    def __str__(self) -> str:
        return f"{self.user} {self.created_at:%Y-%m-%d %H:%M}"


class CodeAttempt(models.Model):
    """The wrong second-factor codes (authenticator app or recovery code) one person entered
    since the last right one — what axes' AccessAttempt is for passwords. Counted per person,
    not per network: whoever reaches the code step already knows the password."""

    user = models.OneToOneField(
        User, on_delete=models.CASCADE, related_name="code_attempt", verbose_name=_("Person")
    )
    failures = models.PositiveIntegerField(_("Falsche Codes"), default=0)
    last_failure_at = models.DateTimeField(_("Letzter falscher Code"))

    class Meta:
        verbose_name = _("Fehlversuch mit Codes")
        verbose_name_plural = _("Fehlversuche mit Codes")

    def __str__(self) -> str:
        return f"{self.user} ({self.failures})"
