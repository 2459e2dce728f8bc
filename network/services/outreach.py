"""The outreach log: dated contacts with organisations, their next steps, and who has not been
reached for a while. Each write checks the permission, validates, saves and audits in one
transaction."""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Mapping
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Exists, F, Max, OuterRef, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from core.audit import audit, diff, snapshot
from districts.models import District, Membership, Organisation, Role
from districts.permissions import is_coordinator
from network.models import OutreachEntry

from .agreements import is_network_member

OUTREACH_FIELDS = [
    "organisation",
    "date",
    "channel",
    "topic",
    "outcome",
    "next_step",
    "next_step_due",
    "owner",
]
DUE_WITHIN_DAYS = 14
DEFAULT_MONTHS = 6


# --- Predicates -------------------------------------------------------------------------------


def can_see_outreach(user: Any, district: District | None) -> bool:
    """Coordinators and staff of the district (organisation admins included), not volunteers."""
    return is_network_member(user, district)


def can_edit_outreach_entry(user: Any, entry: OutreachEntry) -> bool:
    """Coordinators every entry of their district; everyone else the entries they own."""
    if is_coordinator(user, entry.district):
        return True
    return (
        entry.owner_id is not None
        and entry.owner_id == getattr(user, "pk", None)
        and is_network_member(user, entry.district)
    )


# --- Reads ------------------------------------------------------------------------------------


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


# --- Validation -------------------------------------------------------------------------------


def _validated(actor: Any, district: District, data: Mapping[str, Any]) -> dict[str, Any]:
    unknown = set(data) - set(OUTREACH_FIELDS)
    if unknown:
        raise TypeError(f"Unknown fields: {sorted(unknown)}")
    values = dict(data)
    errors: dict[str, list[str]] = {}
    organisation = values.get("organisation")
    if organisation is not None and organisation.district_id != district.pk:
        errors["organisation"] = [_("Diese Organisation gehört nicht zu Ihrem Kreis.")]
    owner = values.get("owner")
    if owner is not None and not owner_choices(district).filter(pk=owner.pk).exists():
        errors["owner"] = [_("Diese Person gehört nicht zum Netzwerk Ihres Kreises.")]
    elif not is_coordinator(actor, district) and owner is not None and owner.pk != actor.pk:
        errors["owner"] = [_("Nur die Koordination kann Einträge anderen zuweisen.")]
    day = values.get("date")
    if day is not None and day > timezone.localdate():
        errors["date"] = [_("Der Kontakt kann nicht in der Zukunft liegen.")]
    next_step = (values.get("next_step") or "").strip()
    due = values.get("next_step_due")
    if due is not None and not next_step:
        errors["next_step"] = [_("Bitte beschreiben Sie den nächsten Schritt zur Frist.")]
    if due is not None and day is not None and due < day:
        errors["next_step_due"] = [_("Die Frist darf nicht vor dem Kontakt liegen.")]
    if errors:
        raise ValidationError(errors)
    return values


# --- Writes -----------------------------------------------------------------------------------


@transaction.atomic
def outreach_entry_create(
    *, actor: Any, district: District, data: Mapping[str, Any]
) -> OutreachEntry:
    if not can_see_outreach(actor, district):
        raise PermissionDenied(_("Sie dürfen den Dialog nicht führen."))
    # Whoever logs a contact owns it unless a coordinator names someone else.
    values = _validated(actor, district, {**data, "owner": data.get("owner") or actor})
    entry = OutreachEntry(district=district, **values)
    entry.full_clean()
    entry.save()
    audit(
        actor=actor,
        action="outreach_entry.create",
        obj=entry,
        changes={name: [None, value] for name, value in snapshot(entry, list(values)).items()},
    )
    return entry


@transaction.atomic
def outreach_entry_update(
    *, actor: Any, entry: OutreachEntry, data: Mapping[str, Any]
) -> OutreachEntry:
    if not can_edit_outreach_entry(actor, entry):
        raise PermissionDenied(_("Sie dürfen diesen Eintrag nicht bearbeiten."))
    values = _validated(actor, entry.district, data)
    fields = [*values, "next_step_done"]
    before = snapshot(entry, fields)
    for name, value in values.items():
        setattr(entry, name, value)
    if entry.next_step != before.get("next_step", entry.next_step):
        entry.next_step_done = False  # a changed step is open again
    entry.full_clean()
    changes = diff(entry, fields, before)
    if changes:
        entry.save(update_fields=list(changes))
        audit(actor=actor, action="outreach_entry.update", obj=entry, changes=changes)
    return entry


@transaction.atomic
def outreach_step_complete(*, actor: Any, entry: OutreachEntry) -> OutreachEntry:
    if not can_edit_outreach_entry(actor, entry):
        raise PermissionDenied(_("Sie dürfen diesen Eintrag nicht bearbeiten."))
    if not entry.next_step:
        raise ValidationError(_("Dieser Eintrag hat keinen nächsten Schritt."))
    if entry.next_step_done:
        raise ValidationError(_("Der nächste Schritt ist bereits erledigt."))
    entry.next_step_done = True
    entry.full_clean()
    entry.save(update_fields=["next_step_done"])
    audit(
        actor=actor,
        action="outreach_entry.complete_step",
        obj=entry,
        changes={"next_step_done": [False, True]},
    )
    return entry
