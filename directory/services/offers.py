"""Writes of offers."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.audit import audit, diff, snapshot
from core.languages import LANGUAGE_CODES
from districts.models import District

from .. import topics
from ..models import Offer, Status
from .entries import (
    OFFER_FIELDS,
    check_codes,
    check_organisation,
    only_fields,
    require_editor,
    same_district,
    set_status,
)
from .translations import save_original

REVIEW_INTERVAL_MONTHS = 12


def _validate_offer(offer: Offer) -> None:
    # any entry of the district's vocabulary (the form offers those shown in the directory)
    vocabulary = topics.labels(offer.district)
    offer.topics = check_codes(offer.topics, list(vocabulary.topic_label), "topics")
    offer.target_groups = check_codes(
        offer.target_groups, list(vocabulary.target_group_label), "target_groups"
    )
    offer.languages = check_codes(offer.languages, LANGUAGE_CODES, "languages")
    same_district(offer.place, offer.district, "place")
    if offer.valid_from and offer.valid_until and offer.valid_until < offer.valid_from:
        raise ValidationError({"valid_until": _("Das Ende liegt vor dem Beginn.")})
    if offer.format != Offer.Format.IN_PERSON and not offer.meeting_link:
        raise ValidationError(
            {"meeting_link": _("Für Online-Angebote braucht es einen Link zur Teilnahme.")}
        )
    offer.full_clean()


@transaction.atomic
def offer_create(
    *, actor: Any, district: District, data: Mapping[str, Any], texts: Mapping[str, Any]
) -> Offer:
    values = only_fields(data, OFFER_FIELDS)
    check_organisation(actor, district, values.get("organisation"))
    offer = Offer(district=district, status=Status.DRAFT, **values)
    if offer.review_on is None:
        offer.review_on = _months_later(timezone.localdate(), REVIEW_INTERVAL_MONTHS)
    _validate_offer(offer)
    offer.save()
    changes = save_original(offer, texts)
    audit(actor=actor, action="offer.create", obj=offer, changes=changes)
    return offer


@transaction.atomic
def offer_update(
    *, actor: Any, offer: Offer, data: Mapping[str, Any], texts: Mapping[str, Any]
) -> Offer:
    require_editor(actor, offer)
    values = only_fields(data, OFFER_FIELDS)
    if "organisation" in values and values["organisation"] != offer.organisation:
        check_organisation(actor, offer.district, values["organisation"])
    before = snapshot(offer, OFFER_FIELDS)
    for name, value in values.items():
        setattr(offer, name, value)
    _validate_offer(offer)
    offer.save()
    changes = diff(offer, OFFER_FIELDS, before)
    changes.update(save_original(offer, texts))
    audit(actor=actor, action="offer.update", obj=offer, changes=changes)
    return offer


@transaction.atomic
def offer_set_status(*, actor: Any, offer: Offer, action: str) -> Offer:
    if offer.status == Status.SUBMITTED:
        raise ValidationError(_("Vorschläge werden in der Prüfliste entschieden."))
    result: Offer = set_status(actor, offer, action)
    return result


def _months_later(day: dt.date, months: int) -> dt.date:
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    for candidate in (day.day, 30, 29, 28):
        try:
            return day.replace(year=year, month=month, day=min(day.day, candidate))
        except ValueError:
            continue
    raise ValueError(day)  # pragma: no cover - day 28 exists in every month


@transaction.atomic
def offer_confirm_current(*, actor: Any, offer: Offer) -> Offer:
    """ "Still current": the next review is due twelve months from today."""
    require_editor(actor, offer)
    before = offer.review_on
    offer.review_on = _months_later(timezone.localdate(), REVIEW_INTERVAL_MONTHS)
    offer.save(update_fields=["review_on", "updated_at"])
    audit(
        actor=actor,
        action="offer.confirm_current",
        obj=offer,
        changes={"review_on": [before, offer.review_on]},
    )
    return offer
