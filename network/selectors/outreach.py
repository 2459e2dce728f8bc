"""Reads of the outreach area (the writes are in `network.services.outreach`)."""

from __future__ import annotations

import calendar
import datetime as dt
from typing import Any

from django.db.models import Exists, F, Max, OuterRef, Q, QuerySet
from django.utils import timezone

from districts.models import District, Membership, Organisation, Role
from network.models import OutreachEntry

# Next steps due this soon are shown as due; organisations not reached for this long as
# "nicht erreicht".
DUE_WITHIN_DAYS = 14
DEFAULT_MONTHS = 6


def months_before(day: dt.date, months: int) -> dt.date:
    """The same day `months` calendar months earlier (the month's last day where it is shorter)."""
    index = day.year * 12 + day.month - 1 - months
    year, month = divmod(index, 12)
    month += 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def outreach_entries(
    user: Any,
    district: District,
    *,
    organisation: Organisation | None = None,
    owner: Any = None,
    open_only: bool = False,
) -> QuerySet[OutreachEntry]:
    entries = (
        OutreachEntry.objects.visible_to(user)
        .for_district(district)
        .select_related("organisation", "owner")
    )
    if organisation is not None:
        entries = entries.filter(organisation=organisation)
    if owner is not None:
        entries = entries.filter(owner=owner)
    if open_only:
        entries = entries.exclude(next_step="").filter(next_step_done=False)
    return entries.order_by("-date", "-pk")


def not_reached(
    user: Any, district: District, *, months: int = DEFAULT_MONTHS, today: dt.date | None = None
) -> QuerySet[Organisation]:
    """Active migrant organisations, and any organisation with entries, whose last contact is
    older than `months` months or who were never contacted (`last_contact` is None)."""
    today = today or timezone.localdate()
    cutoff = months_before(today, months)
    has_entries = OutreachEntry.objects.filter(organisation=OuterRef("pk"))
    return (
        Organisation.objects.visible_to(user)
        .for_district(district)
        .active()
        .filter(Q(kind=Organisation.Kind.MIGRANT_ORG) | Q(Exists(has_entries)))
        .annotate(last_contact=Max("outreach_entries__date"))
        .filter(Q(last_contact__isnull=True) | Q(last_contact__lt=cutoff))
        .select_related("municipality")
        # Never contacted first, then the longest out of touch; SQLite and PostgreSQL sort NULL
        # differently unless told.
        .order_by(F("last_contact").asc(nulls_first=True), "name")
    )


def due_steps(
    user: Any,
    district: District,
    *,
    owner: Any = None,
    today: dt.date | None = None,
    within_days: int = DUE_WITHIN_DAYS,
) -> QuerySet[OutreachEntry]:
    """Open next steps due within `within_days` days, the overdue ones included."""
    today = today or timezone.localdate()
    horizon = today + dt.timedelta(days=within_days)
    return (
        outreach_entries(user, district, owner=owner, open_only=True)
        .filter(next_step_due__lte=horizon)
        .order_by("next_step_due", "organisation__name", "pk")
    )


def owner_choices(district: District) -> QuerySet[Any]:
    """Who can own an entry: the district's active coordinators and staff."""
    from django.contrib.auth import get_user_model

    members = (
        Membership.objects.active()
        .filter(district=district)
        .filter(Q(role__in=[Role.COORDINATOR, Role.STAFF]) | Q(is_org_admin=True))
    )
    return (
        get_user_model()
        .objects.filter(is_active=True, pk__in=members.values("user_id"))
        .order_by("name", "email")
    )
