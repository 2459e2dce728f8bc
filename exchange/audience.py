"""Helpers around the audience of exchange content: who receives it, how it is written from a
form, how it is described. The rule itself lives in `models.audience.AudienceQuerySet`."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils.translation import gettext as _

from districts.models import Membership, Organisation, Role

from .models.audience import Audience, AudienceModel


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
        base = _("Das ganze Netzwerk")
    else:
        names = sorted(org.name for org in item.organisations.all())
        base = _("Nur: %(names)s") % {"names": ", ".join(names)}
    if item.include_volunteers:
        return _("%(base)s, auch Ehrenamtliche") % {"base": base}
    return _("%(base)s, ohne Ehrenamtliche") % {"base": base}
