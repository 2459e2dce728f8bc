"""Writes of events (one-off or recurring)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from dateutil.rrule import DAILY, MONTHLY, WEEKLY, YEARLY, rrulestr
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.audit import audit, diff, snapshot
from districts.models import District

from ..models import (
    Event,
    Status,
)
from .entries import (
    EVENT_FIELDS,
    check_organisation,
    only_fields,
    require_editor,
    same_district,
    set_status,
)
from .translations import save_original


def parse_exdates(value: Any) -> list[str]:
    """ISO dates, one per line or separated by commas."""
    if isinstance(value, list | tuple):
        items = [str(v) for v in value]
    else:
        items = str(value or "").replace(",", "\n").split()
    dates = []
    for item in items:
        try:
            dates.append(dt.date.fromisoformat(item.strip()).isoformat())
        except ValueError:
            raise ValidationError(
                {
                    "exdates": _("„%(value)s“ ist kein Datum im Format JJJJ-MM-TT.")
                    % {"value": item[:20]}
                }
            ) from None
    return sorted(set(dates))


ALLOWED_FREQUENCIES = (DAILY, WEEKLY, MONTHLY, YEARLY)


def validate_rrule(rule: str, starts_at: dt.datetime | None) -> str:
    rule = (rule or "").strip()
    if rule.upper().startswith("RRULE:"):
        rule = rule[6:]
    if not rule:
        return ""
    if "\n" in rule or "DTSTART" in rule.upper():
        raise ValidationError({"rrule": _("Bitte nur die Regel angeben, ohne DTSTART.")})
    try:
        start = starts_at or timezone.now()
        parsed: Any = rrulestr(rule, dtstart=start, forceset=False)
        if parsed._freq not in ALLOWED_FREQUENCIES:
            raise ValidationError(
                {
                    "rrule": _(
                        "Termine wiederholen sich täglich, wöchentlich, monatlich oder jährlich."
                    )
                }
            )
        # Look for the first date within a few years only, so that no rule keeps us busy.
        horizon = start + dt.timedelta(days=365 * 5)
        until = parsed._until if parsed._until and parsed._until < horizon else horizon
        first = next(iter(parsed.replace(count=None, until=until)), None)
    except ValidationError:
        raise
    except (ValueError, TypeError, OverflowError, KeyError, IndexError):
        raise ValidationError(
            {"rrule": _("Die Wiederholungsregel ist ungültig, z. B. FREQ=WEEKLY;BYDAY=TU.")}
        ) from None
    if first is None:
        raise ValidationError({"rrule": _("Nach dieser Regel gibt es keinen einzigen Termin.")})
    return rule.upper()


def _validate_event(event: Event) -> None:
    same_district(event.offer, event.district, "offer")
    same_district(event.place, event.district, "place")
    if event.starts_at and event.ends_at and event.ends_at < event.starts_at:
        raise ValidationError({"ends_at": _("Das Ende liegt vor dem Beginn.")})
    event.rrule = validate_rrule(event.rrule, event.starts_at)
    event.exdates = parse_exdates(event.exdates)
    event.full_clean()


@transaction.atomic
def event_create(
    *, actor: Any, district: District, data: Mapping[str, Any], texts: Mapping[str, Any]
) -> Event:
    values = only_fields(data, EVENT_FIELDS)
    check_organisation(actor, district, values.get("organisation"))
    event = Event(district=district, status=Status.DRAFT, **values)
    _validate_event(event)
    event.save()
    changes = save_original(event, texts)
    audit(actor=actor, action="event.create", obj=event, changes=changes)
    return event


@transaction.atomic
def event_update(
    *, actor: Any, event: Event, data: Mapping[str, Any], texts: Mapping[str, Any]
) -> Event:
    require_editor(actor, event)
    values = only_fields(data, EVENT_FIELDS)
    if "organisation" in values and values["organisation"] != event.organisation:
        check_organisation(actor, event.district, values["organisation"])
    before = snapshot(event, EVENT_FIELDS)
    for name, value in values.items():
        setattr(event, name, value)
    _validate_event(event)
    event.save()
    changes = diff(event, EVENT_FIELDS, before)
    changes.update(save_original(event, texts))
    audit(actor=actor, action="event.update", obj=event, changes=changes)
    return event


@transaction.atomic
def event_set_status(*, actor: Any, event: Event, action: str) -> Event:
    if event.status == Status.SUBMITTED:
        raise ValidationError(_("Vorschläge werden in der Prüfliste entschieden."))
    result: Event = set_status(actor, event, action)
    return result
