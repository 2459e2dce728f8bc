"""The outreach log: dated contacts with organisations, their next steps, and who has not been
reached for a while. Each write checks the permission, validates, saves and audits in one
transaction."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.audit import audit, diff, snapshot
from districts.models import District
from districts.permissions import is_coordinator
from network.models import OutreachEntry

from ..permissions import can_edit_outreach_entry, can_see_outreach
from ..selectors.outreach import (
    owner_choices,
)

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
