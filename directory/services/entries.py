"""What the writes of offers, places and events share: their fields, their kinds of text, the
checks of permission, organisation and codes, and the change of status."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.utils.translation import gettext as _

from core.audit import audit
from districts.models import District, Organisation

from ..models import (
    SOURCE_LANGUAGE,
    Event,
    EventTranslation,
    Offer,
    OfferTranslation,
    Place,
    PlaceTranslation,
    Status,
)
from ..permissions import (
    can_edit_entry,
    editable_organisation_ids,
)

OFFER_FIELDS = [
    "organisation",
    "kind",
    "topics",
    "target_groups",
    "languages",
    "place",
    "format",
    "meeting_link",
    "booking_link",
    "free_of_charge",
    "barrier_free",
    "childcare",
    "contact_email",
    "contact_phone",
    "valid_from",
    "valid_until",
    "review_on",
]
PLACE_FIELDS = [
    "name",
    "organisation",
    "street",
    "postcode",
    "city",
    "municipality",
    "latitude",
    "longitude",
    "barrier_free",
]
EVENT_FIELDS = [
    "offer",
    "place",
    "organisation",
    "starts_at",
    "ends_at",
    "all_day",
    "rrule",
    "exdates",
    "free_of_charge",
]


@dataclass(frozen=True)
class TextKind:
    """One kind of directory entry with its translation rows."""

    model: type[models.Model]
    translation_model: type[models.Model]
    parent_field: str
    fields: tuple[str, ...]  # translated text fields
    machine_fields: tuple[str, ...]  # those a machine translates (not "Leichte Sprache")
    german_only: tuple[str, ...] = ()


TEXT_KINDS: dict[str, TextKind] = {
    "offer": TextKind(
        Offer,
        OfferTranslation,
        "offer",
        (
            "title",
            "summary",
            "description",
            "eligibility",
            "cost_note",
            "accessibility_note",
            "easy_language",
        ),
        ("title", "summary", "description", "eligibility", "cost_note", "accessibility_note"),
        german_only=("easy_language",),
    ),
    "place": TextKind(
        Place,
        PlaceTranslation,
        "place",
        ("name", "description", "directions", "opening_hours"),
        ("name", "description", "directions", "opening_hours"),
    ),
    "event": TextKind(
        Event, EventTranslation, "event", ("title", "description"), ("title", "description")
    ),
}


def kind_of(entry: models.Model) -> str:
    for name, kind in TEXT_KINDS.items():
        if isinstance(entry, kind.model):
            return name
    raise TypeError(f"Not a directory entry: {entry!r}")


def only_fields(data: Mapping[str, Any], allowed: list[str] | tuple[str, ...]) -> dict[str, Any]:
    unknown = set(data) - set(allowed)
    if unknown:
        raise TypeError(f"Unknown fields: {sorted(unknown)}")
    return dict(data)


def require_editor(actor: Any, entry: Any) -> None:
    if not can_edit_entry(actor, entry):
        raise PermissionDenied(_("Diesen Eintrag dürfen Sie nicht bearbeiten."))


def check_organisation(actor: Any, district: District, organisation: Organisation | None) -> None:
    """The organisation of an entry: one of the district, and one the actor may edit for."""
    allowed = editable_organisation_ids(actor, district)
    if organisation is None:
        if allowed is not None:
            raise ValidationError({"organisation": _("Bitte wählen Sie Ihre Organisation.")})
        return
    if organisation.district_id != district.pk:
        raise ValidationError(
            {"organisation": _("Diese Organisation gehört nicht zu Ihrem Kreis.")}
        )
    if allowed is not None and organisation.pk not in allowed:
        raise ValidationError(
            {"organisation": _("Für diese Organisation dürfen Sie keine Einträge anlegen.")}
        )


def check_codes(values: Any, allowed: list[str] | tuple[str, ...], field: str) -> list[str]:
    if not isinstance(values, list | tuple) or not all(isinstance(v, str) for v in values):
        raise ValidationError({field: _("Bitte wählen Sie aus der Liste.")})
    unknown = sorted(set(values) - set(allowed))
    if unknown:
        raise ValidationError(
            {field: _("Unbekannte Werte: %(values)s") % {"values": ", ".join(unknown)}}
        )
    return [v for v in allowed if v in set(values)]


def same_district(obj: Any, district: District, field: str) -> None:
    if obj is not None and obj.district_id != district.pk:
        raise ValidationError({field: _("Dieser Eintrag gehört nicht zu Ihrem Kreis.")})


STATUS_ACTIONS = {
    "publish": Status.PUBLISHED,
    "unpublish": Status.DRAFT,
    "archive": Status.ARCHIVED,
}


def set_status(actor: Any, entry: Any, action: str) -> Any:
    require_editor(actor, entry)
    if action not in STATUS_ACTIONS:
        raise ValidationError(_("Unbekannte Aktion."))
    status = STATUS_ACTIONS[action]
    kind = TEXT_KINDS[kind_of(entry)]
    if status == Status.PUBLISHED:
        has_original = kind.translation_model._default_manager.filter(
            **{kind.parent_field: entry, "language": SOURCE_LANGUAGE}
        ).exists()
        if not has_original and kind_of(entry) != "place":
            raise ValidationError(_("Ohne deutschen Text lässt sich nichts veröffentlichen."))
    before = entry.status
    entry.status = status
    entry.full_clean()
    entry.save()
    audit(
        actor=actor,
        action=f"{kind_of(entry)}.{action}",
        obj=entry,
        changes={"status": [before, status]},
    )
    return entry
