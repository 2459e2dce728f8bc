"""Who may see a piece of content of the protected area: the audience.

Every kind of content with an audience (the exchange's news posts, discussion threads, library
documents and meetings; surveys and trainings next) inherits `AudienceModel`. Its audience is
either the whole network of the district or chosen organisations, and in either case with or
without volunteers. The coordinators of the district and the author always see it; members of
another district never do.

Content that hangs off an audience item (comments, replies, versions, registrations) is visible
exactly when its parent is: its QuerySet filters on `parent__in=Parent.objects.visible_to(user)`.
"""

from __future__ import annotations

from typing import Any, Self

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import models
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from core.models import DistrictScopedModel, DistrictScopedQuerySet

from .models import Membership, Organisation, Role
from .roles import all_roles


class Audience(models.TextChoices):
    NETWORK = "network", _("Das ganze Netzwerk")
    ORGANISATIONS = "organisations", _("Ausgewählte Organisationen")


class AudienceQuerySet(DistrictScopedQuerySet):
    def visible_to(self, user: Any) -> Self:
        """Items the person may see, find, download and be notified about."""
        if not getattr(user, "is_authenticated", False):
            return self.none()
        roles = {pk: seats.by_organisation() for pk, seats in all_roles(user).items()}
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


# --- Helpers: who receives an item, how its audience is written and described ------------


def audience_members(item: AudienceModel) -> QuerySet[Any]:
    """Everybody who may see `item` (active people with an active membership in its district):
    the ones to notify. Mirrors `AudienceQuerySet.visible_to`."""
    memberships = Membership.objects.filter(
        district_id=item.district_id, is_active=True, organisation__is_active=True
    )
    reach = Q(role=Role.COORDINATOR)
    if item.audience == Audience.NETWORK:
        reach |= ~Q(role=Role.VOLUNTEER)
        if item.include_volunteers:
            reach |= Q(role=Role.VOLUNTEER)
    else:
        chosen = list(item.organisations.values_list("pk", flat=True))
        reach |= ~Q(role=Role.VOLUNTEER) & Q(organisation_id__in=chosen)
        if item.include_volunteers:
            reach |= Q(role=Role.VOLUNTEER, organisation_id__in=chosen)
    if item.author_id:
        reach |= Q(user_id=item.author_id)
    return get_user_model().objects.filter(
        Exists(memberships.filter(reach, user_id=OuterRef("pk"))), is_active=True
    )


def audience_apply(
    item: AudienceModel,
    *,
    audience: str,
    organisations: list[Organisation] | QuerySet[Organisation] | None,
    include_volunteers: bool,
) -> None:
    """Write the audience of a saved item. With chosen organisations, the author's own
    organisation is always among them."""
    item.audience = audience
    item.include_volunteers = include_volunteers
    item.save(update_fields=["audience", "include_volunteers"])
    if audience == Audience.ORGANISATIONS:
        chosen = {org.pk for org in organisations or []}
        if item.author_organisation_id:
            chosen.add(item.author_organisation_id)
        item.organisations.set(
            Organisation.objects.for_district(item.district).filter(pk__in=chosen)
        )
    else:
        item.organisations.clear()


def audience_label(item: AudienceModel) -> str:
    """A short description such as "Das ganze Netzwerk, auch Ehrenamtliche"."""
    if item.audience == Audience.NETWORK:
        base = gettext("Das ganze Netzwerk")
    else:
        names = sorted(org.name for org in item.organisations.all())
        base = gettext("Nur: %(names)s") % {"names": ", ".join(names)}
    if item.include_volunteers:
        return gettext("%(base)s, auch Ehrenamtliche") % {"base": base}
    return gettext("%(base)s, ohne Ehrenamtliche") % {"base": base}
