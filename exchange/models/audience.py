"""Who may see a piece of exchange content: the audience.

Every kind of content in the protected area (news posts, discussion threads, library documents,
meetings) inherits `AudienceModel`. Its audience is either the whole network of the district or
chosen organisations, and in either case with or without volunteers. The coordinators of the
district and the author always see it; members of another district never do.

Content that hangs off an audience item (comments, replies, versions, registrations) is visible
exactly when its parent is: its QuerySet filters on `parent__in=Parent.objects.visible_to(user)`.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any, Self

from django.conf import settings
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _

from core.models import DistrictScopedModel, DistrictScopedQuerySet
from districts.models import Membership, Role


class Audience(models.TextChoices):
    NETWORK = "network", _("Das ganze Netzwerk")
    ORGANISATIONS = "organisations", _("Ausgewählte Organisationen")


def member_roles(user: Any) -> dict[int, dict[int, str]]:
    """{district_id: {organisation_id: role}} of the person's active memberships, cached on the
    user object for the request."""
    cached = getattr(user, "_exchange_member_roles", None)
    if cached is None:
        cached = defaultdict(dict)
        rows = Membership.objects.filter(
            user=user, is_active=True, organisation__is_active=True
        ).values_list("district_id", "organisation_id", "role")
        for district_id, organisation_id, role in rows:
            cached[district_id][organisation_id] = role
        cached = dict(cached)
        user._exchange_member_roles = cached
    return cached


class AudienceQuerySet(DistrictScopedQuerySet):
    def visible_to(self, user: Any) -> Self:
        """Items the person may see, find, download and be notified about."""
        if not getattr(user, "is_authenticated", False):
            return self.none()
        roles = member_roles(user)
        if not roles:
            return self.none()
        field: Any = self.model._meta.get_field("organisations")
        through, source = field.remote_field.through, field.m2m_field_name()

        def chosen(organisation_ids: list[int]) -> Exists:
            return Exists(
                through.objects.filter(
                    **{f"{source}_id": OuterRef("pk"), "organisation_id__in": organisation_ids}
                )
            )

        condition = Q(pk__in=[])
        for district_id, by_org in roles.items():
            if Role.COORDINATOR in by_org.values():
                condition |= Q(district_id=district_id)
                continue
            staff = [org for org, role in by_org.items() if role != Role.VOLUNTEER]
            volunteer = [org for org, role in by_org.items() if role == Role.VOLUNTEER]
            if staff:
                condition |= Q(district_id=district_id) & (
                    Q(audience=Audience.NETWORK) | Q(chosen(staff))
                )
            if volunteer:
                condition |= Q(district_id=district_id, include_volunteers=True) & (
                    Q(audience=Audience.NETWORK) | Q(chosen(volunteer))
                )
            condition |= Q(district_id=district_id, author=user)
        return self.filter(condition)


class AudienceModel(DistrictScopedModel):
    """Abstract base of all exchange content with an audience."""

    audience = models.CharField(
        _("Für wen"), max_length=20, choices=Audience.choices, default=Audience.NETWORK
    )
    organisations = models.ManyToManyField(
        "districts.Organisation",
        blank=True,
        related_name="+",
        verbose_name=_("Ausgewählte Organisationen"),
        help_text=_("Nur wenn der Inhalt für ausgewählte Organisationen bestimmt ist."),
    )
    include_volunteers = models.BooleanField(_("Auch für Ehrenamtliche sichtbar"), default=False)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("Erstellt von"),
    )
    author_organisation = models.ForeignKey(
        "districts.Organisation",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("Organisation"),
    )
    created_at = models.DateTimeField(_("Erstellt am"), auto_now_add=True)
    updated_at = models.DateTimeField(_("Geändert am"), auto_now=True)

    objects = AudienceQuerySet.as_manager()  # type: ignore[misc]

    class Meta:
        abstract = True
